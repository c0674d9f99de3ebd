"""The project's C/C++ rules: the native ones plus what every target needs.

C++17 comes from here (copts on each target), not from .bazelrc, so that
another workspace that depends on @seccompc builds these targets with no
extra flags, in the target and the host (exec) configuration alike; Bazel
4.2.3's default toolchain adds -std=c++0x before copts. Targets whose
sources are all C get no C++ flag.
"""

CXX_STANDARD = ["-std=c++17"]

# The project's own command-line binaries link fully static (glibc,
# libstdc++ and Abseil's archives): a launcher pays the dynamic loader at
# every task start. Sanitizer builds cannot link statically.
STATIC_BINARY_LINKOPTS = select({
    "//tools:sanitized": [],
    "//tools:dynamic_binaries": [],
    "//conditions:default": ["-static"],
})

def _is_c_only(srcs):
    if type(srcs) != "list" or not srcs:
        return False
    for s in srcs:
        if type(s) != "string" or not (s.endswith(".c") or s.endswith(".h")):
            return False
    return True

def _with_std(kwargs):
    if not _is_c_only(kwargs.get("srcs", [])):
        kwargs["copts"] = CXX_STANDARD + kwargs.get("copts", [])
    return kwargs

def cc_library(**kwargs):
    native.cc_library(**_with_std(kwargs))

def cc_binary(**kwargs):
    native.cc_binary(**_with_std(kwargs))

def cc_test(**kwargs):
    native.cc_test(**_with_std(kwargs))

"""Bazel rules to compile and test seccomp filters at build time.

    load("@seccompc//:defs.bzl", "seccomp_filter", "seccomp_verdict_test")

    seccomp_filter(
        name = "task_filter",
        profile = "profile.json",
        arches = ["x86_64", "x86"],
        kernel = "5.10",
    )

    seccomp_verdict_test(
        name = "task_filter_test",
        size = "small",
        filter = ":task_filter",
        cases = "cases.txt",
        live = True,
    )

Everything that shapes the program is explicit: arches, capabilities and
kernel version are attributes with no default taken from the machine that
builds, so the same sources give the same program everywhere. See
docs/bazel.md.
"""

def _tool(path):
    return Label("//" + path)

def _seccomp_filter_library_impl(ctx):
    # The C library of the filter, whose default outputs are the compile's
    # outputs: `bazel build :NAME` runs the compile (a header-only
    # cc_library has no default outputs, so a broken profile went unseen).
    return [
        ctx.attr.library[CcInfo],
        DefaultInfo(files = depset(ctx.files.compiled)),
    ]

_seccomp_filter_library = rule(
    implementation = _seccomp_filter_library_impl,
    attrs = {
        "library": attr.label(providers = [CcInfo], mandatory = True),
        "compiled": attr.label_list(allow_files = True),
    },
    provides = [CcInfo],
)

def _flags(arches, caps, kernel, strict, enosys):
    if not arches:
        fail("arches: say which ABIs the filter covers, e.g. [\"x86_64\", \"x86\"] (no default from the build machine)")
    if not kernel:
        fail("kernel: the oldest kernel version the filter targets, e.g. \"5.10\" (no default from the build machine)")
    for a in arches:
        if not a.replace("_", "").isalnum():
            fail("arches: bad name %r" % a)
    if type(caps) == "list":
        caps = ",".join(caps)
    if not caps.replace("_", "").replace(",", "").isalnum():
        fail("caps: none, docker, all or CAP_X names, got %r" % caps)
    if not kernel.replace(".", "").isdigit():
        fail("kernel: MAJOR.MINOR, got %r" % kernel)
    flags = [
        "--arch=" + ",".join(arches),
        "--caps=" + caps,
        "--kernel=" + kernel,
    ]
    if strict:
        flags.append("--strict")
    if enosys:
        flags.append("--enosys")
    return flags

def seccomp_filter(
        name,
        profile,
        arches,
        kernel,
        caps = "docker",
        enosys = False,
        strict = True,
        visibility = None,
        **kwargs):
    """Compiles `profile` with seccompc at build time.

    Targets:
      :NAME       a C library (use it in cc_* deps); its header NAME.h
                  (include as "<package>/NAME.h") defines the static program
                  NAME_filter, NAME_fprog, `const struct sock_fprog
                  *NAME_prog(void)` and `int NAME_install(unsigned flags)`,
                  guarded, so any number of filters link into one binary.
                  Building it compiles the profile (its default outputs are
                  NAME.h, NAME.bpf and NAME.txt).
      :NAME.bpf   the raw program (struct sock_filter array, 8 bytes each).
      :NAME.txt   the listing.
      :NAME.flags the exact target flags (used by seccomp_verdict_test).

    Args:
      name: filter name; also the C symbol prefix (a C identifier).
      profile: the Docker/OCI seccomp JSON profile (label).
      arches: ABIs, native first: ["x86_64", "x86", "x32"], ["aarch64"], ...
      kernel: target kernel "MAJOR.MINOR" (entries' minKernel).
      caps: capabilities the task holds: "none", "docker", "all" or a list
        of CAP_X names (entries' includes.caps).
      enosys: seccompc --enosys (needs a seccompc that has it).
      strict: every warning (unknown keys and syscall names, conditions
        that never hold, order-dependent entries) is an error, as with
        seccompc --strict (default True).
    """
    if not name.replace("_", "").isalnum() or name[0].isdigit():
        fail("seccomp_filter: name %r must be a C identifier (it prefixes the C symbols)" % name)
    flags = _flags(arches, caps, kernel, strict, enosys)
    seccompc = _tool("compiler/cli:seccompc")
    common = " ".join(flags)
    native.genrule(
        name = name + "_compile",
        srcs = [profile],
        outs = [name + ".h", name + ".bpf", name + ".txt", name + ".flags"],
        tools = [seccompc],
        cmd = " && ".join([
            "$(location %s) compile $(location %s) %s --format c --c_name=%s -o $(location %s.h)" % (seccompc, profile, common, name, name),
            "$(location %s) compile $(location %s) %s --format raw -o $(location %s.bpf) 2>/dev/null" % (seccompc, profile, common, name),
            "$(location %s) compile $(location %s) %s --format listing -o $(location %s.txt) 2>/dev/null" % (seccompc, profile, common, name),
            "printf '%%s\\n' %s > $(location %s.flags)" % (common, name),
        ]),
        message = "seccompc: compiling %s" % name,
        visibility = visibility,
        **kwargs
    )
    native.filegroup(
        name = name + "_profile",
        srcs = [profile],
        visibility = visibility,
        **kwargs
    )
    native.cc_library(
        name = name + "_cc",
        hdrs = [name + ".h"],
        visibility = ["//visibility:private"],
        **kwargs
    )
    _seccomp_filter_library(
        name = name,
        library = ":%s_cc" % name,
        compiled = [name + ".h", name + ".bpf", name + ".txt"],
        visibility = visibility,
        **kwargs
    )

def seccomp_verdict_test(
        name,
        cases,
        filter = None,
        profile = None,
        arches = None,
        kernel = None,
        caps = "docker",
        strict = True,
        enosys = False,
        live = False,
        **kwargs):
    """Checks a table of cases against a filter.

    One case per line (# comments): `ABI SYSCALL [ARG0 ...] -> ACTION`, e.g.
    `x86_64 personality 0xffffffff -> ERRNO(1)`. Each case is decided by
    the compiled program (interpreter) and by the reference evaluator, and
    with live = True also by the running kernel in a child (the syscall is
    never executed; see tools/verdict/verdict_test_main.cc). A failing case
    prints the case, the verdicts and the profile entry that decided.

    Args:
      cases: a file label, or a list of case lines.
      filter: a seccomp_filter target (":name"); its program, profile and
        flags are used. Or instead:
      profile, arches, kernel, caps, strict, enosys: as in seccomp_filter
        (a filter's own enosys comes with its flags).
      live: also check on the running kernel (x86_64, x32, i386 cases).
    """
    args = []
    data = []
    if filter:
        if profile or arches or kernel or enosys:
            fail("seccomp_verdict_test: give filter or profile/arches/kernel, not both")
        if not filter.startswith(":"):
            fail("seccomp_verdict_test: filter must be a seccomp_filter of this package (\":name\")")
        f = filter[1:]
        data += [":%s_profile" % f, ":%s.bpf" % f, ":%s.flags" % f]
        args += [
            "--profile=$(rootpath :%s_profile)" % f,
            "--bpf=$(rootpath :%s.bpf)" % f,
            "--flagfile=$(rootpath :%s.flags)" % f,
        ]
    elif profile:
        data.append(profile)
        args.append("--profile=$(rootpath %s)" % profile)
        args += _flags(arches, caps, kernel, strict, enosys)
    else:
        fail("seccomp_verdict_test: give filter or profile")
    if type(cases) == "list":
        for c in cases:
            if "'" in c or "$" in c or "\\" in c:
                fail("seccomp_verdict_test: inline case %r: no quotes, $ or backslashes" % c)
            args.append("'--case=%s'" % c)
    else:
        data.append(cases)
        args.append("--cases=$(rootpath %s)" % cases)
    if live:
        args.append("--live")
    native.cc_test(
        name = name,
        args = args,
        data = data,
        deps = [_tool("tools/verdict:verdict_test_main")],
        **kwargs
    )

"""seccompc_dependencies(): the repositories @seccompc needs, for a
downstream WORKSPACE.

    local_repository(name = "seccompc", path = "../seccompc")  # or an archive
    load("@seccompc//:deps.bzl", "seccompc_dependencies")
    seccompc_dependencies()

Defines:
  @seccompc_system  Debian's Abseil (static archives), googletest, Google
                    Benchmark and nlohmann-json from /usr (tools/setup.sh
                    lists the packages). Prefixed, so it cannot clash with
                    a repository of the user's.
  @rules_cc, @rules_java, @remote_coverage_tools
                    Bazel 4.2.3 itself loads these under exactly these
                    names and would download them; offline stand-ins are
                    defined ONLY when the workspace has not defined a
                    repository of that name before the call (define your
                    own first to use it instead).
"""

def _stand_in_impl(rctx):
    # The stand-ins live in this repository's third_party/<name>; a
    # repository rule can find that folder wherever @seccompc is.
    root = rctx.path(Label("//:WORKSPACE")).dirname
    src = root.get_child("third_party").get_child(rctx.attr.folder)
    for child in src.readdir():
        if child.basename != "WORKSPACE":
            rctx.symlink(child, child.basename)
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.name)

_stand_in = repository_rule(
    implementation = _stand_in_impl,
    attrs = {"folder": attr.string(mandatory = True)},
    local = True,
)

def seccompc_dependencies():
    """Defines the repositories above (skipping stand-ins already defined)."""
    existing = native.existing_rules()
    if "seccompc_system" not in existing:
        native.new_local_repository(
            name = "seccompc_system",
            path = "/usr",
            build_file = str(Label("//third_party/system:BUILD.system")),
        )
    for name in ["rules_cc", "rules_java", "remote_coverage_tools"]:
        if name not in existing:
            _stand_in(name = name, folder = name)

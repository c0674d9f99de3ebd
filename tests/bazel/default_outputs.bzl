"""default_outputs_test: what `bazel build TARGET` builds, checked.

Fails (at test time, with the list) when a file named in `expected` is not
among the target's default outputs. seccomp_filter's main target must
carry the compile's outputs, or `bazel build :NAME` skips the compile.
"""

def _default_outputs_test_impl(ctx):
    built = sorted([f.basename for f in ctx.attr.target[DefaultInfo].files.to_list()])
    missing = [name for name in ctx.attr.expected if name not in built]
    if missing:
        body = "echo 'FAIL: bazel build %s builds %s, missing %s'\nexit 1\n" % (
            ctx.attr.target.label,
            " ".join(built) or "nothing",
            " ".join(missing),
        )
    else:
        body = "echo PASS\n"
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(script, "#!/bin/sh\n" + body, is_executable = True)
    return [DefaultInfo(executable = script)]

default_outputs_test = rule(
    implementation = _default_outputs_test_impl,
    attrs = {
        "target": attr.label(mandatory = True),
        "expected": attr.string_list(mandatory = True),
    },
    test = True,
)

"""cli_test: a shell test of seccompc through its command line."""

def cli_test(name, args = [], data = [], **kwargs):
    """NAME.sh, run as `NAME.sh SECCOMPC ARGS...` with tests/lib/testlib.sh.

    Args:
      name: the test; its script is NAME.sh in the calling package.
      args: arguments after seccompc's path.
      data: files the script reads besides seccompc and the test library.
      **kwargs: the rest of sh_test's attributes (tags, size).
    """
    native.sh_test(
        name = name,
        srcs = [name + ".sh"],
        args = ["$(location //compiler/cli:seccompc)"] + args,
        data = ["//compiler/cli:seccompc"] + data,
        deps = ["//tests/lib:testlib"],
        **kwargs
    )

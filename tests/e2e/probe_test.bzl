"""probe_test: a shell test that runs syscall_probe under a real loader."""

def probe_test(name, programs, data = [], **kwargs):
    """NAME.sh, run as `NAME.sh PROGRAM...` with probe_lib.sh and //profiles.

    Args:
      name: the test; its script is NAME.sh in the calling package.
      programs: labels of the programs the script runs, passed to it as
        paths in this order.
      data: files the script reads besides the programs, probe_lib.sh and
        the profiles.
      **kwargs: the rest of sh_test's attributes (tags, size).
    """
    native.sh_test(
        name = name,
        srcs = [name + ".sh"],
        args = ["$(location %s)" % program for program in programs],
        data = programs + ["//profiles"] + data,
        deps = ["//tests/e2e:probe_lib"],
        **kwargs
    )

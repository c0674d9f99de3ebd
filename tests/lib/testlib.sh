# shellcheck shell=bash
# The project's shell test library: how a shell test reports a failed
# check, expects an exit status or a pattern, and ends. Every shell test
# sources it from the checkout's root (Bazel's runfiles, or the clone for
# tools/test_*.sh):
#
#   source tests/lib/testlib.sh
#   tmp=$(scratch_dir)
#   expect_exit 2 "bad --arch" "$seccompc" check p.json --arch vax
#   expect_in "$tmp/err" "unknown arch" "bad --arch names the arch"
#   [[ -s $tmp/out ]] || fail "nothing on stdout"
#   finish
#
# Two ways to fail: `fail` counts the failure and the test goes on, so one
# run reports every broken check; `die` stops the test (exit 1) when
# nothing after it can be checked. `finish` prints the count and is the
# test's exit status.

# The counts `finish` reports: checks that failed (fail), and checks that
# held when the test reports those (pass, expect_exit).
failures=0
passes=0

# fail WHAT...: one check failed; printed, counted, and the test goes on.
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# die WHAT...: a check failed and the test cannot go on: exit 1 now.
die() {
  echo "FAIL: $*"
  exit 1
}

# pass WHAT...: one check held; printed and counted.
pass() {
  echo "ok: $*"
  passes=$((passes + 1))
}

# show LABEL FILE: FILE's lines indented under LABEL, the context printed
# after a failed check ("  stderr: ...").
show() {
  sed "s/^/  $1: /" "$2"
}

# scratch_dir: the test's scratch folder: $TEST_TMPDIR under `bazel test`
# (Bazel removes it), else a new folder under /tmp.
scratch_dir() {
  if [[ -n ${TEST_TMPDIR:-} ]]; then
    echo "$TEST_TMPDIR"
  else
    mktemp -d
  fi
}

# expect_exit WANT WHAT COMMAND...: runs COMMAND with its stdout in
# $tmp/out and its stderr in $tmp/err; a pass when it exits WANT, else a
# failure that shows both.
expect_exit() {
  local want=$1 what=$2
  shift 2
  "$@" >"${tmp:?tmp: set the scratch folder first}/out" 2>"$tmp/err"
  local got=$?
  if [[ $got -ne $want ]]; then
    fail "$what: exit $got, want $want"
    cat "$tmp/out" "$tmp/err"
  else
    pass "$what"
  fi
}

# expect_in FILE PATTERN WHAT: a failure, showing FILE, when no line of
# FILE matches the extended regular expression PATTERN.
expect_in() {
  grep -qE -- "$2" "$1" || {
    fail "$3: no /$2/ in"
    cat "$1"
  }
}

# finish: the summary line, "N passed, M failed" (or "M failed" when the
# test counts only failures), as the test's last line and exit status.
finish() {
  if ((passes > 0)); then
    echo "$passes passed, $failures failed"
  else
    echo "$failures failed"
  fi
  ((failures == 0))
}

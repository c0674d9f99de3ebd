#!/usr/bin/env bash
# bubblewrap loads `seccompc compile` raw output (--seccomp FD) and the
# process under it sees the profile's verdicts, on the running kernel.
#   bwrap_test.sh SECCOMPC SYSCALL_PROBE SYSCALL_PROBE_I386
set -uo pipefail
seccompc=$(realpath "$1")
probe=$(realpath "$2")
probe_i386=$(realpath "$3")
source tests/e2e/probe_lib.sh
require_root "bwrap --seccomp"
tmp=${TEST_TMPDIR:-$(mktemp -d)}

compile_e2e_profiles "$seccompc" raw
for p in "${!profile_path[@]}"; do
  size=$(stat -c %s "$tmp/$p.raw")
  ((size > 0 && size % 8 == 0)) || fail "$p.raw has $size bytes"
done

# bwrap_probe PROFILE PROGRAM ARGS...: PROGRAM under bwrap --seccomp.
bwrap_probe() {
  local profile=$1
  shift
  bwrap --dev-bind / / --seccomp 10 "$@" 10<"$tmp/$profile.raw" \
    >"$tmp/out" 2>"$tmp/err"
}
run_e2e_cases "$seccompc" "$probe" "$probe_i386" bwrap_probe

# The probe outside any filter: the ERRNO answers above are the filter's,
# not the kernel's own.
"$probe" 110 >"$tmp/out"
[[ $(outcome_of "$tmp/out" 0) == allow ]] || fail "getppid fails without a filter"
"$probe_i386" 359 40 1 0 >"$tmp/out"
[[ $(outcome_of "$tmp/out" 0) != errno:1 ]] ||
  fail "i386 socket(AF_VSOCK) is EPERM without a filter"

finish

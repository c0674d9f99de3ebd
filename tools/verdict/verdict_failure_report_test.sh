#!/usr/bin/env bash
# A failing verdict case must fail the test and say why.
set -uo pipefail
driver=$1 profile=$2
out=$("$driver" --profile="$profile" --arch=x86_64 --caps=docker --kernel=6.1 \
  --live '--case=x86_64 read -> ERRNO(1)' '--case=x86_64 reboot -> ERRNO(1)' 2>&1)
rc=$?
echo "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
(( rc == 1 )) || fail "exit status $rc, want 1"
grep -q "FAIL case 1: x86_64 read -> ERRNO(1)" <<<"$out" || fail "case not named"
grep -q "program: *ALLOW" <<<"$out" || fail "program verdict missing"
grep -q "reference: *ALLOW" <<<"$out" || fail "reference verdict missing"
grep -q "decided by: *syscalls\[0\] (line [0-9]*: .*read" <<<"$out" || fail "deciding entry missing"
grep -q "live kernel: *PASS (expected ERRNO(1))" <<<"$out" || fail "live verdict missing"
grep -q "FAIL case 2" <<<"$out" && fail "a right case reported"
grep -q "2 cases, 1 failed" <<<"$out" || fail "summary missing"
# Missing target flags are an error, not a default from this machine.
"$driver" --profile="$profile" '--case=x86_64 read -> ALLOW' >/dev/null 2>&1
(( $? == 2 )) || fail "missing --arch/--caps/--kernel accepted"
echo PASS

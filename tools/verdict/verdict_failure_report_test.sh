#!/usr/bin/env bash
# A failing verdict case must fail the test and say why.
set -uo pipefail
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
driver=$1 profile=$2
out=$("$driver" --profile="$profile" --arch=x86_64 --caps=docker --kernel=6.1 \
  --live '--case=x86_64 read -> ERRNO(1)' '--case=x86_64 reboot -> ERRNO(1)' 2>&1)
rc=$?
echo "$out"
(( rc == 1 )) || die "exit status $rc, want 1"
grep -q "FAIL case 1: x86_64 read -> ERRNO(1)" <<<"$out" || die "case not named"
grep -q "program: *ALLOW" <<<"$out" || die "program verdict missing"
grep -q "reference: *ALLOW" <<<"$out" || die "reference verdict missing"
grep -q "decided by: *syscalls\[0\] (line [0-9]*: .*read" <<<"$out" || die "deciding entry missing"
grep -q "live kernel: *PASS (expected ERRNO(1))" <<<"$out" || die "live verdict missing"
grep -q "FAIL case 2" <<<"$out" && die "a right case reported"
grep -q "2 cases, 1 failed" <<<"$out" || die "summary missing"
# Missing target flags are an error, not a default from this machine.
"$driver" --profile="$profile" '--case=x86_64 read -> ALLOW' >/dev/null 2>&1
(( $? == 2 )) || die "missing --arch/--caps/--kernel accepted"
# The flags go through the project's parser: an unknown flag, a stray word
# and a "--" are usage errors (2) that say what is wrong.
target=(--profile="$profile" --arch=x86_64 --caps=docker --kernel=6.1)
for extra in --bogus stray --; do
  err=$("$driver" "${target[@]}" '--case=x86_64 read -> ALLOW' "$extra" 2>&1 >/dev/null)
  rc=$?
  ((rc == 2)) || die "$extra: exit $rc, want 2"
  grep -q "^verdict_test: .*$extra" <<<"$err" || die "$extra: the error does not name it: $err"
done
# Repeated --case and --cases all count; --enosys applies the ENOSYS rule.
printf 'x86_64 read -> ALLOW\n' >"$TEST_TMPDIR/cases.txt"
out=$("$driver" "${target[@]}" --enosys --cases="$TEST_TMPDIR/cases.txt" \
  --cases="$TEST_TMPDIR/cases.txt" '--case=x86_64 0x3ff -> ERRNO(38)' \
  '--case=x86_64 reboot -> ERRNO(1)' 2>&1) || die "repeated cases: $out"
grep -q "^4 cases, 0 failed" <<<"$out" || die "repeated cases not all run: $out"
echo PASS

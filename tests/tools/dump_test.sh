#!/usr/bin/env bash
# seccompc dump on the live kernel: a child stacks two known filters; dump
# lists both (oldest first), says which one is the profile's program, and
# fails clearly without permission.
set -u
seccompc=$1
installer=$2

# shellcheck source=tests/tools/cli_test_lib.sh
source tests/tools/cli_test_lib.sh

printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["personality"],"action":"SCMP_ACT_ERRNO"}]}' >"$tmp/a.json"
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["reboot"],"action":"SCMP_ACT_KILL_PROCESS"}]}' >"$tmp/b.json"
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["swapon"],"action":"SCMP_ACT_KILL_PROCESS"}]}' >"$tmp/c.json"
for p in a b; do "$seccompc" compile "$tmp/$p.json" --arch x86_64 -o "$tmp/$p.bpf" 2>/dev/null; done

# The child holds its stdin open until we close the fifo.
mkfifo "$tmp/hold"
python3 "$installer" "$tmp/a.bpf" "$tmp/b.bpf" <"$tmp/hold" >"$tmp/ready" &
child=$!
exec 7>"$tmp/hold"
for _ in $(seq 50); do grep -q ready "$tmp/ready" && break; sleep 0.1; done
grep -q ready "$tmp/ready" || { echo "FAIL: installer not ready"; exit 1; }

expect_exit 0 "dump with --profile a" "$seccompc" dump $child --profile "$tmp/a.json" --arch x86_64
expect_in "$tmp/out" "^filter 0 of 2 \(oldest, installed first\): [0-9]+ instructions: matches .*a.json" "a is filter 0"
expect_in "$tmp/out" "^filter 1 of 2: [0-9]+ instructions: differs from .*a.json" "b differs from a"
expect_in "$tmp/out" "jeq #135, L[0-9]+, L[0-9]+ +; personality" "listing names personality"
expect_in "$tmp/out" "; reboot" "listing names reboot"
expect_in "$tmp/out" "ret ERRNO\(1\)" "listing names the action"
expect_exit 0 "dump with --profile b" "$seccompc" dump $child --profile "$tmp/b.json" --arch x86_64
expect_in "$tmp/out" "^filter 1 of 2: [0-9]+ instructions: matches .*b.json" "b is filter 1"
expect_exit 1 "no filter is c" "$seccompc" dump $child --profile "$tmp/c.json" --arch x86_64
expect_in "$tmp/err" "no filter of process $child is" "mismatch said"
# The child still runs after the dumps (seized and detached, no signal).
kill -0 $child || { echo "FAIL: child gone"; fails=$((fails + 1)); }

if command -v setpriv >/dev/null; then
  expect_exit 1 "not permitted as nobody" setpriv --reuid 65534 --regid 65534 --clear-groups "$seccompc" dump $child
  expect_in "$tmp/err" "PTRACE_SEIZE: Operation not permitted \(reading filters needs CAP_SYS_ADMIN" "permission error"
else
  echo "skip: no setpriv"
fi
exec 7>&-
wait $child

expect_exit 1 "no such process" "$seccompc" dump 999999999
expect_exit 2 "not a pid" "$seccompc" dump abc
sleep 30 & unfiltered=$!
expect_exit 0 "process without filters" "$seccompc" dump $unfiltered
expect_in "$tmp/out" "no seccomp filter" "no filter said"
kill $unfiltered

finish_cli_test

#!/usr/bin/env bash
# seccompc dump on the live kernel: a child stacks two known filters; dump
# lists both (oldest first), says which one is the profile's program, and
# fails clearly without permission.
set -u
seccompc=$1
installer=$2
vfork_parent=$3

# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)

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
grep -q ready "$tmp/ready" || die "installer not ready"

expect_exit 0 "dump with --profile a" "$seccompc" dump $child --profile "$tmp/a.json" --arch x86_64
expect_in "$tmp/out" "^filter 0 of 2 \(oldest, installed first\): [0-9]+ instructions: matches .*a.json" "a is filter 0"
expect_in "$tmp/out" "^filter 1 of 2: [0-9]+ instructions: differs from .*a.json" "b differs from a"
expect_in "$tmp/out" "jeq #135, L[0-9]+, L[0-9]+ +; personality" "listing names personality"
expect_in "$tmp/out" "; reboot" "listing names reboot"
expect_in "$tmp/out" "ret ERRNO\(1\)" "listing names the action"
expect_exit 0 "dump with --profile b" "$seccompc" dump $child --profile "$tmp/b.json" --arch x86_64
expect_in "$tmp/out" "^filter 1 of 2: [0-9]+ instructions: matches .*b.json" "b is filter 1"
# --summary: the one line per filter (index, size, verdict), no listing.
expect_exit 0 "dump --summary" "$seccompc" dump $child --summary --profile "$tmp/a.json" --arch x86_64
[[ $(wc -l <"$tmp/out") -eq 2 ]] || { fail "--summary: not one line per filter"; cat "$tmp/out"; }
expect_in "$tmp/out" "^filter 0 of 2 \(oldest, installed first\): [0-9]+ instructions: matches .*a.json \(proved; the same bytes\)$" "summary: filter 0"
expect_in "$tmp/out" "^filter 1 of 2: [0-9]+ instructions: differs from .*a.json \([0-9]+ instructions\)$" "summary: filter 1 differs, one line"
expect_in "$tmp/out" "^filter 1 of 2: [0-9]+ instructions: " "summary: filter 1"
expect_exit 1 "no filter is c" "$seccompc" dump $child --profile "$tmp/c.json" --arch x86_64
expect_in "$tmp/err" "no filter of process $child is" "mismatch said"
# The child still runs after the dumps (seized and detached, no signal).
kill -0 $child || fail "child gone"

if command -v setpriv >/dev/null; then
  expect_exit 1 "not permitted as nobody" setpriv --reuid 65534 --regid 65534 --clear-groups "$seccompc" dump $child
  expect_in "$tmp/err" "PTRACE_SEIZE: Operation not permitted \(reading filters needs CAP_SYS_ADMIN" "permission error"
else
  echo "skip: no setpriv"
fi
exec 7>&-
wait $child

# Proved, not compared: a's program with one more load in front (other
# bytes, the same meaning) matches a; a program compiled for other
# capabilities differs, with a counterexample, and dump names the option
# that would make it match.
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["personality"],"action":"SCMP_ACT_ERRNO","errnoRet":2,"includes":{"caps":["CAP_SYS_ADMIN"]}}]}' >"$tmp/admin.json"
"$seccompc" compile "$tmp/admin.json" --arch x86_64 --caps all -o "$tmp/admin_all.bpf" 2>/dev/null
python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<HBBI",0x20,0,0,0)+open(sys.argv[1],"rb").read())' "$tmp/a.bpf" >"$tmp/a_other.bpf"
mkfifo "$tmp/hold2"
python3 "$installer" "$tmp/a_other.bpf" "$tmp/admin_all.bpf" <"$tmp/hold2" >"$tmp/ready2" &
child2=$!
exec 7>"$tmp/hold2"
for _ in $(seq 50); do grep -q ready "$tmp/ready2" && break; sleep 0.1; done
grep -q ready "$tmp/ready2" || die "installer 2 not ready"
expect_exit 0 "dump proves other bytes" "$seccompc" dump $child2 --profile "$tmp/a.json" --arch x86_64
expect_in "$tmp/out" "^filter 0 of 2 \(oldest, installed first\): [0-9]+ instructions: matches .*a.json \(proved; other bytes\)" "other bytes proved equal"
expect_in "$tmp/out" "^filter 1 of 2: [0-9]+ instructions: differs from .*a.json" "another meaning differs"
expect_in "$tmp/out" "^  counterexample: x86_64 135 0x" "counterexample line (personality)"
expect_in "$tmp/out" "^  profile: ERRNO\(1\)" "the profile's verdict"
expect_exit 1 "for no capabilities, no filter is admin" "$seccompc" dump $child2 --profile "$tmp/admin.json" --arch x86_64 --caps none
expect_in "$tmp/out" "^  it would match with --caps all$" "the option named"
expect_exit 0 "for every capability, filter 1 is admin" "$seccompc" dump $child2 --profile "$tmp/admin.json" --arch x86_64 --caps all
expect_in "$tmp/out" "^filter 1 of 2: [0-9]+ instructions: matches .*admin.json \(proved; the same bytes\)" "admin proved"
exec 7>&-
wait $child2

# A vfork parent never stops while its child runs: dump gives up after
# --timeout (the deadline for the whole command is 20 s) and says why.
"$vfork_parent" & parent=$!
for _ in $(seq 100); do [[ -s /proc/$parent/task/$parent/children ]] && break; sleep 0.05; done
vchild=$(cat "/proc/$parent/task/$parent/children" 2>/dev/null)
expect_exit 1 "vfork parent: timeout" timeout 20 "$seccompc" dump $parent --timeout 1
expect_in "$tmp/err" "did not stop for the reads within 1 s" "timeout said"
expect_in "$tmp/err" "vfork parent" "vfork named"
kill -9 $vchild $parent 2>/dev/null
wait $parent 2>/dev/null
expect_exit 2 "bad --timeout" "$seccompc" dump $$ --timeout 0

# A process traced already (as seccomp-launch --report traces its task):
# the reason is the other tracer, not a missing capability.
python3 - "$tmp/traced" <<'PY' &
import ctypes, subprocess, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
child = subprocess.Popen(["sleep", "30"])
PTRACE_SEIZE = 0x4206
if libc.ptrace(PTRACE_SEIZE, child.pid, None, None) != 0:
    sys.exit("PTRACE_SEIZE failed")
open(sys.argv[1], "w").write(f"{child.pid}\n")
time.sleep(30)
PY
tracer=$!
for _ in $(seq 100); do [[ -s $tmp/traced ]] && break; sleep 0.05; done
traced=$(cat "$tmp/traced")
expect_exit 1 "traced process" timeout 20 "$seccompc" dump "$traced"
expect_in "$tmp/err" "is already traced by process $tracer" "the tracer named"
if grep -q "CAP_SYS_ADMIN" "$tmp/err"; then fail "blames CAP_SYS_ADMIN"; fi
kill -9 "$traced" "$tracer" 2>/dev/null

expect_exit 1 "no such process" "$seccompc" dump 999999999
expect_exit 2 "not a pid" "$seccompc" dump abc
sleep 30 & unfiltered=$!
expect_exit 0 "process without filters" "$seccompc" dump $unfiltered
expect_in "$tmp/out" "no seccomp filter" "no filter said"
kill $unfiltered

finish

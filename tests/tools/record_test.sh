#!/usr/bin/env bash
# seccompc record on the live kernel: record a busybox shell script and a
# python3 script, compile each recording, rerun the workload under it (it
# passes), and check that a syscall the workload never made is denied.
# --base: the base plus only what the run needed.
set -u
seccompc=$1
installer=$2
data=$(dirname "$3")
probe_i386=$4
python=/usr/bin/python3

# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)
export TMPDIR=$tmp
under() {  # program command... : run command under the compiled program
  local program=$1; shift
  $python "$installer" "$program" -- "$@"
}

# --- busybox shell script
expect_exit 0 "record busybox sh" "$seccompc" record -o "$tmp/sh.json" -- busybox sh "$data/workload.sh"
expect_in "$tmp/out" "^done$" "workload output passes through"
expect_in "$tmp/err" "calls, [0-9]+ distinct" "summary"
expect_exit 0 "recording compiles" "$seccompc" compile --strict "$tmp/sh.json" -o "$tmp/sh.bpf"
expect_exit 0 "workload passes under its recording" under "$tmp/sh.bpf" busybox sh "$data/workload.sh"
expect_in "$tmp/out" "^done$" "workload done under the recording"
# mkdir was never made: denied with EPERM (defaultErrnoRet 1).
expect_exit 1 "mkdir never recorded: denied" under "$tmp/sh.bpf" busybox mkdir "$tmp/newdir"
expect_in "$tmp/err" "Operation not permitted" "EPERM"
[[ ! -d $tmp/newdir ]] || fail "mkdir ran"
python3 - "$tmp/sh.json" <<'PY' || fail "recording content"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["defaultAction"] == "SCMP_ACT_ERRNO" and p["defaultErrnoRet"] == 1, p
names = {n for e in p["syscalls"] for n in e["names"]}
assert {"execve", "openat", "write", "exit_group"} <= names, names
assert "mkdir" not in names and "mkdirat" not in names and "reboot" not in names
# clone is argument-dependent in Docker's default: recorded with its flags.
clone = [e for e in p["syscalls"] if e["names"] == ["clone"]]
assert clone and all(e["args"][0]["op"] == "SCMP_CMP_EQ" for e in clone), clone
PY

# --- python3 script (threads, AF_UNIX socketpair, a subprocess)
expect_exit 0 "record python3" "$seccompc" record -o "$tmp/py.json" --default_errno_ret 38 -- $python "$data/workload.py"
expect_in "$tmp/out" "^done$" "python output"
expect_exit 0 "python recording compiles" "$seccompc" compile --strict "$tmp/py.json" -o "$tmp/py.bpf"
expect_exit 0 "python workload passes under its recording" under "$tmp/py.bpf" $python "$data/workload.py"
expect_in "$tmp/out" "^done$" "python done under the recording"
# An AF_INET socket was never made (the recording keeps socket's family).
expect_exit 1 "AF_INET socket never recorded: ENOSYS" under "$tmp/py.bpf" $python -c 'import socket; socket.socket(socket.AF_INET)'
expect_in "$tmp/err" "Errno 38" "ENOSYS (defaultErrnoRet 38)"
expect_exit 0 "simulate agrees" "$seccompc" simulate "$tmp/py.json" --syscall socket --args 1 --expect ALLOW
expect_exit 0 "simulate agrees (AF_INET)" "$seccompc" simulate "$tmp/py.json" --syscall socket --args 2 --expect 'ERRNO(38)'

# --- an i386 program (int 0x80): its ABI joins archMap, its personality
# argument is kept, and another persona is denied under the recording.
expect_exit 0 "record an i386 program" "$seccompc" record -o "$tmp/i386.json" -- "$probe_i386" 136 0xffffffff
expect_in "$tmp/i386.json" '"SCMP_ARCH_X86"' "x86 in archMap"
expect_exit 0 "i386 recording compiles" "$seccompc" compile --strict "$tmp/i386.json" -o "$tmp/i386.bpf"
expect_exit 0 "i386 rerun" under "$tmp/i386.bpf" "$probe_i386" 136 0xffffffff
expect_in "$tmp/out" "ret=0 errno=0" "personality query allowed"
expect_exit 0 "i386 other persona" under "$tmp/i386.bpf" "$probe_i386" 136 8
expect_in "$tmp/out" "ret=-1 errno=1" "other persona denied (EPERM)"

# --- --base: only additions, listed.
cat >"$tmp/base.json" <<'JSON'
{
  "defaultAction": "SCMP_ACT_ERRNO",
  "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}],
  "syscalls": [
    {"names": ["read", "write", "close", "exit_group", "execve", "brk", "mmap", "openat"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["mkdir"], "action": "SCMP_ACT_KILL_PROCESS"}
  ]
}
JSON
expect_exit 0 "record with --base" "$seccompc" record --base "$tmp/base.json" -o "$tmp/based.json" -- busybox sh "$data/workload.sh"
expect_in "$tmp/err" "addition\(s\) to .*base.json: " "additions listed"
if grep -E "addition.*: .*\b(read|write|execve)\b" "$tmp/err"; then fail "base calls listed as additions"; fi
python3 - "$tmp/base.json" "$tmp/based.json" <<'PY' || fail "base kept"
import json, sys
base, out = (json.load(open(f)) for f in sys.argv[1:])
assert out["syscalls"][:2] == base["syscalls"], "base entries changed"
added = [e for e in out["syscalls"][2:]]
assert added and all(e["action"] == "SCMP_ACT_ALLOW" for e in added)
# The base never forked; the run did: clone is added pinned, as a fresh
# recording pins it, never unconditioned (no CLONE_NEWUSER etc.).
clone = [e for e in added if "clone" in e["names"]]
assert clone, "no clone added"
assert all(e.get("args") and e["args"][0]["op"] == "SCMP_CMP_EQ" for e in clone), clone
PY
expect_exit 0 "base + additions: CLONE_NEWUSER stays denied" "$seccompc" simulate "$tmp/based.json" --arch x86_64 --syscall clone --args 0x10000000 --expect 'ERRNO(1)'

expect_exit 0 "based recording compiles" "$seccompc" compile "$tmp/based.json" -o "$tmp/based.bpf"
expect_exit 0 "workload passes under base + additions" under "$tmp/based.bpf" busybox sh "$data/workload.sh"

# --base with Docker's default: an AF_VSOCK socket is the only addition,
# and diff sees exactly that.
expect_exit 0 "record AF_VSOCK over the default" "$seccompc" record --base profiles/default.json --arch x86_64 -o "$tmp/vsock.json" -- \
  $python -c 'import socket
try: socket.socket(40, socket.SOCK_STREAM)
except OSError: pass'
expect_in "$tmp/err" "1 addition\(s\) to profiles/default.json: socket\(arg0 == 0x28\)$" "only the vsock socket added"
expect_exit 1 "diff default vs recorded" "$seccompc" diff profiles/default.json "$tmp/vsock.json" --arch x86_64
expect_in "$tmp/out" "^amd64: 1 syscall\(s\) change" "one change"
expect_in "$tmp/out" "^    arg0 == 0x28: ERRNO\(1\) -> ALLOW" "the vsock region"

# A descendant left running must not keep the recording open: record
# stops when the command exits (the deadline is 20 s; the sleep is 1000 s).
expect_exit 0 "record stops when the command exits" timeout 20 "$seccompc" record -o "$tmp/bg.json" -- \
  busybox sh -c "busybox sleep 1000 </dev/null >/dev/null 2>&1 & echo \$! >$tmp/bg.pid"
[[ -s $tmp/bg.pid ]] && kill "$(cat "$tmp/bg.pid")" 2>/dev/null
expect_exit 0 "the recording compiles" "$seccompc" compile --strict "$tmp/bg.json" -o "$tmp/bg.bpf"
# --follow_descendants waits for them and records their later calls.
expect_exit 0 "--follow_descendants" timeout 20 "$seccompc" record --follow_descendants -o "$tmp/fd.json" -- \
  busybox sh -c "(busybox sleep 1; busybox mkdir $tmp/late) </dev/null >/dev/null 2>&1 &"
expect_in "$tmp/fd.json" '"mkdir(at)?"' "the descendant's call after the command exited is recorded"

# Errors.
expect_exit 2 "no command" "$seccompc" record -o "$tmp/x.json"
expect_exit 1 "command not found" "$seccompc" record -o "$tmp/x.json" -- /nonexistent/cmd
expect_in "$tmp/err" "cannot execute /nonexistent/cmd: No such file or directory; nothing written" "path and errno named"
[[ ! -e $tmp/x.json ]] || fail "a profile written for a command that never ran"
expect_exit 1 "failing command still writes" "$seccompc" record -o "$tmp/f.json" -- busybox false
[[ -s $tmp/f.json ]] || fail "no profile for a failing command"

# --- Mesos 1.8: record says what it would reject; --mesos records a
# profile it accepts, and the workload still passes under it.
expect_exit 0 "record (Mesos hint)" "$seccompc" record -o "$tmp/m0.json" -- busybox sh "$data/workload.sh"
expect_in "$tmp/err" "Mesos 1.8 would reject syscalls\[0\]: missing \"includes\"" "Mesos rejects named"
expect_in "$tmp/err" "record --mesos writes a profile Mesos 1.8 accepts" "--mesos suggested"
expect_exit 1 "check --mesos rejects the plain recording" "$seccompc" check --mesos "$tmp/m0.json"
expect_exit 0 "record --mesos" "$seccompc" record --mesos -o "$tmp/mesos.json" -- busybox sh "$data/workload.sh"
if grep -q "Mesos 1.8 would reject" "$tmp/err"; then fail "--mesos recording still rejected"; fi
expect_exit 0 "check --mesos accepts the --mesos recording" "$seccompc" check --mesos "$tmp/mesos.json"
expect_in "$tmp/out" "Mesos 1.8 would accept" "accepted"
expect_exit 0 "--mesos recording compiles" "$seccompc" compile "$tmp/mesos.json" -o "$tmp/mesos.bpf"
expect_exit 0 "workload passes under the --mesos recording" under "$tmp/mesos.bpf" busybox sh "$data/workload.sh"

# --- merge: the shell and i386 recordings; pins kept, arches united.
expect_exit 0 "merge" "$seccompc" merge "$tmp/sh.json" "$tmp/i386.json" -o "$tmp/merged.json"
python3 - "$tmp/merged.json" <<'PY' || fail "merged content"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["archMap"][0]["subArchitectures"] == ["SCMP_ARCH_X86"], p["archMap"]
clone = [e for e in p["syscalls"] if "clone" in e["names"]]
assert clone and all(e.get("args") for e in clone), clone
pers = [e for e in p["syscalls"] if "personality" in e["names"]]
assert pers and all(e.get("args") for e in pers), pers
PY
expect_exit 0 "merged compiles" "$seccompc" compile --strict "$tmp/merged.json" -o "$tmp/merged.bpf"
expect_exit 0 "workload passes under the merge" under "$tmp/merged.bpf" busybox sh "$data/workload.sh"
expect_exit 0 "merge keeps clone pinned" "$seccompc" simulate "$tmp/merged.json" --arch x86_64 --syscall clone --args 0x10000000 --expect 'ERRNO(1)'
expect_exit 1 "merge refuses different errnos" "$seccompc" merge "$tmp/sh.json" "$tmp/py.json" -o "$tmp/bad.json"
expect_in "$tmp/err" "defaultErrnoRet 38 differs" "errno difference named"
expect_exit 2 "merge needs two" "$seccompc" merge "$tmp/sh.json"

finish

#!/usr/bin/env bash
# seccompc check --mesos: every point Mesos 1.8 (libseccomp 2.3.3) rejects
# or reads differently, with positions; the Mesos documentation's example
# profile is accepted as written.
set -u
seccompc=$1

# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)

cat >"$tmp/p.json" <<'JSON'
{
  "defaultAction": "SCMP_ACT_ERRNO",
  "defaultErrnoRet": 38,
  "archMap": [
    {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]},
    {"architecture": "SCMP_ARCH_RISCV64", "subArchitectures": []}
  ],
  "syscalls": [
    {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [], "includes": {}, "excludes": {}},
    {"names": ["write"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["getpid"], "action": "SCMP_ACT_LOG", "args": [], "includes": {}, "excludes": {}},
    {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "args": [], "includes": {}, "excludes": {}},
    {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "args": [], "includes": {"minKernel": "4.8"}, "excludes": {}},
    {"names": ["close", "close_range"], "action": "SCMP_ACT_ALLOW", "args": [], "includes": {}, "excludes": {}},
    {"names": ["statx", "rseq"], "action": "SCMP_ACT_ALLOW", "args": [], "includes": {}, "excludes": {}}
  ]
}
JSON
expect_exit 1 "crafted profile rejected" "$seccompc" check --mesos "$tmp/p.json"
expect_in "$tmp/out" 'p.json:3:[0-9]+: defaultErrnoRet: mesos changes: Mesos ignores "defaultErrnoRet": the default action ERRNO\(38\) becomes ERRNO\(1\)' "defaultErrnoRet"
expect_in "$tmp/out" 'p.json:6:[0-9]+: archMap: mesos rejects: architecture SCMP_ARCH_RISCV64 is unknown to libseccomp 2.3.3' "riscv64"
expect_in "$tmp/out" 'p.json:10:[0-9]+: syscalls\[1\]: mesos rejects: missing "includes", "excludes", "args"' "required keys"
expect_in "$tmp/out" 'p.json:11:[0-9]+: syscalls\[2\]: mesos rejects: action LOG is not one Mesos knows' "LOG"
expect_in "$tmp/out" 'p.json:12:[0-9]+: syscalls\[3\]: mesos changes: Mesos ignores the errno: ERRNO\(13\) becomes ERRNO\(1\)' "errnoRet"
expect_in "$tmp/out" 'p.json:12:[0-9]+: syscalls\[3\]: mesos rejects: action ERRNO\(13\) is, as Mesos reads ERRNO \(always EPERM\), the default action' "rule equal to the default"
expect_in "$tmp/out" 'p.json:13:[0-9]+: syscalls\[4\]: mesos changes: Mesos ignores includes.minKernel 4.8' "minKernel"
expect_in "$tmp/out" 'p.json:14:[0-9]+: syscalls\[5\].names\[1\]: mesos rejects: syscall "close_range" is unknown to libseccomp 2.3.3' "close_range (5.9)"
if grep -qE 'names\[0\].*"(close|statx)"' "$tmp/out"; then fail "close/statx (<= 4.15) flagged"; fi
expect_in "$tmp/out" 'syscalls\[6\].names\[1\]: mesos rejects: syscall "rseq"' "rseq (4.18)"
expect_in "$tmp/out" "would reject this profile \(6 reason\(s\)\); 3 silent change\(s\)" "summary"
expect_exit 1 "json" "$seccompc" check --mesos --json "$tmp/p.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["accepted"] is False and len(d["findings"])==9 and all(f["line"]>0 for f in d["findings"]), d' "$tmp/out" ||
  fail "json"

# Accepted, with a silent change: exit 0, or 1 under --strict.
cat >"$tmp/ok.json" <<'JSON'
{
  "defaultAction": "SCMP_ACT_ERRNO",
  "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}],
  "syscalls": [
    {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "args": [], "includes": {"minKernel": "3.1"}, "excludes": {}}
  ]
}
JSON
expect_exit 0 "accepted with a change" "$seccompc" check --mesos "$tmp/ok.json"
expect_in "$tmp/out" "would accept this profile; 1 silent change" "accepted summary"
expect_exit 1 "change under --strict" "$seccompc" check --mesos --strict "$tmp/ok.json"

root=$(dirname "$(realpath profiles/default.json)")/..
shared=$root/../shared/realworld
if [[ -d $shared ]]; then
  expect_exit 0 "Mesos's own example" "$seccompc" check --mesos "$shared/mesos-example-default.json"
  expect_exit 1 "Docker's current default is rejected (as the notes say)" "$seccompc" check --mesos "$shared/moby-default.json"
  expect_in "$tmp/out" 'mesos rejects: syscall "clone3" is unknown to libseccomp 2.3.3' "clone3"
else
  echo "skip: real-world profiles: $shared not present"
fi

finish

#!/usr/bin/env bash
# --strict: every warning is an error, all of them reported with positions;
# unknown keys and syscall names get "did you mean" suggestions.
set -u
seccompc=$1

# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)

# The issue's example: "arg" for "args" silently allowed every socket family.
cat >"$tmp/arg.json" <<'JSON'
{
  "defaultAction": "SCMP_ACT_ERRNO",
  "syscalls": [
    {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
     "arg": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}
  ]
}
JSON
expect_exit 0 "arg: a warning without --strict" "$seccompc" check "$tmp/arg.json" --arch x86_64
expect_in "$tmp/err" 'arg.json:5:[0-9]+: syscalls\[0\].arg: warning: unknown key "arg".*did you mean "args"' "warning suggests args"
for cmd in check "compile -o $tmp/o.bpf"; do
  # shellcheck disable=SC2086  # cmd: the command and its own flags
  expect_exit 1 "arg: $cmd --strict" "$seccompc" $cmd --strict "$tmp/arg.json" --arch x86_64
  expect_in "$tmp/err" 'arg.json:5:[0-9]+: syscalls\[0\].arg: error \(strict\): unknown key "arg".*did you mean "args"' "$cmd: strict error suggests args"
done
[[ ! -s "$tmp/o.bpf" ]] || fail "strict compile wrote a program"

# A misspelled syscall, a mask that never holds, entries whose result
# depends on their order in libseccomp: all reported at once.
cat >"$tmp/many.json" <<'JSON'
{
  "defaultAction": "SCMP_ACT_ERRNO",
  "syscalls": [
    {"names": ["personalty", "read"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
     "args": [{"index": 0, "value": 1, "valueTwo": 2, "op": "SCMP_CMP_MASKED_EQ"}]},
    {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
     "args": [{"index": 0, "value": 10, "op": "SCMP_CMP_LT"}]},
    {"names": ["socket"], "action": "SCMP_ACT_KILL",
     "args": [{"index": 1, "value": 3, "op": "SCMP_CMP_EQ"}]}
  ]
}
JSON
expect_exit 0 "many: warnings only" "$seccompc" check "$tmp/many.json" --arch x86_64
expect_exit 1 "many: --strict" "$seccompc" check --strict "$tmp/many.json" --arch x86_64
expect_in "$tmp/err" 'many.json:4:[0-9]+: syscalls\[0\].names\[0\]: error \(strict\): unknown syscall "personalty".*did you mean "personality"' "syscall suggestion"
expect_in "$tmp/err" 'syscalls\[1\].args\[0\]: error \(strict\): SCMP_CMP_MASKED_EQ can never hold' "mask never holds"
expect_in "$tmp/err" 'syscalls\[2\]: error \(strict\): socket \(amd64\) can be matched by' "order dependence"
expect_exit 1 "many: simulate --strict" "$seccompc" simulate --strict "$tmp/many.json" --arch x86_64 --syscall read

# A clean profile stays valid under --strict.
expect_exit 0 "default.json under --strict" "$seccompc" check --strict profiles/default.json --kernel 6.1

# check runs compile's pipeline: --enosys adds runc's rule, so syscalls newer
# than the profile's newest become ERRNO(38) in the summary, as in the program.
cat >"$tmp/old.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
 "syscalls": [{"names": ["read", "write", "openat"], "action": "SCMP_ACT_ALLOW"}]}
JSON
expect_exit 0 "check without --enosys" "$seccompc" check "$tmp/old.json" --arch x86_64 --kernel 6.1
if grep -q 'ERRNO(38)' "$tmp/out"; then fail "ENOSYS without --enosys"; cat "$tmp/out"; fi
expect_exit 0 "check --enosys" "$seccompc" check --enosys "$tmp/old.json" --arch x86_64 --kernel 6.1
expect_in "$tmp/out" 'amd64 \(SCMP_ARCH_X86_64\): [0-9]+ syscalls: .*ERRNO\(38\) [0-9]+' "check --enosys: ENOSYS for newer syscalls"

finish

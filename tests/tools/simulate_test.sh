#!/usr/bin/env bash
# seccompc simulate as scripts use it: --expect, --json, --abi, batch files,
# compiled programs (raw, base64, stdin) as input, strict --args; disasm of
# raw, base64 and stdin.
set -u
seccompc=$1
profile=profiles/default.json
target=(--arch x86_64,x86,x32 --kernel 6.1)

# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)

# --expect: exit 0 on the same verdict, 1 on another.
expect_exit 0 "getpid expected ALLOW" "$seccompc" simulate $profile "${target[@]}" --syscall getpid --expect ALLOW
expect_exit 1 "getpid is not KILL" "$seccompc" simulate $profile "${target[@]}" --syscall getpid --expect KILL
expect_in "$tmp/err" "expected KILL, got ALLOW" "mismatch message"
expect_exit 0 "AF_VSOCK denied with EPERM" "$seccompc" simulate $profile "${target[@]}" --syscall socket --args 40,1 --expect 'ERRNO(EPERM)'
expect_exit 0 "ERRNO matches any errno" "$seccompc" simulate $profile "${target[@]}" --syscall socket --args 40 --expect SCMP_ACT_ERRNO
expect_exit 2 "unknown expected action" "$seccompc" simulate $profile "${target[@]}" --syscall getpid --expect MAYBE

# --json: one object with the verdict.
expect_exit 0 "json" "$seccompc" simulate $profile "${target[@]}" --syscall socket --args 2,1 --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["action"]=="ALLOW" and d["syscall"]=="socket" and d["args"][0]==2 and d["entry"]>=0, d' "$tmp/out" ||
  fail "json content"

# --abi, and an x32 number named as x32's without it.
expect_exit 0 "x32 number" "$seccompc" simulate $profile "${target[@]}" --syscall 0x40000029
expect_in "$tmp/out" "^x32 socket \(nr 1073741865\)" "x32 number named"
expect_exit 0 "--abi x86 by name" "$seccompc" simulate $profile "${target[@]}" --abi x86 --syscall socketcall --expect ALLOW
expect_in "$tmp/out" "^x86 socketcall \(nr 102\)" "i386 named"
expect_exit 0 "--abi not in the filter" "$seccompc" simulate $profile --arch x86_64 --kernel 6.1 --abi x86 --syscall 20 --expect KILL_PROCESS
expect_exit 2 "bad --abi" "$seccompc" simulate $profile --abi vax --syscall 1

# --syscall takes the register's value; the kernel reads its low 32 bits as
# the number (rax 0x10000006f runs getpgrp on x86_64), and says so.
expect_exit 0 "nr above 32 bits" "$seccompc" simulate $profile "${target[@]}" --syscall 0x10000006f --expect ALLOW
expect_in "$tmp/out" "^amd64 getpgrp \(nr 111\)" "high bits of nr dropped"
expect_in "$tmp/err" "note: the kernel reads the low 32 bits of the syscall number register: 0x10000006f is nr 111 \(getpgrp\)" "low 32 bits note"
expect_exit 0 "nr with the sign bit" "$seccompc" simulate $profile "${target[@]}" --syscall 0x8000000000000087 --args 0x1ffffffff --expect 'ERRNO(1)'
expect_in "$tmp/out" "^amd64 personality \(nr 135\)" "personality by its low word"
# docs/tools.md's example, output included.
"$seccompc" simulate $profile --arch x86_64,x86,x32 --syscall 0x8000000000000087 --args 0x1ffffffff >"$tmp/out" 2>&1
expect_in "$tmp/out" "^seccompc: note: the kernel reads the low 32 bits of the syscall number register: 0x8000000000000087 is nr 135 \(personality\)$" "docs: note"
expect_in "$tmp/out" "^amd64 personality \(nr 135\) args \[0x1ffffffff, 0x0, 0x0, 0x0, 0x0, 0x0\]: ERRNO\(1\) \(0x00050001\) by default action after [0-9]+ instructions$" "docs: verdict"
expect_exit 0 "x32 bit in the low word" "$seccompc" simulate $profile "${target[@]}" --syscall 0x140000029
expect_in "$tmp/out" "^x32 socket \(nr 1073741865\)" "x32 by the low word"
expect_exit 0 "no note for a 32-bit nr" "$seccompc" simulate $profile "${target[@]}" --syscall 111
! grep -q "note:" "$tmp/err" || fail "a note for a 32-bit nr"

# 32-bit ABIs read constants as 32-bit values: -1 written as a 64-bit value
# matches the i386 -1, whatever the high word; 2^32 is none and never
# matches there (a warning, an error under --strict).
cat >"$tmp/minus1.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [
  {"names": ["gettid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
   "args": [{"index": 0, "value": 18446744073709551615, "op": "SCMP_CMP_EQ"}]},
  {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
   "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_NE"}]}]}
JSON
for a in 0xffffffff -1 0x1ffffffff; do
  expect_exit 0 "i386 gettid($a) denied" "$seccompc" simulate "$tmp/minus1.json" "${target[@]}" --abi x86 --syscall gettid --args $a --expect 'ERRNO(13)'
done
expect_exit 0 "x86_64 gettid(-1) denied" "$seccompc" simulate "$tmp/minus1.json" "${target[@]}" --syscall gettid --args -1 --expect 'ERRNO(13)'
expect_exit 0 "x86_64 gettid(0xffffffff) allowed" "$seccompc" simulate "$tmp/minus1.json" "${target[@]}" --syscall gettid --args 0xffffffff --expect ALLOW
expect_exit 0 "i386 NE 2^32 never holds" "$seccompc" simulate "$tmp/minus1.json" "${target[@]}" --abi x86 --syscall getppid --args 5 --expect ALLOW
expect_in "$tmp/err" "syscalls\[1\].args\[0\]: .*constant 0x100000000 is not a 32-bit value.*on x86 .*never holds" "warning for 2^32"
expect_exit 0 "x86_64 NE 2^32 holds" "$seccompc" simulate "$tmp/minus1.json" "${target[@]}" --syscall getppid --args 5 --expect 'ERRNO(13)'
expect_exit 1 "--strict refuses 2^32 on i386" "$seccompc" simulate --strict "$tmp/minus1.json" "${target[@]}" --syscall getppid
expect_in "$tmp/err" "minus1.json:[0-9]+:[0-9]+: syscalls\[1\].args\[0\]: error \(strict\): constant 0x100000000" "strict error with position"

# Strict --args.
expect_exit 2 "empty argument" "$seccompc" simulate $profile --syscall getpid --args 1,,2
expect_in "$tmp/err" "argument 1 is empty" "empty argument named"
expect_exit 2 "trailing comma" "$seccompc" simulate $profile --syscall getpid --args 1,
expect_exit 2 "not a number" "$seccompc" simulate $profile --syscall getpid --args 0x
expect_exit 2 "seven arguments" "$seccompc" simulate $profile --syscall getpid --args 1,2,3,4,5,6,7
expect_exit 2 "overflow" "$seccompc" simulate $profile --syscall getpid --args 0x10000000000000000
expect_exit 0 "negative is two's complement" "$seccompc" simulate $profile "${target[@]}" --syscall personality --args -1 --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["args"][0]==2**64-1, d' "$tmp/out" ||
  fail "-1 not 2^64-1"
expect_exit 0 "--args=-1" "$seccompc" simulate $profile "${target[@]}" --syscall personality --args=-1

# Batch file, against the profile and against its compiled program.
cat >"$tmp/cases" <<'CASES'
# Docker-like default: personality query allowed, others denied.
x86_64 personality 0xffffffff -> ALLOW
x86_64 personality 0x0040000 -> ERRNO(1)
x32 read -> ALLOW
x86 socket 40 1 -> ERRNO(EPERM)
x86_64 socket 2 1 -> ALLOW
x86_64 reboot -> ERRNO(1)
CASES
expect_exit 0 "batch on the profile" "$seccompc" simulate $profile "${target[@]}" --batch "$tmp/cases"
expect_in "$tmp/out" "6 case\(s\), 0 failed" "batch summary"
"$seccompc" compile $profile "${target[@]}" -o "$tmp/p.bpf" 2>/dev/null
"$seccompc" compile $profile "${target[@]}" --format base64 -o "$tmp/p.b64" 2>/dev/null
expect_exit 0 "batch on the raw program" "$seccompc" simulate "$tmp/p.bpf" --batch "$tmp/cases"
expect_exit 0 "batch on base64 from stdin" "$seccompc" simulate - --batch "$tmp/cases" <"$tmp/p.b64"
echo "x86_64 reboot -> ALLOW" >"$tmp/wrong"
expect_exit 1 "batch with a wrong case" "$seccompc" simulate "$tmp/p.bpf" --batch "$tmp/wrong"
expect_in "$tmp/out" "wrong:1: FAIL: amd64 reboot: got ERRNO\(1\)" "failing case named"
expect_exit 1 "batch json" "$seccompc" simulate "$tmp/p.bpf" --batch "$tmp/wrong" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[0]["ok"] is False and d[0]["line"]==1, d' "$tmp/out" ||
  fail "batch json"
echo "x86_64 reboot ALLOW" >"$tmp/bad"
expect_exit 2 "malformed case" "$seccompc" simulate "$tmp/p.bpf" --batch "$tmp/bad"
expect_in "$tmp/err" "bad:1: expected" "malformed case position"
expect_exit 0 "program, single case" "$seccompc" simulate "$tmp/p.bpf" --syscall getpid --expect ALLOW
printf 'garbage' >"$tmp/garbage"
expect_exit 1 "not a program" "$seccompc" simulate "$tmp/garbage" --syscall getpid

# disasm: raw file, base64 file, stdin.
expect_exit 0 "disasm raw" "$seccompc" disasm "$tmp/p.bpf"
cp "$tmp/out" "$tmp/raw.lst"
expect_exit 0 "disasm base64" "$seccompc" disasm "$tmp/p.b64"
cmp -s "$tmp/out" "$tmp/raw.lst" || fail "base64 listing differs"
expect_exit 0 "disasm stdin" "$seccompc" disasm - <"$tmp/p.bpf"
cmp -s "$tmp/out" "$tmp/raw.lst" || fail "stdin listing differs"
expect_in "$tmp/raw.lst" "AUDIT_ARCH_X86_64" "listing names the arch"

finish

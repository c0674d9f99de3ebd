#!/usr/bin/env bash
# seccompc simulate as scripts use it: --expect, --json, --abi, batch files,
# compiled programs (raw, base64, stdin) as input, strict --args; disasm of
# raw, base64 and stdin.
set -u
seccompc=$1
profile=profiles/default.json
target=(--arch x86_64,x86,x32 --kernel 6.1)

# shellcheck source=tests/tools/cli_test_lib.sh
source tests/tools/cli_test_lib.sh

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
  { echo "FAIL: json content"; fails=$((fails + 1)); }

# --abi, and an x32 number named as x32's without it.
expect_exit 0 "x32 number" "$seccompc" simulate $profile "${target[@]}" --syscall 0x40000029
expect_in "$tmp/out" "^x32 socket \(nr 1073741865\)" "x32 number named"
expect_exit 0 "--abi x86 by name" "$seccompc" simulate $profile "${target[@]}" --abi x86 --syscall socketcall --expect ALLOW
expect_in "$tmp/out" "^x86 socketcall \(nr 102\)" "i386 named"
expect_exit 0 "--abi not in the filter" "$seccompc" simulate $profile --arch x86_64 --kernel 6.1 --abi x86 --syscall 20 --expect KILL_PROCESS
expect_exit 2 "bad --abi" "$seccompc" simulate $profile --abi vax --syscall 1

# Strict --args.
expect_exit 2 "empty argument" "$seccompc" simulate $profile --syscall getpid --args 1,,2
expect_in "$tmp/err" "argument 1 is empty" "empty argument named"
expect_exit 2 "trailing comma" "$seccompc" simulate $profile --syscall getpid --args 1,
expect_exit 2 "not a number" "$seccompc" simulate $profile --syscall getpid --args 0x
expect_exit 2 "seven arguments" "$seccompc" simulate $profile --syscall getpid --args 1,2,3,4,5,6,7
expect_exit 2 "overflow" "$seccompc" simulate $profile --syscall getpid --args 0x10000000000000000
expect_exit 0 "negative is two's complement" "$seccompc" simulate $profile "${target[@]}" --syscall personality --args -1 --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["args"][0]==2**64-1, d' "$tmp/out" ||
  { echo "FAIL: -1 not 2^64-1"; fails=$((fails + 1)); }
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
  { echo "FAIL: batch json"; fails=$((fails + 1)); }
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
cmp -s "$tmp/out" "$tmp/raw.lst" || { echo "FAIL: base64 listing differs"; fails=$((fails + 1)); }
expect_exit 0 "disasm stdin" "$seccompc" disasm - <"$tmp/p.bpf"
cmp -s "$tmp/out" "$tmp/raw.lst" || { echo "FAIL: stdin listing differs"; fails=$((fails + 1)); }
expect_in "$tmp/raw.lst" "AUDIT_ARCH_X86_64" "listing names the arch"

finish_cli_test

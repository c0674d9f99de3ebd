#!/usr/bin/env bash
# seccompc check: exit codes 0 (valid) / 1 (invalid, with FILE:LINE:COL) /
# 2 (usage), on the project's profiles and, when present, the real-world set.
set -u
seccompc=$1

# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)

for f in profiles/*.json; do
  expect_exit 0 "check $f" "$seccompc" check "$f" --kernel 6.1
  grep -q "amd64 (SCMP_ARCH_X86_64): [0-9]* syscalls: .*ALLOW [0-9]" "$tmp/out" ||
    { fail "$f summary missing"; cat "$tmp/out"; }
done

root=$(dirname "$(realpath profiles/default.json)")/..
if compgen -G "$root/../shared/realworld/*.json" >/dev/null; then
  for f in "$root"/../shared/realworld/*.json; do
    expect_exit 0 "check $(basename "$f") for x86_64" "$seccompc" check "$f" --arch x86_64,x86,x32 --kernel 6.1
    # Warnings only for names the tables lack.
    if grep -v "unknown syscall" "$tmp/err" | grep -q warning; then
      fail "unexpected warnings for $f"; cat "$tmp/err"
    fi
  done
else
  echo "skip: no ../shared/realworld"
fi

# A broken profile: the error names file, line and column.
printf '{\n  "defaultAction": "SCMP_ACT_ERRNO",\n  "syscalls": [\n    {"names": ["read"], "action": "SCMP_ACT_ALLOW",\n     "args": [{"index": 9, "value": 1, "op": "SCMP_CMP_EQ"}]}\n  ]\n}\n' >"$tmp/broken.json"
expect_exit 1 "broken profile" "$seccompc" check "$tmp/broken.json"
grep -q "broken.json:5:25: syscalls\[0\].args\[0\].index: expected an argument index" "$tmp/err" ||
  { fail "error position"; cat "$tmp/err"; }
expect_exit 1 "missing file" "$seccompc" check "$tmp/none.json"
expect_exit 1 "strict unknown name" "$seccompc" check --strict /dev/stdin < /dev/null
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["nosuchcall"], "action": "SCMP_ACT_ERRNO"}]}' >"$tmp/unknown.json"
expect_exit 0 "unknown name warns" "$seccompc" check "$tmp/unknown.json"
grep -q 'unknown syscall "nosuchcall"' "$tmp/err" || fail "no warning"
expect_exit 1 "unknown name under --strict" "$seccompc" check --strict "$tmp/unknown.json"

# simulate takes names and numbers in C syntax; both answers must agree.
expect_exit 0 "simulate by name" "$seccompc" simulate profiles/default.json --arch x86_64,x86,x32 --syscall getpid
grep -q ": ALLOW (0x7fff0000) by syscalls" "$tmp/out" || { fail "getpid not allowed"; cat "$tmp/out"; }
expect_exit 0 "simulate an x32 number in hex" "$seccompc" simulate profiles/default.json --arch x32 --syscall 0x40000027
grep -q "x32 getpid (nr 1073741863)" "$tmp/out" || { fail "hex x32 number"; cat "$tmp/out"; }
expect_exit 0 "simulate a denied call" "$seccompc" simulate profiles/default.json --arch x86_64 --syscall socket --args 40,1
grep -q ": ERRNO(1) (0x00050001) by default action" "$tmp/out" || { fail "AF_VSOCK not denied"; cat "$tmp/out"; }
# i386 decides on the low word: socket(0x100000026) is socket(38), denied
# (simulate also checks junk high words on 32-bit ABIs and fails otherwise).
expect_exit 0 "simulate i386 with a junk high word" "$seccompc" simulate profiles/default.json --arch x86 --syscall socket --args 0x100000026,1
grep -q ": ERRNO(1) (0x00050001)" "$tmp/out" ||
  { fail "i386 socket(0x100000026) not denied"; cat "$tmp/out"; }
expect_exit 2 "simulate a bad number" "$seccompc" simulate profiles/default.json --syscall 12x

# Usage errors.
expect_exit 2 "no command" "$seccompc"
expect_exit 2 "unknown command" "$seccompc" frobnicate
expect_exit 2 "check without profile" "$seccompc" check
expect_exit 2 "unknown option" "$seccompc" check profiles/default.json --colour
grep -q 'unknown flag "--colour"' "$tmp/err" ||
  { fail "the unknown flag is not named"; cat "$tmp/err"; }
expect_exit 2 "flag without its value" "$seccompc" check profiles/default.json --arch
expect_exit 2 "bad bool" "$seccompc" check profiles/default.json --strict=maybe
# The same parser as seccomp-launch: flags may come from a flagfile.
printf -- '--arch=x86\n# a comment\n--caps=none\n' >"$tmp/flags"
expect_exit 0 "flagfile" "$seccompc" check profiles/default.json --flagfile="$tmp/flags"
grep -q "^x86 (SCMP_ARCH_X86)" "$tmp/out" && ! grep -q "^amd64" "$tmp/out" ||
  { fail "--flagfile's --arch=x86 not applied"; cat "$tmp/out"; }
expect_exit 2 "bad --arch" "$seccompc" check profiles/default.json --arch vax
expect_exit 2 "bad --caps" "$seccompc" check profiles/default.json --caps CAP_MAGIC
expect_exit 2 "bad --kernel" "$seccompc" check profiles/default.json --kernel x

finish

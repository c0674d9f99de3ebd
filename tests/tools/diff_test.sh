#!/usr/bin/env bash
# seccompc diff: equivalent rewrites diff equal (exit 0), real changes are
# listed per ABI with regions and entries (exit 1), errors exit 2; Docker's
# 2019 and current default profiles when ../shared is present.
set -u
seccompc=$1
data=tests/tools/testdata/rewrites
target=(--arch x86_64,x86,x32 --kernel 6.1)

# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)

# Equivalent rewrites of profiles/default.json (generated once, committed):
# entries and names reversed, one entry per name, entries with the same
# action/args/includes merged. For every capability set the launcher uses.
for caps in none docker all; do
  for f in reordered split merged; do
    expect_exit 0 "$f.json equals original.json (caps $caps)" \
      "$seccompc" diff $data/original.json $data/$f.json "${target[@]}" --caps $caps
    expect_in "$tmp/out" "have the same meaning" "$f: same meaning said"
  done
done
# Different conditions with the same meaning (LT 38 vs [0,20) + [20,37];
# one mask vs two masks): equal.
expect_exit 0 "LT vs LE and split ranges, split masks" "$seccompc" diff $data/socket_lt.json $data/socket_le.json --arch x86_64
expect_exit 0 "symmetric" "$seccompc" diff $data/socket_le.json $data/socket_lt.json --arch x86_64

# A real change: socket family 38 allowed, getpid ERRNO(38), read removed.
expect_exit 1 "changed profile" "$seccompc" diff $data/socket_lt.json $data/socket_changed.json --arch x86_64
expect_in "$tmp/out" "^amd64: 3 syscall\(s\) change" "count"
expect_in "$tmp/out" "^  read: ALLOW -> ERRNO\(1\)  \[old: syscalls\[0\] \(line 4\); new: default action\]" "read"
expect_in "$tmp/out" "^  getpid: ERRNO\(1\) -> ERRNO\(38\)  \[old: default action; new: syscalls\[1\] \(line 5\)\]" "getpid"
expect_in "$tmp/out" "^    arg0 == 0x26: ERRNO\(1\) -> ALLOW  \[old: default action; new: syscalls\[2\] \(line 6\)\]" "socket region"
if grep -q clone "$tmp/out"; then fail "clone reported"; fi
expect_exit 1 "changed profile, json" "$seccompc" diff $data/socket_lt.json $data/socket_changed.json --arch x86_64 --json
python3 - "$tmp/out" <<'PY' || fail "json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["equal"] is False
s = {c["name"]: c for c in d["arches"][0]["syscalls"]}
assert set(s) == {"read", "getpid", "socket"}, s.keys()
r = s["socket"]["regions"]
assert len(r) == 1 and r[0]["args"] == "arg0 == 0x26" and r[0]["new_by"]["entry"] == 2, r
PY
# Errors exit 2.
expect_exit 2 "missing file" "$seccompc" diff $data/socket_lt.json $tmp/none.json
expect_exit 2 "one argument" "$seccompc" diff $data/socket_lt.json
printf '{"defaultAction": 1}' >"$tmp/bad.json"
expect_exit 2 "invalid profile" "$seccompc" diff $data/socket_lt.json $tmp/bad.json

# The entry-order lint (how libseccomp would read the profile) is not part
# of a meaning: diff skips it, unless --strict makes its warnings errors.
cat >"$tmp/order.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [
  {"names": ["socket"], "action": "SCMP_ACT_ERRNO",
   "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}]},
  {"names": ["socket"], "action": "SCMP_ACT_KILL"}]}
JSON
expect_exit 0 "order-dependent profile vs itself" "$seccompc" diff "$tmp/order.json" "$tmp/order.json" --arch x86_64
if grep -q "depends on entry order" "$tmp/err"; then fail "diff ran the order lint"; fi
expect_exit 2 "order-dependent profile, --strict" "$seccompc" diff "$tmp/order.json" "$tmp/order.json" --arch x86_64 --strict
expect_in "$tmp/err" "depends on entry order" "diff --strict runs the order lint"

# Docker's default of 2019 vs today's.
root=$(dirname "$(realpath profiles/default.json)")/..
shared=$root/../shared/realworld
if [[ -f $shared/moby-2019-default.json && -f $shared/moby-default.json ]]; then
  expect_exit 1 "moby 2019 vs current" "$seccompc" diff "$shared/moby-2019-default.json" "$shared/moby-default.json" "${target[@]}" --caps docker
  expect_in "$tmp/out" "^  clone3: ERRNO\(1\) -> ERRNO\(38\)" "clone3 now ENOSYS"
  expect_in "$tmp/out" "^  socket: depends on arguments" "socket now arg-dependent"
  expect_in "$tmp/out" "^    arg0 == 0x28: ALLOW -> ERRNO\(1\)" "AF_VSOCK now denied"
  expect_in "$tmp/out" "^x86: [0-9]+ syscall" "i386 part"
  expect_exit 0 "moby current vs itself" "$seccompc" diff "$shared/moby-default.json" "$shared/moby-default.json" "${target[@]}"
else
  echo "skip: moby 2019 vs current: $shared not present (../shared is outside the repository)"
fi

finish

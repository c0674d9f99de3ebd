#!/usr/bin/env bash
# A profile that fits must not fail for an allocation made only to go
# faster: the parser reserves room for entries from the first entry's size,
# which a small first entry followed by megabytes of whitespace makes far
# too high. Under an address-space limit (ulimit -v) that reservation once
# threw std::bad_alloc and killed seccompc (terminate) on a valid profile.
set -u
seccompc=$1

# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)

python3 - "$tmp/tiny-first.json" <<'PY'
import sys
head = '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}'
with open(sys.argv[1], "w") as f:
    f.write(head + " " * (40 << 20) + "]}\n")
PY

# 200 MB of address space: the profile needs a fraction of it; the old
# estimate asked for more (it passed under 400 MB, failed under 200 MB).
(ulimit -v 200000 && "$seccompc" check "$tmp/tiny-first.json" --arch x86_64) \
  >"$tmp/out" 2>"$tmp/err"
status=$?
((status == 0)) || { fail "check under ulimit -v 200000 exited $status"; show stderr "$tmp/err"; }
expect_in "$tmp/out" "valid" "the profile is reported valid"
grep -q "bad_alloc\|terminate" "$tmp/err" && fail "seccompc died: $(head -c 300 "$tmp/err")"

finish

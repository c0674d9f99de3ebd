#!/usr/bin/env bash
# `seccompc prove`: the compiler's own program is proved; a mutant (one
# comparison constant changed) is refuted, and the counterexample line, fed
# to `seccompc simulate` on the profile and on the mutant, gives two
# different verdicts. `check` says what it proved; `compile --noprove` runs.
set -euo pipefail
seccompc=$1
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)
target=(--arch x86_64,x86,x32 --caps docker --kernel 6.1)
profile=profiles/default.json

"$seccompc" compile "$profile" "${target[@]}" -o "$tmp/p.bpf" 2>/dev/null
"$seccompc" compile "$profile" "${target[@]}" --noprove -o "$tmp/n.bpf" 2>/dev/null
cmp -s "$tmp/p.bpf" "$tmp/n.bpf" || die "--noprove changed the program"
out=$("$seccompc" prove "$profile" "$tmp/p.bpf" "${target[@]}") \
  || die "the compiler's program is not proved: $out"
grep -q "^proved for x86_64+x86+x32" <<<"$out" || die "prove printed '$out'"
base64 "$tmp/p.bpf" | "$seccompc" prove "$profile" - "${target[@]}" >/dev/null \
  || die "base64 on stdin not proved"
"$seccompc" check "$profile" "${target[@]}" | grep -qx "proved for x86_64+x86+x32" \
  || die "check does not say what it proved"

# The mutant: the first `jeq` on an argument word gets its constant + 1.
python3 - "$tmp/p.bpf" "$tmp/m.bpf" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
insns = [list(struct.unpack_from("<HBBI", data, 8 * i)) for i in range(len(data) // 8)]
a_is_arg = False
for i, (code, jt, jf, k) in enumerate(insns):
    if code == 0x20:  # ld [k]
        a_is_arg = k >= 16
    elif code == 0x15 and a_is_arg:  # jeq #k on an argument word
        struct.pack_into("<HBBI", data, 8 * i, code, jt, jf, (k + 1) & 0xffffffff)
        break
else:
    sys.exit("no argument comparison")
open(sys.argv[2], "wb").write(data)
PY
set +e
out=$("$seccompc" prove "$profile" "$tmp/m.bpf" "${target[@]}")
code=$?
set -e
[[ $code == 1 ]] || die "the mutant: exit $code, '$out'"
line=$(grep "^counterexample: " <<<"$out") || die "no counterexample line: $out"
read -r _ abi nr a0 a1 a2 a3 a4 a5 <<<"$line"
grep -q "^program: " <<<"$out" || die "no program verdict"
grep -q "^profile: " <<<"$out" || die "no profile verdict"
args="$a0,$a1,$a2,$a3,$a4,$a5"
v1=$("$seccompc" simulate "$profile" --abi "$abi" --syscall "$nr" --args "$args" "${target[@]}" 2>&1 | head -1)
v2=$("$seccompc" simulate "$tmp/m.bpf" --abi "$abi" --syscall "$nr" --args "$args" "${target[@]}" 2>&1 | head -1)
[[ "$v1" != "$v2" ]] || die "simulate agrees on the counterexample: '$v1'"

# Usage errors and undecided: exit 2.
set +e
"$seccompc" prove "$profile" >/dev/null 2>&1; [[ $? == 2 ]] || die "usage"
printf 'xx' >"$tmp/bad.bpf"
"$seccompc" prove "$profile" "$tmp/bad.bpf" "${target[@]}" >/dev/null 2>&1
[[ $? == 2 ]] || die "a non-program is not a usage error"
echo PASS

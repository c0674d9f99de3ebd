#!/usr/bin/env bash
# merge_static.sh OUT.a SYMBOLS ARCHIVE... -- LINKOPT...
# See dist.bzl. -lNAME linkopts are taken from libNAME.a where one exists
# (Abseil); libraries without one (rt, atomic) stay the user's to link.
set -euo pipefail
out=$1 symbols=$2
shift 2
own=()
while (( $# )) && [[ $1 != -- ]]; do own+=("$1"); shift; done
shift || true
system=()
for flag in "$@"; do
  for f in ${flag//,/ }; do
    [[ $f == -l* ]] || continue
    a=$(gcc -print-file-name="lib${f#-l}.a")
    [[ $a == /* && -f $a ]] && system+=("$a")
  done
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Own archives whole (the API object has no caller inside), system
# archives only for what they resolve; then hide all but the C API.
ld -r -o "$tmp/all.o" --whole-archive "${own[@]}" --no-whole-archive \
  --start-group "${system[@]}" --end-group
objcopy --keep-global-symbols="$symbols" "$tmp/all.o" "$tmp/seccompc.o"
rm -f "$out"
ar rcsD "$out" "$tmp/seccompc.o"

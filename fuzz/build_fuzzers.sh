#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + libFuzzer):
#   fuzz/build_fuzzers.sh [OUT_DIR]      (default /tmp/seccompc-fuzz)
# -> OUT_DIR/parser_fuzzer, OUT_DIR/compile_fuzzer, OUT_DIR/proof_fuzzer
#
# Bazel's toolchain here is gcc, which has no libFuzzer, so the sources are
# compiled directly. Which sources: whatever //fuzz:fuzz_invariants depends
# on inside the project, asked from `bazel query`, so the list cannot go
# stale when the compiler gains a file.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/seccompc-fuzz}
mkdir -p "$out/obj"

CXX=${CXX:-clang++}
# shellcheck disable=SC2054 # the commas are inside -fsanitize=
flags=(-std=c++17 -g -O1 -fno-omit-frame-pointer -I.
  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all)

mapfile -t sources < <(bazel query --noshow_progress \
  'kind("source file", deps(//fuzz:fuzz_invariants))' 2>/dev/null |
  grep -E '^//[^@].*\.cc$' | sed -e 's|^//||' -e 's|:|/|' -e 's|^/||')
if ((${#sources[@]} < 5)); then
  echo "bazel query found no sources" >&2
  exit 1
fi

objs=()
for src in "${sources[@]}"; do
  obj="$out/obj/${src//\//_}.o"
  # Rebuild when the source or any project header is newer.
  if [[ ! -f $obj || $src -nt $obj ]] ||
    [[ -n $(find compiler fuzz -name '*.h' -newer "$obj" -print -quit) ]]; then
    echo "CXX $src"
    # Written under a temporary name: a half-written object never counts.
    ("$CXX" "${flags[@]}" -c "$src" -o "$obj.$$" && mv "$obj.$$" "$obj") &
    # Two at a time: the machines have two cores.
    if (($(jobs -r | wc -l) >= 2)); then wait -n; fi
  fi
  objs+=("$obj")
done
wait
for obj in "${objs[@]}"; do
  [[ -f $obj ]] || { echo "compile failed: $obj" >&2; exit 1; }
done

mapfile -t absl_libs < <(pkg-config --libs absl_status absl_statusor \
  absl_strings absl_str_format absl_hash absl_raw_hash_set absl_int128 | tr ' ' '\n' | grep -v '^$')

for fuzzer in parser_fuzzer compile_fuzzer proof_fuzzer; do
  echo "LINK $out/$fuzzer"
  "$CXX" "${flags[@]}" -fsanitize=fuzzer "fuzz/$fuzzer.cc" "${objs[@]}" \
    "${absl_libs[@]}" -o "$out/$fuzzer.$$"
  mv "$out/$fuzzer.$$" "$out/$fuzzer"
done

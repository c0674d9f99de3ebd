#!/usr/bin/env bash
# Minimizes a seed corpus with libFuzzer's -merge=1, keeping its coverage:
#   fuzz/minimize_corpus.sh [--dry-run] parser|compile
# Builds the fuzzers first unless SKIP_BUILD=1 (build_fuzzers.sh, into $OUT,
# default /tmp/seccompc-fuzz). --dry-run prints the merge it would run and
# changes nothing.
#
# Two kinds of seeds live in fuzz/corpus/NAME: hand-written ones with a
# descriptive name (kept as they are), and fuzzer outputs named by their
# SHA-1 (40 hex digits). The merge starts from profiles/*.json and the
# hand-written seeds (the regression test runs profiles/ directly, so
# their coverage needs no copy) and adds only the fuzzer outputs that
# reach something new; those replace the old outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
dry_run=0
if [[ ${1:-} == --dry-run ]]; then
  dry_run=1
  shift
fi
name=${1:?usage: fuzz/minimize_corpus.sh [--dry-run] parser|compile}
[[ $name == parser || $name == compile ]] || {
  echo "minimize_corpus: parser or compile, not \"$name\"" >&2
  exit 2
}
out=${OUT:-/tmp/seccompc-fuzz}
corpus=fuzz/corpus/$name
is_output() { [[ $(basename "$1") =~ ^[0-9a-f]{40}$ ]]; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/base" "$work/outputs"
cp profiles/*.json "$work/base/"
for f in "$corpus"/*; do
  if is_output "$f"; then cp "$f" "$work/outputs/"; else cp "$f" "$work/base/"; fi
done
# -use_counters=0: an input is kept for an edge nothing else reaches, not
# for reaching a known edge more often (with counters, 551 of 708 outputs
# stayed; without, 218, and libFuzzer's "cov:" is the same 1941).
merge=("$out/${name}_fuzzer" -merge=1 -use_counters=0 -max_len=262144 -timeout=30
  -rss_limit_mb=4096 "$work/base" "$work/outputs")
if ((dry_run)); then
  echo "would run: ${merge[*]}"
  count() { find "$1" -type f | wc -l; }
  echo "on $(count "$work/outputs") fuzzer outputs of $corpus, from $(count "$work/base") seeds and profiles"
  exit 0
fi

[[ ${SKIP_BUILD:-0} == 1 ]] || fuzz/build_fuzzers.sh "$out"
before=$(ls "$work/base")
"${merge[@]}"
for f in "$corpus"/*; do is_output "$f" && rm "$f"; done
added=0
for f in "$work/base"/*; do
  if ! grep -qxF "$(basename "$f")" <<<"$before"; then
    cp "$f" "$corpus/"
    added=$((added + 1))
  fi
done
echo "minimize_corpus: $corpus keeps $added fuzzer output(s), $(du -sh "$corpus" | cut -f1) in all"

#!/usr/bin/env bash
# Runs one libFuzzer target for a while on a working copy of the corpus:
#   fuzz/run_fuzzer.sh parser|compile|proof SECONDS [libFuzzer flags...]
# Builds the fuzzers first unless SKIP_BUILD=1 (build_fuzzers.sh, into $OUT, default
# /tmp/seccompc-fuzz). The working corpus $OUT/corpus-NAME starts from
# fuzz/corpus/NAME, profiles/*.json, and the real-world profiles when
# present (*.json in $SECCOMPC_REALWORLD_DIR, else in ../shared/realworld
# beside the checkout; not the project's to commit); new inputs stay there. Crashers land in
# $OUT/artifacts-NAME/. Exit status: libFuzzer's (non-zero on a finding).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?parser, compile or proof}
seconds=${2:?seconds}
shift 2
out=${OUT:-/tmp/seccompc-fuzz}

# SKIP_BUILD=1: use the binaries as they are (e.g. two runs at once).
[[ ${SKIP_BUILD:-0} == 1 ]] || fuzz/build_fuzzers.sh "$out"
work="$out/corpus-$name"
mkdir -p "$work" "$out/artifacts-$name"
# The proof fuzzer starts from the compile seeds.
seeds=fuzz/corpus/$name
[[ $name == proof ]] && seeds=fuzz/corpus/compile
cp -n "$seeds"/* profiles/*.json "$work"/
realworld=${SECCOMPC_REALWORLD_DIR:-../shared/realworld}
if compgen -G "$realworld/*.json" >/dev/null; then
  cp -n "$realworld"/*.json "$work"/
fi

exec "$out/${name}_fuzzer" "$work" -dict=fuzz/profile.dict \
  -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
  -max_len=262144 -print_final_stats=1 \
  -artifact_prefix="$out/artifacts-$name/" "$@"

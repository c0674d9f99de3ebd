#!/usr/bin/env bash
# The proof's cost in a fresh process (the runtime's case: one compile per
# process, cold tables and fresh memory): `seccompc compile` of one profile
# with and without --noprove, interleaved, medians of wall and CPU time
# (bench/spawn_time.c). Extra seccompc binaries (say, a copy built before a
# change) are timed the same way, interleaved in the same run.
#   bench/proof_fresh_time.sh [ROUNDS] [PROFILE] [OTHER_SECCOMPC...]
#   (defaults: 200, profiles/default.json)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-200}
profile=$(realpath "${2:-profiles/default.json}")
shift $(($# < 2 ? $# : 2))
dir=$(mktemp -d "${TMPDIR:-/tmp}/proof-fresh-time.XXXXXX")
trap 'rm -rf "$dir"' EXIT
bazel build -c opt //compiler/cli:seccompc //bench:spawn_time 2>/dev/null
bin=$(bazel info -c opt bazel-bin 2>/dev/null)
cp "$bin/compiler/cli/seccompc" "$bin/bench/spawn_time" "$dir/"
commands=()
i=0
for seccompc in "$dir/seccompc" "$@"; do
  cp "$seccompc" "$dir/seccompc.$i"
  echo "seccompc.$i: $seccompc"
  commands+=("$dir/seccompc.$i" compile "$profile" -o /dev/null --noprove :::
             "$dir/seccompc.$i" compile "$profile" -o /dev/null :::)
  i=$((i + 1))
done
unset 'commands[${#commands[@]}-1]'  # the last separator
echo "machine: $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)"
"$dir/spawn_time" "$rounds" "${commands[@]}"

#!/usr/bin/env bash
# Launch cost (issue 12, target 1): wall time of a whole launch against
# /bin/true alone, interleaved, medians. Builds the binaries with -c opt.
#   bench/launch_time.sh [ROUNDS]     (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-300}
bazel build -c opt //compiler/cli:seccompc //runtime:seccomp-launch //bench:spawn_time 2>/dev/null
bin=$(bazel info -c opt bazel-bin 2>/dev/null)
echo "machine: $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for b in seccompc seccomp-launch; do
  p=$(find "$bin" -maxdepth 3 -name "$b" -type f | head -1)
  echo "$b: NEEDED: $(readelf -d "$p" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')"
done
# Short names in the table: run from a folder of links.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ln -s "$bin/compiler/cli/seccompc" "$bin/runtime/seccomp-launch" "$PWD/profiles" "$dir/"
cd "$dir"
"$bin/bench/spawn_time" "$rounds" \
  /bin/true ::: \
  ./seccompc --version ::: \
  ./seccomp-launch --seccomp_config_dir=profiles \
    --seccomp_profile_name=default.json -- /bin/true

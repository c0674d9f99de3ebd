#!/usr/bin/env bash
# Launch cost: wall time of whole launches against
# /bin/true alone, interleaved in one run, medians (bench/spawn_time.c).
# Also the same binaries linked the old way (Abseil's .so files, dynamic
# glibc/libstdc++: --define=seccompc_dynamic=1 --define=seccompc_absl=shared),
# a launch with an empty profile (the compile and proof of a profile with
# no rules: the pipeline's fixed cost), an unconfined launch (no filter at
# all: the launcher's floor, its own start plus the exec), and the cached
# launch: --cache_dir after one launch has filled the cache.
#   bench/launch_time.sh [ROUNDS]     (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-300}
targets=(//compiler/cli:seccompc //runtime:seccomp-launch //bench:spawn_time)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bazel build -c opt --define=seccompc_dynamic=1 --define=seccompc_absl=shared "${targets[@]}" 2>/dev/null
bin=$(bazel info -c opt bazel-bin 2>/dev/null)
cp "$bin/compiler/cli/seccompc" "$dir/seccompc.dynamic"
cp "$bin/runtime/seccomp-launch" "$dir/seccomp-launch.dynamic"
bazel build -c opt "${targets[@]}" 2>/dev/null
cp "$bin/compiler/cli/seccompc" "$bin/runtime/seccomp-launch" "$bin/bench/spawn_time" "$dir/"
ln -s "$PWD/profiles" "$dir/profiles"
# A profile with no rules: the launcher's own cost without compile work.
mkdir "$dir/tiny"
echo '{"defaultAction": "SCMP_ACT_ALLOW"}' > "$dir/tiny/empty.json"
echo "machine: $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)"
cd "$dir"
for b in seccompc seccomp-launch seccompc.dynamic seccomp-launch.dynamic; do
  echo "$b: $(readelf -d "$b" | grep -c NEEDED) shared libraries NEEDED ($(ldd "$b" 2>/dev/null | grep -c '=>' || true) mapped with their dependencies)"
done
launch=(--seccomp_config_dir=profiles --seccomp_profile_name=default.json -- /bin/true)
# The cache rule (runtime/README.md): a root-owned cache outside /tmp,
# filled by root with --print, read by tasks that run as neither root nor
# its owner and hold no capability; so every variant runs as nobody.
cache=$(mktemp -d /var/cache/seccompc-launch-bench.XXXXXX)
chmod 755 "$cache" "$dir"
trap 'rm -rf "$dir" "$cache"' EXIT
cached=(--cache_dir="$cache" "${launch[@]}")
./seccomp-launch --quiet --caps=none --print --cache_dir="$cache" \
  "${launch[@]}" >/dev/null  # fills the cache
echo "cache: $(ls "$cache")"
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
  ./spawn_time "$rounds" \
  /bin/true ::: \
  ./seccompc --version ::: \
  ./seccomp-launch "${launch[@]}" ::: \
  ./seccomp-launch "${cached[@]}" ::: \
  ./seccomp-launch --seccomp_config_dir=tiny --seccomp_profile_name=empty.json -- /bin/true ::: \
  ./seccomp-launch --seccomp_config_dir=tiny --unconfined -- /bin/true ::: \
  ./seccompc.dynamic --version ::: \
  ./seccomp-launch.dynamic "${launch[@]}"

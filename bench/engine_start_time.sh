#!/usr/bin/env bash
# Container start time with seccompc-runtime against the engine's own path
# (crun compiling linux.seccomp with libseccomp), on Docker's default
# profile. One process runs every variant, interleaved round by round, and
# prints the median and quartiles of each (milliseconds of wall time for a
# whole `podman run --rm ... /bin/true`, resp. `ctr run --rm`).
#   bench/engine_start_time.sh [ROUNDS]      (root; from the checkout)
# Builds what it needs with bazel -c opt (static) first.
set -euo pipefail
rounds=${1:-21}
[[ $(id -u) == 0 ]] || { echo "needs root" >&2; exit 1; }
source tests/lib/container_host.sh
# Static, as the project links its binaries (a runtime pays the dynamic
# loader at every container start).
source bench/engine_bench_lib.sh
bench_runtime --linkopt=-static
bench_profile
tmp=$(mktemp -d /tmp/seccompc-bench.XXXXXX)
daemon=""
cleanup() {
  if [[ -n $daemon ]]; then kill "$daemon"; wait "$daemon" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
make_rootfs "$tmp/rootfs"
ln -s busybox "$tmp/rootfs/bin/true"
# The cache of compiled programs lives in the bench's folder. conmon
# clears the environment, so podman runs the runtime through
# write_podman_conf's wrapper, which sets it; here that wrapper is
# bench/runtime_shim.c's exec-only build instead of write_podman_conf's
# #!/bin/sh script (one small exec more per call on the seccompc side, not
# a shell's).
export SECCOMPC_RUNTIME_CACHE_DIR=$tmp/cache
write_podman_conf "$tmp" "$runtime"
cc -O2 -DREAL="\"$runtime\"" -DCACHE_DIR="\"$tmp/cache\"" \
  -o "$tmp/seccompc-runtime" bench/runtime_shim.c
start_containerd "$tmp"

# The wrapper's own share: compile linux.seccomp and rewrite config.json,
# then exec /bin/true instead of crun.
mkdir -p "$tmp/bundle"
python3 -c 'import json,sys; json.dump({"ociVersion": "1.0.2", "linux": {"seccomp": json.load(open(sys.argv[1]))}}, open(sys.argv[2], "w"))' \
  "$profile" "$tmp/bundle.json"

# The runs happen inside one private mount namespace (a shell that reads
# commands), so that its setup is not timed.
cat >"$tmp/runs.sh" <<SH
set -e
export CONTAINERS_CONF='$tmp/containers.conf'
now() { date +%s%N; }
podman_run() {
  podman --root '$tmp/storage' --runroot '$tmp/run' --runtime "\$1" \
    --cgroup-manager=cgroupfs run --rm --network=none \
    --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
    --security-opt seccomp='$profile' --rootfs '$tmp/rootfs' /bin/true
}
ctr_run() {
  ctr --address '$tmp/containerd.sock' run --rm --rootfs --runc-binary "\$1" \
    --seccomp --seccomp-profile '$profile' '$tmp/rootfs' "b\$2" /bin/true
}
podman_run crun; podman_run seccompc-runtime   # warm-up
ctr_run /usr/bin/crun w1; ctr_run '$runtime' w2
for r in \$(seq $rounds); do
  t0=\$(now); podman_run crun; t1=\$(now)
  podman_run seccompc-runtime; t2=\$(now)
  ctr_run /usr/bin/crun c\$r; t3=\$(now)
  ctr_run '$runtime' s\$r; t4=\$(now)
  cp '$tmp/bundle.json' '$tmp/bundle/config.json'; t5=\$(now)
  SECCOMPC_RUNTIME_CACHE_DIR=none SECCOMPC_RUNTIME_DELEGATE=/bin/true '$runtime' create --bundle '$tmp/bundle' x; t6=\$(now)
  cp '$tmp/bundle.json' '$tmp/bundle/config.json'; t7=\$(now)
  SECCOMPC_RUNTIME_DELEGATE=/bin/true '$runtime' create --bundle '$tmp/bundle' x; t8=\$(now)
  echo "podman+crun \$(( (t1 - t0) / 1000 ))"
  echo "podman+seccompc-runtime \$(( (t2 - t1) / 1000 ))"
  echo "containerd+crun \$(( (t3 - t2) / 1000 ))"
  echo "containerd+seccompc-runtime \$(( (t4 - t3) / 1000 ))"
  echo "seccompc-runtime-alone(compile+rewrite,delegate=/bin/true) \$(( (t6 - t5) / 1000 ))"
  echo "seccompc-runtime-alone(cache-hit+rewrite,delegate=/bin/true) \$(( (t8 - t7) / 1000 ))"
done
SH
"${private_mounts[@]}" sh "$tmp/runs.sh" </dev/null >"$tmp/times" 2>"$tmp/err" ||
  { cat "$tmp/err"; exit 1; }
python3 - "$tmp/times" "$rounds" "$profile" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    name, us = line.split()
    times.setdefault(name, []).append(int(us) / 1000.0)
print(f"{sys.argv[2]} interleaved rounds, profile {sys.argv[3].split('/')[-1]}, ms of wall time per run")
print("| engine + runtime | median | p25 | p75 | min |")
print("|---|---|---|---|---|")
for name, v in times.items():
    q = statistics.quantiles(v, n=4)
    print(f"| {name} | {statistics.median(v):.1f} | {q[0]:.1f} | {q[2]:.1f} | {min(v):.1f} |")
PY

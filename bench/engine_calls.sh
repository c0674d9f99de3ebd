#!/usr/bin/env bash
# Which runtime commands an engine runs per container, and what each costs,
# crun against seccompc-runtime (delegating to crun), Docker's default
# profile. Both runtimes sit behind the same logging shim
# (bench/runtime_shim.c: fork, exec, wait4), so the shim's own cost is on
# both sides. Rounds are interleaved: podman+crun, podman+seccompc-runtime,
# ctr+crun, ctr+seccompc-runtime. Prints per engine, runtime and command:
# calls per container, median wall ms, median CPU ms (user+sys of the
# runtime and the children it reaped), and the sum per container.
#   bench/engine_calls.sh [ROUNDS]      (root; from the checkout)
set -euo pipefail
rounds=${1:-15}
[[ $(id -u) == 0 ]] || { echo "needs root" >&2; exit 1; }
source tests/lib/container_host.sh
source bench/engine_bench_lib.sh
# shellcheck disable=SC2119  # no extra build flags
bench_runtime
bench_profile
tmp=$(mktemp -d /tmp/seccompc-calls.XXXXXX)
daemon=""
cleanup() {
  if [[ -n $daemon ]]; then kill "$daemon"; wait "$daemon" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -m 700 "$tmp/cache"
shim() {  # shim NAME REAL [extra -D...]
  cc -O2 -DREAL="\"$2\"" -DLOG="\"$tmp/calls.log\"" -DLABEL="\"$1\"" "${@:3}" \
    -o "$tmp/$1" bench/runtime_shim.c
}
shim crun /usr/bin/crun
shim seccompc-runtime "$runtime" -DCACHE_DIR="\"$tmp/cache\""
make_rootfs "$tmp/rootfs"
ln -s busybox "$tmp/rootfs/bin/true"
# Both runtimes by name, so that podman treats them alike (JSON errors
# in --log for each).
cat >"$tmp/containers.conf" <<CONF
[engine]
events_logger = "file"
events_logfile_path = "$tmp/events.log"
runtime_supports_json = ["crun-shim", "seccompc-shim"]
[engine.runtimes]
crun-shim = ["$tmp/crun"]
seccompc-shim = ["$tmp/seccompc-runtime"]
CONF
start_containerd "$tmp"
cat >"$tmp/runs.sh" <<SH
set -e
export CONTAINERS_CONF='$tmp/containers.conf'
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
podman_run crun-shim; podman_run seccompc-shim   # warm-up, fills the cache
ctr_run '$tmp/crun' w1; ctr_run '$tmp/seccompc-runtime' w2
: >'$tmp/calls.log'
for r in \$(seq $rounds); do
  echo "= podman" >>'$tmp/calls.log'; podman_run crun-shim
  echo "= podman" >>'$tmp/calls.log'; podman_run seccompc-shim
  echo "= containerd" >>'$tmp/calls.log'; ctr_run '$tmp/crun' c\$r
  echo "= containerd" >>'$tmp/calls.log'; ctr_run '$tmp/seccompc-runtime' s\$r
done
SH
"${private_mounts[@]}" sh "$tmp/runs.sh" </dev/null >"$tmp/out" 2>"$tmp/err" ||
  { cat "$tmp/err"; exit 1; }
echo "$rounds interleaved rounds, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), profile ${profile##*/}"
python3 - "$tmp/calls.log" "$rounds" <<'PY'
import collections, statistics, sys
wall = collections.defaultdict(list); cpu = collections.defaultdict(list)
per = collections.defaultdict(lambda: collections.defaultdict(int))
containers = collections.defaultdict(int)
engine = None; current = None
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == "=":
        engine = f[1]; current = None; continue
    label, w, u, s, rc, cmd = f[0], int(f[1]), int(f[2]), int(f[3]), f[4], f[5]
    if current is None:
        current = (engine, label); containers[current] += 1
    key = (engine, label, cmd)
    wall[key].append(w / 1000); cpu[key].append((u + s) / 1000)
    per[current][cmd] += 1
print("| engine | runtime | command | calls per container | median wall ms | median CPU ms |")
print("|---|---|---|--:|--:|--:|")
sums = collections.defaultdict(lambda: [0.0, 0.0])
for key in sorted(wall):
    e, l, c = key
    n = len(wall[key]) / containers[(e, l)]
    mw, mc = statistics.median(wall[key]), statistics.median(cpu[key])
    sums[(e, l)][0] += n * mw; sums[(e, l)][1] += n * mc
    print(f"| {e} | {l} | {c} | {n:.2f} | {mw:.1f} | {mc:.2f} |")
for (e, l), (w, c) in sorted(sums.items()):
    print(f"| {e} | {l} | all (sum of medians) | | {w:.1f} | {c:.2f} |")
PY

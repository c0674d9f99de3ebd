#!/usr/bin/env bash
# Pod start time on a Kubernetes node without a kubelet (the node of
# tests/engines/kubernetes_test.sh: a private containerd's CRI plugin,
# driven by the test's client, tests/engines/cri/cri_client.py): from
# RunPodSandbox until StartContainer has returned for one container running
# /bin/true, with RuntimeClass handler seccompc (seccompc-runtime in front
# of crun) against handler crun (crun compiling linux.seccomp with
# libseccomp). Rounds interleave the handlers; prints the median and
# quartiles per handler and profile (Localhost: Docker's current default;
# RuntimeDefault: containerd's built-in profile).
#   bench/cri_start_time.sh [ROUNDS]      (root; from the checkout)
# Builds what it needs with bazel -c opt (static) first.
set -euo pipefail
rounds=${1:-21}
[[ $(id -u) == 0 ]] || { echo "needs root" >&2; exit 1; }
source tests/lib/container_host.sh
source tests/engines/cri/cri_node.sh
require_cri_client
source bench/engine_bench_lib.sh
bench_runtime --linkopt=-static
bench_profile
tmp=$(mktemp -d /tmp/seccompc-cri-bench.XXXXXX)
daemon=""
cleanup() {
  if [[ -n $daemon ]]; then kill "$daemon"; wait "$daemon" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
make_rootfs "$tmp/rootfs"
ln -s busybox "$tmp/rootfs/bin/true"
export SECCOMPC_RUNTIME_CACHE_DIR=$tmp/cache
start_cri_node "$tmp" "$runtime" "$tmp/rootfs"

for seccomp in "$profile" RuntimeDefault; do
  cat >"$tmp/bench.json" <<JSON
{"name": "bench", "handlers": ["seccompc", "crun"], "rounds": 1,
 "image": "$CRI_IMAGE", "log_directory": "$CRI_LOG_DIR",
 "containers": [{"name": "c", "seccomp": "$seccomp", "command": ["/bin/true"]}]}
JSON
  cri bench "$tmp/bench.json" >/dev/null   # warm-up (fills the cache)
  sed -i "s/\"rounds\": 1/\"rounds\": $rounds/" "$tmp/bench.json"
  cri bench "$tmp/bench.json" >"$tmp/times.json"
  "$cri_python" - "$tmp/times.json" "$rounds" "$seccomp" <<'PY'
import json, statistics, sys
times = json.load(open(sys.argv[1]))
seccomp = sys.argv[3]
seccomp = "Localhost " + seccomp.split("/")[-1] if "/" in seccomp else seccomp
print(f"\n{sys.argv[2]} interleaved rounds, {seccomp}, ms from RunPodSandbox"
      " to StartContainer's answer")
print("| handler | median | p25 | p75 | min |")
print("|---|---|---|---|---|")
for handler, v in times.items():
    q = statistics.quantiles(v, n=4)
    print(f"| {handler} | {statistics.median(v):.1f} | {q[0]:.1f} | {q[2]:.1f} | {min(v):.1f} |")
PY
done

#!/usr/bin/env bash
# Recording overhead through the CRI: the node of
# tests/engines/kubernetes_test.sh (a private containerd's CRI plugin with
# docs/engines.md's runtimes, record_dir set in the runtime.conf the
# daemon's environment names), one pod running a busybox loop of `ls /`
# (ITERATIONS times) with no profile, under handler seccompc-record with
# the pod annotation io.seccompc.record (every call waits for the
# recorder) against handler seccompc without it (no filter). The time is
# taken inside the container (/proc/uptime before and after the loop), so
# pod start and the recorder's writing are not in it. Rounds interleave
# the two; prints each run's seconds and the medians.
#   bench/cri_record_time.sh [ROUNDS] [ITERATIONS]   (root; from the checkout)
# Builds what it needs with bazel -c opt (static) first.
set -euo pipefail
rounds=${1:-3}
iterations=${2:-2000}
[[ $(id -u) == 0 ]] || { echo "needs root" >&2; exit 1; }
source tests/lib/container_host.sh
source tests/engines/cri/cri_node.sh
require_cri_client
bazel build -c opt --linkopt=-static //runtime:seccompc-runtime >/dev/null 2>&1
runtime=$(realpath bazel-bin/runtime/seccompc-runtime)
# Not /tmp: record_dir must not lie below a folder others can write.
tmp=$(mktemp -d /run/seccompc-cri-record-bench.XXXXXX)
daemon=""
cleanup() {
  if [[ -n $daemon ]]; then kill "$daemon"; wait "$daemon" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
make_rootfs "$tmp/rootfs"
mkdir -m 0755 "$tmp/records"
"$cri_python" tests/engines/doc_snippet.py docs/engines.md runtime.conf |
  sed "s|^record_dir = none\$|record_dir = $tmp/records|" >"$tmp/runtime.conf"
export SECCOMPC_RUNTIME_CACHE_DIR=$tmp/cache
SECCOMPC_RUNTIME_CONFIG=$tmp/runtime.conf \
  start_cri_node "$tmp" "$runtime" "$tmp/rootfs"

loop="read a _ </proc/uptime; i=0
while [ \$i -lt $iterations ]; do ls / >/dev/null; i=\$((i + 1)); done
read b _ </proc/uptime; echo \"seconds \$a \$b\""
# one_run HANDLER [--pod-annotation K=V]: the loop's seconds.
one_run() {
  local handler=$1
  shift
  cri one "$@" "$handler" Unconfined "$tmp/out" /bin/sh -c "$loop" \
    </dev/null || { echo "pod failed: $(cat "$tmp/out")" >&2; exit 1; }
  awk '/^seconds/ {printf "%.2f\n", $3 - $2}' "$tmp/out"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: >"$tmp/plain" && : >"$tmp/recorded"
for r in $(seq "$rounds"); do
  one_run seccompc >>"$tmp/plain"
  one_run seccompc-record --pod-annotation "io.seccompc.record=bench-$r" \
    >>"$tmp/recorded"
done
echo "ls / x $iterations in one pod, $rounds interleaved rounds, seconds:"
echo "handler seccompc, not recorded: $(tr '\n' ' ' <"$tmp/plain")" \
  "median $(median <"$tmp/plain")"
echo "handler seccompc-record, recorded: $(tr '\n' ' ' <"$tmp/recorded")" \
  "median $(median <"$tmp/recorded")"
for r in $(seq "$rounds"); do
  for _ in $(seq 100); do
    [[ -s $tmp/records/bench-$r.log ]] && break
    sleep 0.1
  done
done
echo "recordings: $(cat "$tmp"/records/bench-*.log | grep -c recorded) log" \
  "lines; $(grep -h 'recorded' "$tmp"/records/bench-1.log | head -1)"

#!/usr/bin/env bash
# Recording slowdown of `seccompc record` against `strace -f` on the same
# workloads (the test workloads of tests/tools, looped). Prints the median
# of N runs of each, in seconds, and the ratios to the plain run.
#
#   bazel build //compiler/cli:seccompc
#   bench/record_overhead.sh bazel-bin/compiler/cli/seccompc [RUNS]
set -eu
seccompc=$(realpath "$1")
runs=${2:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
data=$here/tests/tools/testdata/record
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp

cat >"$tmp/sh_loop.sh" <<SH
i=0
while [ \$i -lt 50 ]; do busybox sh $data/workload.sh >/dev/null; i=\$((i + 1)); done
SH
cat >"$tmp/py_loop.sh" <<SH
i=0
while [ \$i -lt 5 ]; do /usr/bin/python3 $data/workload.py >/dev/null; i=\$((i + 1)); done
SH

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {  # runs command... -> median seconds
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN {print b - a}'
  done | median
}

printf "%-22s %9s %9s %9s %9s %9s\n" workload plain record strace "rec/plain" "strace/plain"
for w in sh_loop py_loop; do
  plain=$(measure busybox sh "$tmp/$w.sh")
  record=$(measure "$seccompc" record -o "$tmp/out.json" -- busybox sh "$tmp/$w.sh")
  strace=$(measure strace -f -o /dev/null busybox sh "$tmp/$w.sh")
  awk -v w="$w" -v p="$plain" -v r="$record" -v s="$strace" \
    'BEGIN {printf "%-22s %9.3f %9.3f %9.3f %9.2f %9.2f\n", w, p, r, s, r / p, s / p}'
done

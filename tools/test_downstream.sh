#!/usr/bin/env bash
# Builds and tests examples/downstream from its own folder, as a separate
# Bazel workspace with no flags, then shuts its Bazel server
# down. Prints one line per test target ("PASSED: //..." / "FAILED: //...")
# and exits non-zero when any failed or the build broke.
set -uo pipefail
cd "$(dirname "$0")/../examples/downstream"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
bazel test //... >"$log" 2>&1
status=$?
results=$(grep -E "^//[^ ]+ +(\(cached\) )?(PASSED|FAILED|TIMEOUT|NO STATUS|FAILED TO BUILD)" "$log" |
  awk '{print ($0 ~ /PASSED/ ? "PASSED: " : "FAILED: ") $1}')
[[ -n $results ]] && echo "$results"
if (( status != 0 )); then
  # A broken build has no per-target lines: count it once.
  [[ -z $results ]] && echo "FAILED: examples/downstream (build)"
  grep -E "^ERROR|error:" "$log" | head -20 >&2
fi
bazel shutdown >/dev/null 2>&1 || true
exit $status

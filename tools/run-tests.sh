#!/usr/bin/env bash
# Runs every test: `bazel test //...`, then again under ASan + UBSan
# (--config=asan). Prints one line per failing test and closes with
# "N passed, M failed" counted over the test cases of both runs (a test
# target that fails to build or has no result counts as one failure).
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
status=0

# Counts test cases from the test.xml files of the targets just run.
count_results() {
  local config=$1 log=$2 testlogs=$3
  local targets
  targets=$(bazel query 'tests(//...)' 2>/dev/null | sort)
  local t xml
  for t in $targets; do
    xml="$testlogs/${t#//}"
    xml="${xml/://}/test.xml"
    local line
    line=$(grep -m1 -E "^$t[[:space:]]" "$log" || true)
    if [[ ! -f $xml ]] || [[ $line == *"FAILED TO BUILD"* ]] || [[ $line == *"NO STATUS"* ]]; then
      echo "FAILED ($config): $t (no result)"
      failed=$((failed + 1))
      continue
    fi
    # gtest writes <testsuites tests=N failures=F errors=E disabled=D>;
    # Bazel writes one <testsuite> for tests that are not gtest.
    python3 - "$xml" "$t" "$config" > /tmp/seccompc-count.$$ <<'PY'
import sys, xml.etree.ElementTree as ET
path, target, config = sys.argv[1:]
try:
    root = ET.parse(path).getroot()
except ET.ParseError:
    print("0 1"); print(f"FAILED ({config}): {target} (unreadable test.xml)", file=sys.stderr); sys.exit()
p = f = 0
for case in root.iter("testcase"):
    if case.get("status") == "notrun" or case.find("skipped") is not None:
        continue
    if case.find("failure") is not None or case.find("error") is not None:
        f += 1
        print(f"FAILED ({config}): {target} {case.get('classname')}.{case.get('name')}", file=sys.stderr)
    else:
        p += 1
if p + f == 0:
    # No test cases recorded: judge the target by its result.
    bad = any(s.get("failures", "0") != "0" or s.get("errors", "0") != "0" for s in root.iter("testsuite"))
    p, f = (0, 1) if bad else (1, 0)
print(p, f)
PY
    read -r p f < /tmp/seccompc-count.$$
    rm -f /tmp/seccompc-count.$$
    if [[ $line == *FAILED* || $line == *TIMEOUT* ]] && (( f == 0 )); then
      echo "FAILED ($config): $t"
      f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
  done
}

run() {
  local config=$1; shift
  local log
  log=$(mktemp)
  echo "== bazel test $* //... ($config)"
  bazel test --test_summary=short --keep_going "$@" //... 2>&1 | tee "$log" | grep -E "^(//|ERROR|FAIL|Executed)" || true
  if [[ ${PIPESTATUS[0]} -ne 0 ]]; then status=1; fi
  count_results "$config" "$log" "$(bazel info "$@" bazel-testlogs 2>/dev/null)"
  rm -f "$log"
}

run default
run asan --config=asan

# ---- Outside //... (issue 10): the downstream example workspace, built
# from its own folder with no flags, and the install + plain-gcc test.
# Each test target / script counts as one.
while read -r verdict target; do
  if [[ $verdict == PASSED: ]]; then
    passed=$((passed + 1))
  else
    echo "FAILED (downstream): $target"
    failed=$((failed + 1))
  fi
done < <(tools/test_downstream.sh)
if tools/test_install.sh | tail -1 | grep -q "install test: PASS"; then
  passed=$((passed + 1))
else
  echo "FAILED (install): tools/test_install.sh"
  failed=$((failed + 1))
fi

if (( failed > 0 )); then status=1; fi
echo "$passed passed, $failed failed"
exit $status

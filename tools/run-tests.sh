#!/usr/bin/env bash
# Runs every test: `bazel test //...`, then again under ASan + UBSan
# (--config=asan, without targets tagged "no-asan": the real-engine tests,
# whose code under test is not this project's), and builds //... with
# -c opt (what users build; -O2 and _FORTIFY_SOURCE warn about things
# fastbuild does not see, and -Werror makes them errors). The opt build is
# not tested again, to keep CI's time. Prints one line per failing
# test and closes with "K skipped" and then "N passed, M failed", counted
# over the test cases of both runs.
#
# Nothing can hide a failure: a target that fails to build (test or not:
# bench binaries, tools) fails the run and counts as a failure; a bazel
# exit status other than 0 counts even when no test case says why; a test
# target without a readable result counts as a failure. Skipped cases
# (GTEST_SKIP, e.g. the real-world profile tests in a clone without
# ../shared) are listed and counted, never silently passed.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
skipped=0
status=0
# SECCOMPC_TEST_SCOPE narrows the run (e.g. //compiler/bpf/...) for a quick
# check of this script itself; CI uses the default, everything.
scope=${SECCOMPC_TEST_SCOPE:-//...}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Counts test cases from the test.xml files of the targets just run.
count_results() {
  local config=$1 log=$2 testlogs=$3 query=$4
  local targets
  if ! targets=$(bazel query "$query" 2>"$tmp/query.err" | sort); then
    cat "$tmp/query.err"
    echo "FAILED ($config): bazel query $query"
    failed=$((failed + 1))
    return
  fi
  local t xml line p f s
  for t in $targets; do
    xml="$testlogs/${t#//}"
    xml="${xml/://}/test.xml"
    line=$(grep -m1 -E "^$t[[:space:]]" "$log" || true)
    if [[ ! -f $xml ]] || [[ $line == *"FAILED TO BUILD"* ]] || [[ $line == *"NO STATUS"* ]]; then
      echo "FAILED ($config): $t (no result)"
      failed=$((failed + 1))
      continue
    fi
    # gtest writes <testsuites tests=N failures=F errors=E disabled=D>;
    # Bazel writes one <testsuite> for tests that are not gtest.
    python3 - "$xml" "$t" "$config" >"$tmp/count" <<'PY'
import sys, xml.etree.ElementTree as ET
path, target, config = sys.argv[1:]
try:
    root = ET.parse(path).getroot()
except ET.ParseError:
    print("0 1 0"); print(f"FAILED ({config}): {target} (unreadable test.xml)", file=sys.stderr); sys.exit()
p = f = s = 0
for case in root.iter("testcase"):
    name = ".".join(x for x in (case.get("classname"), case.get("name")) if x)
    if case.find("failure") is not None or case.find("error") is not None:
        f += 1
        print(f"FAILED ({config}): {target} {name}", file=sys.stderr)
    elif case.get("status") == "notrun" or case.get("result") == "skipped" or case.find("skipped") is not None:
        s += 1
        print(f"SKIPPED ({config}): {target} {name}", file=sys.stderr)
    else:
        p += 1
if p + f + s == 0:
    # No test cases recorded: judge the target by its result.
    bad = any(x.get("failures", "0") != "0" or x.get("errors", "0") != "0" for x in root.iter("testsuite"))
    p, f = (0, 1) if bad else (1, 0)
print(p, f, s)
PY
    read -r p f s <"$tmp/count"
    if [[ $line == *FAILED* || $line == *TIMEOUT* ]] && ((f == 0)); then
      echo "FAILED ($config): $t"
      f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
  done
}

run() {
  local config=$1 query=$2
  shift 2
  local log="$tmp/$config.log" rc
  echo "== bazel test $* $scope ($config)"
  bazel test --test_summary=short --keep_going "$@" -- "$scope" >"$log" 2>&1
  rc=$?
  grep -E "^(//|ERROR|FAIL|Executed)" "$log" || true
  # 0: all passed; 3: built, some tests failed (counted below); anything
  # else (1 build failure, 2 bad flags, 36/37 internal...): a failure of
  # its own, since it may have stopped targets that are no tests.
  if ((rc != 0)); then
    status=1
    if ((rc != 3)); then
      echo "FAILED ($config): bazel test exited with status $rc"
      grep -E "^ERROR" "$log" | head -20 || true
      failed=$((failed + 1))
    fi
  fi
  count_results "$config" "$log" "$(bazel info "$@" bazel-testlogs 2>/dev/null)" "$query"
}

run default "tests($scope)"
# -c opt: build only; a failure counts as one, a success counts nothing.
echo "== bazel build -c opt $scope (opt)"
if ! bazel build -c opt --keep_going -- "$scope" >"$tmp/opt.log" 2>&1; then
  grep -E "^ERROR|error:" "$tmp/opt.log" | head -20 || true
  echo "FAILED (opt): bazel build -c opt $scope"
  failed=$((failed + 1))
  status=1
fi

run asan "tests($scope) except attr(tags, \"\\bno-asan\\b\", $scope)" \
  --config=asan --test_tag_filters=-no-asan --build_tag_filters=-no-asan

# One pass, or one failure with the end of its log, for a script that must
# exit 0 and print PASS_LINE last.
script_test() {
  local label=$1 script=$2 pass_line=$3 log="$tmp/$1.log"
  if "$script" >"$log" 2>&1 && tail -1 "$log" | grep -qxF "$pass_line"; then
    passed=$((passed + 1))
  else
    tail -30 "$log"
    echo "FAILED ($label): $script"
    failed=$((failed + 1))
  fi
}

# ---- Outside //...: the downstream example workspace, built
# from its own folder with no flags, the install + plain-gcc test, the
# dependency-direction check (tools/check_layering.sh: bazel query, which
# does not run inside a test's sandbox), the docs check (tools/
# check_docs.sh: links stay inside the repository, no tracker numbers),
# the style check (tools/check_format.sh: clang-format, Google style),
# README's first command (tools/test_run_main.sh runs tools/run-main.sh),
# and the self-test of this script
# (tools/test_run_tests.sh).
# Each test target / script counts as one. Only in a full run (no
# SECCOMPC_TEST_SCOPE), so that tools/test_run_tests.sh can run this script
# on its fixture without recursing.
if [[ -z ${SECCOMPC_TEST_SCOPE:-} ]]; then
  while read -r verdict target; do
    if [[ $verdict == PASSED: ]]; then
      passed=$((passed + 1))
    else
      echo "FAILED (downstream): $target"
      failed=$((failed + 1))
    fi
  done < <(tools/test_downstream.sh)
  script_test install tools/test_install.sh "install test: PASS"
  script_test bazel-rules tools/test_bazel_rules.sh "bazel rules test: PASS"
  script_test layering tools/check_layering.sh "layering: PASS"
  script_test docs tools/check_docs.sh "docs: PASS"
  script_test format tools/check_format.sh "format: PASS"
  script_test main tools/test_run_main.sh "run-main test: PASS"
  script_test self-test tools/test_run_tests.sh "run-tests self-test: PASS"
fi

if ((failed > 0)); then status=1; fi
echo "$skipped skipped"
echo "$passed passed, $failed failed"
exit $status

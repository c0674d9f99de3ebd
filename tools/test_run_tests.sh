#!/usr/bin/env bash
# Tests tools/run-tests.sh itself. It builds a small throwaway
# workspace from tools/testdata/run_tests_fixture and runs a copy of the
# script there, once per case:
#   clean        every target builds, every test passes: exit 0, the skipped
#                case is counted, and the last line is "4 passed, 0 failed"
#   broken_tool  a cc_binary that is not a test fails to compile: the run
#                fails, and the failure is counted and named
#   fail_test    a test fails without writing any test case: the run fails,
#                and the failure is counted and named
#   opt_broken   a cc_binary that compiles only without optimization: the
#                -c opt build fails the run, counted and named
# The last line is "run-tests self-test: PASS" only if every case behaved.
# Uses its own Bazel output base, removed afterwards.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
fixture=$repo/tools/testdata/run_tests_fixture
work=$(mktemp -d)
ws=$work/ws
output_base=$work/output_base
# shellcheck source=tests/lib/testlib.sh
source "$repo/tests/lib/testlib.sh"

cleanup() {
  if [[ -d $ws ]]; then
    (cd "$ws" && bazel --output_base="$output_base" shutdown >/dev/null 2>&1)
  fi
  chmod -R u+w "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$ws/tools"
cp "$repo/tools/run-tests.sh" "$ws/tools/"
cp "$fixture"/*.sh "$fixture"/*.cc "$ws/"
cp "$fixture/bazelrc.fixture" "$ws/.bazelrc"
sed "s|@SECCOMPC@|$repo|" "$fixture/WORKSPACE.fixture" >"$ws/WORKSPACE"
# The copy must use this output base, so its bazel calls get a startup flag.
mkdir -p "$work/bin"
cat >"$work/bin/bazel" <<EOF
#!/bin/sh
exec $(command -v bazel) --output_base="$output_base" "\$@"
EOF
chmod +x "$work/bin/bazel"


# run_case NAME EXTRA_BUILD_TEXT: runs the copy; leaves $rc and $log.
run_case() {
  local name=$1 extra=$2
  python3 - "$fixture/BUILD.fixture" "$ws/BUILD.bazel" "$extra" <<'PY'
import sys
src, dst, extra = sys.argv[1:]
open(dst, "w").write(open(src).read().replace("@EXTRA@", extra))
PY
  log=$work/$name.log
  (cd "$ws" && PATH="$work/bin:$PATH" SECCOMPC_TEST_SCOPE=//... \
    tools/run-tests.sh) >"$log" 2>&1
  rc=$?
  echo "== case $name: exit $rc, last lines:"
  tail -2 "$log" | sed 's/^/   /'
}

last_line() { tail -1 "$log"; }

run_case clean ""
[[ $rc == 0 ]] || fail "clean: exit $rc, expected 0"
[[ $(last_line) == "4 passed, 0 failed" ]] ||
  fail "clean: last line '$(last_line)', expected '4 passed, 0 failed'"
grep -qx "2 skipped" "$log" || fail "clean: no '2 skipped' line"
grep -q "SKIPPED (default): //:skip_test Fixture.NeedsSharedFolder" "$log" ||
  fail "clean: the skipped case is not listed"

run_case broken_tool 'cc_binary(name = "broken_tool", srcs = ["broken_tool.cc"])'
[[ $rc != 0 ]] || fail "broken_tool: exit 0 with a target that does not build"
[[ $(last_line) =~ ^[0-9]+\ passed,\ [1-9][0-9]*\ failed$ ]] ||
  fail "broken_tool: last line '$(last_line)' does not count a failure"
grep -q "broken_tool" "$log" || fail "broken_tool: the broken target is not named"

run_case fail_test 'sh_test(name = "fail_test", srcs = ["fail_test.sh"])'
[[ $rc != 0 ]] || fail "fail_test: exit 0 with a failing test"
[[ $(last_line) =~ ^[0-9]+\ passed,\ [1-9][0-9]*\ failed$ ]] ||
  fail "fail_test: last line '$(last_line)' does not count a failure"
grep -q "FAILED (default): //:fail_test" "$log" ||
  fail "fail_test: the failing test is not named"

run_case opt_broken 'cc_binary(name = "opt_broken", srcs = ["opt_broken.cc"])'
[[ $rc != 0 ]] || fail "opt_broken: exit 0 with a target that fails at -c opt"
[[ $(last_line) =~ ^[0-9]+\ passed,\ [1-9][0-9]*\ failed$ ]] ||
  fail "opt_broken: last line '$(last_line)' does not count a failure"
grep -q "FAILED (opt)" "$log" || fail "opt_broken: the opt build failure is not named"

if ((failures > 0)); then
  for f in "$work"/*.log; do
    echo "---- $f"
    cat "$f"
  done
  echo "run-tests self-test: FAIL ($failures)"
  exit 1
fi
echo "run-tests self-test: PASS"

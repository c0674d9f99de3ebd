#!/usr/bin/env bash
# The Bazel rules where only a Bazel command shows them (so not a Bazel
# test): `bazel build //pkg:NAME` of a seccomp_filter whose profile is
# broken fails with seccompc's message, and the BUILD example of
# docs/bazel.md builds and its tests pass, in a scratch package of this
# workspace that is removed afterwards. Run by tools/run-tests.sh. Last
# line: PASS or FAIL.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
log=$(mktemp)
pkg=tests/bazel/docs_example_scratch
trap 'rm -rf "$log" "$pkg"' EXIT

bazel build //tests/bazel:broken_filter >"$log" 2>&1 \
  && die "bazel build of a seccomp_filter with a broken profile succeeded"
grep -q "broken.json:4:.*SCMP_ACT_ALOW" "$log" \
  || die "no seccompc message for the broken profile: $(grep -E 'ERROR|error' "$log" | head -3)"

# A seccomp_filter whose program is not proved fails the build: the rule
# runs `seccompc compile`, which proves every program and exits non-zero
# when the proof is refuted or undecided (an internal error). The shipped
# binary has no fault to inject that would make the proof fail (the fuzz
# target's flipped comparison lives in fuzz/), so what is checked here is
# that the rule never turns the proof off.
grep -q -- "noprove" defs.bzl && die "defs.bzl passes --noprove: seccomp_filter would not prove"

# docs/bazel.md's BUILD block, loaded as written (@seccompc is this
# workspace's own name), with the example's inputs.
rm -rf "$pkg" && mkdir -p "$pkg"
awk '/^## BUILD$/ {on = 1} on && /^```python$/ {code = 1; next} code && /^```$/ {exit} code' \
  docs/bazel.md >"$pkg/BUILD.bazel"
grep -q "seccomp_verdict_test(" "$pkg/BUILD.bazel" || die "no BUILD block found in docs/bazel.md"
tests=$(grep -c "_test($" "$pkg/BUILD.bazel") sizes=$(grep -c "^ *size = " "$pkg/BUILD.bazel")
((tests == sizes)) || die "docs/bazel.md: $tests tests but $sizes sizes in the BUILD block"
cp examples/downstream/{task_profile.json,task_cases.txt} "$pkg/"
# The header is included by its package path outside the root package.
sed "s|#include \"task_filter.h\"|#include \"$pkg/task_filter.h\"|" \
  examples/downstream/launcher.c >"$pkg/launcher.c"
bazel test "//$pkg:all" >"$log" 2>&1 || die "docs/bazel.md's BUILD block: $(grep -E '^ERROR|error:|FAILED' "$log" | head -5)"
echo "bazel rules test: PASS"

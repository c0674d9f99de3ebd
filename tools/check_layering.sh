#!/usr/bin/env bash
# Checks the dependency direction of the tree with `bazel query`: data
# flows down the compiler's pipeline (README.md, "Pipeline"), and no
# package reaches back up it. Each package below may depend only on the
# packages its line names (and on itself and external repositories); an
# edge to anything else is a failure, printed with the path that makes it.
# An allowlist rather than a denylist: a new package, or a new edge, has to
# be written down here before it passes.
#
# Only what ships is checked (cc_library and cc_binary rules that are not
# testonly): a test may reach anywhere to build its inputs (prove's tests
# compile programs with codegen; a CLI test runs seccomp-launch).
#
# Besides the packages, inside runtime/launch: exec <- report <- launch
# (exec must not depend on report, nor report on the launch flow), the
# module split that broke the only cycle the tree had.
#
# Runs outside the Bazel sandbox (tools/run-tests.sh calls it); prints
# "layering: PASS" last when every rule holds, exits 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh

# PACKAGE: PACKAGES IT MAY DEPEND ON. "compiler" is //compiler itself
# (compile.h, the whole pipeline in one call).
read -r -d '' RULES <<'EOF'
compiler/arch:
compiler/util:
compiler/os:
compiler/model: compiler/arch
compiler/frontend: compiler/arch compiler/model compiler/util
compiler/bpf: compiler/arch compiler/model
compiler/reference: compiler/arch compiler/model
compiler/codegen: compiler/arch compiler/model compiler/bpf
compiler/prove: compiler/arch compiler/model compiler/bpf
compiler/analysis: compiler/arch compiler/model compiler/util compiler/frontend compiler/bpf compiler/codegen compiler/reference
compiler: compiler/arch compiler/model compiler/util compiler/frontend compiler/bpf compiler/codegen compiler/prove
compiler/cli: compiler compiler/arch compiler/model compiler/util compiler/os compiler/frontend compiler/bpf compiler/codegen compiler/prove compiler/reference compiler/analysis
runtime/install: compiler compiler/arch compiler/model compiler/util compiler/frontend compiler/bpf compiler/codegen compiler/prove
runtime/cache: compiler compiler/arch compiler/model compiler/util compiler/frontend compiler/bpf compiler/codegen compiler/prove
runtime/launch: compiler compiler/arch compiler/model compiler/util compiler/os compiler/frontend compiler/bpf compiler/codegen compiler/prove compiler/reference runtime/install runtime/cache
runtime/oci: compiler compiler/arch compiler/model compiler/util compiler/os compiler/frontend compiler/bpf compiler/codegen compiler/prove compiler/reference compiler/analysis runtime/install runtime/cache
EOF

# TARGET: TARGETS IT MUST NOT DEPEND ON (within one package).
read -r -d '' TARGET_RULES <<'EOF'
//runtime/launch:exec: //runtime/launch:report //runtime/launch:launch //runtime/launch:plan_text //runtime/launch:seccomp_launch_main
//runtime/launch:report: //runtime/launch:launch //runtime/launch:plan_text //runtime/launch:seccomp_launch_main
EOF

shipped() { echo "(kind('cc_library|cc_binary', $1) except attr(testonly, 1, $1))"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# query EXPRESSION: the labels into the array "result". Never in a
# subshell, so that a failed query ends the check instead of reading as
# "no edges".
query() {
  if ! bazel query --noshow_progress "$1" >"$tmp/out" 2>"$tmp/err"; then
    cat "$tmp/err"
    die "layering: bazel query failed: $1"
  fi
  mapfile -t result <"$tmp/out"
}

# report NAME FROM WHY BAD...: names each offending target and one path
# from the query expression FROM to it.
report() {
  local name=$1 from=$2 why=$3 bad
  shift 3
  for bad in "$@"; do
    fail "$name depends on $bad ($why); one path:"
    query "somepath($from, $bad)"
    printf '  %s\n' "${result[@]}"
  done
}

while IFS= read -r line; do
  [[ -z $line ]] && continue
  pkg=${line%%:*}
  allowed="//$pkg:all"
  for a in ${line#*:}; do allowed+=" + //$a:all"; done
  from=$(shipped "//$pkg:all")
  query "$(shipped "deps($from)") intersect (//compiler/... + //runtime/...) except ($allowed)"
  ((${#result[@]} == 0)) || report "//$pkg" "$from" "not in $pkg's allowlist" "${result[@]}"
done <<<"$RULES"

while IFS= read -r line; do
  [[ -z $line ]] && continue
  target=${line%%: *}
  forbidden=${line#*: }
  query "deps($target) intersect (${forbidden// / + })"
  ((${#result[@]} == 0)) || report "$target" "$target" "reaches back up" "${result[@]}"
done <<<"$TARGET_RULES"

# Every shipped package under compiler/ and runtime/ has a rule, so a new
# package cannot slip past unchecked.
query "$(shipped '//compiler/... + //runtime/...')"
mapfile -t pkgs < <(printf '%s\n' "${result[@]}" | sed 's#^//##; s#:.*##' | sort -u)
for pkg in "${pkgs[@]}"; do
  [[ $pkg == runtime ]] && continue # the two binaries' link targets
  if ! grep -q "^$pkg:" <<<"$RULES"; then
    fail "package $pkg has no rule in tools/check_layering.sh"
  fi
done

if ((failures > 0)); then
  echo "layering: $failures violation(s)"
  exit 1
fi
echo "layering: PASS"

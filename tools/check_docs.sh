#!/usr/bin/env bash
# User docs carry what they need: every tracked Markdown file links only to
# files inside this repository (a user's clone has nothing beside it), names
# no machine path, names only Bazel targets and scripts that exist, and no
# code, doc or help text cites a tracker issue number (say what, not which
# issue). Runs from a git checkout (tools/
# run-tests.sh calls it); prints "docs: PASS" last, exits 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh

mapfile -t docs < <(git ls-files '*.md' | grep -v '^fuzz/corpus/')
((${#docs[@]} > 0)) || fail "no Markdown files found (not a git checkout?)"

root=$(pwd -P)
tmp_err=$(mktemp)
trap 'rm -f "$tmp_err"' EXIT
for doc in "${docs[@]}"; do
  dir=$(dirname "$doc")
  while IFS=: read -r line text; do
    fail "$doc:$line: points outside the repository: $text"
  done < <(grep -nE '\.\./shared|\]\((https?|file|ftp):|(^|[ `(])/work/' "$doc")
  # Relative Markdown links must name a file or folder of the checkout.
  while IFS=: read -r line target; do
    target=${target%%#*}
    [[ -z $target ]] && continue
    resolved=$(realpath -m "$dir/$target")
    if [[ $resolved != "$root"/* || ! -e $resolved ]]; then
      fail "$doc:$line: link to $target, not a file of this repository"
    fi
  done < <(grep -noE '\]\([^)# ]+[^)]*\)' "$doc" |
    sed -E 's/^([0-9]+):\]\(([^) ]+).*/\1:\2/')
done

# Commands name what exists: every Bazel label and every script path a doc
# mentions (benchmarks and tools too long or too privileged to run here are
# at least checked to be there, so a rename cannot leave a stale command).
mapfile -t labels < <(printf '%s\n' "${docs[@]}" | xargs grep -ohE \
  '(^|[ `(])//[a-z_/]+:[A-Za-z0-9_.-]+' | sed -E 's/^[ `(]//' | sort -u)
if ((${#labels[@]} > 0)) &&
  ! bazel query --noshow_progress "set(${labels[*]})" >/dev/null 2>"$tmp_err"; then
  fail "a doc names a Bazel target that does not exist: $(grep -m1 -E 'ERROR|no such' "$tmp_err")"
fi
while IFS= read -r script; do
  [[ -f $script ]] || fail "a doc names $script, which is not in the repository"
done < <(printf '%s\n' "${docs[@]}" | xargs grep -ohE \
  '(^|[ `(=])(bench|tools|fuzz|tests)/[A-Za-z0-9_./-]+\.(sh|py)' |
  sed -E 's/^[ `(=]//' | sort -u)

# Tracker numbers in what ships or documents (tests included: they are read
# by the next engineer too).
while IFS= read -r hit; do
  fail "tracker number: $hit"
done < <(git ls-files | grep -vE '^fuzz/corpus/|\.(bpf|bin)$' |
  xargs grep -nIE '\b[Ii]ssues? #?[0-9]+\b|\bGH-[0-9]+\b' 2>/dev/null)

((failures == 0)) || { finish; exit 1; }
echo "docs: PASS"

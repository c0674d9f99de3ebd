#!/usr/bin/env bash
# The re-minimize commands fuzz/README.md documents ("Keeping the corpus
# small"), run in their --dry-run form: each is found in the README, names
# a real corpus, and would run libFuzzer's -merge=1 on that corpus's
# fuzzer. A wrong name fails (exit 2), so the check can fail.
set -uo pipefail
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh

mapfile -t commands < <(grep -E '^fuzz/minimize_corpus\.sh [a-z]+$' fuzz/README.md)
((${#commands[@]} >= 2)) ||
  die "fuzz/README.md documents ${#commands[@]} minimize_corpus.sh command(s), expected parser and compile"
for command in "${commands[@]}"; do
  name=${command##* }
  out=$(fuzz/minimize_corpus.sh --dry-run "$name" 2>&1) ||
    fail "$command --dry-run: $out"
  grep -q -- "${name}_fuzzer -merge=1 " <<<"$out" ||
    fail "$command --dry-run does not merge with ${name}_fuzzer: $out"
  echo "ok: $command ($out)"
done

# An unknown corpus is a usage error, not a silent no-op.
fuzz/minimize_corpus.sh --dry-run nosuch >/dev/null 2>&1
(($? == 2)) || fail "minimize_corpus.sh accepted an unknown corpus"
finish

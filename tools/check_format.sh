#!/usr/bin/env bash
# Checks that every tracked C and C++ file is formatted as clang-format
# (Google style) formats it, so style is kept by CI rather than by memory.
# Prints each file that differs with the first lines of the difference and
# "format: FAIL"; prints "format: PASS" last when every file is formatted.
# Fix with: clang-format -i --style=Google FILE
# Runs outside the Bazel sandbox (tools/run-tests.sh calls it).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh

command -v clang-format >/dev/null || die "clang-format is not installed (tools/setup.sh installs it)"
unformatted=0
while IFS= read -r -d '' file; do
  if ! clang-format --style=Google "$file" | cmp -s - "$file"; then
    echo "not formatted: $file"
    clang-format --style=Google "$file" | diff "$file" - | head -10
    unformatted=$((unformatted + 1))
  fi
done < <(git ls-files -z -- '*.c' '*.cc' '*.h')
if ((unformatted > 0)); then
  echo "$unformatted file(s) differ from clang-format --style=Google"
  echo "format: FAIL"
  exit 1
fi
echo "format: PASS"

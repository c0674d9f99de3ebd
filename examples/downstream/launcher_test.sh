#!/usr/bin/env bash
set -uo pipefail
launcher=$1
dir=${TEST_TMPDIR:-$(mktemp -d)}
"$launcher" /bin/true || { echo "FAIL: /bin/true under the filter"; exit 1; }
out=$("$launcher" /bin/mkdir "$dir/new" 2>&1) && { echo "FAIL: mkdir allowed"; exit 1; }
[[ $out == *"Permission denied"* ]] || { echo "FAIL: mkdir: $out"; exit 1; }
[[ -e $dir/new ]] && { echo "FAIL: the directory exists"; exit 1; }
echo PASS

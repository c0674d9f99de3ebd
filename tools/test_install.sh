#!/usr/bin/env bash
# tools/install.sh into a temporary prefix, then a C launcher built with
# plain gcc and pkg-config against it, shared and static; the shared
# library must export only the C API. Run by tools/run-tests.sh (it runs
# Bazel itself, so it cannot be a Bazel test). Last line: PASS or FAIL.
set -uo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install test: FAIL: $*"; exit 1; }
tools/install.sh --prefix "$tmp/prefix" >/dev/null || fail "install.sh failed"
export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig
[[ $("$tmp/prefix/bin/seccompc" --version) == "seccompc $(pkg-config --modversion seccompc)" ]] \
  || fail "seccompc --version does not match seccompc.pc"
"$tmp/prefix/bin/seccomp-launch" --version >/dev/null || fail "seccomp-launch --version"
readelf -d "$tmp/prefix/lib/libseccompc.so" | grep -q "SONAME.*libseccompc.so.0" || fail "SONAME"
exported=$(nm -D --defined-only "$tmp/prefix/lib/libseccompc.so" | awk '$2 != "A" {print $3}' | sed 's/@.*//' | sort)
[[ $exported == "$(sort tools/dist/api_symbols.txt)" ]] \
  || fail "libseccompc.so exports more or less than the C API: $(comm -3 <(echo "$exported") <(sort tools/dist/api_symbols.txt) | tr '\n' ' ')"
# shellcheck disable=SC2046
gcc -std=c99 -Wall -Wextra -Werror -o "$tmp/launcher" tools/dist/testdata/launcher.c \
  $(pkg-config --cflags --libs seccompc) || fail "gcc with pkg-config (shared)"
LD_LIBRARY_PATH=$tmp/prefix/lib "$tmp/launcher" profiles/default.json || fail "shared launcher"
# shellcheck disable=SC2046
gcc -std=c99 -Wall -Wextra -Werror -o "$tmp/launcher_static" tools/dist/testdata/launcher.c \
  $(pkg-config --cflags seccompc) "$tmp/prefix/lib/libseccompc.a" \
  $(pkg-config --libs-only-other --static seccompc) -lstdc++ -lm -latomic || fail "gcc with libseccompc.a"
ldd "$tmp/launcher_static" | grep -q "libseccompc\|libabsl" && fail "static launcher still needs shared seccompc/absl"
"$tmp/launcher_static" profiles/default.json || fail "static launcher"
echo "install test: PASS"

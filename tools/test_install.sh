#!/usr/bin/env bash
# tools/install.sh into a temporary prefix, then a C launcher built with
# plain gcc and pkg-config against it, shared (seccompc) and static
# (seccompc-static); the shared library must export only the C API and
# need no Abseil flags library, and the static launcher must run in a root
# that has no Abseil at all. Run by tools/run-tests.sh (it runs Bazel
# itself, so it cannot be a Bazel test). Last line: PASS or FAIL.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tools/install.sh --prefix "$tmp/prefix" >/dev/null || die "install.sh failed"
export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig
[[ $("$tmp/prefix/bin/seccompc" --version) == "seccompc $(pkg-config --modversion seccompc)" ]] \
  || die "seccompc --version does not match seccompc.pc"
"$tmp/prefix/bin/seccomp-launch" --version >/dev/null || die "seccomp-launch --version"
readelf -d "$tmp/prefix/lib/libseccompc.so" | grep -q "SONAME.*libseccompc.so.0" || die "SONAME"
exported=$(nm -D --defined-only "$tmp/prefix/lib/libseccompc.so" | awk '$2 != "A" {print $3}' | sed 's/@.*//' | sort)
[[ $exported == "$(sort tools/dist/api_symbols.txt)" ]] \
  || die "libseccompc.so exports more or less than the C API: $(comm -3 <(echo "$exported") <(sort tools/dist/api_symbols.txt) | tr '\n' ' ')"
# shellcheck disable=SC2046
gcc -std=c99 -Wall -Wextra -Werror -o "$tmp/launcher" tools/dist/testdata/launcher.c \
  $(pkg-config --cflags --libs seccompc) || die "gcc with pkg-config (shared)"
LD_LIBRARY_PATH=$tmp/prefix/lib "$tmp/launcher" profiles/default.json || die "shared launcher"
needed=$(readelf -d "$tmp/prefix/lib/libseccompc.so" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p')
grep -q "libabsl_flags" <<<"$needed" && die "libseccompc.so needs the Abseil flags libraries: $(tr '\n' ' ' <<<"$needed")"
(( $(grep -c libabsl_ <<<"$needed") <= 10 )) || die "libseccompc.so needs more Abseil than its code calls: $(tr '\n' ' ' <<<"$needed")"
grep -q "libabsl_status" "$PKG_CONFIG_PATH/seccompc.pc" || die "seccompc.pc does not state the Abseil dependency"

static_libs=$(pkg-config --libs seccompc-static)
[[ $static_libs == *"/libseccompc.a"* && $static_libs != *"-lseccompc"* ]] \
  || die "seccompc-static does not name the archive: $static_libs"
[[ $(pkg-config --static --libs seccompc-static) == *"/libseccompc.a"* ]] || die "pkg-config --static seccompc-static"
# shellcheck disable=SC2046
gcc -std=c99 -Wall -Wextra -Werror -o "$tmp/launcher_static" tools/dist/testdata/launcher.c \
  $(pkg-config --cflags --libs seccompc-static) || die "gcc with pkg-config (seccompc-static)"
ldd "$tmp/launcher_static" | grep -q "libseccompc\|libabsl" && die "static launcher still needs shared seccompc/absl"

# A root with only what the static launcher's ldd lists (glibc, the C++
# runtime) and the profile: no Abseil. The shared launcher must fail to
# start there, which shows the root really lacks Abseil.
root=$tmp/root
mkdir -p "$root/tmp"
copy_deps() {
  local f
  for f in $(ldd "$1" | grep -o '/[^ ]*'); do
    mkdir -p "$root$(dirname "$f")" && cp -L "$f" "$root$f"
  done
}
cp "$tmp/launcher_static" "$tmp/launcher" "$root/"
cp profiles/default.json "$root/default.json"
copy_deps "$tmp/launcher_static"
find "$root" -name 'libabsl*' | grep -q . && die "the test root has Abseil"
in_root() { unshare -r --root="$root" "$@"; }
in_root /launcher_static /default.json || die "static launcher in a root without Abseil"
mkdir -p "$root/lib/seccompc" && cp -L "$tmp/prefix/lib/libseccompc.so.0" "$root/lib/seccompc/"
out=$(LD_LIBRARY_PATH=/lib/seccompc in_root /launcher /default.json 2>&1) \
  && die "the shared launcher ran in a root without Abseil"
[[ $out == *libabsl_* ]] || die "the shared launcher failed for another reason: $out"
echo "install test: PASS"

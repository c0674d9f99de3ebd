#!/usr/bin/env bash
# Installs seccompc for launchers that do not use Bazel:
#   tools/install.sh --prefix DIR
# DIR/bin/seccompc, DIR/bin/seccomp-launch and every other non-test
#   binary of //runtime (e.g. the OCI runtime)  (static executables)
# DIR/include/seccompc.h                         (the C API)
# DIR/lib/libseccompc.a                          (self-contained: Abseil
#     folded in and hidden; needs only the C++ runtime)
# DIR/lib/libseccompc.so.0 (+ .so link)          (exports only seccompc_*;
#     needs Debian's Abseil shared libraries, package libabsl20220623)
# DIR/lib/pkgconfig/seccompc.pc                  (links the .so)
# DIR/lib/pkgconfig/seccompc-static.pc           (links the .a)
# Builds with -c opt first (Bazel's progress on stderr). Then, with
# PKG_CONFIG_PATH=DIR/lib/pkgconfig:
#   gcc app.c $(pkg-config --cflags --libs seccompc)          (shared; and
#     LD_LIBRARY_PATH=DIR/lib, or an rpath, outside the system folders)
#   gcc app.c $(pkg-config --cflags --libs seccompc-static)   (no Abseil
#     needed where the program runs)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=
while (( $# )); do
  case $1 in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n $prefix ]] || { echo "install.sh: --prefix DIR is required" >&2; exit 2; }
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)

# Bazel's progress goes to stderr, so that a cold build (minutes) is not
# silent and stdout stays this script's own.
build() {
  echo "install.sh: bazel build $*" >&2
  bazel build "$@" >&2
}
mapfile -t runtime_bins < <(bazel query 'attr(testonly, 0, kind(cc_binary, //runtime:all))' 2>/dev/null)
build -c opt //compiler/cli:seccompc "${runtime_bins[@]}" //tools/dist:libseccompc.a
bin=$(bazel info -c opt bazel-bin 2>/dev/null)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/bin"
cp "$bin/compiler/cli/seccompc" "$stage/bin/"
for t in "${runtime_bins[@]}"; do cp "$bin/runtime/${t#//runtime:}" "$stage/bin/"; done
cp "$bin/tools/dist/libseccompc.a" "$stage/"
build -c opt --define=seccompc_absl=shared //tools/dist:libseccompc.so
cp "$bin/tools/dist/libseccompc.so" "$stage/"
absl_needed=$(readelf -d "$stage/libseccompc.so" | sed -n 's/.*NEEDED.*\[\(libabsl_[^]]*\)\]/#   \1/p')

version=$(sed -n 's/^#define SECCOMPC_VERSION_STRING "\(.*\)"$/\1/p' compiler/version.h)
install -d "$prefix/bin" "$prefix/include" "$prefix/lib/pkgconfig"
install -m 0755 "$stage"/bin/* "$prefix/bin/"
install -m 0644 runtime/install/seccompc.h "$prefix/include/seccompc.h"
install -m 0644 "$stage/libseccompc.a" "$prefix/lib/libseccompc.a"
install -m 0755 "$stage/libseccompc.so" "$prefix/lib/libseccompc.so.$version"
ln -sf "libseccompc.so.$version" "$prefix/lib/libseccompc.so.0"
ln -sf "libseccompc.so.0" "$prefix/lib/libseccompc.so"
cat > "$prefix/lib/pkgconfig/seccompc.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: seccompc
Description: Compile and install seccomp profiles (Docker/OCI JSON) as classic BPF
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lseccompc
# libseccompc.so.0 needs, at run time, Debian's Abseil shared libraries
# (package libabsl20220623); NEEDED:
$absl_needed
# Debian's Abseil archives cannot be linked into a shared object
# (local-exec TLS). For a program that runs where Abseil is absent, use
# seccompc-static.
# The libraries below are for gcc -static only (everything static).
Libs.private: -lstdc++ -lm -latomic -pthread
PC
# A module of its own: -lseccompc would pick the .so wherever one is
# installed, so this one names the archive (Abseil folded in, hidden).
cat > "$prefix/lib/pkgconfig/seccompc-static.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: seccompc-static
Description: seccompc's C API, linked from libseccompc.a (no Abseil at run time)
Version: $version
Cflags: -I\${includedir}
Libs: \${libdir}/libseccompc.a -lstdc++ -lm -pthread
PC
echo "installed seccompc $version into $prefix"

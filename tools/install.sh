#!/usr/bin/env bash
# Installs seccompc for launchers that do not use Bazel:
#   tools/install.sh --prefix DIR
# DIR/bin/seccompc, DIR/bin/seccomp-launch and every other non-test
#   binary of //runtime (e.g. the OCI runtime)  (static executables)
# DIR/include/seccompc.h                         (the C API)
# DIR/lib/libseccompc.a                          (self-contained: Abseil
#     folded in and hidden; needs -lstdc++ -lm, see `pkg-config --static`)
# DIR/lib/libseccompc.so.0 (+ .so link)          (exports only seccompc_*;
#     links Debian's Abseil .so files: its archives are not PIC)
# DIR/lib/pkgconfig/seccompc.pc
# Builds with -c opt first. Then: gcc app.c $(pkg-config --cflags --libs seccompc)
# with PKG_CONFIG_PATH=DIR/lib/pkgconfig (and LD_LIBRARY_PATH=DIR/lib, or
# an rpath, when DIR/lib is not a system library folder).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=
while (( $# )); do
  case $1 in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n $prefix ]] || { echo "install.sh: --prefix DIR is required" >&2; exit 2; }
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)

# Runs a build, showing only its errors; returns the build's own status
# (captured before anything can reset PIPESTATUS).
quiet() {
  local log rc=0
  log=$(mktemp)
  "$@" >"$log" 2>&1 || rc=$?
  grep -E "^(ERROR|FAILED)|error:" "$log" >&2 || true
  rm -f "$log"
  return "$rc"
}
mapfile -t runtime_bins < <(bazel query 'attr(testonly, 0, kind(cc_binary, //runtime:all))' 2>/dev/null)
quiet bazel build -c opt //compiler/cli:seccompc "${runtime_bins[@]}" //tools/dist:libseccompc.a
bin=$(bazel info -c opt bazel-bin 2>/dev/null)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/bin"
cp "$bin/compiler/cli/seccompc" "$stage/bin/"
for t in "${runtime_bins[@]}"; do cp "$bin/runtime/${t#//runtime:}" "$stage/bin/"; done
cp "$bin/tools/dist/libseccompc.a" "$stage/"
quiet bazel build -c opt --define=seccompc_absl=shared //tools/dist:libseccompc.so
cp "$bin/tools/dist/libseccompc.so" "$stage/"

version=$(sed -n 's/^#define SECCOMPC_VERSION_STRING "\(.*\)"$/\1/p' compiler/version.h)
install -d "$prefix/bin" "$prefix/include" "$prefix/lib/pkgconfig"
install -m 0755 "$stage"/bin/* "$prefix/bin/"
install -m 0644 runtime/seccompc.h "$prefix/include/seccompc.h"
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
Libs.private: -lstdc++ -lm -latomic -pthread
PC
echo "installed seccompc $version into $prefix"

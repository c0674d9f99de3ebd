#!/usr/bin/env bash
# Installs the Debian 12 packages seccompc needs that are not installed yet,
# and nothing else. Idempotent; run as root (or with sudo available).
#   tools/setup.sh          build + test + run dependencies
set -euo pipefail

packages=(
  # Build: Bazel 4.2.3 (WORKSPACE mode, offline) and the C++ toolchain.
  bazel-bootstrap g++ clang clang-format libclang-rt-14-dev
  # Libraries (used in place from /usr by third_party/system).
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
  # Tests only: Z3, the mutation campaign's independent oracle.
  libz3-dev
  # UAPI headers: native, and the other arches' for the syscall-table
  # generator's reproducibility test (tools/gen_syscall_tables.py).
  linux-libc-dev
  linux-libc-dev-amd64-cross linux-libc-dev-i386-cross linux-libc-dev-x32-cross
  linux-libc-dev-arm64-cross linux-libc-dev-armhf-cross
  linux-libc-dev-riscv64-cross linux-libc-dev-ppc64el-cross
  linux-libc-dev-ppc64-cross linux-libc-dev-powerpc-cross
  linux-libc-dev-s390x-cross linux-libc-dev-mips-cross
  linux-libc-dev-mipsel-cross linux-libc-dev-mips64-cross
  linux-libc-dev-mips64el-cross linux-libc-dev-mipsn32-cross
  linux-libc-dev-mipsn32el-cross linux-libc-dev-hppa-cross
  linux-libc-dev-m68k-cross linux-libc-dev-sh4-cross
  # Benchmarks compare with libseccomp (bench/ only); tests use these
  # real loaders and tools.
  libseccomp-dev bubblewrap crun busybox-static strace python3
  # Engines that run seccompc-runtime in tests/engines (each starts its
  # own private instance).
  podman containerd docker.io
  # The Kubernetes node test drives containerd's CRI plugin over gRPC as a
  # kubelet does (tests/engines/cri): the client, protoc for its stubs, and
  # YAML for the documented RuntimeClass.
  python3-grpcio python3-grpc-tools python3-yaml
  # tools/install.sh and its test: seccompc.pc is read with pkg-config.
  pkg-config
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"

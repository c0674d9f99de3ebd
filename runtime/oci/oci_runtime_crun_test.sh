#!/usr/bin/env bash
# seccompc-runtime in front of the real crun, on the running kernel: a
# linux.seccomp that names no arches (as ctr --seccomp-profile passes
# Docker's file) is compiled for the native ABI only, so an i386 (int
# 0x80) or x32 call in the container is killed, while native calls get the
# profile's answers. With an archMap the same calls get the profile's
# answers too (the probes work; the kill is the policy's).
#   oci_runtime_crun_test.sh SECCOMPC_RUNTIME SYSCALL_PROBE SYSCALL_PROBE_I386
#
# Root only (namespaces, mounts); crun runs as in tests/e2e/crun_test.sh.
set -uo pipefail
runtime=$(realpath "$1")
probe=$(realpath "$2")
probe_i386=$(realpath "$3")
source tests/e2e/probe_lib.sh
source tests/lib/container_host.sh
require_root "seccompc-runtime in front of crun"
command -v crun >/dev/null || {
  echo "SKIP: crun is not installed"
  exit 0
}
tmp=${TEST_TMPDIR:-$(mktemp -d)}

bundle=$tmp/bundle
mkdir -p "$tmp/state"
: >"$tmp/runtime.conf"
make_rootfs "$bundle/rootfs"
cp "$probe" "$bundle/rootfs/bin/syscall_probe"
cp "$probe_i386" "$bundle/rootfs/bin/syscall_probe_i386"

# write_config ARCHES_MEMBER ARGS...: config.json whose linux.seccomp
# allows all but getppid (ERRNO 77), with ARCHES_MEMBER ("" for none) as
# its arch member.
write_config() {
  local arches=$1
  shift
  local seccomp
  seccomp=$(python3 -c '
import json, sys
seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
           "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO",
                         "errnoRet": 77}]}
if sys.argv[1]:
    seccomp.update(json.loads(sys.argv[1]))
print(json.dumps(seccomp))' "$arches")
  python3 tests/e2e/oci_bundle_config.py "$bundle/config.json" \
    --hostname seccompc-runtime-crun --seccomp "$seccomp" -- "$@"
}

# expect ARCHES_MEMBER WANT ARGS...: ARGS in a container started through
# seccompc-runtime (delegate crun, no cache) sees WANT.
expect() {
  local arches=$1 want=$2
  shift 2
  write_config "$arches" "$@"
  local id=seccompc-runtime-crun-$$-$RANDOM rc
  SECCOMPC_RUNTIME_CONFIG=$tmp/runtime.conf SECCOMPC_RUNTIME_DELEGATE=$(command -v crun) \
    SECCOMPC_RUNTIME_CACHE_DIR=none \
    "${private_mounts[@]}" "$runtime" --root "$tmp/state" \
    --cgroup-manager=disabled run --bundle "$bundle" "$id" \
    >"$tmp/out" 2>"$tmp/err"
  rc=$?
  local got
  got=$(outcome_of "$tmp/out" "$rc")
  if [[ $got != "$want" ]]; then
    fail "${arches:-no arches}: $* saw $got, want $want"
    cat "$tmp/out" "$tmp/err"
  else
    echo "ok: ${arches:-no arches}: $* -> $got"
  fi
}

x32=$((0x40000000))
for none in '' '{"archMap": null}'; do
  expect "$none" errno:77 /bin/syscall_probe 110              # getppid
  expect "$none" allow /bin/syscall_probe 39                  # getpid
  # The i386 probe's first call is its "ready" write: killed there.
  expect "$none" sigsys-first /bin/syscall_probe_i386 20      # getpid
  expect "$none" sigsys /bin/syscall_probe $((x32 | 39))      # x32 getpid
done
docker_arch_map='{"archMap": [{"architecture": "SCMP_ARCH_X86_64",
  "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}]}'
expect "$docker_arch_map" errno:77 /bin/syscall_probe 110
expect "$docker_arch_map" allow /bin/syscall_probe_i386 20
expect "$docker_arch_map" errno:77 /bin/syscall_probe_i386 64  # i386 getppid

finish

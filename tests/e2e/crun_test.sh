#!/usr/bin/env bash
# crun runs an OCI bundle (busybox-static rootfs plus the static
# syscall_probe) whose `run.oci.seccomp_bpf_data` annotation is
# `seccompc compile --format base64`; the process in the container sees
# the profile's verdicts.
#   crun_test.sh SECCOMPC SYSCALL_PROBE SYSCALL_PROBE_I386
#
# crun 1.8.1 refuses this machine's hybrid cgroup layout: it runs under
# private_mounts (tests/lib/container_host.sh, the cgroup2 tree unmounted)
# with --cgroup-manager=disabled.
set -uo pipefail
seccompc=$(realpath "$1")
probe=$(realpath "$2")
probe_i386=$(realpath "$3")
source tests/e2e/probe_lib.sh
source tests/lib/container_host.sh
require_root "crun"
tmp=${TEST_TMPDIR:-$(mktemp -d)}

bundle=$tmp/bundle
mkdir -p "$tmp/state"
make_rootfs "$bundle/rootfs"
cp "$probe" "$bundle/rootfs/bin/syscall_probe"
cp "$probe_i386" "$bundle/rootfs/bin/syscall_probe_i386"
compile_e2e_profiles "$seccompc" base64

# write_config ANNOTATION_FILE PROGRAM ARGS...: config.json for one run; an
# empty ANNOTATION_FILE means no filter at all.
write_config() {
  local b64=$1
  shift
  python3 tests/e2e/oci_bundle_config.py "$bundle/config.json" --dev-tmpfs \
    ${b64:+--bpf-data-file "$b64"} -- "$@"
}

run_container() {
  local id=seccompc-e2e-$$-$RANDOM
  "${private_mounts[@]}" crun --root "$tmp/state" --cgroup-manager=disabled \
    run --bundle "$bundle" "$id" >"$tmp/out" 2>"$tmp/err"
}

# The busybox rootfs works at all (and without a filter getppid succeeds:
# the ERRNO answers below are the filter's, not the kernel's own).
write_config "" /bin/syscall_probe 110
run_container
rc=$?
if [[ $(outcome_of "$tmp/out" "$rc") != allow ]]; then
  echo "FAIL: the bundle does not run without a filter (rc=$rc):"
  cat "$tmp/out" "$tmp/err"
  exit 1
fi

# crun_probe PROFILE PROGRAM ARGS...: PROGRAM in a container whose
# annotation carries the compiled PROFILE.
crun_probe() {
  local profile=$1
  shift
  write_config "$tmp/$profile.base64" "$@"
  run_container
}
run_e2e_cases "$seccompc" /bin/syscall_probe /bin/syscall_probe_i386 crun_probe

finish

#!/usr/bin/env bash
# podman 4.3 with seccompc-runtime as its OCI runtime: `podman run
# --runtime seccompc-runtime --security-opt seccomp=PROFILE` on a busybox
# rootfs. The container must see exactly what `seccompc simulate --enosys`
# predicts; a broken profile must stop the container with seccompc's
# message in podman's output; a program the creator puts in the annotation
# run.oci.seccomp_bpf_data must not replace the profile; SCMP_ACT_NOTIFY
# with listenerPath must reach a test agent (seccomp_agent.c) whose answer
# the container sees. For comparison the log shows what plain crun
# (libseccomp) answers for mseal under the same profile.
#   podman_test.sh SECCOMPC SECCOMPC_RUNTIME SYSCALL_PROBE SECCOMP_AGENT
#
# This machine's hybrid cgroups: podman runs in a private mount namespace
# with the cgroup2 tree unmounted (../shared/notes/engines.md §1); its
# storage, run folder and containers.conf are private to the test.
set -uo pipefail
source tests/engines/engine_lib.sh
engine_test_args "$@"
setup_engine_test podman podman
# podman knows a runtime by name: seccompc-runtime, a wrapper that keeps
# the cache in $tmp/cache (conmon gives it no environment of podman's).
write_podman_conf "$tmp" "$runtime"

# podman_run wrapper|crun OUT PROFILE CMD...; extra podman options in
# the array podman_options.
podman_options=()
podman_run() {
  local which=$1 out=$2 profile=$3
  shift 3
  local rt=seccompc-runtime
  [[ $which == crun ]] && rt=crun
  CONTAINERS_CONF=$tmp/containers.conf "${private_mounts[@]}" podman \
    --root "$tmp/storage" --runroot "$tmp/run" --runtime "$rt" \
    --cgroup-manager=cgroupfs run --rm --network=none \
    --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
    --security-opt "seccomp=$profile" "${podman_options[@]}" \
    --rootfs "$tmp/rootfs" "$@" \
    </dev/null >"$out" 2>&1
}

probe_in_podman() {
  local which=$1 out=$2
  shift 2
  podman_run "$which" "$out" "$tmp/profile.json" /bin/syscall_probe "$@"
}

run_engine_cases "$seccompc" "$tmp/profile.json" probe_in_podman

# The engine's own path: crun compiles linux.seccomp with libseccomp.
probe_in_podman crun "$tmp/out" 462 0 0 0
echo "compare: podman + plain crun (libseccomp) answers mseal:" \
  "$(outcome_of "$tmp/out" $?); podman + seccompc-runtime: allow"

# A creator's program in the annotation (one instruction: RET ALLOW) must
# not replace the profile: getppid keeps the profile's errno 77.
podman_options=(--annotation run.oci.seccomp_bpf_data=BgAAAAAA/38=)
probe_in_podman wrapper "$tmp/out" 110
got=$(outcome_of "$tmp/out" $?)
podman_options=()
if [[ $got != errno:77 ]]; then
  fail "a creator's run.oci.seccomp_bpf_data replaced the profile: getppid" \
    "says $got, expected errno:77: $(tr '\n' ' ' <"$tmp/out")"
else
  pass "a creator's run.oci.seccomp_bpf_data is replaced: getppid -> $got"
fi

# containers.conf as documented: seccompc-runtime is podman's default
# runtime (no --runtime; mseal is where it differs from plain crun) and
# may run with --cgroups=disabled (runtime_supports_nocgroup).
CONTAINERS_CONF=$tmp/containers.conf "${private_mounts[@]}" podman \
  --root "$tmp/storage" --runroot "$tmp/run" --cgroup-manager=cgroupfs \
  run --rm --network=none --cgroups=disabled \
  --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
  --security-opt "seccomp=$tmp/profile.json" --rootfs "$tmp/rootfs" \
  /bin/syscall_probe 462 0 0 0 </dev/null >"$tmp/out" 2>&1
got=$(outcome_of "$tmp/out" $?)
if [[ $got != allow ]]; then
  fail "containers.conf's default runtime with --cgroups=disabled: mseal" \
    "says $got, seccompc-runtime allows it: $(tr '\n' ' ' <"$tmp/out")"
else
  pass "containers.conf as documented: default runtime seccompc-runtime" \
    "with --cgroups=disabled (mseal -> allow)"
fi

# podman reads the runtime's version from the first line of --version.
version=$(CONTAINERS_CONF=$tmp/containers.conf "${private_mounts[@]}" podman \
  --root "$tmp/storage" --runroot "$tmp/run" --runtime seccompc-runtime \
  --cgroup-manager=cgroupfs info --format '{{.Host.OCIRuntime.Version}}' 2>&1)
if [[ $version == "seccompc-runtime version "* && $version == *"crun version"* ]]; then
  pass "podman info: $(echo "$version" | head -1)"
else
  fail "podman info's runtime version: $version"
fi

notify_run() { podman_run wrapper "$@"; }
check_notify "$agent" notify_run

check_broken_profile podman_run wrapper
# podman names the runtime once and passes its annotation with the file.
if grep -q "seccompc-runtime: seccompc-runtime" "$tmp/out" ||
  ! grep -q "profile $PWD/runtime/testdata/broken.json (podman)" "$tmp/out"; then
  fail "podman's error: a doubled prefix or no source: $(cat "$tmp/out")"
else
  pass "podman's error names the runtime once and the profile's file"
fi
finish_engine_test

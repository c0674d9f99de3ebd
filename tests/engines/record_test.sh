#!/usr/bin/env bash
# Recording through the engine (runtime/oci/oci_record.h): podman 4.3 and ctr
# (containerd 1.6) run seccompc-runtime with record_dir set; a container
# annotated io.seccompc.record=NAME is recorded into record_dir/NAME.json.
#   - `sh -c 'echo hi; ls /'` in a busybox container (no profile: all
#     recorded) runs again under the recorded profile through the same
#     engine, and a call it never made (mkdir) is denied;
#   - a second recording of the same NAME merges: mkdir then passes, the
#     first command still does;
#   - the container's own profile stays enforced while it is recorded
#     (getppid keeps its errno 77);
#   - a bad NAME, and the annotation without record_dir, stop the container
#     with the runtime's message;
#   - `podman exec` into a recorded container works and is recorded.
#   record_test.sh SECCOMPC SECCOMPC_RUNTIME SYSCALL_PROBE
set -uo pipefail
source tests/engines/engine_lib.sh
engine_test_args "$@"
setup_engine_test record podman ctr containerd
records=$tmp/records
mkdir -m 0755 "$records"

write_podman_conf "$tmp" "$runtime"
# The wrapper podman runs records only while $tmp/record_on exists, so one
# podman configuration covers recording on and off.
cat >"$tmp/seccompc-runtime" <<SH
#!/bin/sh
[ -e '$tmp/record_on' ] && export SECCOMPC_RUNTIME_RECORD_DIR='$records'
SECCOMPC_RUNTIME_CACHE_DIR='$tmp/cache' exec '$runtime' "\$@"
SH
touch "$tmp/record_on"

# podman_run OUT SECCOMP [PODMAN OPTIONS...] -- CMD...
podman_run() {
  local out=$1 seccomp=$2 options=()
  shift 2
  while [[ $1 != -- ]]; do
    options+=("$1")
    shift
  done
  shift
  CONTAINERS_CONF=$tmp/containers.conf "${private_mounts[@]}" podman \
    --root "$tmp/storage" --runroot "$tmp/run" --runtime seccompc-runtime \
    --cgroup-manager=cgroupfs run --rm --network=none \
    --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
    --security-opt "seccomp=$seccomp" "${options[@]}" \
    --rootfs "$tmp/rootfs" "$@" </dev/null >"$out" 2>&1
}

# ctr_run OUT SECCOMP [CTR OPTIONS...] -- CMD...; SECCOMP "unconfined":
# none.
id=0
ctr_run() {
  local out=$1 seccomp=$2 options=()
  shift 2
  while [[ $1 != -- ]]; do
    options+=("$1")
    shift
  done
  shift
  [[ $seccomp == unconfined ]] || options+=(--seccomp --seccomp-profile
    "$seccomp")
  id=$((id + 1))
  ctr --address "$tmp/containerd.sock" run --rm --rootfs \
    --runc-binary "$runtime" "${options[@]}" "$tmp/rootfs" "rec-$id" "$@" \
    </dev/null >"$out" 2>&1
}

# wait_recorded NAME LINES: the recorder is detached and writes after the
# container is gone; wait until NAME.log has LINES lines (<= 20 s).
wait_recorded() {
  local name=$1 lines=$2
  for _ in $(seq 200); do
    if [[ -f $records/$name.log ]] &&
      (($(wc -l <"$records/$name.log") >= lines)); then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# record_cases ENGINE RUN_FN NAME RUNTIME_CALLS: RUNTIME_CALLS, calls crun
# makes after installing the filter for this engine's config (podman's
# drops capabilities and sets ids; ctr's keeps root's), must be recorded.
record_cases() {
  local engine=$1 run=$2 name=$3 runtime_calls=$4 rc
  # exec: sh runs its last command without forking, so mkdir's is the
  # only call the two commands differ in that matters here.
  local ls_cmd=(/bin/sh -c 'echo hi; exec ls /')
  local mkdir_cmd=(/bin/sh -c 'echo hi; exec mkdir /tmp/made')

  "$run" "$tmp/out" unconfined --annotation "io.seccompc.record=$name" \
    -- "${ls_cmd[@]}"
  rc=$?
  if ((rc != 0)) || ! grep -q '^hi$' "$tmp/out" || ! grep -q bin "$tmp/out"
  then
    fail "$engine: recording run: rc=$rc: $(tr '\n' ' ' <"$tmp/out")"
    return
  fi
  if ! wait_recorded "$name" 1 || ! grep -q 'recorded' "$records/$name.log"
  then
    fail "$engine: no recording: $(cat "$records/$name.log" 2>&1)"
    return
  fi
  echo "ok: $engine: recorded: $(tail -1 "$records/$name.log")"
  # crun's own calls after it installs the filter, before the exec, are
  # in the recording (a host recording misses them).
  if ! python3 - "$records/$name.json" "$runtime_calls" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
names = {n for e in p["syscalls"] for n in e["names"]}
missing = set(sys.argv[2].split(",")) - names
assert not missing, f"missing {sorted(missing)} in {sorted(names)}"
assert p["defaultAction"] == "SCMP_ACT_ERRNO", p["defaultAction"]
PY
  then
    fail "$engine: the recording lacks the runtime's own calls"
  else
    echo "ok: $engine: the recording holds crun's calls before the exec" \
      "($runtime_calls)"
  fi

  "$run" "$tmp/out" "$records/$name.json" -- "${ls_cmd[@]}"
  rc=$?
  if ((rc != 0)) || ! grep -q '^hi$' "$tmp/out"; then
    fail "$engine: rerun under the recorded profile: rc=$rc:" \
      "$(tr '\n' ' ' <"$tmp/out")"
  else
    echo "ok: $engine: the same container runs under the recorded profile"
  fi

  "$run" "$tmp/out" "$records/$name.json" -- "${mkdir_cmd[@]}"
  rc=$?
  if ((rc == 0)) || [[ -d $tmp/rootfs/tmp/made ]] ||
    ! grep -q "can't create directory '/tmp/made': Operation not permitted" \
      "$tmp/out"; then
    fail "$engine: mkdir, never recorded, was not denied: rc=$rc:" \
      "$(tr '\n' ' ' <"$tmp/out")"
  else
    echo "ok: $engine: mkdir, never recorded, is denied:" \
      "$(grep 'not permitted' "$tmp/out")"
  fi
  rm -rf "$tmp/rootfs/tmp/made"

  # A second recording of NAME merges into NAME.json.
  "$run" "$tmp/out" unconfined --annotation "io.seccompc.record=$name" \
    -- "${mkdir_cmd[@]}"
  rm -rf "$tmp/rootfs/tmp/made"
  if ! wait_recorded "$name" 2 || ! grep -q 'merged into' "$records/$name.log"
  then
    fail "$engine: second recording not merged: $(cat "$records/$name.log")"
    return
  fi
  "$run" "$tmp/out" "$records/$name.json" -- "${mkdir_cmd[@]}"
  rc=$?
  if ((rc != 0)) || [[ ! -d $tmp/rootfs/tmp/made ]]; then
    fail "$engine: mkdir under the merged profile: rc=$rc:" \
      "$(tr '\n' ' ' <"$tmp/out")"
  else
    echo "ok: $engine: a second recording merges: mkdir now passes"
  fi
  rm -rf "$tmp/rootfs/tmp/made"
  "$run" "$tmp/out" "$records/$name.json" -- "${ls_cmd[@]}"
  rc=$?
  if ((rc != 0)) || ! grep -q '^hi$' "$tmp/out"; then
    fail "$engine: the first command under the merged profile: rc=$rc"
  fi

  # The container's profile stays enforced while recorded.
  "$run" "$tmp/out" "$tmp/profile.json" \
    --annotation "io.seccompc.record=$name-probe" -- /bin/syscall_probe 110
  got=$(outcome_of "$tmp/out" $?)
  if [[ $got != errno:77 ]]; then
    fail "$engine: recording weakened the profile: getppid says $got," \
      "expected errno:77: $(tr '\n' ' ' <"$tmp/out")"
  else
    echo "ok: $engine: recording keeps the profile: getppid -> $got"
  fi
  # What the profile allows is recorded (its allows became NOTIFY); what
  # it denies is not.
  if ! wait_recorded "$name-probe" 1 ||
    ! python3 - "$records/$name-probe.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
names = {n for e in p["syscalls"] for n in e["names"]}
assert {"execve", "write"} <= names, sorted(names)
assert "getppid" not in names, sorted(names)
PY
  then
    fail "$engine: the profiled container's recording:" \
      "$(cat "$records/$name-probe.log" 2>&1)"
  else
    echo "ok: $engine: a profiled container's allowed calls are recorded," \
      "its denied getppid is not"
  fi

  "$run" "$tmp/out" unconfined --annotation "io.seccompc.record=../etc/x" \
    -- /bin/true
  rc=$?
  if ((rc == 0)) || ! grep -q "io.seccompc.record=\"../etc/x\": .*a plain name" \
    "$tmp/out"; then
    fail "$engine: a bad NAME was not refused: rc=$rc: $(cat "$tmp/out")"
  else
    echo "ok: $engine: a bad NAME is refused: $(head -c 300 "$tmp/out")"
  fi
}

record_cases podman podman_run busybox capset,setresuid,setresgid,execve

# `podman exec` into a recorded container: crun connects to the recorder
# again for the exec'd process, which is recorded too (id: getgroups).
CONTAINERS_CONF=$tmp/containers.conf "${private_mounts[@]}" podman \
  --root "$tmp/storage" --runroot "$tmp/run" --runtime seccompc-runtime \
  --cgroup-manager=cgroupfs run -d --rm --name exec-case --network=none \
  --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
  --security-opt seccomp=unconfined --annotation io.seccompc.record=exec \
  --rootfs "$tmp/rootfs" /bin/sh -c 'sleep 2' >"$tmp/out" 2>&1 ||
  fail "podman run -d for the exec case: $(cat "$tmp/out")"
CONTAINERS_CONF=$tmp/containers.conf "${private_mounts[@]}" podman \
  --root "$tmp/storage" --runroot "$tmp/run" exec exec-case /bin/sh -c id \
  >"$tmp/out" 2>&1
rc=$?
if ((rc != 0)) || ! grep -q 'uid=0' "$tmp/out"; then
  fail "podman exec into a recorded container: rc=$rc: $(cat "$tmp/out")"
elif ! wait_recorded exec 1 || ! grep -q '"getgroups"' "$records/exec.json"
then
  fail "podman exec: the exec'd id is not in the recording:" \
    "$(cat "$records/exec.log" "$records/exec.json" 2>&1)"
else
  echo "ok: podman: exec into a recorded container works and is recorded"
fi

rm "$tmp/record_on"
podman_run "$tmp/out" unconfined --annotation io.seccompc.record=off -- /bin/true
rc=$?
if ((rc == 0)) || ! grep -q 'recording is off' "$tmp/out"; then
  fail "podman: the annotation without record_dir: rc=$rc: $(cat "$tmp/out")"
else
  echo "ok: podman: the annotation without record_dir is refused"
fi

# containerd passes its environment down to the shim and the runtime.
SECCOMPC_RUNTIME_RECORD_DIR=$records start_containerd "$tmp"
record_cases ctr ctr_run ctr-busybox prctl,execve

finish

#!/usr/bin/env bash
# crun runs an OCI bundle (busybox-static rootfs plus the static
# syscall_probe) whose `run.oci.seccomp_bpf_data` annotation is
# `seccompc compile --format base64`; the process in the container sees
# the profile's verdicts.
#   crun_test.sh SECCOMPC SYSCALL_PROBE SYSCALL_PROBE_I386
#
# crun 1.8.1 refuses this machine's hybrid cgroup layout; as in
# ../shared/notes/reference.md §5 it runs in a private mount namespace with
# the cgroup2 tree unmounted and --cgroup-manager=disabled.
set -uo pipefail
seccompc=$(realpath "$1")
probe=$(realpath "$2")
probe_i386=$(realpath "$3")
source tests/e2e/probe_lib.sh
require_root "crun"
tmp=${TEST_TMPDIR:-$(mktemp -d)}

busybox=$(command -v busybox) || {
  echo "FAIL: busybox (busybox-static) is not installed"
  exit 1
}
# ldd fails on a static executable ("not a dynamic executable").
if ldd "$busybox" >/dev/null 2>&1; then
  echo "FAIL: $busybox is not static (install busybox-static)"
  exit 1
fi

bundle=$tmp/bundle
mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/dev" "$bundle/rootfs/proc" "$tmp/state"
cp "$busybox" "$bundle/rootfs/bin/busybox"
ln -sf busybox "$bundle/rootfs/bin/sh"
cp "$probe" "$bundle/rootfs/bin/syscall_probe"
cp "$probe_i386" "$bundle/rootfs/bin/syscall_probe_i386"

declare -A profile_path=(
  [default]=profiles/default.json
  [static]=profiles/static-network-server.json
  [args]="$tmp/args.json"
)
write_args_profile "$tmp/args.json"
for p in "${!profile_path[@]}"; do
  "$seccompc" compile "${profile_path[$p]}" -o "$tmp/$p.b64" \
    --format base64 2>/dev/null || fail "seccompc compile ${profile_path[$p]}"
done

# Unmount whatever cgroup2 tree sits beside the v1 hierarchies (crun
# refuses hybrid setups); nothing to do on a pure v1 or v2 host.
cgroup_prelude=""
if mountpoint -q /sys/fs/cgroup/unified 2>/dev/null; then
  cgroup_prelude="umount /sys/fs/cgroup/unified && "
fi

# write_config ANNOTATION_FILE PROGRAM ARGS...: config.json for one run; an
# empty ANNOTATION_FILE means no filter at all.
write_config() {
  local b64=$1
  shift
  python3 - "$bundle/config.json" "$b64" "$@" <<'PY'
import json, sys
path, b64_file, args = sys.argv[1], sys.argv[2], sys.argv[3:]
config = {
    "ociVersion": "1.0.2",
    "process": {
        "terminal": False,
        "user": {"uid": 0, "gid": 0},
        "args": args,
        "env": ["PATH=/bin"],
        "cwd": "/",
        "noNewPrivileges": True,
    },
    "root": {"path": "rootfs", "readonly": True},
    "hostname": "seccompc-e2e",
    "mounts": [
        {"destination": "/proc", "type": "proc", "source": "proc"},
        {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
         "options": ["nosuid", "strictatime", "mode=755", "size=1024k"]},
    ],
    "linux": {
        "namespaces": [{"type": t} for t in
                       ("pid", "network", "ipc", "uts", "mount")],
    },
}
if b64_file:
    config["annotations"] = {
        "run.oci.seccomp_bpf_data": open(b64_file).read().strip()}
json.dump(config, open(path, "w"), indent=1)
PY
}

run_container() {
  local id=seccompc-e2e-$$-$RANDOM
  unshare -m --propagation private sh -c \
    "${cgroup_prelude}exec crun --root '$tmp/state' --cgroup-manager=disabled run --bundle '$bundle' '$id'" \
    >"$tmp/out" 2>"$tmp/err"
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

cases=0
while read -r profile expected nr args; do
  cases=$((cases + 1))
  program=/bin/syscall_probe
  if [[ $nr == i386:* ]]; then program=/bin/syscall_probe_i386; fi
  # shellcheck disable=SC2086 # args are separate words on purpose
  write_config "$tmp/$profile.b64" "$program" "${nr#i386:}" $args
  run_container
  rc=$?
  got=$(outcome_of "$tmp/out" "$rc")
  # shellcheck disable=SC2086
  predicted=$(simulated "$seccompc" "${profile_path[$profile]}" "$nr" $args)
  if [[ $got != "$expected" ]]; then
    fail "$profile: syscall $nr ($args): container says $got, expected" \
      "$expected ($(cat "$tmp/out" "$tmp/err" | tr '\n' ' '))"
  elif [[ $predicted != "$expected" && $predicted != n/a ]]; then
    fail "$profile: syscall $nr ($args): seccompc simulate predicts $predicted"
  else
    echo "ok: $profile: syscall $nr ($args) -> $got"
  fi
done < <(e2e_cases)

echo "$cases cases, $failures failures"
((cases >= 15)) || fail "too few cases ran"
((failures == 0))

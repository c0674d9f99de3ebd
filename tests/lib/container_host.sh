# shellcheck shell=bash
# Running real container software on this host, shared by the crun test
# (tests/e2e), the engine tests (tests/engines) and the engine benchmark
# (bench/engine_start_time.sh): the mount namespace crun needs here, a
# busybox rootfs, podman's and containerd's private configurations.
# Sourced from the checkout's root (Bazel's runfiles or the checkout).

# "${private_mounts[@]}" COMMAND ARGS...: COMMAND in a private mount
# namespace without the cgroup2 tree that sits beside the v1 hierarchies on
# this machine (crun refuses that hybrid layout: ../shared/notes/reference.md
# §5, engines.md §1); on a pure v1 or v2 host only the namespace is new.
# unshare and sh exec into COMMAND, so a daemon started so with `&` has its
# own pid in $! (a shell function would leave a subshell's there).
private_mounts=(unshare -m --propagation private sh -c)
if mountpoint -q /sys/fs/cgroup/unified 2>/dev/null; then
  # shellcheck disable=SC2016 # $@ is the inner shell's
  private_mounts+=('umount /sys/fs/cgroup/unified && exec "$@"' sh)
else
  # shellcheck disable=SC2016
  private_mounts+=('exec "$@"' sh)
fi

# make_rootfs DIR: a rootfs of busybox-static (/bin/busybox, /bin/sh) with
# the mount points and the empty /etc files the engines bind over; the
# caller adds its own programs to DIR/bin.
make_rootfs() {
  local dir=$1 busybox
  busybox=$(command -v busybox) || {
    echo "FAIL: busybox (busybox-static) is not installed"
    exit 1
  }
  # ldd fails on a static executable ("not a dynamic executable").
  if ldd "$busybox" >/dev/null 2>&1; then
    echo "FAIL: $busybox is not static (install busybox-static)"
    exit 1
  fi
  mkdir -p "$dir/bin" "$dir/dev" "$dir/proc" "$dir/sys" "$dir/etc" "$dir/tmp"
  cp "$busybox" "$dir/bin/busybox"
  ln -sf busybox "$dir/bin/sh"
  : >"$dir/etc/resolv.conf"
  : >"$dir/etc/hosts"
  : >"$dir/etc/hostname"
}

# write_podman_conf DIR RUNTIME: DIR/containers.conf, docs/engines.md's
# snippet containers.conf as written (seccompc-runtime by name, with the
# abilities podman grants only to runtimes it lists: JSON errors in --log,
# --cgroups=disabled), its path replaced by DIR/seccompc-runtime, plus
# podman's event log in DIR. conmon gives the runtime no environment of
# podman's, so DIR/seccompc-runtime is a two-line wrapper that keeps
# RUNTIME's cache of compiled programs in DIR/cache.
write_podman_conf() {
  local dir=$1 runtime=$2 snippet
  cat >"$dir/seccompc-runtime" <<SH
#!/bin/sh
SECCOMPC_RUNTIME_CACHE_DIR='$dir/cache' exec '$runtime' "\$@"
SH
  chmod +x "$dir/seccompc-runtime"
  snippet=$(/usr/bin/python3 tests/engines/doc_snippet.py docs/engines.md \
    containers.conf) || exit 1
  [[ $snippet == *'"/usr/local/bin/seccompc-runtime"'* &&
    $snippet == *'[engine]'* ]] || {
    echo "FAIL: docs/engines.md's containers.conf snippet has no [engine]" \
      "or no \"/usr/local/bin/seccompc-runtime\": $snippet"
    exit 1
  }
  snippet=${snippet//\/usr\/local\/bin\/seccompc-runtime/$dir\/seccompc-runtime}
  # The event log goes into [engine], the snippet's first table.
  printf '%s\n' "${snippet/\[engine\]/[engine]
events_logger = \"file\"
events_logfile_path = \"$dir/events.log\"}" >"$dir/containers.conf"
}

# start_containerd DIR: a private containerd (state, socket
# DIR/containerd.sock and log in DIR) in the background, its pid in
# `daemon` for the caller to stop; fails (exit 1) if it does not answer
# within 10 s.
start_containerd() {
  local dir=$1
  cat >"$dir/containerd.toml" <<CONF
version = 2
root = "$dir/containerd-root"
state = "$dir/containerd-state"
[grpc]
  address = "$dir/containerd.sock"
[ttrpc]
  address = "$dir/containerd.sock.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  disable_cgroup = true
CONF
  "${private_mounts[@]}" containerd --config "$dir/containerd.toml" \
    >"$dir/containerd.log" 2>&1 &
  # shellcheck disable=SC2034 # the caller's
  daemon=$!
  for _ in $(seq 100); do
    ctr --address "$dir/containerd.sock" version >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "FAIL: private containerd did not start: $(tail -5 "$dir/containerd.log")"
  exit 1
}

# shellcheck shell=bash
# A Kubernetes node without a kubelet: a private containerd whose CRI plugin
# has the runtime of docs/engines.md (snippet containerd.toml, as written,
# with BinaryName pointing at the binary under test) plus a crun handler
# for comparison, a local image, and cri_client.py making a kubelet's calls.
# Shared by tests/engines/kubernetes_test.sh and bench/cri_start_time.sh;
# sourced from the checkout's root after tests/lib/container_host.sh
# (private_mounts, make_rootfs).

# The Python with Debian's grpcio and grpc_tools (a python3 earlier in
# PATH, such as a pyenv one, may lack them).
cri_python=/usr/bin/python3
cri_image=seccompc.test/busybox:1

# require_cri_client: fails (exit 1) unless the client's modules import.
require_cri_client() {
  "$cri_python" -c 'import grpc, grpc_tools.protoc, yaml' 2>/dev/null || {
    echo "FAIL: $cri_python lacks grpc, grpc_tools or yaml (tools/setup.sh" \
      "installs python3-grpcio, python3-grpc-tools and python3-yaml)"
    exit 1
  }
}

# write_image_archive ROOTFS OUT: a Docker-archive tar (what `docker save`
# writes: manifest.json, the image config, one layer) of ROOTFS tagged
# $cri_image, whose command sleeps: it also serves as the pause image.
write_image_archive() {
  "$cri_python" - "$1" "$2" "$cri_image" <<'PY'
import hashlib, io, json, os, sys, tarfile
rootfs, out, tag = sys.argv[1:4]
layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode="w") as t:
    t.add(rootfs, arcname=".")
    link = tarfile.TarInfo("./bin/sleep")
    link.type, link.linkname = tarfile.SYMTYPE, "busybox"
    t.addfile(link)
layer = layer.getvalue()
diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
config = json.dumps({
    "architecture": "amd64", "os": "linux",
    "config": {"Cmd": ["/bin/sleep", "86400"], "Env": ["PATH=/bin"]},
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
}).encode()
config_name = hashlib.sha256(config).hexdigest() + ".json"
manifest = json.dumps([{"Config": config_name, "RepoTags": [tag],
                        "Layers": ["layer.tar"]}]).encode()
with tarfile.open(out, "w") as t:
    for name, data in (("layer.tar", layer), (config_name, config),
                       ("manifest.json", manifest)):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
PY
}

# write_cri_config DIR RUNTIME: DIR/containerd.toml, a private daemon's
# (root, state, socket in DIR) with the CRI settings a node without CNI and
# with cgroups left to the host needs, then docs/engines.md's snippet as
# written, its BinaryName replaced by RUNTIME, the same for the snippet
# containerd-record.toml (handler "seccompc-record", which passes the pod
# annotation io.seccompc.record to the runtime), then a handler "crun" (plain
# crun, libseccomp) for comparison and a handler "seccompc-strict" (RUNTIME
# with SECCOMPC_RUNTIME_STRICT=1, through a two-line wrapper in DIR).
write_cri_config() {
  local dir=$1 runtime=$2 snippet record_snippet
  snippet=$("$cri_python" tests/engines/doc_snippet.py docs/engines.md \
    containerd.toml) || exit 1
  record_snippet=$("$cri_python" tests/engines/doc_snippet.py \
    docs/engines.md containerd-record.toml) || exit 1
  [[ $snippet == *'BinaryName = "/usr/local/bin/seccompc-runtime"'* &&
    $record_snippet == *'BinaryName = "/usr/local/bin/seccompc-runtime"'* ]] || {
    echo "FAIL: docs/engines.md's containerd.toml or containerd-record.toml" \
      "snippet names no BinaryName = \"/usr/local/bin/seccompc-runtime\":" \
      "$snippet $record_snippet"
    exit 1
  }
  # Empty CNI folders: host-network pods need no network plugin, but the
  # CRI plugin stops its event monitor (and so never learns of imported
  # images) when it cannot watch the configuration folder.
  mkdir -p "$dir/cni/bin" "$dir/cni/net.d"
  cat >"$dir/containerd.toml" <<CONF
version = 2
root = "$dir/containerd-root"
state = "$dir/containerd-state"
[grpc]
  address = "$dir/containerd.sock"
[ttrpc]
  address = "$dir/containerd.sock.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$cri_image"
  disable_cgroup = true
  disable_apparmor = true
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$dir/cni/bin"
    conf_dir = "$dir/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
${snippet//\/usr\/local\/bin\/seccompc-runtime/$runtime}
${record_snippet//\/usr\/local\/bin\/seccompc-runtime/$runtime}
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crun]
  runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crun.options]
    BinaryName = "/usr/bin/crun"
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.seccompc-strict]
  runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.seccompc-strict.options]
    BinaryName = "$dir/seccompc-runtime-strict"
CONF
  cat >"$dir/seccompc-runtime-strict" <<SH
#!/bin/sh
SECCOMPC_RUNTIME_STRICT=1 exec '$runtime' "\$@"
SH
  chmod +x "$dir/seccompc-runtime-strict"
}

# start_cri_node DIR RUNTIME ROOTFS: the daemon of write_cri_config in the
# background (pid in `daemon`, for the caller to stop; log
# DIR/containerd.log), the image of ROOTFS imported into the CRI's
# namespace (k8s.io); `cri` then runs the client against it.
start_cri_node() {
  local dir=$1 runtime=$2 rootfs=$3
  write_cri_config "$dir" "$runtime"
  write_image_archive "$rootfs" "$dir/image.tar" || exit 1
  # shellcheck disable=SC2154 # private_mounts: container_host.sh's
  "${private_mounts[@]}" containerd --config "$dir/containerd.toml" \
    >"$dir/containerd.log" 2>&1 &
  # shellcheck disable=SC2034 # the caller's
  daemon=$!
  cri_socket=$dir/containerd.sock
  cri_stubs=$dir/stubs
  export CRI_IMAGE=$cri_image CRI_LOG_DIR=$dir/pods
  local _
  for _ in $(seq 100); do
    cri version >/dev/null 2>&1 && break
    sleep 0.1
  done
  cri version >/dev/null 2>&1 || {
    echo "FAIL: private containerd's CRI does not answer:" \
      "$(cri version 2>&1 | tail -2) $(grep -i 'error\|fail' "$dir/containerd.log" | tail -5)"
    exit 1
  }
  ctr --address "$cri_socket" -n k8s.io images import "$dir/image.tar" \
    >/dev/null || {
    echo "FAIL: ctr images import $dir/image.tar"
    exit 1
  }
  # The CRI plugin learns of the image from containerd's event, a moment
  # after the import returns; until then it would try to pull it.
  for _ in $(seq 100); do
    cri image "$cri_image" >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "FAIL: the CRI does not know the imported image $cri_image"
  exit 1
}

# cri COMMAND [SPEC.json]: cri_client.py against the node's socket.
cri() {
  "$cri_python" tests/engines/cri/cri_client.py "$cri_socket" "$cri_stubs" "$@"
}

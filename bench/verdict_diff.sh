#!/usr/bin/env bash
# Where seccompc-runtime and the engine's own path (crun + libseccomp 2.5.4)
# answer differently, on real profiles: podman turns each profile into the
# OCI linux.seccomp of a container (`podman init` with plain crun, which
# compiles it with libseccomp and caches the program as
# /run/crun/ID/seccomp.bpf); seccompc-runtime compiles the same
# config.json. bench/bpf_eval.py runs both programs on every x86_64 and
# i386 number 0..480 with three argument vectors and prints the
# differences, which this script groups per profile.
#   bench/verdict_diff.sh             (root; from the checkout)
set -euo pipefail
[[ $(id -u) == 0 ]] || { echo "needs root" >&2; exit 1; }
bazel build -c opt --linkopt=-static //runtime:seccompc-runtime //compiler/cli:seccompc >/dev/null 2>&1
runtime=$(realpath bazel-bin/runtime/seccompc-runtime)
seccompc=$(realpath bazel-bin/compiler/cli/seccompc)
tmp=$(mktemp -d /tmp/seccompc-vdiff.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/rootfs/bin" "$tmp/rootfs/proc" "$tmp/rootfs/dev" "$tmp/rootfs/etc"
cp "$(command -v busybox)" "$tmp/rootfs/bin/busybox"
ln -s busybox "$tmp/rootfs/bin/sh"
cat >"$tmp/containers.conf" <<CONF
[engine]
events_logger = "file"
events_logfile_path = "$tmp/events.log"
CONF
prelude=""
mountpoint -q /sys/fs/cgroup/unified && prelude="umount /sys/fs/cgroup/unified && "
profiles=(profiles/default.json "${SECCOMPC_REALWORLD_DIR:-../shared/realworld}"/*.json)
for profile in "${profiles[@]}"; do
  [[ -f $profile ]] || continue
  name=$(basename "$profile" .json)
  CONTAINERS_CONF=$tmp/containers.conf unshare -m --propagation private sh -c "
    $prelude:
    p='podman --root $tmp/storage --runroot $tmp/run --runtime crun --cgroup-manager=cgroupfs'
    id=\$(\$p create --network=none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
      --security-opt seccomp=$(realpath "$profile") --rootfs $tmp/rootfs /bin/sh)
    \$p init \$id >/dev/null
    cp /run/crun/\$id/seccomp.bpf $tmp/$name.libseccomp.bpf
    mkdir -p $tmp/$name.bundle
    cp $tmp/storage/overlay-containers/\$id/userdata/config.json $tmp/$name.bundle/
    \$p rm -f \$id >/dev/null" </dev/null
  SECCOMPC_RUNTIME_DELEGATE=/bin/true "$runtime" create --bundle "$tmp/$name.bundle" x
  python3 -c 'import json,sys,base64; sys.stdout.buffer.write(base64.b64decode(json.load(open(sys.argv[1]))["annotations"]["run.oci.seccomp_bpf_data"]))' \
    "$tmp/$name.bundle/config.json" >"$tmp/$name.seccompc.bpf"
  python3 bench/bpf_eval.py diff "$tmp/$name.libseccomp.bpf" "$tmp/$name.seccompc.bpf" >"$tmp/$name.diff"
  echo "## $name: $(wc -l <"$tmp/$name.diff") differing (arch, nr, args) inputs of 2886"
  # One line per (syscall name, answers): the arches and how many inputs.
  while read -r arch nr arg lib ours; do
    sysname=$("$seccompc" simulate "$profile" \
      --arch "$([[ $arch == i386 ]] && echo x86 || echo x86_64)" \
      --syscall "$nr" 2>/dev/null | head -1 | awk '{print $2}')
    echo "${sysname:-?}|$nr|$arch|$lib|$ours"
  done <"$tmp/$name.diff" | python3 -c '
import sys, collections
groups = collections.OrderedDict()
for line in sys.stdin:
    name, nr, arch, lib, ours = line.strip().split("|")
    key = (name if name != "?" else "unnamed", lib, ours)
    g = groups.setdefault(key, [set(), set(), 0])
    g[0].add(arch); g[1].add(int(nr)); g[2] += 1
for (name, lib, ours), (arches, nrs, n) in groups.items():
    span = f"{min(nrs)}" if len(nrs) == 1 else f"{min(nrs)}..{max(nrs)}"
    where = "+".join(sorted(arches))
    print(f"  {name} ({where} nr {span}, {n} inputs): libseccomp {lib}, seccompc {ours}")
'
done

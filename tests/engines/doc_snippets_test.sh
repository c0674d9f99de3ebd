#!/usr/bin/env bash
# docs/engines.md's configuration snippets, as written: every
# configuration block carries a snippet marker (doc_snippet.py --check),
# and each parses and means what the document says. The engine tests use
# them in their engines too (podman: containers.conf; docker: daemon.json;
# kubernetes: containerd.toml and runtimeclass.yaml); here the rest:
# runtime.conf is read by seccompc-runtime itself, containerd.toml is
# complete added to Debian's stock config.toml, CRI-O's (no CRI-O package
# in Debian 12) parses as TOML, the systemd drop-in's command hides the
# cgroup2 tree from the program it starts.
#   doc_snippets_test.sh SECCOMPC_RUNTIME
set -uo pipefail
runtime=$(realpath "$1")
python=/usr/bin/python3
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(mktemp -d /tmp/seccompc-doc-snippets.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
snippet() { "$python" tests/engines/doc_snippet.py docs/engines.md "$1"; }

if names=$("$python" tests/engines/doc_snippet.py docs/engines.md --check); then
  pass "every configuration block is a snippet:" "${names//$'\n'/ }"
else
  fail "$names"
fi

# runtime.conf: seccompc-runtime loads it; the command then reaches the
# delegate it names (crun's own answer for an unknown container). A
# misspelt key is refused, so loading is not vacuous.
snippet runtime.conf >"$tmp/runtime.conf"
SECCOMPC_RUNTIME_CONFIG=$tmp/runtime.conf "$runtime" --root "$tmp/crun" \
  state no-such-container >"$tmp/out" 2>&1
if grep -q seccompc-runtime "$tmp/out" || ! grep -qi 'no-such-container\|not exist\|no such' "$tmp/out"; then
  fail "runtime.conf: $(cat "$tmp/out")"
else
  pass "runtime.conf: loaded, delegate reached: $(head -c 120 "$tmp/out")"
fi
sed 's/^enosys/enosis/' "$tmp/runtime.conf" >"$tmp/typo.conf"
# (create: the commands that start nothing reach the delegate anyway.)
if SECCOMPC_RUNTIME_CONFIG=$tmp/typo.conf "$runtime" create --bundle "$tmp" x \
  >"$tmp/out" 2>&1 ||
  ! grep -q enosis "$tmp/out"; then
  fail "runtime.conf with a misspelt key was accepted: $(cat "$tmp/out")"
else
  pass "runtime.conf with a misspelt key is refused"
fi

"$python" - "$tmp" <<'PY' || fail "the snippets' contents (the Python checks above)"
import json, os, shlex, subprocess, sys, tomllib, yaml
tmp = sys.argv[1]
def snippet(name):
    return subprocess.run([sys.executable, "tests/engines/doc_snippet.py",
                           "docs/engines.md", name], check=True,
                          capture_output=True, text=True).stdout
failed = False
def check(ok, what):
    global failed
    print(("ok: " if ok else "FAIL: ") + what)
    failed |= not ok

# Debian 12's /etc/containerd/config.toml as the package installs it.
stock = '''version = 2

[plugins]
  [plugins."io.containerd.grpc.v1.cri"]
    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "/usr/lib/cni"
      conf_dir = "/etc/cni/net.d"
  [plugins."io.containerd.internal.v1.opt"]
    path = "/var/lib/containerd/opt"
'''
cri = tomllib.loads(stock + snippet("containerd.toml"))["plugins"][
    "io.containerd.grpc.v1.cri"]["containerd"]
default = cri.get("default_runtime_name", "runc")
check(default in cri["runtimes"],
      "containerd.toml added to the stock config: default_runtime_name "
      "%r has a runtime (%s)" % (default, ", ".join(cri["runtimes"])))
check(cri["runtimes"]["seccompc"]["options"]["BinaryName"]
      == "/usr/local/bin/seccompc-runtime",
      "containerd.toml: runtime seccompc runs seccompc-runtime")

# The recording runtime's entry goes beside it (kubernetes_test runs it).
record = tomllib.loads(stock + snippet("containerd.toml") +
                       snippet("containerd-record.toml"))["plugins"][
    "io.containerd.grpc.v1.cri"]["containerd"]["runtimes"]["seccompc-record"]
check(record["options"]["BinaryName"] == "/usr/local/bin/seccompc-runtime"
      and "io.seccompc.record" in record["pod_annotations"],
      "containerd-record.toml added too: runtime seccompc-record runs "
      "seccompc-runtime and passes the pod annotation io.seccompc.record")

rc = {d["kind"]: d for d in yaml.safe_load_all(snippet("runtimeclass.yaml"))}
check(rc["RuntimeClass"]["handler"] in cri["runtimes"],
      "runtimeclass.yaml: the handler is containerd.toml's runtime")

crio = tomllib.loads(snippet("crio.conf"))["crio"]["runtime"]["runtimes"]
check(crio["seccompc"]["runtime_path"] == "/usr/local/bin/seccompc-runtime"
      and "seccompc" == rc["RuntimeClass"]["handler"],
      "crio.conf: runtime seccompc (the RuntimeClass's handler) runs "
      "seccompc-runtime")

podman = tomllib.loads(snippet("containers.conf"))["engine"]
check(podman["runtimes"]["seccompc-runtime"]
      == ["/usr/local/bin/seccompc-runtime"]
      and "seccompc-runtime" in podman["runtime_supports_json"]
      and "seccompc-runtime" in podman["runtime_supports_nocgroup"],
      "containers.conf: podman 4.3's keys name seccompc-runtime")

docker = json.loads(snippet("daemon.json"))
check(docker["runtimes"][docker["default-runtime"]]["path"]
      == "/usr/local/bin/seccompc-runtime",
      "daemon.json: the default runtime is seccompc-runtime")

# The drop-in's command, run with a probe in containerd's place: in the
# namespace it makes, no cgroup2 tree is mounted at the hybrid place.
lines = [l for l in snippet("containerd-hybrid-cgroups.conf").splitlines()
         if l.startswith("ExecStart=")]
check(lines[0] == "ExecStart=", "drop-in: clears the unit's ExecStart")
argv = shlex.split(lines[-1][len("ExecStart="):])
probe = os.path.join(tmp, "containerd-probe")
with open(probe, "w") as f:
    f.write("#!/bin/sh\nmountpoint -q /sys/fs/cgroup/unified && "
            "echo still mounted && exit 1\necho hidden\n")
os.chmod(probe, 0o755)
argv = [a.replace("/usr/bin/containerd", probe) for a in argv]
if os.getuid() == 0:
    out = subprocess.run(argv, capture_output=True, text=True)
    check(out.returncode == 0 and out.stdout.strip() == "hidden",
          "drop-in's command: the cgroup2 tree is hidden from containerd "
          "(%s%s)" % (out.stdout.strip(), out.stderr.strip()))
    check(subprocess.run(["mountpoint", "-q", "/sys/fs/cgroup/unified"]
                         ).returncode == 0 or
          not os.path.exists("/sys/fs/cgroup/unified"),
          "drop-in's command: the host's mounts are untouched")
else:
    print("skip: the drop-in's command needs root")
sys.exit(1 if failed else 0)
PY

finish

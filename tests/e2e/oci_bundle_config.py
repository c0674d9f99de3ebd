#!/usr/bin/env python3
"""Writes the config.json of a minimal crun bundle (rootfs/ beside it).

    oci_bundle_config.py CONFIG_JSON [--hostname NAME] [--dev-tmpfs]
        [--seccomp JSON] [--bpf-data-file FILE] -- ARGS...

The container runs ARGS as root in new pid, network, ipc, uts and mount
namespaces, /proc mounted, the rootfs read-only. --dev-tmpfs mounts a tmpfs
on /dev; --seccomp sets linux.seccomp (a JSON object); --bpf-data-file
puts that file's text into the run.oci.seccomp_bpf_data annotation (crun
installs that program). Shared by the crun tests of tests/e2e and
runtime/oci.
"""
import argparse
import json

parser = argparse.ArgumentParser()
parser.add_argument("config")
parser.add_argument("--hostname", default="seccompc-e2e")
parser.add_argument("--dev-tmpfs", action="store_true")
parser.add_argument("--seccomp")
parser.add_argument("--bpf-data-file")
parser.add_argument("args", nargs="+")
opts = parser.parse_args()

mounts = [{"destination": "/proc", "type": "proc", "source": "proc"}]
if opts.dev_tmpfs:
    mounts.append({"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
                   "options": ["nosuid", "strictatime", "mode=755",
                               "size=1024k"]})
linux = {"namespaces": [{"type": t} for t in
                        ("pid", "network", "ipc", "uts", "mount")]}
if opts.seccomp:
    linux["seccomp"] = json.loads(opts.seccomp)
config = {
    "ociVersion": "1.0.2",
    "process": {
        "terminal": False,
        "user": {"uid": 0, "gid": 0},
        "args": opts.args,
        "env": ["PATH=/bin"],
        "cwd": "/",
        "noNewPrivileges": True,
    },
    "root": {"path": "rootfs", "readonly": True},
    "hostname": opts.hostname,
    "mounts": mounts,
    "linux": linux,
}
if opts.bpf_data_file:
    with open(opts.bpf_data_file) as f:
        config["annotations"] = {"run.oci.seccomp_bpf_data": f.read().strip()}
with open(opts.config, "w") as f:
    json.dump(config, f, indent=1)

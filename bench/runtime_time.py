#!/usr/bin/env python3
"""seccompc-runtime's own cost per `create`, the variants interleaved.

    bench/runtime_time.py RUNTIME[,RUNTIME2...] PROFILE [ROUNDS]

RUNTIME is a seccompc-runtime binary (several, comma-separated, to compare
builds in one run: each gets every variant, suffixed [2], [3], ...),
PROFILE an OCI/Docker seccomp JSON.
The delegate is /bin/true, so what is timed is the wrapper's start, its
work on config.json and one exec. Every variant gets a fresh copy of its
config.json before each start (not timed: a rewritten bundle would be
"already compiled" at the next start). Variants, interleaved round by
round; medians, quartiles and the ratio to the floor (a bundle without
linux.seccomp), for wall time and for CPU time (user + sys, wait4):
  /bin/true                       one exec, for scale
  floor: no linux.seccomp         the wrapper's start + exec of the delegate
  state (no bundle read)          a command the wrapper only passes through
  annotation already there        parse of config.json, no rewrite
  cache hit                       + cache lookup, verify, prove, rewrite
  compiling (cache off)           + compile (and its proof), rewrite
  no arches (ctr's): ...          the same two with linux.seccomp as ctr
                                  --seccomp-profile passes Docker's file:
                                  no archMap, so the native ABI only
"""
import json, os, shutil, statistics, sys, tempfile, time

runtimes, profile = sys.argv[1].split(","), sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 200
tmp = tempfile.mkdtemp(prefix="seccompc-rt-bench.")
# The runtime trusts a cache only where no one else can write on the way
# to it (runtime/README.md): not under /tmp, whose sticky folder is refused.
cache_parent = os.environ.get("SECCOMPC_BENCH_CACHE_PARENT", "/var/cache")
cache = tempfile.mkdtemp(prefix="seccompc-rt-bench.", dir=cache_parent)
os.chmod(cache, 0o700)

# A config.json as podman/containerd write one (crun spec's shape),
# with Docker's profile as linux.seccomp.
spec = {
    "ociVersion": "1.0.2",
    "process": {
        "terminal": False, "user": {"uid": 0, "gid": 0}, "args": ["/bin/true"],
        "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        "cwd": "/",
        "capabilities": {k: ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
                             "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
                             "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP",
                             "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
                             "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"]
                         for k in ("bounding", "effective", "permitted")},
        "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
        "noNewPrivileges": True,
    },
    "root": {"path": "rootfs"},
    "hostname": "c",
    "mounts": [{"destination": d, "type": t, "source": t}
               for d, t in (("/proc", "proc"), ("/dev", "tmpfs"),
                            ("/sys", "sysfs"), ("/dev/shm", "tmpfs"))],
    "linux": {"namespaces": [{"type": n} for n in
                             ("pid", "network", "ipc", "uts", "mount")],
              "maskedPaths": ["/proc/kcore", "/proc/keys"],
              "readonlyPaths": ["/proc/sys", "/proc/sysrq-trigger"]},
}
with_seccomp = json.loads(json.dumps(spec))
with_seccomp["linux"]["seccomp"] = json.load(open(profile))
already = json.loads(json.dumps(with_seccomp))
already["annotations"] = {"run.oci.seccomp_bpf_data": "AAAA"}
# ctr --seccomp-profile keeps the file's syscalls but not its archMap.
no_arches = json.loads(json.dumps(with_seccomp))
for member in ("archMap", "architectures"):
    no_arches["linux"]["seccomp"].pop(member, None)
texts = {"plain": json.dumps(spec, indent=2),
         "no_arches": json.dumps(no_arches, indent=2),
         "seccomp": json.dumps(with_seccomp, indent=2),
         "already": json.dumps(already, indent=2)}

env = dict(os.environ, SECCOMPC_RUNTIME_DELEGATE="/bin/true",
           SECCOMPC_RUNTIME_CONFIG=os.path.join(tmp, "runtime.conf"))
open(os.path.join(tmp, "runtime.conf"), "w").close()
env_nocache = dict(env, SECCOMPC_RUNTIME_CACHE_DIR="none")
env_cache = dict(env, SECCOMPC_RUNTIME_CACHE_DIR=cache)

def bundle(name):
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    return d

variants = [("/bin/true", None, ["/bin/true"], env)]
for i, runtime in enumerate(runtimes):
    sfx = f" [{i + 1}]" if len(runtimes) > 1 else ""
    b = lambda name: bundle(f"{name}{i}")
    variants += [
        ("floor: no linux.seccomp" + sfx, "plain",
         [runtime, "create", "--bundle", b("plain"), "x"], env_cache),
        ("state (no bundle read)" + sfx, None, [runtime, "state", "x"],
         env_cache),
        ("annotation already there" + sfx, "already",
         [runtime, "create", "--bundle", b("already"), "x"], env_cache),
        ("cache hit" + sfx, "seccomp",
         [runtime, "create", "--bundle", b("hit"), "x"], env_cache),
        ("compiling (cache off)" + sfx, "seccomp",
         [runtime, "create", "--bundle", b("compile"), "x"], env_nocache),
        ("no arches (ctr's): cache hit" + sfx, "no_arches",
         [runtime, "create", "--bundle", b("ctr_hit"), "x"], env_cache),
        ("no arches (ctr's): compiling" + sfx, "no_arches",
         [runtime, "create", "--bundle", b("ctr_compile"), "x"], env_nocache),
    ]
devnull = os.open(os.devnull, os.O_RDWR)

def run(v):
    name, text, argv, e = v
    if text is not None:
        with open(os.path.join(argv[3], "config.json"), "w") as f:
            f.write(texts[text])
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, e, file_actions=[
        (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status, ru = os.wait4(pid, 0)
    t1 = time.perf_counter_ns()
    if status != 0:
        sys.exit(f"{name}: exit status {status}")
    if "cache hit" in name or "compiling" in name:
        cfg = json.load(open(os.path.join(argv[3], "config.json")))
        assert "run.oci.seccomp_bpf_data" in cfg["annotations"], name
    return (t1 - t0) / 1000.0, (ru.ru_utime + ru.ru_stime) * 1e6

times = {v[0]: [] for v in variants}
cpu = {v[0]: [] for v in variants}
for _ in range(3):
    for v in variants:
        run(v)  # warm-up (fills the cache)
for _ in range(rounds):
    for v in variants:
        wall, used = run(v)
        times[v[0]].append(wall)
        cpu[v[0]].append(used)
shutil.rmtree(tmp)
shutil.rmtree(cache, ignore_errors=True)
load = open("/proc/loadavg").read().split()[:3]
print(f"{rounds} interleaved rounds, load {' '.join(load)}, "
      f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, "
      f"config.json {len(texts['seccomp'])} bytes")
floor = statistics.median(times[variants[1][0]])
cfloor = statistics.median(cpu[variants[1][0]])
print("| seccompc-runtime create, delegate /bin/true | wall median us | p25 | p75 | ratio to floor [1] | CPU median us | CPU ratio |")
print("|---|--:|--:|--:|--:|--:|--:|")
for name, v in times.items():
    q = statistics.quantiles(v, n=4)
    m = statistics.median(v)
    c = statistics.median(cpu[name])
    print(f"| {name} | {m:.0f} | {q[0]:.0f} | {q[2]:.0f} | {m / floor:.2f}x "
          f"| {c:.0f} | {c / cfloor:.2f}x |")

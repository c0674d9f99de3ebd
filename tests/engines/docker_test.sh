#!/usr/bin/env bash
# Docker 20.10 with seccompc-runtime as an added runtime: a private dockerd
# (docs/engines.md's daemon.json, its own containerd), an image imported
# from the busybox rootfs, `docker run --runtime seccompc --security-opt
# seccomp=PROFILE`. Docker resolves the profile (includes/excludes) and
# hands the runtime an OCI linux.seccomp; the container must see exactly
# what `seccompc simulate --enosys` predicts, and a broken profile must stop the container with seccompc's
# message. The log shows plain crun's (libseccomp's) answer for mseal.
# Docker 20.10 does not forward listenerPath (see the NOTIFY case).
# dockerd's environment names a runtime.conf (docs/engines.md's, as
# written), which reaches the runtime through Docker's containerd and
# shim: with strict = true in it a misspelt syscall name stops the
# container with the strict error in docker's output. `docker version`
# shows the default runtime's --version as Docker 20.10 parses it.
#   docker_test.sh SECCOMPC SECCOMPC_RUNTIME SYSCALL_PROBE
set -uo pipefail
source tests/engines/engine_lib.sh
engine_test_args "$@"
setup_engine_test docker dockerd docker
# Debian's client (docker.io) matches the daemon; another client may sit
# earlier in PATH.
docker_cli=$(command -v /usr/bin/docker || command -v docker)
docker() { "$docker_cli" "$@"; }

# daemon.json is docs/engines.md's snippet as written, its runtime path
# replaced by the binary under test.
/usr/bin/python3 tests/engines/doc_snippet.py docs/engines.md daemon.json |
  sed "s|/usr/local/bin/seccompc-runtime|$runtime|" >"$tmp/daemon.json"
grep -q "\"$runtime\"" "$tmp/daemon.json" ||
  fail "docs/engines.md's daemon.json names no /usr/local/bin/seccompc-runtime"

/usr/bin/python3 tests/engines/doc_snippet.py docs/engines.md runtime.conf \
  >"$tmp/runtime.conf" || fail "docs/engines.md has no runtime.conf"
export DOCKER_HOST=unix://$tmp/sock
SECCOMPC_RUNTIME_CONFIG=$tmp/runtime.conf "${private_mounts[@]}" dockerd --config-file "$tmp/daemon.json" \
  --data-root "$tmp/data" \
  --exec-root "$tmp/exec" -H "$DOCKER_HOST" --pidfile "$tmp/pid" \
  --iptables=false --bridge=none --ip-forward=false --ip-masq=false \
  --add-runtime crun=/usr/bin/crun \
  --default-ulimit nofile=1024:1024 --default-ulimit nproc=1024:1024 \
  >"$tmp/dockerd.log" 2>&1 &
daemon=$!
for _ in $(seq 150); do
  docker version >/dev/null 2>&1 && break
  sleep 0.2
done
docker version >/dev/null 2>&1 || {
  die "private dockerd did not start: $(tail -5 "$tmp/dockerd.log")"
}
tar -C "$tmp/rootfs" -c . | docker import - seccompc-probe >/dev/null ||
  fail "docker import"
default_runtime=$(docker info --format '{{.DefaultRuntime}}')
if [[ $default_runtime != seccompc ]]; then
  fail "daemon.json as documented: default runtime $default_runtime"
else
  pass "daemon.json as documented: default runtime seccompc"
fi

# docker_run seccompc|crun OUT PROFILE CMD...
docker_run() {
  local rt=$1 out=$2 profile=$3
  shift 3
  docker run --rm --network none --runtime "$rt" \
    --security-opt "seccomp=$profile" seccompc-probe "$@" </dev/null \
    >"$out" 2>&1
}

probe_in_docker() {
  local which=$1 out=$2
  shift 2
  [[ $which == wrapper ]] && which=seccompc
  docker_run "$which" "$out" "$tmp/profile.json" /bin/syscall_probe "$@"
}

run_engine_cases "$seccompc" "$tmp/profile.json" probe_in_docker

probe_in_docker crun "$tmp/out" 462 0 0 0
echo "compare: docker + plain crun (libseccomp) answers mseal:" \
  "$(outcome_of "$tmp/out" $?); docker + seccompc-runtime: allow"

# Docker 20.10 drops listenerPath when it turns the profile into the OCI
# linux.seccomp, so no runtime can reach an agent: seccompc-runtime then
# compiles NOTIFY as the kernel answers it without a listener, ENOSYS.
cat >"$tmp/notify.json" <<JSON
{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "$tmp/agent.sock",
 "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_NOTIFY"}]}
JSON
docker_run seccompc "$tmp/out" "$tmp/notify.json" /bin/syscall_probe 110
got=$(outcome_of "$tmp/out" $?)
if [[ $got != errno:38 ]]; then
  fail "notify without a listener (Docker drops listenerPath): $got"
else
  pass "notify: Docker 20.10 does not forward listenerPath; NOTIFY" \
    "answers ENOSYS as without a listener -> $got"
fi

check_broken_profile docker_run seccompc
check_strict docker_run seccompc "$tmp/runtime.conf"

# What Docker 20.10 shows of the default runtime's --version: it runs
# `BINARY --version` and keeps, of the lines holding "version", the last
# one's text after "version" (here crun's, the delegate's, printed last),
# and the "commit:" line; the runtime's name is daemon.json's.
components=$(docker version --format '{{json .Server.Components}}')
runtimes=$(docker info --format '{{json .Runtimes}}')
echo "docker version's components: $components"
echo "docker info's runtimes: $runtimes"
if [[ $runtimes != *"\"path\":\"$runtime\""* ]]; then
  fail "docker info does not list seccompc-runtime's path: $runtimes"
fi
# Docker's rule applied to the runtime's own --version: the component
# "seccompc" shows the delegate's version (crun's last line with
# "version"), not seccompc-runtime's first line.
predicted=$("$runtime" --version | grep version | tail -1 |
  sed 's/.*version *//')
if [[ $components != *"{\"Name\":\"seccompc\",\"Version\":\"$predicted\""* ]]
then
  fail "docker version: no component seccompc with version $predicted" \
    "(the last \"version\" line of seccompc-runtime --version)"
else
  pass "docker version shows runtime seccompc as version $predicted:" \
    "the delegate's line, as Docker 20.10 parses --version"
fi
finish_engine_test

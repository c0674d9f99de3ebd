# shellcheck shell=bash
# Shared by the engine tests: the test's private folder with a busybox
# rootfs and the probe, the test profile, and the verdict table every
# engine must reproduce. Sources what it builds on: tests/e2e/probe_lib.sh
# (outcome_of, fail, require_root, simulated) and tests/lib/container_host.sh
# (private_mounts, make_rootfs, the engines' private configurations).
source tests/e2e/probe_lib.sh
source tests/lib/container_host.sh

# write_engine_profile OUT: the project's default profile (Docker's
# meaning) with getppid denied with errno 77 and getpriority killing the
# process, so that every kind of answer shows.
write_engine_profile() {
  python3 - profiles/default.json "$1" <<'PY'
import json, sys
profile = json.load(open(sys.argv[1]))
for entry in profile["syscalls"]:
    entry["names"] = [n for n in entry.get("names", [])
                      if n not in ("getppid", "getpriority")]
profile["syscalls"] = [e for e in profile["syscalls"] if e["names"]]
profile["syscalls"] += [
    {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77},
    {"names": ["getpriority"], "action": "SCMP_ACT_KILL_PROCESS"},
]
json.dump(profile, open(sys.argv[2], "w"), indent=1)
PY
}

# The cases: EXPECTED|NR ARGS... (x86_64 numbers)|what they show.
engine_cases() {
  cat <<'EOF_CASES'
allow|39|getpid: allowed
errno:77|110|getppid: the profile's errno
sigsys|140|getpriority: KILL_PROCESS
allow|135 0xffffffff|personality(0xffffffff): allowed by an argument rule
errno:1|135 0x1ffffffff|personality(0x1ffffffff): decided on all 64 bits
errno:38|468 0 0 0 0 0|file_getattr (6.17): newer than the profile: ENOSYS
allow|462 0 0 0|mseal (6.10): allowed by the profile
EOF_CASES
}

# simulated_enosys SECCOMPC PROFILE NR ARGS...: what `seccompc simulate`
# predicts with the ENOSYS rule (seccompc-runtime's default).
simulated_enosys() {
  SIMULATE_FLAGS=--enosys simulated "$@"
}

# run_engine_cases SECCOMPC PROFILE RUN_FN: RUN_FN RUNTIME OUT NR ARGS...
# runs the probe in a container of the engine and returns its status.
run_engine_cases() {
  local seccompc=$1 profile=$2 run_fn=$3 cases=0
  local expected call what got predicted rc
  while IFS='|' read -r expected call what; do
    cases=$((cases + 1))
    # shellcheck disable=SC2086 # the call's words are separate on purpose
    "$run_fn" wrapper "$tmp/out" $call
    rc=$?
    got=$(outcome_of "$tmp/out" "$rc")
    # shellcheck disable=SC2086
    predicted=$(simulated_enosys "$seccompc" "$profile" $call)
    if [[ $got != "$expected" ]]; then
      fail "$what ($call): container says $got, expected $expected:" \
        "$(tr '\n' ' ' <"$tmp/out")"
    elif [[ $predicted != "$got" ]]; then
      fail "$what ($call): container says $got, seccompc simulate" \
        "predicts $predicted"
    else
      pass "$what ($call) -> $got (= seccompc simulate)"
    fi
  done < <(engine_cases)
  ((cases >= 7)) || fail "too few cases ran"
}

# check_notify AGENT RUN_FN: SCMP_ACT_NOTIFY with listenerPath end to end.
# AGENT (seccomp_agent.c) listens on the socket, gets the listener fd and
# the container state from the runtime, and answers getppid with errno 42;
# the container must see 42. RUN_FN OUT PROFILE CMD... runs a container.
check_notify() {
  local agent=$1 run_fn=$2 sock=$tmp/agent.sock agent_pid rc got
  cat >"$tmp/notify.json" <<JSON
{"defaultAction": "SCMP_ACT_ALLOW",
 "listenerPath": "$sock", "listenerMetadata": "seccompc-engine-test",
 "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_NOTIFY"}]}
JSON
  rm -f "$sock" "$tmp/state.json"
  "$agent" "$sock" "$tmp/state.json" 42 2>"$tmp/agent.log" &
  agent_pid=$!
  for _ in $(seq 50); do
    [[ -S $sock ]] && break
    sleep 0.1
  done
  "$run_fn" "$tmp/out" "$tmp/notify.json" /bin/syscall_probe 110
  rc=$?
  got=$(outcome_of "$tmp/out" "$rc")
  for _ in $(seq 50); do
    kill -0 "$agent_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$agent_pid" 2>/dev/null
  wait "$agent_pid" 2>/dev/null
  if [[ $got != errno:42 ]]; then
    fail "notify: container says $got, the agent answers errno:42:" \
      "$(tr '\n' ' ' <"$tmp/out") agent: $(tr '\n' ' ' <"$tmp/agent.log")"
    return
  fi
  if ! python3 - "$tmp/state.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["fds"] == ["seccompFd"], s
assert s["metadata"] == "seccompc-engine-test", s
assert s["pid"] > 0 and s["state"]["pid"] == s["pid"], s
assert s["ociVersion"] and s["state"]["status"] == "creating", s
assert "run.oci.seccomp_bpf_data" in s["state"]["annotations"], s
PY
  then
    fail "notify: the agent's state JSON: $(cat "$tmp/state.json")"
    return
  fi
  pass "notify: the agent got the listener fd and the state" \
    "(pid, metadata), answered getppid with 42, the container saw errno:42"
}

# check_broken_profile RUN_FN RUNTIME: a profile seccompc cannot compile
# (runtime/testdata/broken.json) keeps the container from starting, and the
# engine shows seccompc's message. RUN_FN RUNTIME OUT PROFILE CMD... runs a
# container of the engine.
check_broken_profile() {
  # (Not named "runtime": the engines' run functions read that global.)
  local run_fn=$1 which=$2 rc
  "$run_fn" "$which" "$tmp/out" "$PWD/runtime/testdata/broken.json" \
    /bin/syscall_probe 39
  rc=$?
  if ((rc == 0)) || grep -q '^ready' "$tmp/out" ||
    ! grep -q 'seccomp profile not compiled' "$tmp/out" ||
    ! grep -q 'SCMP_ACT_SOMETIMES' "$tmp/out"; then
    fail "broken profile: rc=$rc, output: $(cat "$tmp/out")"
  else
    pass "broken profile stops the container (rc=$rc): $(head -c 300 "$tmp/out")"
  fi
}

# check_strict RUN_FN WHICH CONF: a profile with a misspelt syscall name
# (getppidd): the container runs (a warning) with CONF as it is, and with
# "strict = true" written into CONF (the runtime.conf the engine's
# daemon environment names, read at every start) it does not start, and
# the engine's output carries the strict error. CONF is restored after.
# RUN_FN WHICH OUT PROFILE CMD... runs a container.
check_strict() {
  local run_fn=$1 which=$2 conf=$3 rc got
  cat >"$tmp/typo.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["getppidd"], "action": "SCMP_ACT_ERRNO"}]}
JSON
  grep -qx 'strict = false' "$conf" ||
    fail "strict: $conf has no line \"strict = false\""
  "$run_fn" "$which" "$tmp/out" "$tmp/typo.json" /bin/syscall_probe 39
  got=$(outcome_of "$tmp/out" $?)
  [[ $got == allow ]] ||
    fail "strict off: a misspelt name should only warn: $got: $(cat "$tmp/out")"
  cp "$conf" "$conf.orig"
  sed -i 's/^strict = false$/strict = true/' "$conf"
  "$run_fn" "$which" "$tmp/out" "$tmp/typo.json" /bin/syscall_probe 39
  rc=$?
  mv "$conf.orig" "$conf"
  if ((rc == 0)) || grep -q '^ready' "$tmp/out" ||
    ! grep -q 'error (strict): unknown syscall "getppidd"' "$tmp/out"; then
    fail "strict = true: rc=$rc: $(cat "$tmp/out")"
  else
    pass "misspelt name: runs with strict = false; strict = true in the" \
      "daemon's runtime.conf stops it: $(head -c 250 "$tmp/out")"
  fi
}

# finish_engine_test: seccompc-runtime's cache (SECCOMPC_RUNTIME_CACHE_DIR
# = $tmp/cache) was used; prints the count and returns the test's status.
finish_engine_test() {
  ls "$tmp"/cache/*.prog >/dev/null 2>&1 ||
    fail "seccompc-runtime's cache in $tmp/cache was not used"
  finish
}

# engine_test_args SECCOMPC SECCOMPC_RUNTIME SYSCALL_PROBE [SECCOMP_AGENT]:
# the engine tests' arguments (BUILD.bazel), as absolute paths (the engines
# run them from folders of their own), in seccompc, runtime, probe, agent.
# shellcheck disable=SC2034 # the tests use seccompc, runtime and agent
engine_test_args() {
  seccompc=$(realpath "$1")
  runtime=$(realpath "$2")
  probe=$(realpath "$3")
  agent=${4:+$(realpath "$4")}
}

# setup_engine_test NAME TOOL...: skips the test unless root, fails it
# unless every TOOL (the first names the engine) is installed; then the
# test's private folder $tmp (removed on exit, after stopping the daemon
# whose pid the test stores in $daemon, if any), the busybox rootfs with the
# probe ($probe) in $tmp/rootfs, the engine profile in $tmp/profile.json.
# The engines pass their environment down to the runtime: its cache of
# compiled programs goes to $tmp/cache, which finish_engine_test checks.
setup_engine_test() {
  local name=$1 tool
  shift
  require_root "$1"
  for tool in "$@"; do
    command -v "$tool" >/dev/null || {
      die "$tool is not installed (tools/setup.sh installs it)"
    }
  done
  [[ -x $probe ]] || {
    die "no syscall probe at \"$probe\""
  }
  # Not /tmp: seccompc-runtime uses no cache below a folder others can
  # write, and finish_engine_test checks that it was used.
  tmp=$(mktemp -d "/run/seccompc-$name.XXXXXX")
  daemon=""
  trap cleanup_engine_test EXIT
  make_rootfs "$tmp/rootfs"
  cp "$probe" "$tmp/rootfs/bin/syscall_probe"
  write_engine_profile "$tmp/profile.json"
  export SECCOMPC_RUNTIME_CACHE_DIR=$tmp/cache
}

cleanup_engine_test() {
  if [[ -n $daemon ]]; then
    kill "$daemon" 2>/dev/null
    wait "$daemon" 2>/dev/null
  fi
  rm -rf "$tmp"
}

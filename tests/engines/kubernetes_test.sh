#!/usr/bin/env bash
# A Kubernetes node, without a kubelet: a private containerd 1.6 whose CRI
# plugin is configured with docs/engines.md's snippet (the runtime
# "seccompc", runc binary = seccompc-runtime), driven over the CRI gRPC API
# with the calls a kubelet makes (tests/engines/cri). The handler and the
# pod's profile type come from the documented RuntimeClass and Pod YAML.
# - Localhost profile: each verdict equals `seccompc simulate --enosys`
#   (allow, errno, KILL, an argument rule, ENOSYS for a newer syscall);
# - RuntimeDefault: containerd's built-in profile, compiled by seccompc
#   (a new program in the cache), the same answers as plain crun;
# - a broken profile: the container does not start, and the CRI error (what
#   `kubectl describe pod` shows) carries seccompc's message;
# - a pod of two containers under two profiles, with handler seccompc and
#   with handler crun (libseccomp): the same answers;
# - recording: a pod annotated io.seccompc.record=NAME under the handler of
#   docs/engines.md's containerd-record.toml (record_dir set in the
#   runtime.conf the daemon's environment names) runs `sh -c 'echo hi;
#   exec ls /'` and is recorded; the same command runs again under the
#   recording as a Localhost profile with handler seccompc, and mkdir
#   (never made) is denied; under handler seccompc (annotation not
#   allowed) nothing is recorded.
#   kubernetes_test.sh SECCOMPC SECCOMPC_RUNTIME SYSCALL_PROBE
set -uo pipefail
source tests/engines/engine_lib.sh
source tests/engines/cri/cri_node.sh
engine_test_args "$@"
setup_engine_test kubernetes containerd ctr containerd-shim-runc-v2
require_cri_client
# The runtime.conf every handler's seccompc-runtime reads, through the
# daemon's environment (the shim passes it down): docs/engines.md's, as
# written, with record_dir set (the cache stays $tmp/cache: the
# environment's SECCOMPC_RUNTIME_CACHE_DIR overrides the file).
records=$tmp/records
mkdir -m 0755 "$records"
"$cri_python" tests/engines/doc_snippet.py docs/engines.md runtime.conf |
  sed "s|^record_dir = none\$|record_dir = $records|" >"$tmp/runtime.conf"
grep -qx "record_dir = $records" "$tmp/runtime.conf" ||
  fail "docs/engines.md's runtime.conf has no line \"record_dir = none\""
SECCOMPC_RUNTIME_CONFIG=$tmp/runtime.conf \
  start_cri_node "$tmp" "$runtime" "$tmp/rootfs"
echo "node: $(cri version)"

# What a kubelet takes from the documented objects: the RuntimeClass's
# handler (the pod names the RuntimeClass) and the pod's profile type.
read -r handler pod_profile < <("$cri_python" - docs/engines.md <<'PY'
import subprocess, sys, yaml
text = subprocess.run([sys.executable, "tests/engines/doc_snippet.py",
                       sys.argv[1], "runtimeclass.yaml"], check=True,
                      capture_output=True, text=True).stdout
docs = {d["kind"]: d for d in yaml.safe_load_all(text)}
rc, pod = docs["RuntimeClass"], docs["Pod"]
assert pod["spec"]["runtimeClassName"] == rc["metadata"]["name"], docs
print(rc["handler"], pod["spec"]["securityContext"]["seccompProfile"]["type"])
PY
)
if [[ $handler != seccompc || $pod_profile != RuntimeDefault ]]; then
  fail "docs/engines.md's RuntimeClass: handler \"$handler\"," \
    "profile \"$pod_profile\"; the test expects seccompc, RuntimeDefault"
fi

# cri_run wrapper|crun OUT PROFILE CMD...: one pod of one container under
# the documented handler (wrapper) or handler crun; PROFILE is a Localhost
# profile's absolute path or RuntimeDefault.
cri_run() {
  local which=$1 out=$2 profile=$3 pod_handler=$handler
  shift 3
  [[ $which == crun ]] && pod_handler=crun
  cri one "$pod_handler" "$profile" "$out" "$@" </dev/null
}

probe_in_pod() {
  local which=$1 out=$2
  shift 2
  cri_run "$which" "$out" "$tmp/profile.json" /bin/syscall_probe "$@"
}

run_engine_cases "$seccompc" "$tmp/profile.json" probe_in_pod

# RuntimeDefault: containerd builds linux.seccomp from its own default
# profile; seccompc-runtime must compile it (one more program in the
# cache) and answer as plain crun does where both have the rule: getpid
# allowed, kexec_load (no CAP_SYS_BOOT) EPERM.
programs() { find "$tmp/cache" -name '*.prog' 2>/dev/null | wc -l; }
before=$(programs)
for case in "allow|39" "errno:1|246 0 0 0 0"; do
  expected=${case%%|*}
  call=${case#*|}
  for which in wrapper crun; do
    # shellcheck disable=SC2086 # the call's words are separate on purpose
    cri_run "$which" "$tmp/out" "$pod_profile" /bin/syscall_probe $call
    got=$(outcome_of "$tmp/out" $?)
    if [[ $got != "$expected" ]]; then
      fail "$pod_profile, handler $which: syscall $call says $got," \
        "expected $expected: $(tr '\n' ' ' <"$tmp/out")"
    else
      pass "$pod_profile, handler $which: syscall $call -> $got"
    fi
  done
done
(($(programs) > before)) ||
  fail "$pod_profile: seccompc-runtime compiled no program into $tmp/cache"
cri_run wrapper "$tmp/out" "$pod_profile" /bin/syscall_probe 468 0 0 0 0 0
seccompc_says=$(outcome_of "$tmp/out" $?)
cri_run crun "$tmp/out" "$pod_profile" /bin/syscall_probe 468 0 0 0 0 0
echo "compare: $pod_profile, file_getattr (newer than containerd's profile):" \
  "handler seccompc $seccompc_says (ENOSYS rule), handler crun" \
  "$(outcome_of "$tmp/out" $?)"

check_broken_profile cri_run wrapper
# The CRI error names the container and its pod (what the bundle says of
# the source), and the check command.
# shellcheck disable=SC2016 # the backquotes are the message's
if grep -q "the seccompProfile of container c of pod default/one" "$tmp/out" &&
  grep -qF '`seccompc check PROFILE`' "$tmp/out"; then
  pass "the CRI error names the container, the pod and seccompc check"
else
  fail "the CRI error does not name its source: $(cat "$tmp/out")"
fi

# A misspelt syscall name: the pod runs (a warning) under handler seccompc
# and is refused, with the name in the CRI error, under a handler whose
# runtime has SECCOMPC_RUNTIME_STRICT=1.
cat >"$tmp/typo.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["getppidd"], "action": "SCMP_ACT_ERRNO"}]}
JSON
cri one "$handler" "$tmp/typo.json" "$tmp/out" /bin/syscall_probe 39 </dev/null
got=$(outcome_of "$tmp/out" $?)
cri one seccompc-strict "$tmp/typo.json" "$tmp/out" /bin/syscall_probe 39 </dev/null
rc=$?
if [[ $got != allow ]] || ((rc == 0)) ||
  ! grep -q 'error (strict): unknown syscall "getppidd"' "$tmp/out"; then
  fail "strict through the CRI: not strict $got, strict rc=$rc: $(cat "$tmp/out")"
else
  pass "misspelt name: runs by default; strict: CreateContainer fails:" \
    "$(head -c 250 "$tmp/out")"
fi

# One pod, two containers, two Localhost profiles: each container gets its
# own filter. getppid: errno 77 under the engine profile, 78 under the
# second one; the same answers with handler crun.
sed 's/"errnoRet": 77/"errnoRet": 78/' "$tmp/profile.json" >"$tmp/profile78.json"
for pod_handler in "$handler" crun; do
  cat >"$tmp/pod.json" <<JSON
{"name": "two", "handler": "$pod_handler", "image": "$CRI_IMAGE",
 "log_directory": "$CRI_LOG_DIR",
 "containers": [
  {"name": "a", "seccomp": "$tmp/profile.json",
   "command": ["/bin/syscall_probe", "110"]},
  {"name": "b", "seccomp": "$tmp/profile78.json",
   "command": ["/bin/syscall_probe", "110"]}]}
JSON
  cri pod "$tmp/pod.json" >"$tmp/pod.out" 2>&1
  got=$("$cri_python" - "$tmp/pod.out" <<'PY'
import json, re, sys
result = json.load(open(sys.argv[1]))
for c in result["containers"]:
    m = re.search(r"^ret=.*errno=(\d+)$", c.get("log", ""), re.M)
    print("%s:%s" % (c["name"], m.group(1) if m else c), end=" ")
PY
  )
  if [[ $got != "a:77 b:78 " ]]; then
    fail "two containers, handler $pod_handler: $got $(head -c 600 "$tmp/pod.out")"
  else
    pass "two containers, handler $pod_handler: getppid -> $got"
  fi
done

# Recording through the CRI. The recorder writes after the last task
# using its filter is gone (the pod's removal, for the sandbox):
# wait_recorded NAME LINES waits until NAME.log has LINES lines (<= 20 s).
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
ls_cmd=(/bin/sh -c 'echo hi; exec ls /')
mkdir_cmd=(/bin/sh -c 'echo hi; exec mkdir /tmp/made')
cri one --pod-annotation io.seccompc.record=cri-sh seccompc-record \
  Unconfined "$tmp/out" "${ls_cmd[@]}" </dev/null
rc=$?
if ((rc != 0)) || ! grep -q '^hi$' "$tmp/out" || ! grep -q '^bin$' "$tmp/out"
then
  fail "recording pod: rc=$rc: $(tr '\n' ' ' <"$tmp/out")"
# Two recordings: the container's and the sandbox's (containerd passes a
# pod annotation into both bundles).
elif ! wait_recorded cri-sh 2 ||
  (($(grep -c ' recorded [0-9]* calls' "$records/cri-sh.log") != 2)); then
  fail "recording pod: not recorded twice (container, sandbox):" \
    "$(cat "$records/cri-sh.log" 2>&1)"
else
  pass "CRI: a pod annotated io.seccompc.record is recorded:" \
    "$(tr '\n' ' ' <"$records/cri-sh.log")"
  cri one "$handler" "$records/cri-sh.json" "$tmp/out" "${ls_cmd[@]}" \
    </dev/null
  rc=$?
  if ((rc != 0)) || ! grep -q '^hi$' "$tmp/out"; then
    fail "the recorded profile (Localhost): rc=$rc: $(tr '\n' ' ' <"$tmp/out")"
  else
    pass "CRI: the same command runs under the recording (Localhost)"
  fi
  cri one "$handler" "$records/cri-sh.json" "$tmp/out" "${mkdir_cmd[@]}" \
    </dev/null
  rc=$?
  if ((rc == 0)) || ! grep -q '^hi$' "$tmp/out" ||
    ! grep -q "can't create directory '/tmp/made': Operation not permitted" \
      "$tmp/out"; then
    fail "mkdir, never recorded, was not denied: rc=$rc:" \
      "$(tr '\n' ' ' <"$tmp/out")"
  else
    pass "CRI: mkdir, never recorded, is denied: $(grep 'not permitted' "$tmp/out")"
  fi
fi
# Handler seccompc does not list the annotation: containerd drops it, the
# pod runs unrecorded (checked after the pod is gone, when a recording's
# log line would have been written).
cri one --pod-annotation io.seccompc.record=cri-dropped "$handler" \
  Unconfined "$tmp/out" /bin/sh -c true </dev/null ||
  fail "handler $handler with the annotation: $(cat "$tmp/out")"
sleep 1
if [[ -e $records/cri-dropped.log || -e $records/cri-dropped.json ]]; then
  fail "handler $handler passed io.seccompc.record through"
else
  pass "CRI: handler $handler drops io.seccompc.record (not allowed)"
fi

finish_engine_test

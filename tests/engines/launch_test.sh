#!/usr/bin/env bash
# seccomp-launch's behaviour as an engine. The ENOSYS rule is on by default
# (--noenosys turns it off). And with a profile that has listenerPath the
# launcher hands
# the listener fd and the task's state to the agent on that socket (as crun
# does, runtime/install/notify_agent.h), the agent answers the task's getppid with
# errno 42, and the task sees 42.
#   launch_test.sh SECCOMP_LAUNCH SYSCALL_PROBE SECCOMP_AGENT
set -uo pipefail
launch=$(realpath "$1")
probe=$(realpath "$2")
agent=$(realpath "$3")
source tests/e2e/probe_lib.sh
tmp=$(mktemp -d /tmp/seccompc-launch-notify.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/profiles"
cat >"$tmp/profiles/notify.json" <<JSON
{"defaultAction": "SCMP_ACT_ALLOW",
 "listenerPath": "$tmp/agent.sock", "listenerMetadata": "launch-test",
 "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_NOTIFY"}]}
JSON
"$agent" "$tmp/agent.sock" "$tmp/state.json" 42 2>"$tmp/agent.log" &
agent_pid=$!
for _ in $(seq 50); do
  [[ -S $tmp/agent.sock ]] && break
  sleep 0.1
done
"$launch" --seccomp_config_dir="$tmp/profiles" \
  --seccomp_profile_name=notify.json --quiet -- "$probe" 110 \
  >"$tmp/out" 2>"$tmp/err"
rc=$?
got=$(outcome_of "$tmp/out" "$rc")
wait "$agent_pid"
if [[ $got != errno:42 ]]; then
  fail "task says $got, the agent answers errno:42: $(cat "$tmp/out" "$tmp/err" "$tmp/agent.log")"
elif ! grep -q '"metadata":"launch-test"' "$tmp/state.json" ||
  ! grep -q '"fds":\["seccompFd"\]' "$tmp/state.json"; then
  fail "the agent's state: $(cat "$tmp/state.json")"
else
  pass "the agent got $(cat "$tmp/state.json") and answered; the task saw $got"
fi

# Without an agent on the socket the launch fails closed (exit 125).
"$launch" --seccomp_config_dir="$tmp/profiles" \
  --seccomp_profile_name=notify.json --quiet -- "$probe" 110 \
  >"$tmp/out" 2>"$tmp/err"
rc=$?
if ((rc != 125)) || grep -q '^ready' "$tmp/out"; then
  fail "no agent: rc=$rc $(cat "$tmp/out" "$tmp/err")"
else
  pass "no agent listening: the task does not run: $(cat "$tmp/err")"
fi
# ENOSYS: file_getattr (468) is newer than profiles/default.json names.
cp profiles/default.json "$tmp/profiles/"
for flag in "" --noenosys; do
  want=errno:38
  [[ -n $flag ]] && want=errno:1
  "$launch" --seccomp_config_dir="$tmp/profiles" \
    --seccomp_profile_name=default.json --quiet $flag -- "$probe" 468 \
    >"$tmp/out" 2>"$tmp/err"
  got=$(outcome_of "$tmp/out" $?)
  if [[ $got != "$want" ]]; then
    fail "default.json${flag:+ $flag}: file_getattr: $got, expected $want: $(cat "$tmp/err")"
  else
    pass "default.json${flag:+ $flag}: file_getattr (newer than the profile) -> $got"
  fi
done
finish

#!/usr/bin/env bash
# The main job: compile profiles/default.json for this machine, then launch
# tasks under it through seccomp-launch as a Mesos agent would (profiles/ as
# --seccomp_config_dir, default.json as the agent's default profile): one
# task allowed, one denied, and the seed's opt-out and named-profile cases.
set -uo pipefail
cd "$(dirname "$0")/.."

build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
if ! bazel build -c opt //compiler/cli:seccompc //runtime:seccomp-launch >"$build_log" 2>&1; then
  cat "$build_log"
  exit 1
fi
seccompc=bazel-bin/compiler/cli/seccompc
launch=bazel-bin/runtime/seccomp-launch
agent=(--seccomp_config_dir=profiles --seccomp_profile_name=default.json)
out=$(mktemp -d)

step() { printf '\n== %s\n' "$*"; }

step "seccompc check profiles/default.json"
"$seccompc" check profiles/default.json

step "seccompc compile profiles/default.json -o $out/default.bpf (first lines of the listing)"
"$seccompc" compile profiles/default.json -o "$out/default.bpf"
"$seccompc" disasm "$out/default.bpf" | head -12
echo "   ..."

step "what the launcher decides for a task without a seccomp setting (--print)"
"$launch" "${agent[@]}" --print -- /bin/echo hello

step "allowed: a task under the agent's default profile"
"$launch" "${agent[@]}" -- /bin/echo "hello from a filtered task"
echo "exit status $?"

step "denied: the same task turning off address randomisation (personality(ADDR_NO_RANDOMIZE) is not allowed)"
"$launch" "${agent[@]}" -- setarch x86_64 -R /bin/echo "this line is never printed"
echo "exit status $? (the task failed; Marathon would relaunch it with backoff)"

step "the seed's opt-out: unconfined: true runs the same task unfiltered"
"$launch" "${agent[@]}" --unconfined -- setarch x86_64 -R /bin/echo "unconfined task ran"
echo "exit status $?"

step "the seed's profileName: relaxed.json allows it"
"$launch" "${agent[@]}" --profile=relaxed.json -- setarch x86_64 -R /bin/echo "task under relaxed.json ran"
echo "exit status $?"

step "a task killed by a profile, with --report naming the syscall"
cat >"$out/kill.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["uname"], "action": "SCMP_ACT_KILL_PROCESS",
               "comment": "example: this task must not call uname"}]}
JSON
"$launch" --seccomp_config_dir="$out" --profile=kill.json --report -- uname -a
echo "exit status $?"
exit 0

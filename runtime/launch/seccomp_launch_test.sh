#!/bin/bash
# seccomp-launch end to end: the seed's three Marathon apps, the resolution
# table's errors, escapes from the config folder, fail-closed exits (the
# command never runs: it would create a marker file), exit codes, --print,
# --report, and the log line.
#   seccomp_launch_test.sh LAUNCHER PROFILES_DIR THREAD_UNSHARE
set -u
LAUNCH="$1"
PROFILES="$2"
THREAD_UNSHARE="$PWD/$3"
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
T=$(scratch_dir)
CONF="$T/seccomp"
OUT="$T/out"
ERR="$T/err"
MARKER="$T/ran"

mkdir -p "$CONF/sub"
cp "$PROFILES"/default.json "$PROFILES"/relaxed.json "$CONF"/
cat >"$CONF/broken.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"]}]}
JSON
cat >"$CONF/kill-unshare.json" <<'JSON'
{
  "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [
    {"comment": "no new namespaces", "names": ["unshare"],
     "action": "SCMP_ACT_KILL_PROCESS"}
  ]
}
JSON
echo '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$T/outside.json"
ln -s "$T/outside.json" "$CONF/escape.json"
ln -s loop.json "$CONF/loop.json"
mkfifo "$CONF/fifo.json"

# The seed's apps. The task sets ADDR_NO_RANDOMIZE (setarch -R): the default
# profile denies that personality, relaxed.json allows it.
TASK='setarch x86_64 -R true'
cat >"$T/app-default.json" <<JSON
{"id": "/mesos-seccomp-app", "cmd": "$TASK", "cpus": 0.5, "mem": 32,
 "container": {"type": "MESOS"}}
JSON
cat >"$T/app-unconfined.json" <<JSON
{"id": "/mesos-seccomp-app", "cmd": "$TASK", "cpus": 0.5, "mem": 32,
 "container": {"type": "MESOS", "linuxInfo": {"seccomp": {"unconfined": true}}}}
JSON
cat >"$T/app-relaxed.json" <<JSON
{"id": "/mesos-seccomp-app", "cmd": "$TASK", "cpus": 0.5, "mem": 32,
 "container": {"type": "MESOS",
               "linuxInfo": {"seccomp": {"profileName": "relaxed.json"}}}}
JSON
cat >"$T/app-both.json" <<'JSON'
{"id": "/x", "cmd": "true", "container": {"type": "MESOS", "linuxInfo":
 {"seccomp": {"profileName": "relaxed.json", "unconfined": true}}}}
JSON
cat >"$T/app-neither.json" <<'JSON'
{"id": "/x", "cmd": "true", "container": {"type": "MESOS", "linuxInfo":
 {"seccomp": {}}}}
JSON
cat >"$T/container-info.json" <<'JSON'
{"type": "MESOS", "linux_info": {"seccomp": {"profile_name": "relaxed.json"}}}
JSON

AGENT=(--seccomp_config_dir="$CONF" --seccomp_profile_name=default.json
       --caps=docker)

# run NAME EXPECTED_RC [launcher args...]: runs, compares the exit code.
run() {
  local name="$1" want="$2"
  shift 2
  rm -f "$MARKER"
  "$LAUNCH" "$@" >"$OUT" 2>"$ERR"
  rc=$?
  if [[ "$rc" != "$want" ]]; then
    fail "$name: exit $rc, want $want"; show stderr "$ERR"
  fi
}
expect_err() {  # NAME SUBSTRING: stderr contains it
  if ! grep -qF -- "$2" "$ERR"; then
    fail "$1: stderr lacks: $2"; show stderr "$ERR"
  fi
}
expect_out() {
  if ! grep -qF -- "$2" "$OUT"; then
    fail "$1: stdout lacks: $2"; show stdout "$OUT"
  fi
}
expect_not_run() {
  if [[ -e "$MARKER" ]]; then
    fail "$1: the command ran"
  fi
}
expect_ran() {
  if [[ ! -e "$MARKER" ]]; then
    fail "$1: the command did not run"
  fi
}
TOUCH=(/bin/sh -c "touch '$MARKER'")

# ---- the seed's three cases -------------------------------------------------
run seed-default 1 "${AGENT[@]}" --app="$T/app-default.json"
expect_err seed-default "failed to set personality"
expect_err seed-default \
  "seccomp-launch: profile default.json (agent default) for x86_64+x86+x32,"
expect_err seed-default "; exec sh"
run seed-unconfined 0 "${AGENT[@]}" --app="$T/app-unconfined.json"
expect_err seed-unconfined \
  "seccomp-launch: no filter (task unconfined: true); exec sh"
run seed-relaxed 0 "${AGENT[@]}" --app="$T/app-relaxed.json"
expect_err seed-relaxed "profile relaxed.json (task profileName)"
# The default profile still allows ordinary work.
run default-allowed 0 "${AGENT[@]}" -- "${TOUCH[@]}"
expect_ran default-allowed
run default-denied-unshare 1 "${AGENT[@]}" -- unshare --user true
expect_err default-denied-unshare "Operation not permitted"
run container-info 0 "${AGENT[@]}" --container_info="$T/container-info.json" \
  -- setarch x86_64 -R true
run no-default-unfiltered 0 --seccomp_config_dir="$CONF" -- setarch x86_64 -R true
expect_err no-default-unfiltered "no filter (no task setting and no agent default)"

# ---- resolution errors: 125, nothing runs -----------------------------------
run both-set 125 "${AGENT[@]}" --app="$T/app-both.json" -- "${TOUCH[@]}"
expect_err both-set "Seccomp unconfined can NOT be true when Profile is defined"
expect_not_run both-set
run neither-set 125 "${AGENT[@]}" --app="$T/app-neither.json" -- "${TOUCH[@]}"
expect_err neither-set "Seccomp unconfined must be true when Profile is NOT defined"
expect_not_run neither-set
run both-flags 125 "${AGENT[@]}" --profile=relaxed.json --unconfined -- "${TOUCH[@]}"
expect_err both-flags "Seccomp unconfined can NOT be true when Profile is defined"
expect_not_run both-flags
# A container name is never silently ignored: not for an app, not without one.
run pod-container-app 125 "${AGENT[@]}" --app="$T/app-unconfined.json" \
  --pod_container=web -- "${TOUCH[@]}"
expect_err pod-container-app "for --pod_container=web; this is an app"
expect_not_run pod-container-app
run pod-container-profile 125 "${AGENT[@]}" --profile=relaxed.json \
  --pod_container=web -- "${TOUCH[@]}"
expect_err pod-container-profile "--pod_container chooses a container of a pod"
expect_not_run pod-container-profile

# ---- profiles that cannot be used: 125, nothing runs ------------------------
for p in broken.json missing.json ../outside.json /etc/passwd escape.json \
         loop.json fifo.json sub; do
  run "profile-$p" 125 "${AGENT[@]}" --profile="$p" -- "${TOUCH[@]}"
  expect_not_run "profile-$p"
  expect_err "profile-$p" "seccomp-launch: "
done
run broken-position 125 "${AGENT[@]}" --profile=broken.json -- "${TOUCH[@]}"
expect_err broken-position "broken.json:1:"
run bad-default 125 --seccomp_config_dir="$CONF" --seccomp_profile_name=broken.json \
  -- "${TOUCH[@]}"
expect_not_run bad-default
run bad-default-unconfined 125 --seccomp_config_dir="$CONF" \
  --seccomp_profile_name=broken.json --unconfined -- "${TOUCH[@]}"
expect_err bad-default-unconfined "agent default profile: "
expect_not_run bad-default-unconfined
run no-config-dir 125 --profile=default.json -- "${TOUCH[@]}"
expect_err no-config-dir "--seccomp_config_dir"
expect_not_run no-config-dir
run bad-app 125 "${AGENT[@]}" --app="$T/nonexistent.json" -- "${TOUCH[@]}"
expect_not_run bad-app
run bad-caps 125 "${AGENT[@]}" --caps=CAP_NOPE -- "${TOUCH[@]}"
expect_not_run bad-caps
run no-command 125 "${AGENT[@]}"
expect_err no-command "no command"
run stray-arg 125 "${AGENT[@]}" "${TOUCH[@]}"
expect_not_run stray-arg
expect_err stray-arg "put the command after --"
run unknown-flag 125 "${AGENT[@]}" --profle=x -- "${TOUCH[@]}"
expect_err unknown-flag "unknown flag"
expect_not_run unknown-flag

# Every flag error exits 125 like any failure before exec.
run bad-bool 125 "${AGENT[@]}" --report=maybe -- "${TOUCH[@]}"
expect_err bad-bool "--report=maybe"
expect_not_run bad-bool
run missing-flagfile 125 --flagfile="$T/no-such-flagfile" -- "${TOUCH[@]}"
expect_err missing-flagfile "--flagfile: "
expect_not_run missing-flagfile
printf -- '--seccomp_config_dir=%s\n# a comment\n--no_such_flag=1\n' "$CONF" >"$T/flags-bad"
run flagfile-unknown 125 --flagfile="$T/flags-bad" -- "${TOUCH[@]}"
expect_err flagfile-unknown "flags-bad: unknown flag \"--no_such_flag=1\""
expect_not_run flagfile-unknown
printf -- '--seccomp_config_dir=%s\n--seccomp_profile_name=default.json\n--caps=docker\n' "$CONF" >"$T/flags-good"
run flagfile-good 0 --flagfile="$T/flags-good" -- "${TOUCH[@]}"
expect_ran flagfile-good
run flag-needs-value 125 "${AGENT[@]}" --profile
expect_err flag-needs-value "--profile needs a value"
run absl-fromenv 125 "${AGENT[@]}" --fromenv=report -- "${TOUCH[@]}"
expect_not_run absl-fromenv

# ---- exit codes as env(1) ---------------------------------------------------
run not-found 127 "${AGENT[@]}" -- no-such-command-xyz
expect_err not-found "command not found"
chmod 644 "$CONF/default.json"
run not-executable 126 "${AGENT[@]}" -- "$CONF/default.json"
run exit-status 7 "${AGENT[@]}" -- /bin/sh -c 'exit 7'
run arguments-after-dashdash 0 "${AGENT[@]}" -- /bin/sh -c 'test "$1" = --print' x --print

# ---- --print and --quiet ----------------------------------------------------
run print 0 "${AGENT[@]}" --print -- "${TOUCH[@]}"
expect_not_run print
expect_out print "profile: default.json (agent default)"
expect_out print "arches: x86_64+x86+x32"
expect_out print "program: "
expect_out print "exec: /bin/sh"
run quiet 0 "${AGENT[@]}" --quiet -- /bin/true
if [[ -s "$ERR" ]]; then fail "quiet: stderr not empty"; fi

# ---- kill actions, with and without --report --------------------------------
# Under --config=asan: LeakSanitizer ptraces its own process at exit, which
# a traced task (or a launcher under a filter denying ptrace) cannot do.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
SIGSYS_RC=$((128 + 31))
run kill-plain "$SIGSYS_RC" "${AGENT[@]}" --profile=kill-unshare.json -- unshare --user true
run report "$SIGSYS_RC" "${AGENT[@]}" --profile=kill-unshare.json --report \
  -- unshare --user true
expect_err report "seccomp denied unshare to pid"
expect_err report "(nr 272, arch x86_64, args 0x10000000"
expect_err report "KILL_PROCESS by profile $CONF/kill-unshare.json, syscalls[0] (no new namespaces)"
expect_err report "the kernel killed the process (SIGSYS)"
# A thread that is not the thread group leader makes the call.
run report-thread "$SIGSYS_RC" "${AGENT[@]}" --profile=kill-unshare.json --report \
  -- "$THREAD_UNSHARE"
expect_err report-thread "seccomp denied unshare to pid"
run kill-thread-plain "$SIGSYS_RC" "${AGENT[@]}" --profile=kill-unshare.json \
  -- "$THREAD_UNSHARE"
run report-allowed 3 "${AGENT[@]}" --profile=kill-unshare.json --report \
  -- /bin/sh -c 'exit 3'
run report-errno 1 "${AGENT[@]}" --report -- unshare --user true
expect_err report-errno "Operation not permitted"
run report-broken 125 "${AGENT[@]}" --profile=broken.json --report -- "${TOUCH[@]}"
expect_not_run report-broken

# --report's needs are checked at plan time: where ptrace is refused (here
# by a filter on the launcher itself), --print and the launch fail alike.
cat >"$CONF/no-ptrace.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO"}]}
JSON
run report-no-ptrace-print 125 "${AGENT[@]}" --quiet --profile=no-ptrace.json \
  -- "$LAUNCH" "${AGENT[@]}" --profile=kill-unshare.json --report --print -- "${TOUCH[@]}"
expect_err report-no-ptrace-print "--report needs ptrace (PTRACE_SEIZE of a child): Operation not permitted"
run report-no-ptrace 125 "${AGENT[@]}" --quiet --profile=no-ptrace.json \
  -- "$LAUNCH" "${AGENT[@]}" --profile=kill-unshare.json --report -- "${TOUCH[@]}"
expect_err report-no-ptrace "--report needs ptrace (PTRACE_SEIZE of a child): Operation not permitted"
expect_not_run report-no-ptrace

# Signals to the supervisor reach the task; it exits as the task did.
rm -f "$MARKER"
"$LAUNCH" "${AGENT[@]}" --quiet --profile=kill-unshare.json --report \
  -- /bin/sh -c "touch '$MARKER'; exec sleep 30" &
pid=$!
for _ in $(seq 100); do [[ -e "$MARKER" ]] && break; sleep 0.05; done
kill -TERM "$pid"
wait "$pid"
rc=$?
if [[ "$rc" != 143 ]]; then
  fail "report-sigterm: exit $rc, want 143"
fi

# ---- --cache_dir -------------------------------------------------------------
# unshare fails with EIO (5) under this profile only; a hit must give the
# same. The entry's first line is "PROGRAM_BASE64 FACTS_BASE64", then the key.
# This test runs as root: a root task could change the cache, so a launch
# that runs one never uses it; --print (no task) fills it. Hits
# by tasks of another uid, and the attacks, are in launch_security_test
# (outside the sandbox, as uid 65534).
CACHE="$T/cache"
EIO_ARGS=(--seccomp_config_dir="$CONF" --caps=docker --profile=eio-unshare.json
          --cache_dir="$CACHE")
write_eio_profile() {  # ERRNO_RET
  printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["unshare"], "action": "SCMP_ACT_ERRNO", "errnoRet": %s}]}\n' "$1" \
    >"$CONF/eio-unshare.json"
}
entries() { find "$CACHE" -mindepth 1 2>/dev/null | wc -l; }
expect_entries() {  # NAME COUNT
  if [[ "$(entries)" != "$2" ]]; then
    fail "$1: $(entries) files in the cache folder, want $2"
    ls -la "$CACHE" | sed 's/^/  /'
  fi
}
ALLOW_ALL=BgAAAAAA/38=    # RET ALLOW
write_eio_profile 5
# A task's launch does not create the folder (only --print stores).
run cache-no-print 1 "${EIO_ARGS[@]}" -- unshare --user true
expect_err cache-no-print "Input/output error"
expect_err cache-no-print "seccomp-launch: note: --cache_dir $CACHE not used: "
if [[ -e "$CACHE" ]]; then
  fail "cache-no-print: the folder was created"
fi
# --print runs no task: the owner fills the cache, 0755 with 0644 entries.
"$LAUNCH" "${EIO_ARGS[@]}" --print -- true >"$T/print-miss" 2>"$ERR"
expect_entries cache-print-fill 1
if [[ "$(stat -c %a "$CACHE") $(stat -c %a "$CACHE"/*.prog)" != "755 644" ]]; then
  fail "cache-print-fill: modes $(stat -c %a "$CACHE" "$CACHE"/*.prog)"
fi
# --print is the same for a miss, a hit, and no cache.
"$LAUNCH" "${EIO_ARGS[@]}" --print -- true >"$T/print-hit" 2>"$ERR"
grep -q "note:" "$ERR" && fail "cache-print-hit: a note"
"$LAUNCH" "${EIO_ARGS[@]/--cache_dir=*/--quiet}" --print -- true >"$T/print-none"
if ! cmp -s "$T/print-hit" "$T/print-miss" || ! cmp -s "$T/print-hit" "$T/print-none"; then
  fail "cache-print: --print differs between hit, miss and no cache"
  diff "$T/print-hit" "$T/print-miss"; diff "$T/print-hit" "$T/print-none"
fi
# A root task could change the cache: not used (a note says why), even
# with an entry for its key, here holding RET ALLOW; nothing stored.
sed -i "1s|^[^ ]*|$ALLOW_ALL|" "$CACHE"/*.prog
run cache-root-task 1 "${EIO_ARGS[@]}" -- unshare --user true
expect_err cache-root-task "Input/output error"
expect_err cache-root-task "seccomp-launch: note: --cache_dir $CACHE not used: the task would run as uid 0"
expect_entries cache-root-task 1
# A cache folder that cannot be created: the launch goes on.
run cache-no-folder 1 "${EIO_ARGS[@]/--cache_dir=*/--cache_dir=$CONF/default.json/c}" \
  -- unshare --user true
expect_err cache-no-folder "Input/output error"
# --report compiles (its supervisor needs the policy): no cache.
run cache-report 1 "${EIO_ARGS[@]/--cache_dir=*/--cache_dir=$T/cache-report}" \
  --report -- unshare --user true
expect_err cache-report "Input/output error"
if [[ -e "$T/cache-report" ]]; then
  fail "cache-report: the cache folder was used"
fi

finish

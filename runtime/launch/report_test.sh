#!/bin/bash
# seccomp-launch --report against attacks on its supervisor:
# each runs as the task (testdata/report_attacks.c) under a profile that
# kills personality(2). The promise: a kill-denied call never runs (DIR/ran
# never appears), and while the supervisor lives it is reported.
#   report_test.sh LAUNCHER ATTACKS
set -u
LAUNCH="$PWD/$1"
ATTACKS="$PWD/$2"
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
T=$(scratch_dir)
CONF="$T/seccomp"
ERR="$T/err"
mkdir -p "$CONF"
for action in KILL_PROCESS KILL_THREAD TRAP ERRNO; do
  errno_ret=""
  [[ "$action" == ERRNO ]] && errno_ret='"errnoRet": 13,'
  cat >"$CONF/$action.json" <<JSON
{"defaultAction": "SCMP_ACT_ALLOW", "archMap": [{"architecture":
 "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
 "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_$action",
               $errno_ret "comment": "attack target"}]}
JSON
done
SIGSYS_RC=$((128 + 31))
# Under --config=asan: LeakSanitizer ptraces its own process at exit, which
# a traced task cannot do.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# fail_run NAME WHY: a failed check, with the launch's stderr.
fail_run() {
  fail "$1: $2"
  show stderr "$ERR"
}

# attack NAME PROFILE MODE WANT_RC: runs the task under --report in a fresh
# DIR; checks the exit code and that the killed call never returned.
attack() {
  local name="$1" profile="$2" mode="$3" want="$4"
  D="$T/$name"
  rm -rf "$D"; mkdir -p "$D"
  timeout 20 "$LAUNCH" --seccomp_config_dir="$CONF" --profile="$profile.json" \
    --report -- "$ATTACKS" "$mode" "$D" 2>"$ERR"
  rc=$?
  [[ "$rc" == "$want" ]] || fail_run "$name" "exit $rc, want $want"
  [[ ! -e "$D/ran" ]] || fail_run "$name" "the killed call ran: $(cat "$D/ran")"
}
reported() {  # NAME: stderr names personality as killed by the profile
  grep -qF "seccomp denied personality to pid" "$ERR" &&
    grep -qF "by profile $CONF/$2.json, syscalls[0] (attack target)" "$ERR" ||
    fail_run "$1" "no report of the killed call"
}
# after_supervisor NAME: a grandchild made the call after the supervisor
# was gone; it must die without the call returning.
after_supervisor() {
  local name="$1"
  for _ in $(seq 200); do [[ -e "$D/grandchild.armed" ]] && break; sleep 0.05; done
  [[ -e "$D/grandchild.armed" ]] || { fail_run "$name" "grandchild never armed"; return; }
  local gc
  gc=$(cat "$D/grandchild.pid")
  for _ in $(seq 200); do kill -0 "$gc" 2>/dev/null || break; sleep 0.05; done
  ! kill -0 "$gc" 2>/dev/null || fail_run "$name" "grandchild $gc still alive"
  [[ ! -e "$D/ran" ]] || fail_run "$name" "the grandchild's killed call ran"
}

# The plain case, and the message.
attack plain KILL_PROCESS plain "$SIGSYS_RC"
reported plain KILL_PROCESS
grep -qF "(nr 135, arch x86_64, args 0xffffffff 0x" "$ERR" || fail_run plain "args"
grep -qF "KILL_PROCESS by profile" "$ERR" || fail_run plain "action"
grep -qF "the kernel killed the process (SIGSYS)" "$ERR" || fail_run plain "outcome"

# Item 2: the task takes the supervisor's descriptors (there is no listener
# to take any more; the supervisor is non-dumpable).
attack steal KILL_PROCESS steal "$SIGSYS_RC"
reported steal KILL_PROCESS

# Item 3: the task stops the supervisor and interrupts its own call with a
# non-SA_RESTART signal; a helper resumes the supervisor 1.5 s later.
attack stop KILL_PROCESS stop "$SIGSYS_RC"
[[ -e "$D/stop.stopped" ]] || fail_run stop "the task could not stop the supervisor"
reported stop KILL_PROCESS

# Item 3: the task SIGKILLs the supervisor (it dies too: EXITKILL), its
# grandchild makes the call afterwards.
attack kill_supervisor KILL_PROCESS kill_supervisor 137
after_supervisor kill_supervisor

# Item 3: a grandchild makes the call after the supervisor exited normally.
attack grandchild_after_exit KILL_PROCESS grandchild_after_exit 0
after_supervisor grandchild_after_exit

# Item 2 (and 4): the task stacks its own USER_NOTIF filter with
# NEW_LISTENER and answers CONTINUE.
attack notify KILL_PROCESS notify "$SIGSYS_RC"
[[ -e "$D/notify.installed" ]] || fail_run notify "the task's filter was not installed"
reported notify KILL_PROCESS

# clone(CLONE_UNTRACED) would start a process the supervisor never sees.
attack untraced KILL_PROCESS untraced 0
[[ "$(cat "$D/untraced.clone" 2>/dev/null)" == -1 ]] ||
  fail_run untraced "clone(CLONE_UNTRACED) was not refused with EPERM"

# i386 through int 0x80 (junk high word in the argument register).
attack i386 KILL_PROCESS i386 "$SIGSYS_RC"
grep -qF "seccomp denied personality to pid" "$ERR" &&
  grep -qF "(nr 136, arch x86, args 0x1ffffffff " "$ERR" || fail_run i386 "i386 report"

# KILL_THREAD: the thread dies and is reported; the task goes on.
attack thread KILL_THREAD thread 0
[[ -e "$D/thread.joined" ]] || fail_run thread "the task did not go on"
reported thread KILL_THREAD
grep -qF "the kernel killed the thread" "$ERR" || fail_run thread "outcome"

# TRAP: reported, SIGSYS delivered (no handler: the task dies by it).
attack trap TRAP plain "$SIGSYS_RC"
reported trap TRAP
grep -qF "TRAP by profile" "$ERR" || fail_run trap "action"

# A SIGSYS the task sends itself is not a seccomp denial.
attack selfsys KILL_PROCESS selfsys "$SIGSYS_RC"
! grep -qF "seccomp denied" "$ERR" || fail_run selfsys "kill(SIGSYS) reported as seccomp"
grep -qF "died of SIGSYS in kill, which profile $CONF/KILL_PROCESS.json answers ALLOW" "$ERR" ||
  fail_run selfsys "no hint"

# rax with bit 63 set: the kernel takes the low 32 bits (personality) and
# kills; the report must name it, not drop it as "no syscall".
attack high_bit KILL_PROCESS high_bit "$SIGSYS_RC"
reported high_bit KILL_PROCESS
grep -qF "(nr 135, arch x86_64, args 0xffffffff " "$ERR" || fail_run high_bit "args"

# A SIGSYS the task queues itself with si_code SYS_SECCOMP and the trapped
# call's number: nothing was trapped, nothing is reported.
attack forge_trap TRAP forge_trap 0
[[ "$(cat "$D/forge.queued" 2>/dev/null)" == 0 ]] ||
  fail_run forge_trap "the forged SIGSYS was not queued"
! grep -qF "seccomp denied" "$ERR" || fail_run forge_trap "a forged SIGSYS reported as a TRAP"

# One KILL_PROCESS in a 1000-thread task: the killing thread is named and
# its 999 siblings take one line, not 999.
attack threads KILL_PROCESS threads "$SIGSYS_RC"
[[ "$(cat "$D/threads.started" 2>/dev/null)" == 999 ]] ||
  fail_run threads "the task did not start 999 threads"
reported threads KILL_PROCESS
[[ "$(grep -c "seccomp denied" "$ERR")" == 1 ]] || fail_run threads "not one denial"
grep -qE "the other 999 threads of process [0-9]+ died with it" "$ERR" ||
  fail_run threads "no summary of the siblings"
! grep -qF "died of SIGSYS in" "$ERR" || fail_run threads "siblings reported one by one"
# The launch line, the denial, the summary.
[[ "$(wc -l <"$ERR")" -le 3 ]] || fail_run threads "$(wc -l <"$ERR") lines"

# ERRNO: only with --report_errno (syscall-exit stops), once per syscall;
# the kernel answers, so the task sees the profile's errno.
D="$T/errno"; rm -rf "$D"; mkdir -p "$D"
timeout 20 "$LAUNCH" --seccomp_config_dir="$CONF" --profile=ERRNO.json \
  --report_errno -- /bin/sh -c "'$ATTACKS' plain '$D'; '$ATTACKS' plain '$D'" 2>"$ERR"
rc=$?
[[ "$rc" == 0 ]] || fail_run errno "exit $rc, want 0"
[[ "$(cat "$D/ran")" == -13 ]] || fail_run errno "the call did not fail_run with EACCES"
reported errno ERRNO
grep -qF "ERRNO(13) by profile" "$ERR" || fail_run errno "action"
grep -qF "the call failed with EACCES" "$ERR" || fail_run errno "outcome"
[[ "$(grep -c "seccomp denied" "$ERR")" == 1 ]] || fail_run errno "not reported once"
timeout 20 "$LAUNCH" --seccomp_config_dir="$CONF" --profile=ERRNO.json \
  --report_errno -- "$ATTACKS" i386 "$D" 2>"$ERR"
grep -qF "(nr 136, arch x86, args 0x1ffffffff " "$ERR" || fail_run errno-i386 "i386 report"
for mode in plain i386; do
  # --report changes nothing the task sees: i386 calls included (the guard
  # filter covers every ABI).
  rm -f "$D/ran"
  timeout 20 "$LAUNCH" --seccomp_config_dir="$CONF" --profile=ERRNO.json \
    --report -- "$ATTACKS" "$mode" "$D" 2>"$ERR"
  rc=$?
  [[ "$rc" == 0 ]] || fail_run "errno-report-$mode" "exit $rc, want 0"
  [[ "$(cat "$D/ran")" == -13 ]] || fail_run "errno-report-$mode" "not EACCES"
  ! grep -qF "seccomp denied" "$ERR" ||
    fail_run "errno-report-$mode" "ERRNO reported without --report_errno"
done

# A descendant killed while the supervisor lives is reported; the task
# goes on and its status is the launcher's.
D="$T/descendant"; rm -rf "$D"; mkdir -p "$D"
timeout 20 "$LAUNCH" --seccomp_config_dir="$CONF" --profile=KILL_PROCESS.json \
  --report -- /bin/sh -c "'$ATTACKS' plain '$D'; exit 5" 2>"$ERR"
rc=$?
[[ "$rc" == 5 ]] || fail_run descendant "exit $rc, want 5"
[[ ! -e "$D/ran" ]] || fail_run descendant "the killed call ran"
reported descendant KILL_PROCESS

# Without --report the kill is the same kill.
D="$T/no-report"; rm -rf "$D"; mkdir -p "$D"
"$LAUNCH" --seccomp_config_dir="$CONF" --profile=KILL_PROCESS.json \
  -- "$ATTACKS" plain "$D" 2>"$ERR"
rc=$?
[[ "$rc" == "$SIGSYS_RC" ]] || fail_run no-report "exit $rc, want $SIGSYS_RC"
[[ ! -e "$D/ran" ]] || fail_run no-report "the killed call ran"

finish

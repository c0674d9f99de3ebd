# shellcheck shell=bash
# Shared by the end-to-end tests: compile profiles with seccompc, run
# syscall_probe under a real loader, and compare what the process saw with
# what the profile says (and with `seccompc simulate`, the compiler's own
# prediction). The sourcing script sets `tmp`, its scratch folder.
#
# Outcomes: "allow" (the call ran and succeeded), "errno:N" (failed with N),
# "sigsys" (the process died of SIGSYS: KILL_PROCESS, KILL_THREAD of the
# only thread, or TRAP without a handler), "sigsys-first" (died so at its
# very first system call, before it could say "ready").

# fail, pass, finish: the project's test library.
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh

require_root() {
  if [[ $(id -u) != 0 ]]; then
    echo "SKIP: $1 needs root (namespaces, mounts); running as uid $(id -u)"
    exit 0
  fi
}

# outcome_of OUTPUT_FILE EXIT_STATUS
outcome_of() {
  local out=$1 rc=$2 line
  if ! grep -q '^ready ' "$out"; then
    # Killed at its first system call (the i386 probe's write when the
    # filter does not cover i386) or never started.
    if ((rc == 128 + 31)); then echo sigsys-first; else echo "no-start(rc=$rc)"; fi
    return
  fi
  line=$(grep '^ret=' "$out" || true)
  if [[ -z $line ]]; then
    if ((rc == 128 + 31)); then echo sigsys; else echo "died(rc=$rc)"; fi
    return
  fi
  local err=${line##*errno=}
  if [[ $err == 0 ]]; then echo allow; else echo "errno:$err"; fi
}

# simulated SECCOMPC PROFILE NR ARGS...: "n/a" for i386 numbers (simulate
# takes the target's native arch for a number; a target with another native
# arch would be another filter).: the outcome `seccompc simulate`
# predicts for x86_64.
simulated() {
  local seccompc=$1 profile=$2 nr=$3
  shift 3
  if [[ $nr == i386:* ]]; then
    echo n/a
    return
  fi
  local args
  args=$(IFS=,; echo "$*")
  local compiled
  # SIMULATE_FLAGS: more simulate flags (the engine tests add --enosys).
  # shellcheck disable=SC2086
  compiled=$("$seccompc" simulate "$profile" ${SIMULATE_FLAGS:-} --syscall "$nr" ${args:+--args "$args"} --json 2>/dev/null |
    sed -n 's/^  "action": "\(.*\)",$/\1/p')
  case $compiled in
    ALLOW) echo allow ;;
    ERRNO\(*) compiled=${compiled#ERRNO(}; echo "errno:${compiled%)}" ;;
    KILL_PROCESS | KILL_THREAD | TRAP) echo sigsys ;;
    *) echo "unknown($compiled)" ;;
  esac
}

# A profile of our own whose answers no kernel gives by itself (ERRNO 77 for
# getppid), with 64-bit argument checks the real kernel must honour.
write_args_profile() {
  cat >"$1" <<'JSON'
{
  "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [
    {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77},
    {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
     "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]},
    {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 97,
     "args": [{"index": 0, "value": 10, "op": "SCMP_CMP_GE"},
              {"index": 0, "value": 40, "op": "SCMP_CMP_LE"}]},
    {"names": ["socket"], "action": "SCMP_ACT_KILL_PROCESS",
     "args": [{"index": 1, "value": 8, "valueTwo": 8, "op": "SCMP_CMP_MASKED_EQ"}]},
    {"names": ["getpriority"], "action": "SCMP_ACT_TRAP"}
  ]
}
JSON
}

# compile_e2e_profiles SECCOMPC FORMAT: the profiles of e2e_cases, named in
# profile_path (default, static, args -> their JSON), compiled by
# `seccompc compile --format FORMAT` to $tmp/NAME.FORMAT.
compile_e2e_profiles() {
  local seccompc=$1 format=$2 p
  declare -gA profile_path=(
    [default]=profiles/default.json
    [static]=profiles/static-network-server.json
    [args]="$tmp/args.json"
  )
  write_args_profile "$tmp/args.json"
  for p in "${!profile_path[@]}"; do
    "$seccompc" compile "${profile_path[$p]}" -o "$tmp/$p.$format" \
      --format "$format" || fail "seccompc compile ${profile_path[$p]}"
  done
}

# run_e2e_cases SECCOMPC PROBE PROBE_I386 RUN_FN: every case of e2e_cases,
# judged against its expected outcome and against `seccompc simulate`.
# RUN_FN PROFILE PROGRAM NR ARGS... runs PROGRAM (PROBE, or PROBE_I386 for
# the "i386:" cases, as the loader sees them) under the loader with PROFILE
# (a name of profile_path) compiled, writes its output to $tmp/out and
# $tmp/err and returns its exit status.
run_e2e_cases() {
  local seccompc=$1 probe=$2 probe_i386=$3 run_fn=$4 cases=0
  local profile expected nr args program rc got predicted
  while read -r profile expected nr args; do
    cases=$((cases + 1))
    program=$probe
    if [[ $nr == i386:* ]]; then program=$probe_i386; fi
    # shellcheck disable=SC2086 # args are separate words on purpose
    "$run_fn" "$profile" "$program" "${nr#i386:}" $args </dev/null
    rc=$?
    got=$(outcome_of "$tmp/out" "$rc")
    # shellcheck disable=SC2086
    predicted=$(simulated "$seccompc" "${profile_path[$profile]}" "$nr" $args)
    if [[ $got != "$expected" ]]; then
      fail "$profile: syscall $nr ($args): $run_fn says $got, expected" \
        "$expected ($(cat "$tmp/out" "$tmp/err" | tr '\n' ' '))"
    elif [[ $predicted != "$expected" && $predicted != n/a ]]; then
      fail "$profile: syscall $nr ($args): seccompc simulate predicts $predicted"
    else
      pass "$profile: syscall $nr ($args) -> $got"
    fi
  done < <(e2e_cases)
  echo "$cases cases"
  ((cases >= 15)) || fail "too few cases ran"
}

# The cases every loader runs: PROFILE EXPECTED NR ARGS... PROFILE is
# default, static or args (each compiled for this host: x86_64, plus x86 and
# x32 where the profile's archMap says so). NR is an x86_64 number, an x32
# one (decimal, with the x32 bit 0x40000000: this kernel refuses x32 calls
# with ENOSYS, but the filter runs first), or "i386:NR" for the i386 probe.
e2e_cases() {
  cat <<'EOF_CASES'
default allow 39
default allow 41 1 1 0
default errno:1 41 40 1 0
default errno:38 435 0 0
default errno:1 165 0 0 0 0 0
static allow 39
static sigsys 101 0
static sigsys 41 1 1 0
args errno:77 110
args allow 39
args errno:13 135 0xffffffff
args allow 135 0x1ffffffff
args errno:97 41 10 1 0
args errno:97 41 40 1 0
args allow 41 0x100000001 1 0
args sigsys 41 1 9 0
args sigsys 41 10 9 0
args sigsys 140 0 0
default errno:1 1073741865 40 1 0
static sigsys 1073741863
args sigsys 1073741934
default allow i386:20
default errno:1 i386:359 40 1 0
default errno:38 i386:435 0 0
static sigsys-first i386:20
args sigsys-first i386:64
EOF_CASES
}

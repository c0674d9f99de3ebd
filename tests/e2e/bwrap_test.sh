#!/usr/bin/env bash
# bubblewrap loads `seccompc compile` raw output (--seccomp FD) and the
# process under it sees the profile's verdicts, on the running kernel.
#   bwrap_test.sh SECCOMPC SYSCALL_PROBE SYSCALL_PROBE_I386
set -uo pipefail
seccompc=$(realpath "$1")
probe=$(realpath "$2")
probe_i386=$(realpath "$3")
source tests/e2e/probe_lib.sh
require_root "bwrap --seccomp"
tmp=${TEST_TMPDIR:-$(mktemp -d)}

declare -A profile_path=(
  [default]=profiles/default.json
  [static]=profiles/static-network-server.json
  [args]="$tmp/args.json"
)
write_args_profile "$tmp/args.json"
for p in "${!profile_path[@]}"; do
  "$seccompc" compile "${profile_path[$p]}" -o "$tmp/$p.bpf" --format raw ||
    fail "seccompc compile ${profile_path[$p]}"
  size=$(stat -c %s "$tmp/$p.bpf")
  ((size > 0 && size % 8 == 0)) || fail "$p.bpf has $size bytes"
done

cases=0
while read -r profile expected nr args; do
  cases=$((cases + 1))
  program=$probe
  if [[ $nr == i386:* ]]; then program=$probe_i386; fi
  # shellcheck disable=SC2086 # args are separate words on purpose
  bwrap --dev-bind / / --seccomp 10 "$program" "${nr#i386:}" $args \
    10<"$tmp/$profile.bpf" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  got=$(outcome_of "$tmp/out" "$rc")
  # shellcheck disable=SC2086
  predicted=$(simulated "$seccompc" "${profile_path[$profile]}" "$nr" $args)
  if [[ $got != "$expected" ]]; then
    fail "$profile: syscall $nr ($args): kernel says $got, expected $expected" \
      "($(cat "$tmp/out" "$tmp/err" | tr '\n' ' '))"
  elif [[ $predicted != "$expected" && $predicted != n/a ]]; then
    fail "$profile: syscall $nr ($args): seccompc simulate predicts $predicted"
  else
    echo "ok: $profile: syscall $nr ($args) -> $got"
  fi
done < <(e2e_cases)

# The probe outside any filter: the ERRNO answers above are the filter's,
# not the kernel's own.
"$probe" 110 >"$tmp/out"
[[ $(outcome_of "$tmp/out" 0) == allow ]] || fail "getppid fails without a filter"
"$probe_i386" 359 40 1 0 >"$tmp/out"
[[ $(outcome_of "$tmp/out" 0) != errno:1 ]] ||
  fail "i386 socket(AF_VSOCK) is EPERM without a filter"

echo "$cases cases, $failures failures"
((cases >= 15)) || fail "too few cases ran"
((failures == 0))

#!/usr/bin/env bash
# README's first command runs the main job (tools/run-main.sh): compile
# profiles/default.json and launch tasks under it as a Mesos agent would.
# Checked here by what a user sees: the allowed task prints, the denied one
# fails with EPERM, the seed's opt-out and named profile run, and the
# kill profile is reported by name. Prints "run-main test: PASS" last.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT

tools/run-main.sh >"$log" 2>&1
status=$?
((status == 0)) || fail "tools/run-main.sh exited $status"
expect_in "$log" "^hello from a filtered task$" "allowed task ran under default.json"
expect_in "$log" "failed to set personality.*Operation not permitted" "denied task got EPERM"
grep -q "this line is never printed" "$log" && fail "the denied task ran"
expect_in "$log" "^unconfined task ran$" "unconfined: true runs unfiltered"
expect_in "$log" "^task under relaxed.json ran$" "profileName: relaxed.json allows it"
expect_in "$log" "seccomp denied uname .*KILL_PROCESS" "--report names the killed syscall"
expect_in "$log" "^exit status 159$" "the killed task's status"
if ((failures > 0)); then
  show log "$log"
  finish
  exit 1
fi
echo "run-main test: PASS"

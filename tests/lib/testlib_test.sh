#!/usr/bin/env bash
# shellcheck disable=SC2016 # each case script expands in its child shell
# The test library's own contract: finish fails after one fail and passes
# otherwise, with the summary line; die exits 1 at once; expect_exit and
# expect_in count what they find. Each case runs in a child shell, since
# the library's counters and exits are the thing under test.
set -u
lib=tests/lib/testlib.sh
errors=0
check() {  # WHAT WANT_STATUS WANT_LAST_LINE SCRIPT
  local out rc
  out=$(bash -c "source $lib; tmp=\$(scratch_dir); $4" 2>&1)
  rc=$?
  if [[ $rc != "$2" || $(tail -1 <<<"$out") != "$3" ]]; then
    echo "FAIL: $1: exit $rc, last line '$(tail -1 <<<"$out")'; want $2, '$3'"
    errors=$((errors + 1))
  else
    echo "ok: $1"
  fi
}
check "nothing counted" 0 "0 failed" 'finish'
check "passes only" 0 "2 passed, 0 failed" 'pass a; pass b; finish'
check "one failure fails the test" 1 "1 passed, 1 failed" 'pass a; fail b; finish'
check "fail goes on" 1 "after" 'fail a; echo after; finish >/dev/null'
check "die stops" 1 "FAIL: stop" 'die stop; echo after'
check "expect_exit holds" 0 "1 passed, 0 failed" 'expect_exit 3 three sh -c "exit 3"; finish'
check "expect_exit differs" 1 "1 failed" 'expect_exit 0 zero sh -c "exit 3"; finish'
check "expect_in finds" 0 "0 failed" 'echo hello >"$tmp/f"; expect_in "$tmp/f" "h.llo" hello; finish'
check "expect_in misses" 1 "1 failed" 'echo hello >"$tmp/f"; expect_in "$tmp/f" "bye" bye; finish'
check "show indents" 0 "  err: x" 'echo x >"$tmp/f"; show err "$tmp/f"'
((errors == 0)) && echo PASS

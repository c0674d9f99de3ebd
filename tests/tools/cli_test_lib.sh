# shellcheck shell=bash
# Helpers shared by the command-line tests (tests/cli_check_test.sh and
# tests/tools/*_test.sh): `tmp`, the test's scratch folder, and `fails`, the
# failure count the test ends with (finish_cli_test).
fails=0
tmp=${TEST_TMPDIR:-$(mktemp -d)}

expect_exit() {  # expected-exit description command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL: $what: exit $got, want $want"; cat "$tmp/out" "$tmp/err"; fails=$((fails + 1))
  else
    echo "ok: $what"
  fi
}
expect_in() {  # file pattern description
  grep -qE -- "$2" "$1" || { echo "FAIL: $3: no /$2/ in"; cat "$1"; fails=$((fails + 1)); }
}
finish_cli_test() {  # the count, and the test's exit status
  echo "$fails failure(s)"
  [[ $fails -eq 0 ]]
}

# Helpers shared by the command-line tests (tests/cli_check_test.sh and
# tests/tools/*_test.sh). The sourcing script sets `tmp` (a scratch folder)
# and `fails` (the failure count it exits with).

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

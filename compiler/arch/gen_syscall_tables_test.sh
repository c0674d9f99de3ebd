#!/bin/bash
# Checks that tools/gen_syscall_tables.py refuses supplement rows that
# contradict the headers, and merges valid ones with each ABI's base/marker.
# Usage: gen_syscall_tables_test.sh GENERATOR
set -uo pipefail
gen="$1"
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)

# expect_error NAME MESSAGE_SUBSTRING ROW...
expect_error() {
  local name="$1" want="$2"
  shift 2
  printf '%s\n' "$@" >"${tmp}/${name}.tbl"
  if python3 "${gen}" --supplement "${tmp}/${name}.tbl" \
    >"${tmp}/${name}.out" 2>"${tmp}/${name}.err"; then
    fail "${name}: generator accepted $*"
  elif ! grep -qF -- "${want}" "${tmp}/${name}.err"; then
    fail "${name}: want error containing '${want}', got:"
    cat "${tmp}/${name}.err"
  else
    pass "${name}"
  fi
}

expect_error number_taken "number 334 for notacall is already ['rseq']" \
  "334 x86_64 notacall 9.9"
expect_error name_renumbered "headers have read = 0, supplement says 1" \
  "1 x86_64 read 9.9"
expect_error mips_name_renumbered "headers have read = 4003, supplement says 4004" \
  "4 mips read 9.9"
expect_error unknown_abi "unknown ABI ['vax']" "900 vax foo 9.9"
expect_error bad_row "want 4 fields" "900 all foo"

# A valid row lands at nr + base, with x32's marker bit.
printf '%s\n' "900 all zz_test_call 9.9" >"${tmp}/ok.tbl"
if ! python3 "${gen}" --supplement "${tmp}/ok.tbl" >"${tmp}/ok.out"; then
  fail "ok: generator rejected a valid row"
else
  for want in '{"zz_test_call", 900}' '{"zz_test_call", 0x40000384}' \
    '{"zz_test_call", 4900}' '{"zz_test_call", 5900}' \
    '{"zz_test_call", 6900}'; do
    if grep -qF -- "${want}" "${tmp}/ok.out"; then
      pass "valid row: ${want}"
    else
      fail "valid row: ${want} missing"
    fi
  done
  # 22 tables (all but loongarch64) got it; x86 has it once, as 900.
  count=$(grep -cF '{"zz_test_call", ' "${tmp}/ok.out")
  if [[ "${count}" != 22 ]]; then
    fail "valid row: in ${count} tables, want 22"
  fi
  # ... and once in the sorted list of all names, after every other name.
  names=$(sed -n '/^constexpr std::string_view kAllSyscallNames/,/^};/p' "${tmp}/ok.out" | grep -oE '"[^"]+"')
  if [[ $(grep -cx '"zz_test_call"' <<<"${names}") != 1 ]] ||
    [[ $(tail -1 <<<"${names}") != '"zz_test_call"' ]] ||
    [[ ${names} != "$(LC_ALL=C sort -u <<<"${names}")" ]]; then
    fail "valid row: kAllSyscallNames is not sorted, unique and complete"
  fi
fi

finish

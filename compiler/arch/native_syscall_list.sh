#!/bin/bash
# Lists every __NR_ macro of one installed UAPI header as a C++ row
# {"name", __NR_name}, for native_headers_test (which compiles the rows against
# the same header, so the compiler, not this script, supplies the numbers).
# Usage: native_syscall_list.sh CC HEADER OUT
set -euo pipefail
cc="$1" header="$2" out="$3"
echo "#include <${header}>" | "${cc}" -E -dM -x c - |
  sed -n 's/^#define __NR_\([A-Za-z0-9_]*\) .*$/  {"\1", __NR_\1},/p' |
  LC_ALL=C sort >"${out}"
if [[ ! -s "${out}" ]]; then
  echo "native_syscall_list.sh: no __NR_ macros in <${header}>" >&2
  exit 1
fi

#!/bin/bash
# Regenerates a generated table (syscalls or errno numbers) from the installed
# cross headers and fails, with a diff and the command to regenerate, if the
# committed file differs.
# Usage: syscall_tables_up_to_date_test.sh GENERATOR COMMITTED_INC
set -euo pipefail
exec python3 "$1" --check "$2"

#!/usr/bin/env bash
# seccompc's user-facing polish: --version/--help, the terminal guard of
# `compile`, and `--format c` headers that compile, link side by side and
# cannot be injected into through the profile path or --c_name.
set -euo pipefail
seccompc=$1
launch=$2
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)
target=(--arch x86_64,x86 --caps docker --kernel 6.1)

# --version: the project's version, exit 0; --help: exit 0, own flags only.
v=$("$seccompc" --version) || die "--version exited $?"
[[ $v =~ ^seccompc\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || die "--version printed '$v'"
h=$("$seccompc" --help) || die "--help exited $?"
grep -q -- "--c_name" <<<"$h" || die "--help misses --c_name"
if grep -qE -- "--(flagfile|fromenv|tryfromenv|undefok)" <<<"$h"; then
  die "--help lists Abseil's own flags"
fi

# The same for seccomp-launch (shared code: compiler/util/standard_flags).
[[ $("$launch" --version) =~ ^seccomp-launch\ [0-9]+\.[0-9]+\.[0-9]+$ ]] \
  || die "seccomp-launch --version"
h=$("$launch" --help) || die "seccomp-launch --help exited $?"
grep -q -- "--seccomp_config_dir" <<<"$h" || die "seccomp-launch --help misses its flags"
if grep -qE -- "--(flagfile|fromenv|c_name)" <<<"$h"; then
  die "seccomp-launch --help lists flags that are not its own"
fi

# Raw bytes to a terminal: refused (exit 2), nothing written; a pipe is fine.
python3 - "$seccompc" "${target[@]}" <<'PY' || die "raw program written to a terminal"
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "compile", "profiles/default.json"] + sys.argv[2:])
out = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
if os.WEXITSTATUS(status) != 2 or b"refusing" not in out:
    sys.exit(f"status {status}, output {out[:200]!r}")
PY
"$seccompc" compile profiles/default.json "${target[@]}" 2>/dev/null | cmp -s - /dev/null \
  && die "nothing written to a pipe"

# An output that is not a regular file (here a FIFO; /dev/null and
# /dev/stdout alike) is written to, not renamed over.
fifo="$tmp/out.fifo"
rm -f "$fifo"
mkfifo "$fifo"
cat "$fifo" > "$tmp/from_fifo" &
reader=$!
"$seccompc" compile profiles/default.json "${target[@]}" -o "$fifo" 2>/dev/null \
  || { : > "$fifo"; fail "compile -o FIFO failed"; }
if [ ! -p "$fifo" ]; then
  kill "$reader"
  fail "compile -o FIFO replaced the FIFO by a file"
fi
wait "$reader"
[ -s "$tmp/from_fifo" ] || fail "nothing came through the FIFO"

# A profile path that tries to close the comment and inject code.
evil="$tmp/x */ int injected = 1; /* y"
mkdir -p "$evil"
cp profiles/default.json "$evil/default.json"
"$seccompc" compile "$evil/default.json" --format c -o "$tmp/default.h" "${target[@]}" 2>/dev/null
"$seccompc" compile profiles/relaxed.json --format c --c_name=relaxed_filter \
  -o "$tmp/relaxed.h" "${target[@]}" 2>/dev/null
grep -q "static const struct sock_fprog default_fprog" "$tmp/default.h" \
  || die "symbols not named after the profile"
cat > "$tmp/main.c" <<'C'
#include "default.h"
#include "default.h" /* the include guard holds */
#include "relaxed.h"
int main(void) {
  return default_prog()->len > 0 && relaxed_filter_prog()->len > 0 &&
                 default_prog() != relaxed_filter_prog()
             ? 0
             : 1;
}
C
cc -std=c99 -Wall -Wextra -Werror -I"$tmp" -o "$tmp/main" "$tmp/main.c" \
  || die "generated headers do not compile"
"$tmp/main" || die "two filters in one program"
nm "$tmp/main" | grep -q injected && die "profile path injected code"
cc -E -I"$tmp" "$tmp/main.c" | grep -q "int injected" && die "injected code survived"

# NAME_install: one call installs the filter; live, in a child.
cat > "$tmp/deny.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
JSON
"$seccompc" compile "$tmp/deny.json" --format c --c_name=deny -o "$tmp/deny.h" \
  --arch x86_64 --kernel 6.1 2>/dev/null
cat > "$tmp/install.c" <<'C'
#define _GNU_SOURCE /* fork, waitpid; main.c above covers strict C99 */
#include <errno.h>
#include <sys/wait.h>
#include "deny.h"
static int child(unsigned flags, int want_rc) {
  int status;
  pid_t pid = fork();
  if (pid == 0) {
    int rc = deny_install(flags);
    if (rc != want_rc) _exit(10);
    if (rc != 0) _exit(0);
    errno = 0;
    _exit(syscall(__NR_getppid) == -1 && errno == 13 ? 0 : 11);
  }
  return waitpid(pid, &status, 0) == pid && WIFEXITED(status)
             ? WEXITSTATUS(status)
             : 12;
}
int main(void) {
  if (child(0, 0) != 0) return 1;                     /* denied in the child */
  if (syscall(__NR_getppid) == -1) return 2;          /* not in the parent */
  if (child(0x80000000u, -EINVAL) != 0) return 3;     /* a bad flag: -errno */
  return 0;
}
C
cc -std=c99 -Wall -Wextra -Werror -I"$tmp" -o "$tmp/install" "$tmp/install.c" \
  || die "NAME_install does not compile"
"$tmp/install" || die "NAME_install: check $? failed"

# --c_name must be an identifier.
if "$seccompc" compile profiles/default.json --format c --c_name='a;b' "${target[@]}" >/dev/null 2>&1; then
  die "--c_name 'a;b' accepted"
fi
echo PASS

#!/bin/bash
# seccomp-launch as other users: the capabilities a
# profile is resolved for by default, profile names with control characters,
# config folders and profiles others could write. Needs root (setpriv,
# chown), so it runs outside the sandbox.
#   launch_security_test.sh LAUNCHER PROFILES_DIR C_LAUNCHER
# --cache_dir against the tasks it confines and folders above it, the C
# API's default capabilities.
set -u
SRC_LAUNCH="$1"
PROFILES="$2"
SRC_C_LAUNCH="$3"
if [[ "$(id -u)" != 0 ]]; then echo "SKIP: needs root"; exit 0; fi
# A world-readable copy, so uid 65534 can run it (the runfiles may lie
# under a 0700 home).
W=$(mktemp -d /tmp/seccomp-launch-security.XXXXXX)
# Cache folders need parents only root can write, all the way up: not /tmp.
CB=$(mktemp -d /run/seccomp-launch-cache.XXXXXX 2>/dev/null ||
     mktemp -d /var/cache/seccomp-launch-cache.XXXXXX)
trap 'rm -rf "$W" "$CB"' EXIT
chmod 755 "$W" "$CB"
mkdir -m 755 "$W/bin" "$W/conf"
cp "$SRC_LAUNCH" "$W/bin/seccomp-launch"
cp "$SRC_C_LAUNCH" "$W/bin/c-launcher"
chmod 755 "$W/bin/seccomp-launch" "$W/bin/c-launcher"
cp "$PROFILES/default.json" "$W/conf/"
chmod 644 "$W/conf/default.json"
LAUNCH="$W/bin/seccomp-launch"
OUT="$W/out"
ERR="$W/err"
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
# fail_run NAME WHY: a failed check, with the launch's output.
fail_run() {
  fail "$1: $2"
  show stdout "$OUT"
  show stderr "$ERR"
}
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
AGENT=(--seccomp_config_dir="$W/conf" --seccomp_profile_name=default.json)

# ---- item 5: default capabilities -------------------------------------------
# As uid 65534, the task will hold no capability: the default profile's
# CAP_SYS_ADMIN entries (unshare, clone with namespace flags) stay denied.
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --print -- id >"$OUT" 2>"$ERR"
grep -qx "capabilities: 0x0" "$OUT" || fail_run nobody-print "capabilities not 0x0"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" -- unshare --user --map-root-user id \
  >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" != 0 ]] || fail_run nobody-unshare "unshare --user succeeded"
! grep -q "uid=0" "$OUT" || fail_run nobody-unshare "the task became uid 0"
# The same without a filter works on this kernel, so the filter denied it.
if "${NOBODY[@]}" unshare --user --map-root-user id >"$OUT" 2>"$ERR"; then
  grep -q "uid=0" "$OUT" || fail_run nobody-unconfined "no uid=0"
  # ... and so does an explicit --caps naming CAP_SYS_ADMIN.
  "${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --caps=CAP_SYS_ADMIN \
    -- unshare --user --map-root-user id >"$OUT" 2>"$ERR" ||
    fail_run nobody-caps "--caps=CAP_SYS_ADMIN did not allow unshare"
else
  echo "note: unprivileged user namespaces are off here; contrast skipped"
fi
# Root keeps the bounding set.
"$LAUNCH" "${AGENT[@]}" --print -- id >"$OUT" 2>"$ERR"
want=$(printf "capabilities: 0x%x" "$((16#$(awk '/^CapBnd/ {print $2}' /proc/self/status) & \
  16#$(awk '/^CapPrm/ {print $2}' /proc/self/status)))")
grep -qx "$want" "$OUT" || fail_run root-print "want $want"

# --report works for an unprivileged launcher too, and the task (same uid)
# cannot ptrace its supervisor.
cat >"$W/conf/kill-personality.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_KILL_PROCESS"}]}
JSON
chmod 644 "$W/conf/kill-personality.json"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --profile=kill-personality.json --report \
  -- setarch x86_64 -R true >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" == 159 ]] || fail_run nobody-report "exit $rc, want 159"
grep -qF "seccomp denied personality to pid" "$ERR" || fail_run nobody-report "no report"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --profile=kill-personality.json --report \
  -- /bin/sh -c 'cat /proc/$PPID/environ >/dev/null 2>&1 && echo READABLE' \
  >"$OUT" 2>"$ERR"
! grep -q READABLE "$OUT" || fail_run nobody-report "the task read its supervisor's memory"

# ---- item 8: control characters in a profile name ---------------------------
printf '%s\n' '{"id": "/x", "cmd": "id", "container": {"type": "MESOS",' \
  ' "linuxInfo": {"seccomp": {"profileName": "default.json\u0000junk"}}}}' \
  >"$W/app-nul.json"
"$LAUNCH" "${AGENT[@]}" --app="$W/app-nul.json" >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" == 125 ]] || fail_run nul-name "exit $rc, want 125"
grep -qF "control character 0x00 at byte 12" "$ERR" || fail_run nul-name "message"

# ---- item 11: config folders and profiles others could write ---------------
cp "$W/conf/default.json" "$W/conf/theirs.json"
chown 65534 "$W/conf/theirs.json"
"$LAUNCH" "${AGENT[@]}" --profile=theirs.json -- true >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" == 125 ]] || fail_run foreign-owner "exit $rc, want 125"
grep -qF "the profile is owned by uid 65534" "$ERR" || fail_run foreign-owner "message"
"$LAUNCH" "${AGENT[@]}" --allow_insecure_config_dir --profile=theirs.json \
  -- true >"$OUT" 2>"$ERR" || fail_run foreign-owner-allowed "refused"
# Not even the launcher's own uid (not root) may own its profiles: its
# tasks run as that uid. Before, uid 65534 launched under theirs.json, an
# unconfined task of the same uid rewrote it to allow everything, and the
# next launch ran with no denial at all.
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --unconfined -- sh -c \
  "printf '%s' '{\"defaultAction\": \"SCMP_ACT_ALLOW\"}' >'$W/conf/theirs.json'" \
  >"$OUT" 2>"$ERR" || fail_run own-profile "the unconfined task failed: $(cat "$ERR")"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --profile=theirs.json -- \
  unshare --user --map-root-user id >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" == 125 ]] || fail_run own-profile "exit $rc, want 125 (ran: $(cat "$OUT"))"
grep -qF "the profile is owned by uid 65534, this launcher's, which its tasks run as" \
  "$ERR" || fail_run own-profile "message: $(cat "$ERR")"
! grep -q "uid=0" "$OUT" || fail_run own-profile "a rewritten profile let the task map root"
chmod 777 "$W/conf"
"$LAUNCH" "${AGENT[@]}" -- true >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" == 125 ]] || fail_run world-writable "exit $rc, want 125"
grep -qF "the config folder is writable by everyone (mode 0777)" "$ERR" ||
  fail_run world-writable "message"
"$LAUNCH" "${AGENT[@]}" --allow_insecure_config_dir -- true >"$OUT" 2>"$ERR" ||
  fail_run world-writable-allowed "refused"
chmod 755 "$W/conf"

# ---- a cache the tasks it confines can write ---------------------------------
# eio-unshare.json: unshare fails with EIO (5), so a served RET ALLOW shows.
cat >"$W/conf/eio-unshare.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["unshare"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5}]}
JSON
chmod 644 "$W/conf/eio-unshare.json"
ALLOW_ALL=BgAAAAAA/38=    # one instruction: RET ALLOW
# rewrite_entries DIR: every entry's program becomes RET ALLOW, key kept
# (run as the task: the command after --unconfined).
REWRITE=(/bin/sh -c 'for f in "$1"/*.prog; do sed -i "1s|^[^ ]*|'"$ALLOW_ALL"'|" "$f"; done' sh)
EIO=(--profile=eio-unshare.json)
# expect_denied NAME: the last launch ran `unshare --user ...` and the
# profile's EIO (or default.json's EPERM) answered, not the kernel.
expect_eio() {
  grep -qF "Input/output error" "$ERR" || fail_run "$1" "unshare was not denied with EIO"
}
userns=0
"${NOBODY[@]}" unshare --user --map-root-user true 2>/dev/null && userns=1

# The attack, as uid 65534 with a cache folder of its own: a
# default.json launch stores its entry; an --unconfined task of the same uid
# rewrites the stored program to RET ALLOW; the next default.json launch must
# not install it.
NC="$CB/nobody"
mkdir -m 700 "$NC"
chown 65534:65534 "$NC"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --cache_dir="$NC" -- true >"$OUT" 2>"$ERR" ||
  fail_run cache-own-store "launch failed"
# Should the launch not have stored (the fix), plant the entry the old code
# stored: root fills a cache of its own (--print runs no task) for the same
# key, and the task copies it into its folder.
if ! ls "$NC"/*.prog >/dev/null 2>&1; then
  "$LAUNCH" "${AGENT[@]}" --caps=none --cache_dir="$CB/plant" --print -- true \
    >"$OUT" 2>"$ERR" || fail_run cache-plant "--print failed"
  chmod 755 "$CB/plant"; chmod 644 "$CB/plant"/*.prog
  "${NOBODY[@]}" cp "$CB/plant"/*.prog "$NC"/ || fail_run cache-plant "copy"
  rm -rf "$CB/plant"
fi
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --unconfined -- "${REWRITE[@]}" "$NC" \
  >"$OUT" 2>"$ERR" || fail_run cache-own-rewrite "the task could not rewrite its own folder"
grep -q "^$ALLOW_ALL" "$NC"/*.prog || fail_run cache-own-rewrite "no rewritten entry"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --cache_dir="$NC" \
  -- unshare --user --map-root-user id >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" != 0 ]] || fail_run cache-own-attack "unshare --user succeeded (rc 0)"
! grep -q "uid=0" "$OUT" || fail_run cache-own-attack "the task became uid 0"
! grep -q ", 1 instructions" "$ERR" || fail_run cache-own-attack "the one-instruction program was installed"
grep -qF "seccomp-launch: note: --cache_dir $NC not used: " "$ERR" ||
  fail_run cache-own-attack "no note saying the cache was not used"
# The same with eio-unshare.json, where the kernel would allow unshare.
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$NC" -- true >"$OUT" 2>"$ERR"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --caps=none --cache_dir="$NC" --print -- true >"$OUT" 2>"$ERR"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --unconfined -- "${REWRITE[@]}" "$NC" >"$OUT" 2>"$ERR"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$NC" \
  -- unshare --user true >"$OUT" 2>"$ERR"
expect_eio cache-own-eio

# A root task with a root cache: the cache owner's uid (and CAP_DAC_OVERRIDE)
# after exec means no cache.
RC="$CB/root"
"$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$RC" -- true >"$OUT" 2>"$ERR"
"$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$RC" --print -- true >"$OUT" 2>"$ERR"
ls "$RC"/*.prog >/dev/null 2>&1 || fail_run cache-root "no entry stored"
"$LAUNCH" "${AGENT[@]}" --unconfined -- "${REWRITE[@]}" "$RC" >"$OUT" 2>"$ERR"
"$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$RC" -- unshare --user true \
  >"$OUT" 2>"$ERR"
expect_eio cache-root-attack
grep -qF "seccomp-launch: note: --cache_dir $RC not used: " "$ERR" ||
  fail_run cache-root-attack "no note"

# What works: a root cache filled by root with --print (no task runs), read
# by uid 65534 launches, which cannot write it.
GC="$CB/shared/cache"
mkdir -m 755 "$CB/shared"
"$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --caps=none --cache_dir="$GC" --print -- true \
  >"$OUT" 2>"$ERR" || fail_run cache-fill "--print failed"
[[ "$(stat -c '%U %a' "$GC")" == "root 755" ]] || fail_run cache-fill "folder: $(stat -c '%U %a' "$GC")"
entry=$(ls "$GC"/*.prog 2>/dev/null)
[[ -n "$entry" && "$(stat -c '%U %a' "$entry")" == "root 644" ]] ||
  fail_run cache-fill "entry: $(stat -c '%U %a' "$entry" 2>&1)"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$GC" \
  -- unshare --user true >"$OUT" 2>"$ERR"
expect_eio cache-shared-hit
! grep -q "note:" "$ERR" || fail_run cache-shared-hit "a note on a usable cache"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --unconfined -- "${REWRITE[@]}" "$GC" >"$OUT" 2>"$ERR"
! grep -q "^$ALLOW_ALL" "$entry" || fail_run cache-shared-rewrite "the task rewrote the entry"
# Poisoned, even by the owner: an entry whose key, owner and verifier
# checks pass but whose program (RET ALLOW) does not mean the profile is
# refused by the proof and recompiled, and the launch says so.
sed -i "1s|^[^ ]*|$ALLOW_ALL|" "$entry"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$GC" \
  -- unshare --user true >"$OUT" 2>"$ERR"
expect_eio cache-shared-poisoned
! grep -q ", 1 instructions" "$ERR" || fail_run cache-shared-poisoned "the one-instruction program was installed"
grep -qF "seccomp-launch: note: --cache_dir: cached program refused (not proven equal to the profile: " "$ERR" ||
  fail_run cache-shared-poisoned "no note saying the entry was refused"
grep -qF "; recompiled" "$ERR" || fail_run cache-shared-poisoned "no note saying it was recompiled"
# fill_shared: the owner (root) refills $GC with --print; $entry is its entry.
fill_shared() {
  rm -f "$GC"/*.prog
  "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --caps=none --cache_dir="$GC" --print -- true \
    >/dev/null 2>&1
  entry=$(ls "$GC"/*.prog)
}
# A stored key that differs by one byte, no base64: misses; a program the
# verifier refuses: refused by the proof (which verifies first); all
# compiled, and a task's launch does not store (a note).
for bad in key unverifiable base64; do
  fill_shared
  case "$bad" in
    key) printf ' ' >>"$entry" ;;
    unverifiable) sed -i "1s|^[^ ]*|IAAAAAAAAAA=|" "$entry" ;;  # LD, no RET
    base64) sed -i "1s|^[^ ]*|!!|" "$entry" ;;
  esac
  "${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$GC" \
    -- unshare --user true >"$OUT" 2>"$ERR"
  expect_eio "cache-$bad"
  if [[ "$bad" == unverifiable ]]; then
    grep -qF "seccomp-launch: note: --cache_dir: cached program refused (not proven equal to the profile: could not prove the program: not a program the kernel accepts: " "$ERR" ||
      fail_run "cache-$bad" "no note saying the entry was refused"
    grep -qF "; recompiled; not stored: the folder belongs to uid 0" "$ERR" ||
      fail_run "cache-$bad" "no note"
  else
    grep -qF "seccomp-launch: note: --cache_dir: not stored: the folder belongs to uid 0" "$ERR" ||
      fail_run "cache-$bad" "no note"
  fi
done
# An edited profile misses (its bytes are in the key).
fill_shared
sed -i "1s|^[^ ]*|$ALLOW_ALL|" "$entry"
sed -i 's/"errnoRet": 5/"errnoRet": 1/' "$W/conf/eio-unshare.json"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$GC" \
  -- unshare --user true >"$OUT" 2>"$ERR"
grep -qF "Operation not permitted" "$ERR" || fail_run cache-profile-edited "not EPERM"
sed -i 's/"errnoRet": 1/"errnoRet": 5/' "$W/conf/eio-unshare.json"
# The folder itself writable by its group: not used.
chmod 775 "$GC"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$GC" \
  -- unshare --user true >"$OUT" 2>"$ERR"
expect_eio cache-group-writable
grep -qF "seccomp-launch: note: --cache_dir $GC not used: the folder $GC is writable by its group or others (mode 0775)" "$ERR" ||
  fail_run cache-group-writable "no note"
chmod 755 "$GC"
# From here on the entry holds RET ALLOW (a task's launch does not store):
# a launch that reads it says it refused it; one that does not use the
# cache says nothing of it.
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$GC" \
  -- unshare --user true >"$OUT" 2>"$ERR"
expect_eio cache-shared-read-again
grep -qF "cached program refused" "$ERR" || fail_run cache-shared-read-again "the entry was not read"

# ---- folders above the cache ------------------------------------------------
# Someone else could swap the cache after the check: refused, compiled.
for mode in 777 1777 775; do
  chmod "$mode" "$CB/shared"
  "${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$GC" \
    -- unshare --user true >"$OUT" 2>"$ERR"
  expect_eio "cache-parent-$mode"
  grep -qF "seccomp-launch: note: --cache_dir $GC not used: " "$ERR" ||
    fail_run "cache-parent-$mode" "no note"
done
chmod 755 "$CB/shared"
chown 65533 "$CB/shared"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$GC" \
  -- unshare --user true >"$OUT" 2>"$ERR"
expect_eio cache-parent-foreign
chown 0 "$CB/shared"
# Entries: the cache owner's, writable by nobody else.
chmod 666 "$entry"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$GC" \
  -- unshare --user true >"$OUT" 2>"$ERR"
expect_eio cache-entry-writable
chmod 644 "$entry"; chown 65533 "$entry"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$GC" \
  -- unshare --user true >"$OUT" 2>"$ERR"
expect_eio cache-entry-foreign
chown 0 "$entry"
# Reached through a symlink (in /tmp, which anyone can write): refused, as
# is any symlink on the way (only real folders are checked, then used).
ln -s "$GC" "$W/cache-link"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" "${EIO[@]}" --cache_dir="$W/cache-link" \
  -- unshare --user true >"$OUT" 2>"$ERR"
expect_eio cache-symlink
grep -qF "cache-link is a symlink" "$ERR" || fail_run cache-symlink "no note"
chmod 755 "$CB/shared"

# ---- the C API's default capabilities ---------------------------------------
# The README's C launcher as uid 65534 under default.json: the task holds no
# capability, so the CAP_SYS_ADMIN entries stay out and unshare is denied.
"${NOBODY[@]}" "$W/bin/c-launcher" "$W/conf/default.json" \
  unshare --user --map-root-user id >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" != 0 ]] || fail_run c-api-nobody "unshare --user succeeded"
! grep -q "uid=0" "$OUT" || fail_run c-api-nobody "the task became uid 0"
grep -qF "Operation not permitted" "$ERR" || fail_run c-api-nobody "no EPERM"
if [[ "$userns" == 1 ]]; then
  # Asking for the bounding set by its flag gives the old resolution.
  SECCOMPC_TEST_BOUNDING=1 "${NOBODY[@]}" "$W/bin/c-launcher" \
    "$W/conf/default.json" unshare --user --map-root-user id >"$OUT" 2>"$ERR"
  grep -q "uid=0" "$OUT" || fail_run c-api-bounding "SECCOMPC_CAPS_BOUNDING_SET did not resolve for the bounding set"
fi
# Root keeps its capabilities: unshare is allowed.
"$W/bin/c-launcher" "$W/conf/default.json" unshare --user --map-root-user id \
  >"$OUT" 2>"$ERR" || fail_run c-api-root "root was denied unshare"

finish

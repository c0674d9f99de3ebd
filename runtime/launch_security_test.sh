#!/bin/bash
# seccomp-launch as other users (issue 9 items 5, 8, 11): the capabilities a
# profile is resolved for by default, profile names with control characters,
# config folders and profiles others could write. Needs root (setpriv,
# chown), so it runs outside the sandbox.
#   launch_security_test.sh LAUNCHER PROFILES_DIR
set -u
SRC_LAUNCH="$1"
PROFILES="$2"
if [[ "$(id -u)" != 0 ]]; then echo "SKIP: needs root"; exit 0; fi
# A world-readable copy, so uid 65534 can run it (the runfiles may lie
# under a 0700 home).
W=$(mktemp -d /tmp/seccomp-launch-security.XXXXXX)
trap 'rm -rf "$W"' EXIT
chmod 755 "$W"
mkdir -m 755 "$W/bin" "$W/conf"
cp "$SRC_LAUNCH" "$W/bin/seccomp-launch"
chmod 755 "$W/bin/seccomp-launch"
cp "$PROFILES/default.json" "$W/conf/"
chmod 644 "$W/conf/default.json"
LAUNCH="$W/bin/seccomp-launch"
OUT="$W/out"
ERR="$W/err"
failures=0
fail() {
  echo "FAIL $1: $2"; sed 's/^/  stdout: /' "$OUT"; sed 's/^/  stderr: /' "$ERR"
  failures=$((failures + 1))
}
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
AGENT=(--seccomp_config_dir="$W/conf" --seccomp_profile_name=default.json)

# ---- item 5: default capabilities -------------------------------------------
# As uid 65534, the task will hold no capability: the default profile's
# CAP_SYS_ADMIN entries (unshare, clone with namespace flags) stay denied.
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --print -- id >"$OUT" 2>"$ERR"
grep -qx "capabilities: 0x0" "$OUT" || fail nobody-print "capabilities not 0x0"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" -- unshare --user --map-root-user id \
  >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" != 0 ]] || fail nobody-unshare "unshare --user succeeded"
! grep -q "uid=0" "$OUT" || fail nobody-unshare "the task became uid 0"
# The same without a filter works on this kernel, so the filter denied it.
if "${NOBODY[@]}" unshare --user --map-root-user id >"$OUT" 2>"$ERR"; then
  grep -q "uid=0" "$OUT" || fail nobody-unconfined "no uid=0"
  # ... and so does an explicit --caps naming CAP_SYS_ADMIN.
  "${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --caps=CAP_SYS_ADMIN \
    -- unshare --user --map-root-user id >"$OUT" 2>"$ERR" ||
    fail nobody-caps "--caps=CAP_SYS_ADMIN did not allow unshare"
else
  echo "note: unprivileged user namespaces are off here; contrast skipped"
fi
# Root keeps the bounding set.
"$LAUNCH" "${AGENT[@]}" --print -- id >"$OUT" 2>"$ERR"
want=$(printf "capabilities: 0x%x" "$((16#$(awk '/^CapBnd/ {print $2}' /proc/self/status) & \
  16#$(awk '/^CapPrm/ {print $2}' /proc/self/status)))")
grep -qx "$want" "$OUT" || fail root-print "want $want"

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
[[ "$rc" == 159 ]] || fail nobody-report "exit $rc, want 159"
grep -qF "seccomp denied personality to pid" "$ERR" || fail nobody-report "no report"
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --profile=kill-personality.json --report \
  -- /bin/sh -c 'cat /proc/$PPID/environ >/dev/null 2>&1 && echo READABLE' \
  >"$OUT" 2>"$ERR"
! grep -q READABLE "$OUT" || fail nobody-report "the task read its supervisor's memory"

# ---- item 8: control characters in a profile name ---------------------------
printf '%s\n' '{"id": "/x", "cmd": "id", "container": {"type": "MESOS",' \
  ' "linuxInfo": {"seccomp": {"profileName": "default.json\u0000junk"}}}}' \
  >"$W/app-nul.json"
"$LAUNCH" "${AGENT[@]}" --app="$W/app-nul.json" >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" == 125 ]] || fail nul-name "exit $rc, want 125"
grep -qF "control character 0x00 at byte 12" "$ERR" || fail nul-name "message"

# ---- item 11: config folders and profiles others could write ---------------
cp "$W/conf/default.json" "$W/conf/theirs.json"
chown 65534 "$W/conf/theirs.json"
"$LAUNCH" "${AGENT[@]}" --profile=theirs.json -- true >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" == 125 ]] || fail foreign-owner "exit $rc, want 125"
grep -qF "the profile is owned by uid 65534" "$ERR" || fail foreign-owner "message"
"$LAUNCH" "${AGENT[@]}" --allow_insecure_config_dir --profile=theirs.json \
  -- true >"$OUT" 2>"$ERR" || fail foreign-owner-allowed "refused"
# The launcher's own uid may own its profiles.
"${NOBODY[@]}" "$LAUNCH" "${AGENT[@]}" --profile=theirs.json -- true \
  >"$OUT" 2>"$ERR" || fail own-profile "a profile owned by the launcher refused"
chmod 777 "$W/conf"
"$LAUNCH" "${AGENT[@]}" -- true >"$OUT" 2>"$ERR"
rc=$?
[[ "$rc" == 125 ]] || fail world-writable "exit $rc, want 125"
grep -qF "the config folder is writable by everyone (mode 0777)" "$ERR" ||
  fail world-writable "message"
"$LAUNCH" "${AGENT[@]}" --allow_insecure_config_dir -- true >"$OUT" 2>"$ERR" ||
  fail world-writable-allowed "refused"
chmod 755 "$W/conf"

if [[ "$failures" != 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo PASS

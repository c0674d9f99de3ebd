#!/usr/bin/env bash
# seccompc resolve: the profile flattened for a target means the same as
# the profile under that target (seccompc diff exits 0) for every profile
# of profiles/ (and ../shared/realworld when present), every capability
# set, two kernels and two native arches; the output has no
# includes/excludes/archMap, names every arch of the target, keeps names
# and values as written; a flattening for one target differs from the
# profile under another; --format oci drops Docker-only keys, docker keeps
# comments; errors exit 1 (invalid profile) or 2 (usage).
set -u
seccompc=$1
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)

profiles=(profiles/*.json)
root=$(dirname "$(realpath profiles/default.json)")/..
shared=$root/../shared/realworld
if compgen -G "$shared/*.json" >/dev/null; then
  profiles+=("$shared"/*.json)
else
  echo "note: $shared not present (outside the repository): profiles/ only"
fi

for p in "${profiles[@]}"; do
  for target in "--caps none" "--caps docker" "--caps all" \
    "--caps docker --kernel 4.14" "--caps none --kernel 6.18" \
    "--arch aarch64,arm --caps docker"; do
    # shellcheck disable=SC2086 # the target's words are separate flags
    expect_exit 0 "resolve $(basename "$p") $target" \
      "$seccompc" resolve "$p" $target -o "$tmp/flat.json"
    # shellcheck disable=SC2086
    expect_exit 0 "diff $(basename "$p") and its flattening, $target" \
      "$seccompc" diff "$p" "$tmp/flat.json" $target
  done
  "$seccompc" resolve "$p" --caps docker --format docker >"$tmp/flat.json"
  if ! python3 - "$p" "$tmp/flat.json" <<'PY'
import json, sys
src, flat = (json.load(open(f)) for f in sys.argv[1:3])
assert "archMap" not in flat, flat.keys()
assert flat["architectures"][0] == "SCMP_ARCH_X86_64", flat["architectures"]
for e in flat["syscalls"]:
    assert "includes" not in e and "excludes" not in e, e
src_names = {n for e in src["syscalls"] for n in e.get("names", [e.get("name")])}
flat_names = {n for e in flat["syscalls"] for n in e["names"]}
assert flat_names <= src_names, flat_names - src_names
assert flat["defaultAction"] == src["defaultAction"]
PY
  then
    fail "$(basename "$p"): the flattened profile's form"
  fi
done

# default.json: CAP_SYS_ADMIN's entries are in the flattening for --caps
# all only; a flattening for one target is not the profile under another.
"$seccompc" resolve profiles/default.json --caps all -o "$tmp/all.json"
"$seccompc" resolve profiles/default.json --caps none -o "$tmp/none.json"
if ! grep -q '"mount"' "$tmp/all.json" || grep -q '"mount"' "$tmp/none.json"; then
  fail "mount (CAP_SYS_ADMIN) not only in --caps all"
fi
expect_exit 1 "flattened for all caps differs from the profile without caps" \
  "$seccompc" diff profiles/default.json "$tmp/all.json" --caps none

# Formats: oci keeps linux.seccomp's keys only; docker keeps comments.
cat >"$tmp/docker.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
 "archMap": [{"architecture": "SCMP_ARCH_X86_64",
              "subArchitectures": ["SCMP_ARCH_X86"]}],
 "syscalls": [
  {"names": ["getpid"], "action": "SCMP_ACT_ALLOW", "comment": "always"},
  {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
   "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
  {"names": ["mount"], "action": "SCMP_ACT_ALLOW",
   "includes": {"caps": ["CAP_SYS_ADMIN"]}},
  {"names": ["clone"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38,
   "excludes": {"minKernel": "5.3"}}]}
JSON
expect_exit 0 "resolve --format oci" "$seccompc" resolve "$tmp/docker.json" \
  --caps none --kernel 6.1 --format oci
cp "$tmp/out" "$tmp/oci.json"
expect_exit 0 "resolve --format docker" "$seccompc" resolve "$tmp/docker.json" \
  --caps none --kernel 4.19 --format docker
cp "$tmp/out" "$tmp/docker-out.json"
if ! python3 - "$tmp/oci.json" "$tmp/docker-out.json" <<'PY'
import json, sys
oci, docker = (json.load(open(f)) for f in sys.argv[1:3])
assert oci == {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
               "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
               "syscalls": [
                   {"names": ["getpid"], "action": "SCMP_ACT_ALLOW"},
                   {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                    "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}, oci
assert docker["syscalls"][0]["comment"] == "always", docker
assert docker["syscalls"][2] == {"names": ["clone"], "action": "SCMP_ACT_ERRNO",
                                 "errnoRet": 38}, docker
assert len(docker["syscalls"]) == 3, docker
PY
then
  fail "formats: $(cat "$tmp/oci.json" "$tmp/docker-out.json")"
fi

# Errors.
printf '{"defaultAction": "SCMP_ACT_SOMETIMES"}' >"$tmp/bad.json"
expect_exit 1 "invalid profile" "$seccompc" resolve "$tmp/bad.json"
expect_in "$tmp/err" "SCMP_ACT_SOMETIMES" "the parser's message"
expect_exit 2 "unknown format" "$seccompc" resolve profiles/default.json --format yaml
expect_exit 2 "no profile" "$seccompc" resolve
printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["getpidd"], "action": "SCMP_ACT_ALLOW"}]}' >"$tmp/typo.json"
expect_exit 0 "unknown name: a warning" "$seccompc" resolve "$tmp/typo.json"
expect_in "$tmp/err" "getpidd" "the warning names it"
expect_exit 1 "unknown name under --strict" "$seccompc" resolve "$tmp/typo.json" --strict

finish

#!/usr/bin/env bash
# seccompc-runtime as engines and people call it: --version (its own name
# and version first, then the compiler's, then the delegate's text),
# --help (its usage, then the delegate's), errors a user can act on (the
# source profile from podman's annotation or the CRI's names, the entry
# quoted, the `seccompc check` command, no doubled prefix), warnings in
# --log, and strict (runtime.conf and SECCOMPC_RUNTIME_STRICT) turning them
# into errors that stop the container.
#   oci_runtime_cli_test.sh SECCOMPC_RUNTIME
# shellcheck disable=SC2016 # backquotes in patterns are the messages' own
set -u
runtime=$(realpath "$1")
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(mktemp -d "${TEST_TMPDIR:-/tmp}/seccompc-runtime-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# A delegate that says what it was asked.
cat >"$tmp/delegate" <<SH
#!/bin/sh
case "\$1" in
  --version|-v) echo "fakerun version 9.9"; echo "spec: 1.0.2" ;;
  --help|-h) echo "fakerun usage" ;;
esac
echo "delegate ran: \$*" >>'$tmp/delegate.log'
SH
chmod +x "$tmp/delegate"
export SECCOMPC_RUNTIME_DELEGATE=$tmp/delegate SECCOMPC_RUNTIME_CACHE_DIR=none
unset SECCOMPC_RUNTIME_CONFIG SECCOMPC_RUNTIME_STRICT

for flag in --version -v; do
  "$runtime" "$flag" >"$tmp/out" 2>&1
  rc=$?
  if [[ $rc != 0 || $(head -1 "$tmp/out") != "seccompc-runtime version "* ]] ||
    ! grep -q "^compiler: seccompc [0-9]" "$tmp/out" ||
    ! grep -q "^delegate: $tmp/delegate$" "$tmp/out" ||
    [[ $(sed -n 4p "$tmp/out") != "fakerun version 9.9" ]]; then
    fail "$flag: rc=$rc $(cat "$tmp/out")"
  else
    pass "$flag: $(head -1 "$tmp/out"), then the compiler's and the delegate's"
  fi
done

"$runtime" --help >"$tmp/out" 2>&1
if [[ $(head -1 "$tmp/out") != "usage: seccompc-runtime "* ]] ||
  ! grep -q "SECCOMPC_RUNTIME_STRICT" "$tmp/out" ||
  ! grep -q "cache_dir = DIR|none" "$tmp/out" ||
  ! grep -q "In effect: delegate $tmp/delegate" "$tmp/out" ||
  [[ $(tail -1 "$tmp/out") != "fakerun usage" ]]; then
  fail "--help: $(cat "$tmp/out")"
else
  pass "--help: its usage, the settings in effect, then the delegate's"
fi

# bundle NAME PROFILE [ANNOTATIONS_JSON]: $tmp/NAME/config.json.
bundle() {
  mkdir -p "$tmp/$1"
  python3 - "$2" "$tmp/$1/config.json" "${3:-{\}}" <<'PY'
import json, sys
json.dump({"ociVersion": "1.0.2", "annotations": json.loads(sys.argv[3]),
           "process": {"capabilities": {"bounding": ["CAP_CHOWN"]}},
           "linux": {"seccomp": json.loads(open(sys.argv[1]).read())}},
          open(sys.argv[2], "w"))
PY
}
create() {  # NAME [--log-less]: create on bundle NAME, output in $tmp/out
  rm -f "$tmp/log" "$tmp/delegate.log"
  if [[ ${2:-} == --no-log ]]; then
    "$runtime" create --bundle "$tmp/$1" id >"$tmp/out" 2>&1
  else
    "$runtime" --log "$tmp/log" --log-format json create --bundle "$tmp/$1" id \
      >"$tmp/out" 2>&1
  fi
}

cat >"$tmp/broken.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO",
 "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
              {"names": ["getppid"], "action": "SCMP_ACT_SOMETIMES"}]}
JSON
bundle podman "$tmp/broken.json" \
  '{"io.podman.annotations.seccomp": "/home/user/broken.json"}'
create podman
msg=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["msg"])' "$tmp/log" 2>&1)
if [[ -e $tmp/delegate.log ]] ||
  [[ $msg != "seccomp profile not compiled, container not started: linux.seccomp.syscalls[1].action: "* ]] ||
  [[ $msg != *'the entry: {"names":["getppid"],"action":"SCMP_ACT_SOMETIMES"}'* ]] ||
  [[ $msg != *"profile /home/user/broken.json (podman)"* ]] ||
  [[ $msg != *"after the engine resolved includes/excludes"* ]] ||
  [[ $msg != *'`seccompc check /home/user/broken.json`'* ]] ||
  grep -q "seccompc-runtime:" "$tmp/out" || ! grep -qF "$msg" "$tmp/out"; then
  fail "broken profile (podman): log: $msg; stderr: $(cat "$tmp/out")"
else
  pass "broken profile (podman): $msg"
fi
create podman --no-log
if [[ $(grep -o "seccompc-runtime:" "$tmp/out" | wc -l) != 1 ]]; then
  fail "without --log, one prefix: $(cat "$tmp/out")"
else
  pass "without --log, stderr names the program once"
fi

bundle cri "$tmp/broken.json" '{"io.kubernetes.cri.container-name": "app",
  "io.kubernetes.cri.sandbox-name": "web", "io.kubernetes.cri.sandbox-namespace": "shop"}'
create cri
if ! grep -q "the seccompProfile of container app of pod shop/web" "$tmp/out" ||
  ! grep -qF '`seccompc check PROFILE`' "$tmp/out"; then
  fail "broken profile (CRI): $(cat "$tmp/out")"
else
  pass "broken profile (CRI): names the container and the pod"
fi

# A misspelt syscall name: a warning in --log, the container starts; under
# strict (environment or runtime.conf) an error, and it does not.
cat >"$tmp/typo.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["getppidd"], "action": "SCMP_ACT_ERRNO"}]}
JSON
bundle typo "$tmp/typo.json"
create typo
if [[ ! -e $tmp/delegate.log ]] ||
  ! grep -q '"level":"warning".*getppidd' "$tmp/log"; then
  fail "typo: warning in --log, delegate runs: $(cat "$tmp/out" "$tmp/log" 2>&1)"
else
  pass "typo: a warning in --log: $(head -c 200 "$tmp/log")"
fi
bundle typo "$tmp/typo.json"
SECCOMPC_RUNTIME_STRICT=1 create typo
if [[ -e $tmp/delegate.log ]] || ! grep -q '"level":"error".*getppidd' "$tmp/log" ||
  ! grep -qF '`seccompc check --strict PROFILE`' "$tmp/log"; then
  fail "SECCOMPC_RUNTIME_STRICT=1: $(cat "$tmp/out" "$tmp/log" 2>&1)"
else
  pass "SECCOMPC_RUNTIME_STRICT=1: the warning stops the container: $(cat "$tmp/out")"
fi
printf 'strict = true\n' >"$tmp/runtime.conf"
SECCOMPC_RUNTIME_CONFIG=$tmp/runtime.conf create typo
if [[ -e $tmp/delegate.log ]] || ! grep -q "getppidd" "$tmp/out"; then
  fail "strict = true: $(cat "$tmp/out")"
else
  pass "strict = true in runtime.conf: the same"
fi
SECCOMPC_RUNTIME_CONFIG=$tmp/runtime.conf SECCOMPC_RUNTIME_STRICT=0 create typo
[[ -e $tmp/delegate.log ]] || fail "SECCOMPC_RUNTIME_STRICT=0 overrides the file: $(cat "$tmp/out")"

finish

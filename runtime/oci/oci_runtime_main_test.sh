#!/bin/bash
# seccompc-runtime end to end with a fake delegate that records its
# arguments: a broken runtime.conf stops create but not kill, delete or
# state; a creator's program annotation is replaced and logged; every
# argument form crun accepts compiles the config file crun would read.
#   oci_runtime_main_test.sh SECCOMPC_RUNTIME
set -u
RUNTIME="$PWD/$1"
# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
T=$(scratch_dir)

cat >"$T/delegate" <<SH
#!/bin/sh
echo "\$*" >"$T/called"
SH
chmod +x "$T/delegate"
export SECCOMPC_RUNTIME_DELEGATE="$T/delegate" SECCOMPC_RUNTIME_CACHE_DIR=none

# new_bundle DIR: a config.json whose profile denies getppid, with a
# creator's one-instruction RET ALLOW program in the annotation.
new_bundle() {
  mkdir -p "$1"
  cat >"$1/config.json" <<'JSON'
{"ociVersion": "1.0.2",
 "annotations": {"run.oci.seccomp_bpf_data": "BgAAAAAA/38="},
 "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
   {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77}]}}}
JSON
}
annotation_of() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["annotations"]["run.oci.seccomp_bpf_data"])' "$1"
}

# A broken runtime.conf: create refuses, the rest reach the delegate.
echo "enosys = maybe" >"$T/broken.conf"
new_bundle "$T/b"
rm -f "$T/called"
if SECCOMPC_RUNTIME_CONFIG=$T/broken.conf "$RUNTIME" --log "$T/log" \
  create -b "$T/b" id 2>"$T/err" || [[ -e $T/called ]] ||
  ! grep -q 'broken.conf:1' "$T/err"; then
  fail "create with a broken runtime.conf: $(cat "$T/err")"
fi
for cmd in "kill id KILL" "delete --force id" "state id"; do
  rm -f "$T/called" "$T/log"
  # shellcheck disable=SC2086 # the command's words
  SECCOMPC_RUNTIME_CONFIG=$T/broken.conf "$RUNTIME" --log "$T/log" \
    --log-format json $cmd 2>"$T/err"
  if [[ "$(cat "$T/called" 2>/dev/null)" != "--log $T/log --log-format json $cmd" ]] ||
    ! grep -q '"level":"warning".*broken.conf:1' "$T/log"; then
    fail "$cmd with a broken runtime.conf did not reach the delegate:" \
      "$(cat "$T/err" "$T/log" 2>/dev/null)"
  else
    pass "$cmd reaches the delegate with a broken runtime.conf"
  fi
done
SECCOMPC_RUNTIME_CONFIG=$T/missing.conf "$RUNTIME" delete id 2>/dev/null
[[ "$(cat "$T/called")" == "delete id" ]] ||
  fail "delete with a missing runtime.conf did not reach the delegate"

# The creator's program is replaced, the delegate runs, --log says so.
rm -f "$T/called" "$T/log"
if ! "$RUNTIME" --log "$T/log" create --bundle "$T/b" id 2>"$T/err" ||
  [[ "$(annotation_of "$T/b/config.json")" == "BgAAAAAA/38=" ]] ||
  ! grep -q 'level=warning.*replaced the program' "$T/log" ||
  [[ ! -e $T/called ]]; then
  fail "annotation not replaced: $(cat "$T/err" "$T/log" "$T/b/config.json")"
else
  pass "the creator's program is replaced and logged"
fi

# Every form names the file crun reads; the bundle must be compiled.
cd "$T" || exit 1
forms=(
  "create -b$T/f1 id|f1/config.json"
  "create --bun $T/f2 id|f2/config.json"
  "create --bundle=$T/f3 id|f3/config.json"
  "run -db$T/f4 id|f4/config.json"
  "create -b $T/f5 -f config.json id|f5/config.json"
  "create -b $T/nowhere -f f6/config.json id|f6/config.json"
  "create -b $T/nowhere --config=$T/f7/config.json id|f7/config.json"
  "create --b $T/nowhere --conf f8/config.json id|f8/config.json"
)
for form in "${forms[@]}"; do
  args=${form%|*}
  file=$T/${form#*|}
  new_bundle "$(dirname "$file")"
  # shellcheck disable=SC2086 # the form's words
  if ! "$RUNTIME" $args 2>"$T/err" ||
    [[ "$(annotation_of "$file")" == "BgAAAAAA/38=" ]]; then
    fail "$args: $file not compiled: $(cat "$T/err")"
  else
    pass "$args compiles $file"
  fi
done

# What the wrapper cannot parse as crun does is refused; nothing runs.
for args in "create id --bundle $T/f1" "create --no $T/f1 id" \
  "--ro /r create -b $T/f1 id" "create -b $T/f1 id id2" "restore -b $T/f1 id"; do
  rm -f "$T/called"
  # shellcheck disable=SC2086
  if "$RUNTIME" $args 2>"$T/err" || [[ -e $T/called ]]; then
    fail "$args was not refused"
  else
    pass "refused: $args: $(cat "$T/err")"
  fi
done

# A delegate that is this binary (a symlink or a hard link to it) would
# exec itself forever: refused on every path, before the bundle is read.
ln -s "$RUNTIME" "$T/self-symlink"
if ln "$RUNTIME" "$T/self-hardlink" 2>/dev/null; then
  selves=("$T/self-symlink" "$T/self-hardlink")
else
  selves=("$T/self-symlink")  # another file system than the binary's
fi
new_bundle "$T/s"
for self in "${selves[@]}"; do
  for args in "state id" "create -b $T/s id" "--version"; do
    # shellcheck disable=SC2086
    if SECCOMPC_RUNTIME_DELEGATE=$self timeout 10 "$RUNTIME" $args \
      >/dev/null 2>"$T/err" || ! grep -q 'is seccompc-runtime itself' "$T/err"; then
      fail "delegate $self, $args: not refused: $(cat "$T/err")"
    else
      echo "ok: delegate $self refused for $args"
    fi
  done
done
if [[ $(annotation_of "$T/s/config.json") != BgAAAAAA/38= ]]; then
  fail "a create refused for its delegate rewrote the bundle"
fi

finish

#!/usr/bin/env bash
# The main job: compile profiles/default.json for this machine and show what
# came out (summary, size, the start of the listing).
set -euo pipefail
cd "$(dirname "$0")/.."

bazel build -c opt //compiler/cli:seccompc 2>&1 | grep -E "^(ERROR|FAILED)" && exit 1
seccompc=bazel-bin/compiler/cli/seccompc
out=$(mktemp -d)

echo "== seccompc check profiles/default.json"
"$seccompc" check profiles/default.json
echo
echo "== seccompc compile profiles/default.json -o $out/default.bpf"
"$seccompc" compile profiles/default.json -o "$out/default.bpf"
echo
echo "== first lines of the listing ($seccompc disasm $out/default.bpf)"
"$seccompc" disasm "$out/default.bpf" | head -20
echo "   ..."
echo
echo "== seccompc simulate: an allowed call, and a denied one"
"$seccompc" simulate profiles/default.json --syscall getpid
"$seccompc" simulate profiles/default.json --syscall clone --args 0x10000000

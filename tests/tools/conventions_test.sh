#!/usr/bin/env bash
# One output convention for every seccompc command (docs/tools.md, "Output
# and exit codes"), checked from one table: a usage error (exit 2, "seccompc:
# " then the command's usage), an error in an input (its exit, its form) and
# an output written (atomically for -o). Then help: `help COMMAND` and
# `COMMAND --help` list that command's flags only.
set -u
seccompc=$1

# shellcheck source=tests/lib/testlib.sh
source tests/lib/testlib.sh
tmp=$(scratch_dir)

target="--arch x86_64,x86 --kernel 6.1"
P=profiles/default.json
printf '{"defaultAction": 3}\n' >"$tmp/bad.json"
printf 'abc' >"$tmp/junk.bin"
cat >"$tmp/rec.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO",
 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}],
 "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}
JSON
"$seccompc" compile $P $target -o "$tmp/prog.bpf" 2>/dev/null || fail "compile of the test profile"

# The forms of an error's first line.
at_position="^$tmp/bad.json:1:[0-9]+: "  # an error at a place in an input
prefixed="^seccompc: "                   # every other error

# command | usage error | bad input | its exit | its form | output (-o O:
# written to a file; else to stdout). Words split on blanks.
rows=(
  "check|check|check $tmp/bad.json|1|$at_position|check $P $target"
  "compile|compile --format nope $P|compile $tmp/bad.json $target|1|$at_position|compile $P $target -o O"
  "prove|prove $P|prove $P $tmp/junk.bin $target|2|$prefixed|prove $P $tmp/prog.bpf $target"
  "disasm|disasm|disasm $tmp/junk.bin|1|$prefixed|disasm $tmp/prog.bpf"
  "simulate|simulate $P|simulate $tmp/bad.json --syscall read|1|$at_position|simulate $P $target --syscall read"
  "diff|diff $P|diff $tmp/bad.json $P|2|$at_position|diff $P $P $target"
  "resolve|resolve --format yaml $P|resolve $tmp/bad.json|1|$at_position|resolve $P $target -o O"
  "dump|dump notapid|dump --profile $tmp/bad.json 1|1|$at_position|"
  "record|record -o $tmp/r.json|record --base $tmp/bad.json -o $tmp/r.json -- true|1|$at_position|"
  "merge|merge $tmp/rec.json|merge $tmp/bad.json $tmp/rec.json|1|$prefixed|merge $tmp/rec.json $tmp/rec.json -o O"
)

first_line_is() {  # pattern description: stderr's first line
  head -n1 "$tmp/err" | grep -qE -- "$1" ||
    { fail "$2: first line not /$1/:"; cat "$tmp/err"; }
}

for row in "${rows[@]}"; do
  IFS='|' read -r cmd usage bad bad_exit bad_form output <<<"$row"
  # shellcheck disable=SC2086  # the table's words
  {
    expect_exit 2 "$cmd: usage error" "$seccompc" $usage
    first_line_is "$prefixed" "$cmd: usage error"
    expect_in "$tmp/err" "^usage: seccompc $cmd " "$cmd: usage error shows the usage"
    if grep -q "seccompc check PROFILE" "$tmp/err" && [[ $cmd != check ]]; then
      fail "$cmd: usage error shows every command's usage"
    fi

    expect_exit "$bad_exit" "$cmd: bad input" "$seccompc" $bad
    first_line_is "$bad_form" "$cmd: bad input"

    [[ -n $output ]] || continue
    if [[ $output == *" -o O"* ]]; then
      mkdir -p "$tmp/out.$cmd"
      out="$tmp/out.$cmd/result"
      expect_exit 0 "$cmd: writes -o" "$seccompc" ${output/ -o O/ -o $out}
      [[ -s $out ]] || fail "$cmd: -o wrote nothing"
      # Atomic: an existing file keeps its mode, no temporary file is left.
      chmod 600 "$out"
      expect_exit 0 "$cmd: rewrites -o" "$seccompc" ${output/ -o O/ -o $out}
      [[ $(stat -c %a "$out") == 600 ]] || fail "$cmd: -o changed the mode"
      [[ $(ls -A "$tmp/out.$cmd") == result ]] ||
        fail "$cmd: left behind: $(ls -A "$tmp/out.$cmd")"
      expect_exit 1 "$cmd: -o in a missing folder" "$seccompc" ${output/ -o O/ -o $tmp/none/result}
      first_line_is "$prefixed" "$cmd: -o in a missing folder"
      # Not a regular file (-o /dev/null, a FIFO): written into, never
      # replaced by one (a rename over /dev/null once replaced the
      # system's). A FIFO stands in for the device; cat reads it.
      fifo="$tmp/out.$cmd/fifo"
      mkfifo "$fifo"
      timeout 20 cat "$fifo" >"$tmp/out.$cmd/from-fifo" &
      expect_exit 0 "$cmd: -o FIFO" "$seccompc" ${output/ -o O/ -o $fifo}
      wait
      [[ -p $fifo ]] || fail "$cmd: -o replaced the FIFO"
      cmp -s "$tmp/out.$cmd/from-fifo" "$out" ||
        fail "$cmd: -o FIFO did not carry the output"
      rm -f "$fifo" "$tmp/out.$cmd/from-fifo"
    else
      expect_exit 0 "$cmd: writes stdout" "$seccompc" $output
      [[ -s $tmp/out ]] || fail "$cmd: nothing on stdout"
    fi
  }
done

# A failed compile leaves the old output in place.
echo old >"$tmp/keep.bpf"
expect_exit 1 "failed compile" "$seccompc" compile "$tmp/bad.json" -o "$tmp/keep.bpf"
[[ $(cat "$tmp/keep.bpf") == old ]] || fail "a failed compile replaced -o"

# Errors of the command line as a whole: every command's usage.
for words in "" "frobnicate" "check $P --colour" "help frobnicate" "help check compile"; do
  # shellcheck disable=SC2086
  expect_exit 2 "usage: '$words'" "$seccompc" $words
  first_line_is "$prefixed" "usage: '$words'"
done
expect_in "$tmp/err" "^usage: seccompc check " "full usage"
expect_in "$tmp/err" "seccompc merge " "full usage lists merge"

# A flag the command does not read is refused, not ignored.
expect_exit 2 "merge --arch" "$seccompc" merge --arch x86_64 "$tmp/rec.json" "$tmp/rec.json"
# docs/tools.md's example, output included.
expect_in "$tmp/err" "^seccompc: merge does not take --arch$" "merge --arch named"
expect_in "$tmp/err" "^usage: seccompc merge A.json B.json ... \[-o OUT.json\]   \(recordings, pins kept\)$" "docs: merge usage"
expect_in "$tmp/err" "^\(seccompc help merge: its flags\)$" "docs: help hint"
[[ $(wc -l <"$tmp/err") -eq 3 ]] || fail "docs: merge usage error is not 3 lines"
expect_exit 1 "docs: a missing input" "$seccompc" check "$tmp/none.json"
expect_in "$tmp/err" "^seccompc: $tmp/none.json: cannot open: No such file or directory$" "docs: missing input named"
expect_exit 2 "check -o" "$seccompc" check "$P" -o "$tmp/x"
expect_in "$tmp/err" "^seccompc: check does not take -o$" "-o spelled -o"
expect_exit 2 "disasm -- x" "$seccompc" disasm "$tmp/prog.bpf" -- x

# help: the overview; per command its usage and its flags only.
expect_exit 0 "help" "$seccompc" help
expect_in "$tmp/out" "^usage: seccompc check " "help: usage"
expect_in "$tmp/out" "seccompc help \[COMMAND\]" "help: help itself"
for cmd in check compile prove disasm simulate diff resolve dump record merge; do
  expect_exit 0 "help $cmd" "$seccompc" help "$cmd"
  cp "$tmp/out" "$tmp/help.$cmd"
  expect_in "$tmp/out" "^usage: seccompc $cmd " "help $cmd: usage"
  expect_exit 0 "$cmd --help" "$seccompc" "$cmd" --help
  cmp -s "$tmp/out" "$tmp/help.$cmd" || fail "$cmd --help differs from help $cmd"
done
expect_in "$tmp/help.compile" "^  -o  " "compile: -o"
expect_in "$tmp/help.compile" "^  --c_name  " "compile: --c_name"
expect_in "$tmp/help.dump" "^  --summary  " "dump: --summary"
for pair in "merge --arch" "merge --c_name" "disasm --arch" "compile --syscall" "dump -o" "check --c_name"; do
  read -r cmd flag <<<"$pair"
  if grep -q -- "^  $flag  " "$tmp/help.$cmd"; then
    fail "help $cmd lists $flag"
  fi
done
expect_exit 0 "--help: all flags" "$seccompc" --help
expect_in "$tmp/out" "^  -o  " "--help spells -o"
if grep -q -- "--o " "$tmp/out"; then fail "--help lists --o"; fi

finish

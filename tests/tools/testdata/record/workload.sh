# A small shell workload for seccompc record: files, pipes, fork/exec of
# applets, a subshell.
set -e
out=${TMPDIR:-/tmp}/record_workload.$$
echo "hello" > "$out"
cat "$out" | wc -c > /dev/null
ls / > /dev/null
( echo sub; true ) > /dev/null
busybox sort "$out" > /dev/null
rm -f "$out"
echo done

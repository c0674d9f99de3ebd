#!/usr/bin/env bash
# Measures how often a typical server workload makes each syscall and writes
# the table the compiler uses to weight its syscall search
# (compiler/codegen/server_frequency.inc by default).
#
# Each workload is a real server started under `strace -f -c` on loopback and
# driven by a bounded client loop; only the server is traced, not the client.
# Workloads whose programs are missing are skipped (say which in the output):
#   python-http  /usr/bin/python3 -m http.server, HTTP/1.0, one connection per
#                request, driven by curl.
#   nginx        nginx, master + 1 worker, static files, access log on,
#                keep-alive, driven by curl (several URLs per connection).
#   redis        redis-server (no persistence), driven by redis-benchmark
#                (SET/GET/INCR/LPUSH/LPOP, 8 clients).
# Every workload counts equally: its calls are turned into shares of its own
# total, the shares are averaged over the workloads that ran and scaled to
# "calls per million syscalls". Start-up is included on purpose: the filter
# is installed before exec, so start-up calls run through it too.
#
# Usage: tools/measure_syscall_frequency.sh [OUTPUT]
#   env REQUESTS (curl rounds per HTTP workload, default 300),
#       REDIS_OPS (redis-benchmark requests per test, default 20000),
#       KEEP_WORKDIR=1 keeps the scratch folder for inspection.
# Needs strace and curl; nginx, redis-server and redis-benchmark are optional
# (Debian: apt-get install strace curl nginx-light redis-server redis-tools).
# Only 127.0.0.1 is ever contacted and every loop is bounded in count and
# time; the whole run takes well under two minutes on two cores.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly OUTPUT="${1:-${ROOT}/compiler/codegen/server_frequency.inc}"
readonly REQUESTS="${REQUESTS:-300}"
readonly REDIS_OPS="${REDIS_OPS:-20000}"
export REQUESTS REDIS_OPS  # the report below names them
readonly PYTHON="${PYTHON:-/usr/bin/python3}"  # not a pyenv shim: no shell

for tool in strace curl "${PYTHON}"; do
  command -v "${tool}" >/dev/null || { echo "missing: ${tool}" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/syscall-frequency.XXXXXX)"
readonly WORK
cleanup() {
  # Stop only the servers this script started (their pids are in pidfiles).
  local f
  for f in "${WORK}"/*.pid; do
    if [[ -f "${f}" ]]; then kill "$(cat "${f}")" 2>/dev/null || true; fi
  done
  [[ "${KEEP_WORKDIR:-0}" == 1 ]] || rm -rf "${WORK}"
}
trap cleanup EXIT

# A free loopback TCP port.
free_port() {
  "${PYTHON}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits (at most 10 s) until something listens on 127.0.0.1:$1.
wait_listening() {
  local _
  for _ in $(seq 100); do
    if "${PYTHON}" -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),0.2)' "$1" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "server on port $1 did not come up" >&2
  return 1
}

# Waits (at most 15 s) until strace has written its summary and exited.
wait_strace() {
  local pid="$1" _
  for _ in $(seq 150); do
    kill -0 "${pid}" 2>/dev/null || { wait "${pid}" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  echo "strace ${pid} did not finish" >&2
  return 1
}

# The document tree both HTTP servers serve: a small page, a 64 KiB file and a
# 1 MiB file, the sizes a static server typically sees.
# World-readable: nginx's worker runs as an unprivileged user.
chmod 755 "${WORK}"
mkdir -p "${WORK}/www"
echo '<html><body>hello</body></html>' >"${WORK}/www/index.html"
head -c 65536 /dev/urandom >"${WORK}/www/small.bin"
head -c 1048576 /dev/urandom >"${WORK}/www/large.bin"

# Bounded client loop: REQUESTS rounds, each one curl process fetching all
# three files over one connection (kept alive if the server allows it).
http_load() {
  local port="$1" base="http://127.0.0.1:$1"
  # A server that answers with errors would measure the wrong thing.
  curl -sf --max-time 5 -o /dev/null -o /dev/null -o /dev/null \
    "${base}/index.html" "${base}/small.bin" "${base}/large.bin" || {
    echo "server on port ${port} does not serve the files" >&2
    return 1
  }
  for _ in $(seq "${REQUESTS}"); do
    curl -s --max-time 5 -o /dev/null -o /dev/null -o /dev/null \
      "${base}/index.html" "${base}/small.bin" "${base}/large.bin" || true
  done
}

WORKLOADS=()

run_python_http() {
  local port
  port="$(free_port)"
  # The shell records its pid and execs python, so the pid is the server's.
  # shellcheck disable=SC2016  # $$ and $1.. belong to the inner shell
  strace -f -c -o "${WORK}/python-http.strace" \
    sh -c 'echo $$ >"$1"; cd "$2" && exec "$3" -m http.server --bind 127.0.0.1 "$4"' \
    sh "${WORK}/python-http.pid" "${WORK}/www" "${PYTHON}" "${port}" \
    >/dev/null 2>&1 &
  local tracer=$!
  wait_listening "${port}"
  http_load "${port}"
  kill -TERM "$(cat "${WORK}/python-http.pid")"
  rm -f "${WORK}/python-http.pid"
  wait_strace "${tracer}"
  "${PYTHON}" --version >"${WORK}/python-http.version"
  WORKLOADS+=(python-http)
}

run_nginx() {
  command -v nginx >/dev/null || { echo "skip nginx: not installed" >&2; return 0; }
  local port
  port="$(free_port)"
  mkdir -p "${WORK}/nginx"
  cat >"${WORK}/nginx/nginx.conf" <<EOF
worker_processes 1;
pid ${WORK}/nginx.pid;
error_log ${WORK}/nginx/error.log;
events { worker_connections 64; }
http {
  access_log ${WORK}/nginx/access.log;
  client_body_temp_path ${WORK}/nginx/body;
  proxy_temp_path ${WORK}/nginx/proxy;
  fastcgi_temp_path ${WORK}/nginx/fastcgi;
  uwsgi_temp_path ${WORK}/nginx/uwsgi;
  scgi_temp_path ${WORK}/nginx/scgi;
  sendfile on;
  keepalive_timeout 5;
  server {
    listen 127.0.0.1:${port};
    root ${WORK}/www;
  }
}
EOF
  strace -f -c -o "${WORK}/nginx.strace" \
    nginx -p "${WORK}/nginx" -c "${WORK}/nginx/nginx.conf" -g 'daemon off;' \
    >/dev/null 2>&1 &
  local tracer=$!
  wait_listening "${port}"
  http_load "${port}"
  kill -QUIT "$(cat "${WORK}/nginx.pid")"  # graceful: workers finish first
  wait_strace "${tracer}"
  nginx -v 2>&1 | sed 's/^nginx version: //' >"${WORK}/nginx.version"
  WORKLOADS+=(nginx)
}

run_redis() {
  if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null; then
    echo "skip redis: not installed" >&2
    return 0
  fi
  local port
  port="$(free_port)"
  strace -f -c -o "${WORK}/redis.strace" \
    redis-server --bind 127.0.0.1 --port "${port}" --save '' --appendonly no \
    --dir "${WORK}" --pidfile "${WORK}/redis.pid" --daemonize no \
    >/dev/null 2>&1 &
  local tracer=$!
  wait_listening "${port}"
  timeout 120 redis-benchmark -h 127.0.0.1 -p "${port}" -n "${REDIS_OPS}" \
    -c 8 -t set,get,incr,lpush,lpop -q >/dev/null
  kill -TERM "$(cat "${WORK}/redis.pid")"
  wait_strace "${tracer}"
  redis-server --version | grep -o 'v=[^ ]*' | sed 's/^v=/Redis /' >"${WORK}/redis.version"
  WORKLOADS+=(redis)
}

run_python_http
run_nginx
run_redis

# strace -c prints one table per personality; only x86_64's ("64 bit") counts:
# these are 64-bit servers, and the compiler weights x86_64 numbers.
"${PYTHON}" - "${OUTPUT}" "${WORK}" "${WORKLOADS[@]}" <<'EOF'
import datetime, os, platform, re, sys

output, work, workloads = sys.argv[1], sys.argv[2], sys.argv[3:]
row = re.compile(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$")
shares = {}
totals = {}
for w in workloads:
  counts = {}
  personality = "64 bit"  # no header when only one personality was seen
  with open(os.path.join(work, w + ".strace")) as f:
    for line in f:
      if line.startswith("System call usage summary for"):
        personality = line
        continue
      m = row.match(line)
      if m and m.group(2) != "total" and "64 bit" in personality:
        counts[m.group(2)] = counts.get(m.group(2), 0) + int(m.group(1))
  total = sum(counts.values())
  if total == 0:
    sys.exit("no syscalls parsed for " + w)
  totals[w] = total
  for name, n in counts.items():
    shares[name] = shares.get(name, 0.0) + n / total / len(workloads)

# Every observed syscall keeps a weight of at least 1.
weights = {n: max(1, round(s * 1e6)) for n, s in shares.items()}
rows = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
with open(output, "w") as out:
  out.write(f"""\
// GENERATED by tools/measure_syscall_frequency.sh on {today}; do not edit.
// Regenerate: tools/measure_syscall_frequency.sh [OUTPUT]
//
// How often a typical server makes each x86_64 syscall, measured with
// `strace -f -c` on kernel {platform.release()} ({platform.machine()}), loopback traffic only:
""")
  descriptions = {
      "python-http": "python3 -m http.server (HTTP/1.0), curl fetching 3 files per round",
      "nginx": "nginx, master + 1 worker, sendfile, access log, keep-alive curl rounds",
      "redis": "redis-server, no persistence, redis-benchmark set/get/incr/lpush/lpop",
  }
  for w in workloads:
    with open(os.path.join(work, w + ".version")) as f:
      version = f.read().strip()
    out.write(f"//   {w} ({version}): {descriptions[w]};\n"
              f"//     {totals[w]} calls traced.\n")
  out.write(f"""\
//   HTTP rounds: {os.environ.get('REQUESTS', '300')}; redis requests per test: {os.environ.get('REDIS_OPS', '20000')}.
// Weight = calls per million syscalls, each workload counting equally
// (observed syscalls weigh at least 1). Rows: {{"name", weight}}, heaviest
// first; the file is meant to be #included inside a braced initializer.
""")
  for name, weight in rows:
    out.write(f'{{"{name}", {weight}}},\n')
print(f"wrote {len(rows)} syscalls from {', '.join(workloads)} to {output}")
EOF

"""A small python3 workload for seccompc record: files, a thread, an
AF_UNIX socket pair, a subprocess."""
import json
import os
import socket
import subprocess
import tempfile
import threading

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "data.json")
    with open(path, "w") as f:
        json.dump({"pid": os.getpid(), "entries": os.listdir("/")}, f)
    with open(path) as f:
        assert json.load(f)["pid"] == os.getpid()
socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).close()
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
a.sendall(b"ping")
assert b.recv(4) == b"ping"
t = threading.Thread(target=lambda: sum(range(1000)))
t.start()
t.join()
assert subprocess.run(["busybox", "true"]).returncode == 0
print("done")

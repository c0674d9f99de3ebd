#!/usr/bin/env python3
"""Installs raw seccomp programs (struct sock_filter bytes) on itself, one
after the other (stacked), prints "ready" and waits until stdin closes:
a process with known filters for `seccompc dump`, and a small installer for
running a workload under a compiled program (`-- CMD ARGS` execs CMD)."""
import ctypes
import os
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install(path):
    data = open(path, "rb").read()
    if len(data) % 8 != 0 or not data:
        sys.exit(f"{path}: not a raw program")
    buf = ctypes.create_string_buffer(data, len(data))
    prog = SockFprog(len(data) // 8, ctypes.cast(buf, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        sys.exit("prctl(NO_NEW_PRIVS): " + os.strerror(ctypes.get_errno()))
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        sys.exit("prctl(SECCOMP): " + os.strerror(ctypes.get_errno()))


def main():
    args = sys.argv[1:]
    command = None
    if "--" in args:
        i = args.index("--")
        args, command = args[:i], args[i + 1:]
    for path in args:
        install(path)
    if command:
        os.execvp(command[0], command)
    print("ready", flush=True)
    sys.stdin.read()


main()

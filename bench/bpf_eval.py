#!/usr/bin/env python3
"""bpf_eval.py: a small classic-BPF interpreter for seccomp programs.

    bpf_eval.py diff A.bpf B.bpf [NRS]   # numbers where A and B answer differently

Used by bench/verdict_diff.sh to compare the program an engine's runtime
built with libseccomp (crun's cached seccomp.bpf) with seccompc's, on every
syscall number of x86_64 and i386, each with all-zero arguments and with
argument 0 = 0xffffffff and = 0x1_0000_0000. Implements every instruction
the kernel's seccomp verifier accepts.
"""
import struct
import sys

AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_I386 = 0x40000003
M32 = 0xFFFFFFFF


def load(path):
    data = open(path, "rb").read()
    return [struct.unpack("<HBBI", data[i:i + 8]) for i in range(0, len(data), 8)]


def run(prog, arch, nr, args):
    seccomp_data = struct.pack("<iIQ6Q", nr, arch, 0, *args)
    a = x = 0
    mem = [0] * 16
    pc = 0
    while True:
        code, jt, jf, k = prog[pc]
        cls = code & 0x07
        if cls == 0x00:  # LD
            mode = code & 0xE0
            if mode == 0x20:
                a = struct.unpack_from("<I", seccomp_data, k)[0]
            elif mode == 0x00:
                a = k
            elif mode == 0x60:
                a = mem[k]
            elif mode == 0x80:
                a = 64
            else:
                raise ValueError(f"ld mode {code:#x}")
        elif cls == 0x01:  # LDX
            mode = code & 0xE0
            x = k if mode == 0x00 else mem[k] if mode == 0x60 else 64
        elif cls == 0x02:
            mem[k] = a
        elif cls == 0x03:
            mem[k] = x
        elif cls == 0x04:  # ALU
            op, src = code & 0xF0, (x if code & 0x08 else k)
            a = {0x00: lambda: a + src, 0x10: lambda: a - src,
                 0x20: lambda: a * src, 0x30: lambda: a // src if src else 0,
                 0x40: lambda: a | src, 0x50: lambda: a & src,
                 0x60: lambda: a << (src & 31), 0x70: lambda: a >> (src & 31),
                 0x80: lambda: -a, 0x90: lambda: a % src if src else 0,
                 0xA0: lambda: a ^ src}[op]() & M32
        elif cls == 0x05:  # JMP
            op, src = code & 0xF0, (x if code & 0x08 else k)
            if op == 0x00:
                pc += k + 1
                continue
            cond = {0x10: a == src, 0x20: a > src, 0x30: a >= src,
                    0x40: (a & src) != 0}[op]
            pc += 1 + (jt if cond else jf)
            continue
        elif cls == 0x06:  # RET
            return a if code & 0x18 == 0x10 else k
        elif cls == 0x07:
            if code & 0xF8 == 0x00:
                x = a
            else:
                a = x
        pc += 1


def verdict(ret):
    action = ret & 0xFFFF0000
    names = {0x80000000: "KILL_PROCESS", 0: "KILL_THREAD", 0x30000: "TRAP",
             0x7FC00000: "USER_NOTIF", 0x7FFC0000: "LOG", 0x7FFF0000: "ALLOW"}
    if action == 0x50000:
        return f"ERRNO({ret & 0xFFFF})"
    if action == 0x7FF00000:
        return f"TRACE({ret & 0xFFFF})"
    return names.get(action, f"{ret:#x}")


def main():
    if len(sys.argv) < 4 or sys.argv[1] != "diff":
        sys.exit(__doc__)
    a, b = load(sys.argv[2]), load(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 480
    for arch, name in ((AUDIT_ARCH_X86_64, "x86_64"), (AUDIT_ARCH_I386, "i386")):
        for nr in range(top + 1):
            for args in ((0,) * 6, (M32, 0, 0, 0, 0, 0), (1 << 32, 0, 0, 0, 0, 0)):
                va, vb = verdict(run(a, arch, nr, args)), verdict(run(b, arch, nr, args))
                if va != vb:
                    print(f"{name} {nr} arg0={args[0]:#x} {va} {vb}")


if __name__ == "__main__":
    main()

// The kernel's acceptance test for a seccomp filter, in user space.
//
// VerifyProgram() accepts exactly the programs that
// seccomp(SECCOMP_SET_MODE_FILTER) accepts: bpf_check_basics_ok() and
// bpf_check_classic() in net/core/filter.c, then seccomp_check_filter() in
// kernel/seccomp.c. That is:
//   - 1..4096 (BPF_MAXINSNS) instructions;
//   - every code is in seccomp's list (LD W ABS, LD/LDX W LEN, LD/LDX IMM,
//     LD/LDX MEM, ST, STX, ALU ADD/SUB/MUL/DIV/AND/OR/XOR/LSH/RSH with K or
//     X, NEG, JA, JEQ/JGT/JGE/JSET with K or X, RET K/A, TAX, TXA); MOD,
//     LD B/H ABS, IND loads and LDX MSH are classic BPF but not seccomp;
//   - LD W ABS: k 4-byte aligned and below sizeof(seccomp_data) = 64;
//   - DIV K by 0 rejected; LSH/RSH K by 32 or more rejected;
//   - M[k] with k < 16 (BPF_MEMWORDS);
//   - jumps land inside the program: jt/jf, and JA's 32-bit k (JA may not
//     jump past the last instruction either);
//   - the last instruction is RET K or RET A;
//   - check_load_and_stores(): a scratch cell is only read after a store on
//     every path to the read. This mirrors the kernel's linear algorithm
//     exactly, including its quirk that code after an unconditional jump or
//     a return that no jump reaches counts as "all cells written".
// The first violation found is reported as InvalidArgument naming the
// instruction index, its disassembly and the rule. The kernel's
// LD/LDX W LEN rewrite (to an immediate 64) is the interpreter's business.
//
//   absl::Status s = VerifyProgram(program);
//   // "instruction 3 (ld [62]): LD W ABS offset must be 4-byte aligned ..."
#ifndef SECCOMPC_COMPILER_BPF_VERIFIER_H_
#define SECCOMPC_COMPILER_BPF_VERIFIER_H_

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "compiler/bpf/bpf.h"

namespace seccompc {

absl::Status VerifyProgram(absl::Span<const sock_filter> program);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_BPF_VERIFIER_H_

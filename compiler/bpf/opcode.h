// The classic-BPF opcode vocabulary shared by the verifier, the interpreter,
// the constant-action cache emulator and the disassembler.
//
// Classic BPF has more opcodes than seccomp accepts: the kernel first checks
// a program against the socket-filter table (chk_code_allowed() in
// net/core/filter.c) and then against seccomp's narrower list
// (seccomp_check_filter() in kernel/seccomp.c). Both lists are exact 16-bit
// codes: a code with any unused bit set is not an opcode at all.
//
// FormatInstruction() is a context-free, one-line rendering of an
// instruction (`jeq #39, L5, L7`, `ld [args[1]+4]`) meant for error messages;
// disasm.h builds the annotated listing on top of it.
//
//   if (!IsSeccompOpcode(insn.code)) ... FormatInstruction(insn, pc) ...
#ifndef SECCOMPC_COMPILER_BPF_OPCODE_H_
#define SECCOMPC_COMPILER_BPF_OPCODE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "compiler/bpf/bpf.h"

namespace seccompc {

// In the socket-filter table of bpf_check_classic() (includes LD B/H ABS,
// IND loads, LDX MSH, MOD, which seccomp then refuses).
bool IsClassicOpcode(uint16_t code);
// Accepted by both bpf_check_classic() and seccomp_check_filter().
bool IsSeccompOpcode(uint16_t code);
// JEQ/JGT/JGE/JSET with K or X: the jumps that use jt/jf.
bool IsConditionalJump(uint16_t code);

// The instruction index a jump lands on, computed without overflow (JA's k
// is 32 bits): pc + 1 + offset.
inline uint64_t JumpTarget(size_t pc, uint32_t offset) {
  return static_cast<uint64_t>(pc) + 1 + offset;
}

// Context-free name of the 32-bit word at `offset` in struct seccomp_data:
// "nr", "arch", "ip+0", "ip+4", "args[2]+0", "args[2]+4"; the plain decimal
// offset when it is not an aligned word inside the struct.
std::string SeccompDataWordName(uint32_t offset);

// One instruction in bpf_asm-like syntax, jump targets as absolute labels
// "L<index>" (possibly past the end for unverified programs), immediates in
// decimal below 0x1000 and in hex above. Never fails: unknown codes print
// as ".insn code=0x.. jt=.. jf=.. k=0x..".
std::string FormatInstruction(const sock_filter& insn, size_t pc);

// "#39" or "#0x7fff0000" (the immediate style FormatInstruction uses).
std::string FormatImmediate(uint32_t k);

// InvalidArgumentError "instruction <pc> (<FormatInstruction>): <what>", the
// one shape of the verifier's and the interpreter's complaints about an
// instruction.
absl::Status InstructionError(const sock_filter& insn, size_t pc,
                              absl::string_view what);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_BPF_OPCODE_H_

#include "compiler/bpf/verifier.h"

#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/bpf/opcode.h"

namespace seccompc {
namespace {

// The checks bpf_check_classic() and seccomp_check_filter() make on one
// instruction on its own.
absl::Status CheckInstruction(absl::Span<const sock_filter> program,
                              size_t pc) {
  const sock_filter& insn = program[pc];
  const size_t len = program.size();
  if (!IsClassicOpcode(insn.code)) {
    return InstructionError(insn, pc, "unknown opcode");
  }
  if (!IsSeccompOpcode(insn.code)) {
    return InstructionError(
        insn, pc, "opcode is classic BPF but not allowed in seccomp filters");
  }
  switch (insn.code) {
    case BPF_ALU | BPF_DIV | BPF_K:
      if (insn.k == 0) {
        return InstructionError(insn, pc, "division by constant 0");
      }
      break;
    case BPF_ALU | BPF_LSH | BPF_K:
    case BPF_ALU | BPF_RSH | BPF_K:
      if (insn.k >= 32) {
        return InstructionError(insn, pc, "shift by 32 or more");
      }
      break;
    case BPF_LD | BPF_MEM:
    case BPF_LDX | BPF_MEM:
    case BPF_ST:
    case BPF_STX:
      if (insn.k >= BPF_MEMWORDS) {
        return InstructionError(
            insn, pc,
            absl::StrCat("scratch index ", insn.k, " out of range (M[0..",
                         BPF_MEMWORDS - 1, "])"));
      }
      break;
    case BPF_JMP | BPF_JA:
      // The kernel's test is k >= len - pc - 1: the target pc + 1 + k must
      // be an instruction.
      if (JumpTarget(pc, insn.k) >= len) {
        return InstructionError(
            insn, pc,
            absl::StrCat("jump target ", JumpTarget(pc, insn.k),
                         " is past the end of the program (", len,
                         " instructions)"));
      }
      break;
    case BPF_LD | BPF_W | BPF_ABS:
      if (insn.k >= kSeccompDataSize || insn.k % 4 != 0) {
        return InstructionError(
            insn, pc,
            absl::StrCat("LD W ABS offset must be 4-byte aligned "
                         "and below sizeof(struct seccomp_data) = ",
                         kSeccompDataSize));
      }
      break;
    default:
      if (IsConditionalJump(insn.code)) {
        const uint64_t jt = JumpTarget(pc, insn.jt);
        const uint64_t jf = JumpTarget(pc, insn.jf);
        if (jt >= len || jf >= len) {
          return InstructionError(
              insn, pc,
              absl::StrCat("jump ", jt >= len ? "true" : "false", " target ",
                           jt >= len ? jt : jf,
                           " is past the end of the program (", len,
                           " instructions)"));
        }
      }
      break;
  }
  return absl::OkStatus();
}

// Whether the instruction reads or writes a scratch cell M[k].
bool UsesScratch(uint16_t code) {
  switch (code) {
    case BPF_ST:
    case BPF_STX:
    case BPF_LD | BPF_MEM:
    case BPF_LDX | BPF_MEM:
      return true;
    default:
      return false;
  }
}

// check_load_and_stores() of net/core/filter.c: one bit per scratch cell,
// "written on every path so far". A jump target's mask is the AND of what
// every jump to it carries; after a jump the fall-through state is reset to
// all-written because the next instruction is only reachable through jumps
// (whose masks then decide). Instructions after RET keep the RET's state,
// as in the kernel.
absl::Status CheckLoadsAndStores(absl::Span<const sock_filter> program) {
  std::vector<uint16_t> masks(program.size(), 0xffff);
  uint16_t memvalid = 0;
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const sock_filter& insn = program[pc];
    memvalid &= masks[pc];
    switch (insn.code) {
      case BPF_ST:
      case BPF_STX:
        memvalid |= static_cast<uint16_t>(1u << insn.k);
        break;
      case BPF_LD | BPF_MEM:
      case BPF_LDX | BPF_MEM:
        if ((memvalid & (1u << insn.k)) == 0) {
          return InstructionError(
              insn, pc,
              absl::StrCat("scratch cell M[", insn.k,
                           "] may be read before it is written "
                           "(not stored on every path to here)"));
        }
        break;
      case BPF_JMP | BPF_JA:
        masks[JumpTarget(pc, insn.k)] &= memvalid;
        memvalid = 0xffff;
        break;
      default:
        if (IsConditionalJump(insn.code)) {
          masks[JumpTarget(pc, insn.jt)] &= memvalid;
          masks[JumpTarget(pc, insn.jf)] &= memvalid;
          memvalid = 0xffff;
        }
        break;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status VerifyProgram(absl::Span<const sock_filter> program) {
  if (program.empty()) {
    return absl::InvalidArgumentError(
        "program is empty (needs 1..4096 "
        "instructions)");
  }
  if (program.size() > kMaxInstructions) {
    return absl::InvalidArgumentError(
        absl::StrCat("program has ", program.size(),
                     " instructions; the kernel accepts at most ",
                     kMaxInstructions, " (BPF_MAXINSNS)"));
  }
  bool uses_scratch = false;
  for (size_t pc = 0; pc < program.size(); ++pc) {
    if (absl::Status s = CheckInstruction(program, pc); !s.ok()) return s;
    uses_scratch = uses_scratch || UsesScratch(program[pc].code);
  }
  const size_t last = program.size() - 1;
  if (program[last].code != (BPF_RET | BPF_K) &&
      program[last].code != (BPF_RET | BPF_A)) {
    return InstructionError(program[last], last,
                            "the last instruction must be RET");
  }
  // Only now are all jump targets and scratch indexes known to be in range.
  // Without a scratch cell there is nothing to read before it is written,
  // and no second walk (seccompc's own programs never use one).
  return uses_scratch ? CheckLoadsAndStores(program) : absl::OkStatus();
}

}  // namespace seccompc

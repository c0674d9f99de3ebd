#include "compiler/bpf/interpreter.h"

#include <array>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "compiler/bpf/opcode.h"

namespace seccompc {
namespace {

absl::Status Fault(absl::Span<const sock_filter> program, size_t pc,
                   absl::string_view what) {
  return InstructionError(
      program[pc], pc,
      absl::StrCat("program is not a valid seccomp filter: ", what));
}

// A - op - operand for the ALU ops seccomp allows; nullopt-free because the
// caller has already dealt with division by zero.
uint32_t Alu(uint16_t op, uint32_t a, uint32_t operand) {
  switch (op) {
    case BPF_ADD:
      return a + operand;
    case BPF_SUB:
      return a - operand;
    case BPF_MUL:
      return a * operand;
    case BPF_DIV:
      return a / operand;
    case BPF_AND:
      return a & operand;
    case BPF_OR:
      return a | operand;
    case BPF_XOR:
      return a ^ operand;
    case BPF_LSH:
      return a << (operand & 31);
    case BPF_RSH:
      return a >> (operand & 31);
  }
  return a;
}

bool Compare(uint16_t op, uint32_t a, uint32_t operand) {
  switch (op) {
    case BPF_JEQ:
      return a == operand;
    case BPF_JGT:
      return a > operand;
    case BPF_JGE:
      return a >= operand;
    case BPF_JSET:
      return (a & operand) != 0;
  }
  return false;
}

}  // namespace

absl::StatusOr<uint32_t> RunProgram(absl::Span<const sock_filter> program,
                                    const seccomp_data& data,
                                    ExecutionStats* stats) {
  ExecutionStats local_stats;
  ExecutionStats& st = stats != nullptr ? *stats : local_stats;
  st = ExecutionStats{};

  uint32_t a = 0;
  uint32_t x = 0;
  std::array<uint32_t, BPF_MEMWORDS> mem{};
  uint16_t mem_written = 0;
  const size_t len = program.size();

  size_t pc = 0;
  // pc strictly increases, so this loop runs at most `len` times.
  while (pc < len) {
    const sock_filter& insn = program[pc];
    const uint16_t code = insn.code;
    const uint32_t k = insn.k;
    ++st.instructions_executed;
    if (!IsSeccompOpcode(code)) {
      return Fault(program, pc, "opcode not allowed in seccomp filters");
    }
    size_t next = pc + 1;
    switch (code) {
      case BPF_LD | BPF_W | BPF_ABS: {
        if (k >= kSeccompDataSize || k % 4 != 0) {
          return Fault(program, pc, "load outside struct seccomp_data");
        }
        std::memcpy(&a, reinterpret_cast<const char*>(&data) + k, sizeof(a));
        st.words_loaded |= static_cast<uint16_t>(1u << (k / 4));
        break;
      }
      case BPF_LD | BPF_W | BPF_LEN:
        a = kSeccompDataSize;
        break;
      case BPF_LDX | BPF_W | BPF_LEN:
        x = kSeccompDataSize;
        break;
      case BPF_LD | BPF_IMM:
        a = k;
        break;
      case BPF_LDX | BPF_IMM:
        x = k;
        break;
      case BPF_LD | BPF_MEM:
      case BPF_LDX | BPF_MEM:
        if (k >= BPF_MEMWORDS) {
          return Fault(program, pc, "scratch index out of range");
        }
        if ((mem_written & (1u << k)) == 0) {
          return Fault(program, pc, "scratch cell read before written");
        }
        (code == (BPF_LD | BPF_MEM) ? a : x) = mem[k];
        break;
      case BPF_ST:
      case BPF_STX:
        if (k >= BPF_MEMWORDS) {
          return Fault(program, pc, "scratch index out of range");
        }
        mem[k] = code == BPF_ST ? a : x;
        mem_written |= static_cast<uint16_t>(1u << k);
        break;
      case BPF_MISC | BPF_TAX:
        x = a;
        break;
      case BPF_MISC | BPF_TXA:
        a = x;
        break;
      case BPF_ALU | BPF_NEG:
        a = 0u - a;
        break;
      case BPF_RET | BPF_K:
        return k;
      case BPF_RET | BPF_A:
        return a;
      case BPF_JMP | BPF_JA:
        if (JumpTarget(pc, k) >= len) {
          return Fault(program, pc, "jump past the end");
        }
        next = static_cast<size_t>(JumpTarget(pc, k));
        break;
      default:
        if (BPF_CLASS(code) == BPF_ALU) {
          const uint16_t op = BPF_OP(code);
          const bool by_x = BPF_SRC(code) == BPF_X;
          const uint32_t operand = by_x ? x : k;
          if (!by_x && ((op == BPF_DIV && k == 0) ||
                        ((op == BPF_LSH || op == BPF_RSH) && k >= 32))) {
            return Fault(program, pc, "constant operand the kernel refuses");
          }
          // Classic BPF's rule, kept by the kernel's conversion: dividing
          // by X == 0 returns 0 from the whole program.
          if (op == BPF_DIV && operand == 0) return 0u;
          a = Alu(op, a, operand);
        } else {  // A conditional jump: the only class left.
          const uint32_t operand = BPF_SRC(code) == BPF_X ? x : k;
          const uint8_t offset =
              Compare(BPF_OP(code), a, operand) ? insn.jt : insn.jf;
          if (JumpTarget(pc, offset) >= len) {
            return Fault(program, pc, "jump past the end");
          }
          next = static_cast<size_t>(JumpTarget(pc, offset));
        }
        break;
    }
    pc = next;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "program is not a valid seccomp filter: ran off the end after ", len,
      " instructions without RET"));
}

}  // namespace seccompc

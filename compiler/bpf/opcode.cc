#include "compiler/bpf/opcode.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace seccompc {
namespace {

// ALU operations by BPF_OP, for mnemonics.
const char* AluName(uint16_t op) {
  switch (op) {
    case BPF_ADD:
      return "add";
    case BPF_SUB:
      return "sub";
    case BPF_MUL:
      return "mul";
    case BPF_DIV:
      return "div";
    case BPF_MOD:
      return "mod";
    case BPF_AND:
      return "and";
    case BPF_OR:
      return "or";
    case BPF_XOR:
      return "xor";
    case BPF_LSH:
      return "lsh";
    case BPF_RSH:
      return "rsh";
  }
  return "";
}

const char* JumpName(uint16_t op) {
  switch (op) {
    case BPF_JEQ:
      return "jeq";
    case BPF_JGT:
      return "jgt";
    case BPF_JGE:
      return "jge";
    case BPF_JSET:
      return "jset";
  }
  return "";
}

std::string Label(uint64_t index) { return absl::StrCat("L", index); }

}  // namespace

bool IsClassicOpcode(uint16_t code) {
  switch (code) {
    case BPF_ALU | BPF_ADD | BPF_K:
    case BPF_ALU | BPF_ADD | BPF_X:
    case BPF_ALU | BPF_SUB | BPF_K:
    case BPF_ALU | BPF_SUB | BPF_X:
    case BPF_ALU | BPF_MUL | BPF_K:
    case BPF_ALU | BPF_MUL | BPF_X:
    case BPF_ALU | BPF_DIV | BPF_K:
    case BPF_ALU | BPF_DIV | BPF_X:
    case BPF_ALU | BPF_MOD | BPF_K:
    case BPF_ALU | BPF_MOD | BPF_X:
    case BPF_ALU | BPF_AND | BPF_K:
    case BPF_ALU | BPF_AND | BPF_X:
    case BPF_ALU | BPF_OR | BPF_K:
    case BPF_ALU | BPF_OR | BPF_X:
    case BPF_ALU | BPF_XOR | BPF_K:
    case BPF_ALU | BPF_XOR | BPF_X:
    case BPF_ALU | BPF_LSH | BPF_K:
    case BPF_ALU | BPF_LSH | BPF_X:
    case BPF_ALU | BPF_RSH | BPF_K:
    case BPF_ALU | BPF_RSH | BPF_X:
    case BPF_ALU | BPF_NEG:
    case BPF_LD | BPF_W | BPF_ABS:
    case BPF_LD | BPF_H | BPF_ABS:
    case BPF_LD | BPF_B | BPF_ABS:
    case BPF_LD | BPF_W | BPF_LEN:
    case BPF_LD | BPF_W | BPF_IND:
    case BPF_LD | BPF_H | BPF_IND:
    case BPF_LD | BPF_B | BPF_IND:
    case BPF_LD | BPF_IMM:
    case BPF_LD | BPF_MEM:
    case BPF_LDX | BPF_W | BPF_LEN:
    case BPF_LDX | BPF_B | BPF_MSH:
    case BPF_LDX | BPF_IMM:
    case BPF_LDX | BPF_MEM:
    case BPF_ST:
    case BPF_STX:
    case BPF_MISC | BPF_TAX:
    case BPF_MISC | BPF_TXA:
    case BPF_RET | BPF_K:
    case BPF_RET | BPF_A:
    case BPF_JMP | BPF_JA:
    case BPF_JMP | BPF_JEQ | BPF_K:
    case BPF_JMP | BPF_JEQ | BPF_X:
    case BPF_JMP | BPF_JGE | BPF_K:
    case BPF_JMP | BPF_JGE | BPF_X:
    case BPF_JMP | BPF_JGT | BPF_K:
    case BPF_JMP | BPF_JGT | BPF_X:
    case BPF_JMP | BPF_JSET | BPF_K:
    case BPF_JMP | BPF_JSET | BPF_X:
      return true;
  }
  return false;
}

bool IsSeccompOpcode(uint16_t code) {
  switch (code) {
    // seccomp rewrites these three (LD ABS to its own loader, the LEN loads
    // to immediates of sizeof(struct seccomp_data)).
    case BPF_LD | BPF_W | BPF_ABS:
    case BPF_LD | BPF_W | BPF_LEN:
    case BPF_LDX | BPF_W | BPF_LEN:
    case BPF_RET | BPF_K:
    case BPF_RET | BPF_A:
    case BPF_ALU | BPF_ADD | BPF_K:
    case BPF_ALU | BPF_ADD | BPF_X:
    case BPF_ALU | BPF_SUB | BPF_K:
    case BPF_ALU | BPF_SUB | BPF_X:
    case BPF_ALU | BPF_MUL | BPF_K:
    case BPF_ALU | BPF_MUL | BPF_X:
    case BPF_ALU | BPF_DIV | BPF_K:
    case BPF_ALU | BPF_DIV | BPF_X:
    case BPF_ALU | BPF_AND | BPF_K:
    case BPF_ALU | BPF_AND | BPF_X:
    case BPF_ALU | BPF_OR | BPF_K:
    case BPF_ALU | BPF_OR | BPF_X:
    case BPF_ALU | BPF_XOR | BPF_K:
    case BPF_ALU | BPF_XOR | BPF_X:
    case BPF_ALU | BPF_LSH | BPF_K:
    case BPF_ALU | BPF_LSH | BPF_X:
    case BPF_ALU | BPF_RSH | BPF_K:
    case BPF_ALU | BPF_RSH | BPF_X:
    case BPF_ALU | BPF_NEG:
    case BPF_LD | BPF_IMM:
    case BPF_LDX | BPF_IMM:
    case BPF_MISC | BPF_TAX:
    case BPF_MISC | BPF_TXA:
    case BPF_LD | BPF_MEM:
    case BPF_LDX | BPF_MEM:
    case BPF_ST:
    case BPF_STX:
    case BPF_JMP | BPF_JA:
    case BPF_JMP | BPF_JEQ | BPF_K:
    case BPF_JMP | BPF_JEQ | BPF_X:
    case BPF_JMP | BPF_JGE | BPF_K:
    case BPF_JMP | BPF_JGE | BPF_X:
    case BPF_JMP | BPF_JGT | BPF_K:
    case BPF_JMP | BPF_JGT | BPF_X:
    case BPF_JMP | BPF_JSET | BPF_K:
    case BPF_JMP | BPF_JSET | BPF_X:
      return true;
  }
  return false;
}

bool IsConditionalJump(uint16_t code) {
  switch (code) {
    case BPF_JMP | BPF_JEQ | BPF_K:
    case BPF_JMP | BPF_JEQ | BPF_X:
    case BPF_JMP | BPF_JGE | BPF_K:
    case BPF_JMP | BPF_JGE | BPF_X:
    case BPF_JMP | BPF_JGT | BPF_K:
    case BPF_JMP | BPF_JGT | BPF_X:
    case BPF_JMP | BPF_JSET | BPF_K:
    case BPF_JMP | BPF_JSET | BPF_X:
      return true;
  }
  return false;
}

std::string SeccompDataWordName(uint32_t offset) {
  if (offset >= kSeccompDataSize || offset % 4 != 0) {
    return absl::StrCat(offset);
  }
  if (offset == kNrOffset) return "nr";
  if (offset == kArchOffset) return "arch";
  if (offset < kArgsOffset) return absl::StrCat("ip+", offset - kIpOffset);
  const uint32_t rel = offset - kArgsOffset;
  return absl::StrCat("args[", rel / 8, "]+", rel % 8);
}

std::string FormatImmediate(uint32_t k) {
  if (k < 0x1000) return absl::StrCat("#", k);
  return absl::StrFormat("#0x%x", k);
}

std::string FormatInstruction(const sock_filter& insn, size_t pc) {
  const uint16_t code = insn.code;
  const uint32_t k = insn.k;
  const std::string imm = FormatImmediate(k);
  switch (code) {
    case BPF_LD | BPF_W | BPF_ABS:
      return absl::StrCat("ld [", SeccompDataWordName(k), "]");
    case BPF_LD | BPF_H | BPF_ABS:
      return absl::StrCat("ldh [", k, "]");
    case BPF_LD | BPF_B | BPF_ABS:
      return absl::StrCat("ldb [", k, "]");
    case BPF_LD | BPF_W | BPF_IND:
      return absl::StrCat("ld [x+", k, "]");
    case BPF_LD | BPF_H | BPF_IND:
      return absl::StrCat("ldh [x+", k, "]");
    case BPF_LD | BPF_B | BPF_IND:
      return absl::StrCat("ldb [x+", k, "]");
    case BPF_LDX | BPF_B | BPF_MSH:
      return absl::StrCat("ldxb 4*([", k, "]&0xf)");
    case BPF_LD | BPF_W | BPF_LEN:
      return "ld #len";
    case BPF_LDX | BPF_W | BPF_LEN:
      return "ldx #len";
    case BPF_LD | BPF_IMM:
      return absl::StrCat("ld ", imm);
    case BPF_LDX | BPF_IMM:
      return absl::StrCat("ldx ", imm);
    case BPF_LD | BPF_MEM:
      return absl::StrCat("ld M[", k, "]");
    case BPF_LDX | BPF_MEM:
      return absl::StrCat("ldx M[", k, "]");
    case BPF_ST:
      return absl::StrCat("st M[", k, "]");
    case BPF_STX:
      return absl::StrCat("stx M[", k, "]");
    case BPF_MISC | BPF_TAX:
      return "tax";
    case BPF_MISC | BPF_TXA:
      return "txa";
    case BPF_RET | BPF_K:
      return absl::StrCat("ret ", imm);
    case BPF_RET | BPF_A:
      return "ret a";
    case BPF_ALU | BPF_NEG:
      return "neg";
    case BPF_JMP | BPF_JA:
      return absl::StrCat("ja ", Label(JumpTarget(pc, k)));
  }
  if (IsClassicOpcode(code) && BPF_CLASS(code) == BPF_ALU) {
    return absl::StrCat(AluName(BPF_OP(code)), " ",
                        BPF_SRC(code) == BPF_X ? "x" : imm);
  }
  if (IsConditionalJump(code)) {
    return absl::StrCat(
        JumpName(BPF_OP(code)), " ", BPF_SRC(code) == BPF_X ? "x" : imm, ", ",
        Label(JumpTarget(pc, insn.jt)), ", ", Label(JumpTarget(pc, insn.jf)));
  }
  return absl::StrFormat(".insn code=0x%02x jt=%d jf=%d k=0x%x", code, insn.jt,
                         insn.jf, k);
}

}  // namespace seccompc

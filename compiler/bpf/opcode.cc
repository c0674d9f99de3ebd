#include "compiler/bpf/opcode.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace seccompc {
namespace {

// The two-operand operations (`class | op | BPF_K` or `BPF_X`) of
// bpf_check_classic()'s table, with their mnemonics.
struct OperationName {
  uint16_t op;
  const char* mnemonic;
};

constexpr OperationName kAluOperations[] = {
    {BPF_ADD, "add"}, {BPF_SUB, "sub"}, {BPF_MUL, "mul"}, {BPF_DIV, "div"},
    {BPF_MOD, "mod"}, {BPF_AND, "and"}, {BPF_OR, "or"},   {BPF_XOR, "xor"},
    {BPF_LSH, "lsh"}, {BPF_RSH, "rsh"},
};

constexpr OperationName kConditionalJumps[] = {
    {BPF_JEQ, "jeq"},
    {BPF_JGT, "jgt"},
    {BPF_JGE, "jge"},
    {BPF_JSET, "jset"},
};

// How the single-operand and operand-free instructions print k.
enum class KOperand {
  kNone,             // k is unused
  kDecimal,          // an offset or a scratch index
  kImmediate,        // FormatImmediate()
  kSeccompDataWord,  // SeccompDataWordName()
  kJumpLabel,        // JA's target, "L<pc + 1 + k>"
};

// Every classic opcode that is not a two-operand ALU op or a conditional
// jump: the text is `before`, then k as `operand`, then `after`.
struct StatementFormat {
  uint16_t code;
  const char* before;
  KOperand operand;
  const char* after;
};

constexpr StatementFormat kStatements[] = {
    {BPF_LD | BPF_W | BPF_ABS, "ld [", KOperand::kSeccompDataWord, "]"},
    {BPF_LD | BPF_H | BPF_ABS, "ldh [", KOperand::kDecimal, "]"},
    {BPF_LD | BPF_B | BPF_ABS, "ldb [", KOperand::kDecimal, "]"},
    {BPF_LD | BPF_W | BPF_IND, "ld [x+", KOperand::kDecimal, "]"},
    {BPF_LD | BPF_H | BPF_IND, "ldh [x+", KOperand::kDecimal, "]"},
    {BPF_LD | BPF_B | BPF_IND, "ldb [x+", KOperand::kDecimal, "]"},
    {BPF_LDX | BPF_B | BPF_MSH, "ldxb 4*([", KOperand::kDecimal, "]&0xf)"},
    {BPF_LD | BPF_W | BPF_LEN, "ld #len", KOperand::kNone, ""},
    {BPF_LDX | BPF_W | BPF_LEN, "ldx #len", KOperand::kNone, ""},
    {BPF_LD | BPF_IMM, "ld ", KOperand::kImmediate, ""},
    {BPF_LDX | BPF_IMM, "ldx ", KOperand::kImmediate, ""},
    {BPF_LD | BPF_MEM, "ld M[", KOperand::kDecimal, "]"},
    {BPF_LDX | BPF_MEM, "ldx M[", KOperand::kDecimal, "]"},
    {BPF_ST, "st M[", KOperand::kDecimal, "]"},
    {BPF_STX, "stx M[", KOperand::kDecimal, "]"},
    {BPF_MISC | BPF_TAX, "tax", KOperand::kNone, ""},
    {BPF_MISC | BPF_TXA, "txa", KOperand::kNone, ""},
    {BPF_RET | BPF_K, "ret ", KOperand::kImmediate, ""},
    {BPF_RET | BPF_A, "ret a", KOperand::kNone, ""},
    {BPF_ALU | BPF_NEG, "neg", KOperand::kNone, ""},
    {BPF_JMP | BPF_JA, "ja ", KOperand::kJumpLabel, ""},
};

const StatementFormat* FindStatement(uint16_t code) {
  for (const StatementFormat& statement : kStatements) {
    if (statement.code == code) return &statement;
  }
  return nullptr;
}

// The mnemonic of `code` if it is exactly `op_class | op | BPF_K/BPF_X` with
// `op` in `operations` (no other bit set); nullptr otherwise.
template <size_t N>
const char* TwoOperandMnemonic(uint16_t code, uint16_t op_class,
                               const OperationName (&operations)[N]) {
  if (code != (op_class | BPF_OP(code) | BPF_SRC(code))) return nullptr;
  for (const OperationName& operation : operations) {
    if (operation.op == BPF_OP(code)) return operation.mnemonic;
  }
  return nullptr;
}

std::string Label(uint64_t index) { return absl::StrCat("L", index); }

}  // namespace

bool IsClassicOpcode(uint16_t code) {
  return TwoOperandMnemonic(code, BPF_ALU, kAluOperations) != nullptr ||
         IsConditionalJump(code) || FindStatement(code) != nullptr;
}

bool IsSeccompOpcode(uint16_t code) {
  // seccomp_check_filter() accepts every classic opcode but these: packet
  // loads other than 32-bit absolute ones, and MOD. (It rewrites LD W ABS
  // to its own loader and the LEN loads to sizeof(struct seccomp_data).)
  switch (code) {
    case BPF_LD | BPF_H | BPF_ABS:
    case BPF_LD | BPF_B | BPF_ABS:
    case BPF_LD | BPF_W | BPF_IND:
    case BPF_LD | BPF_H | BPF_IND:
    case BPF_LD | BPF_B | BPF_IND:
    case BPF_LDX | BPF_B | BPF_MSH:
    case BPF_ALU | BPF_MOD | BPF_K:
    case BPF_ALU | BPF_MOD | BPF_X:
      return false;
  }
  return IsClassicOpcode(code);
}

bool IsConditionalJump(uint16_t code) {
  return TwoOperandMnemonic(code, BPF_JMP, kConditionalJumps) != nullptr;
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
  if (const StatementFormat* statement = FindStatement(code)) {
    std::string operand;
    switch (statement->operand) {
      case KOperand::kNone:
        break;
      case KOperand::kDecimal:
        operand = absl::StrCat(k);
        break;
      case KOperand::kImmediate:
        operand = FormatImmediate(k);
        break;
      case KOperand::kSeccompDataWord:
        operand = SeccompDataWordName(k);
        break;
      case KOperand::kJumpLabel:
        operand = Label(JumpTarget(pc, k));
        break;
    }
    return absl::StrCat(statement->before, operand, statement->after);
  }
  const std::string operand = BPF_SRC(code) == BPF_X ? "x" : FormatImmediate(k);
  if (const char* alu = TwoOperandMnemonic(code, BPF_ALU, kAluOperations)) {
    return absl::StrCat(alu, " ", operand);
  }
  if (const char* jump = TwoOperandMnemonic(code, BPF_JMP, kConditionalJumps)) {
    return absl::StrCat(jump, " ", operand, ", ",
                        Label(JumpTarget(pc, insn.jt)), ", ",
                        Label(JumpTarget(pc, insn.jf)));
  }
  return absl::StrFormat(".insn code=0x%02x jt=%d jf=%d k=0x%x", code, insn.jt,
                         insn.jf, k);
}

absl::Status InstructionError(const sock_filter& insn, size_t pc,
                              absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(
      "instruction ", pc, " (", FormatInstruction(insn, pc), "): ", what));
}

}  // namespace seccompc

#include "compiler/bpf/opcode.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

TEST(OpcodeTest, SeccompOpcodesAreTheKernelsLists) {
  int classic = 0;
  int seccomp = 0;
  for (uint32_t code = 0; code <= 0xffff; ++code) {
    const bool is_classic = IsClassicOpcode(static_cast<uint16_t>(code));
    const bool is_seccomp = IsSeccompOpcode(static_cast<uint16_t>(code));
    // seccomp_check_filter() runs after bpf_check_classic(): a subset.
    if (is_seccomp) {
      EXPECT_TRUE(is_classic) << "code 0x" << std::hex << code;
    }
    classic += is_classic;
    seccomp += is_seccomp;
  }
  // chk_code_allowed() has 49 entries; seccomp drops MOD K/X, LD H/B ABS,
  // the three IND loads and LDX MSH.
  EXPECT_EQ(classic, 49);
  EXPECT_EQ(seccomp, 41);
  EXPECT_FALSE(IsSeccompOpcode(BPF_ALU | BPF_MOD | BPF_K));
  EXPECT_FALSE(IsSeccompOpcode(BPF_LD | BPF_B | BPF_ABS));
  EXPECT_TRUE(IsSeccompOpcode(BPF_LDX | BPF_W | BPF_LEN));
}

TEST(OpcodeTest, ConditionalJumpsAreTheEightJtJfJumps) {
  int count = 0;
  for (uint32_t code = 0; code <= 0xffff; ++code) {
    count += IsConditionalJump(static_cast<uint16_t>(code));
  }
  EXPECT_EQ(count, 8);
  EXPECT_FALSE(IsConditionalJump(BPF_JMP | BPF_JA));
  EXPECT_TRUE(IsConditionalJump(BPF_JMP | BPF_JSET | BPF_X));
}

TEST(OpcodeTest, JumpTargetDoesNotOverflow) {
  EXPECT_EQ(JumpTarget(3, 0), 4u);
  EXPECT_EQ(JumpTarget(4095, 0xffffffffu), 4095u + 1 + 0xffffffffull);
}

TEST(OpcodeTest, SeccompDataWordNames) {
  EXPECT_EQ(SeccompDataWordName(0), "nr");
  EXPECT_EQ(SeccompDataWordName(4), "arch");
  EXPECT_EQ(SeccompDataWordName(8), "ip+0");
  EXPECT_EQ(SeccompDataWordName(12), "ip+4");
  EXPECT_EQ(SeccompDataWordName(16), "args[0]+0");
  EXPECT_EQ(SeccompDataWordName(28), "args[1]+4");
  EXPECT_EQ(SeccompDataWordName(60), "args[5]+4");
  EXPECT_EQ(SeccompDataWordName(62), "62");
  EXPECT_EQ(SeccompDataWordName(64), "64");
}

struct FormatCase {
  sock_filter insn;
  size_t pc;
  std::string text;
};

TEST(OpcodeTest, FormatInstruction) {
  const std::vector<FormatCase> cases = {
      {LoadAbs(kNrOffset), 0, "ld [nr]"},
      {LoadAbs(20), 0, "ld [args[0]+4]"},
      {Stmt(BPF_LD | BPF_B | BPF_ABS, 3), 0, "ldb [3]"},
      {Stmt(BPF_LD | BPF_H | BPF_ABS, 2), 0, "ldh [2]"},
      {Stmt(BPF_LD | BPF_W | BPF_IND, 2), 0, "ld [x+2]"},
      {Stmt(BPF_LDX | BPF_B | BPF_MSH, 14), 0, "ldxb 4*([14]&0xf)"},
      {Stmt(BPF_LD | BPF_W | BPF_LEN, 0), 0, "ld #len"},
      {Stmt(BPF_LDX | BPF_W | BPF_LEN, 0), 0, "ldx #len"},
      {Stmt(BPF_LD | BPF_IMM, 4095), 0, "ld #4095"},
      {Stmt(BPF_LDX | BPF_IMM, 4096), 0, "ldx #0x1000"},
      {Stmt(BPF_LD | BPF_MEM, 3), 0, "ld M[3]"},
      {Stmt(BPF_LDX | BPF_MEM, 4), 0, "ldx M[4]"},
      {Stmt(BPF_ST, 5), 0, "st M[5]"},
      {Stmt(BPF_STX, 6), 0, "stx M[6]"},
      {Stmt(BPF_MISC | BPF_TAX, 0), 0, "tax"},
      {Stmt(BPF_MISC | BPF_TXA, 0), 0, "txa"},
      {Ret(SECCOMP_RET_ALLOW), 0, "ret #0x7fff0000"},
      {Stmt(BPF_RET | BPF_A, 0), 0, "ret a"},
      {Stmt(BPF_ALU | BPF_NEG, 0), 0, "neg"},
      {AluAnd(0x40000000), 0, "and #0x40000000"},
      {Stmt(BPF_ALU | BPF_MOD | BPF_X, 0), 0, "mod x"},
      {Stmt(BPF_ALU | BPF_RSH | BPF_K, 1), 0, "rsh #1"},
      {JumpAlways(7), 10, "ja L18"},
      {JumpEq(39, 0, 3), 5, "jeq #39, L6, L9"},
      {Jump(BPF_JMP | BPF_JGT | BPF_X, 0, 1, 0), 2, "jgt x, L4, L3"},
      {JumpSet(0x40000000, 255, 0), 0, "jset #0x40000000, L256, L1"},
      {Stmt(0xffff, 1), 0, ".insn code=0xffff jt=0 jf=0 k=0x1"},
  };
  for (const FormatCase& c : cases) {
    EXPECT_EQ(FormatInstruction(c.insn, c.pc), c.text);
  }
}

TEST(OpcodeTest, InstructionErrorNamesThePcAndTheInstruction) {
  const absl::Status error =
      InstructionError(JumpEq(39, 0, 3), 5, "jump past the end");
  EXPECT_EQ(error.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(error.message(),
            "instruction 5 (jeq #39, L6, L9): jump past the end");
}

}  // namespace
}  // namespace seccompc

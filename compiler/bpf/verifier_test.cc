#include "compiler/bpf/verifier.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;

constexpr uint32_t kAllow = SECCOMP_RET_ALLOW;

// `count` instructions: count - 1 immediate loads, then RET.
Program OfLength(size_t count) {
  Program p(count - 1, Stmt(BPF_LD | BPF_IMM, 1));
  p.push_back(Ret(kAllow));
  return p;
}

struct VerifierCase {
  std::string name;
  Program program;
  // Empty: the program must be accepted. Else a substring of the error.
  std::string error;
};

std::vector<VerifierCase> Cases() {
  return {
      // Length: 1..4096.
      {"Empty", {}, "empty"},
      {"OneRet", {Ret(kAllow)}, ""},
      {"MaxLength4096", OfLength(4096), ""},
      {"Length4097", OfLength(4097), "4097 instructions"},

      // LD W ABS offsets.
      {"LoadNr", {LoadAbs(0), Ret(kAllow)}, ""},
      {"LoadOffset60", {LoadAbs(60), Ret(kAllow)}, ""},
      {"LoadOffset62Misaligned",
       {LoadAbs(62), Ret(kAllow)},
       "instruction 0 (ld [62]): LD W ABS offset must be 4-byte aligned"},
      {"LoadOffset64PastEnd", {LoadAbs(64), Ret(kAllow)}, "below sizeof"},
      {"LoadOffset2Misaligned", {LoadAbs(2), Ret(kAllow)}, "4-byte aligned"},
      {"LoadAncillary", {LoadAbs(0xfffff000), Ret(kAllow)}, "LD W ABS"},

      // Opcodes seccomp allows.
      {"LoadLen", {Stmt(BPF_LD | BPF_W | BPF_LEN, 0), Ret(kAllow)}, ""},
      {"LoadXLen", {Stmt(BPF_LDX | BPF_W | BPF_LEN, 0), Ret(kAllow)}, ""},
      {"RetA", {Stmt(BPF_LD | BPF_IMM, 5), Stmt(BPF_RET | BPF_A, 0)}, ""},
      {"AllAluOps",
       {Stmt(BPF_LDX | BPF_IMM, 3),
        Stmt(BPF_ALU | BPF_ADD | BPF_K, 1),
        Stmt(BPF_ALU | BPF_ADD | BPF_X, 0),
        Stmt(BPF_ALU | BPF_SUB | BPF_K, 1),
        Stmt(BPF_ALU | BPF_SUB | BPF_X, 0),
        Stmt(BPF_ALU | BPF_MUL | BPF_K, 3),
        Stmt(BPF_ALU | BPF_MUL | BPF_X, 0),
        Stmt(BPF_ALU | BPF_DIV | BPF_K, 2),
        Stmt(BPF_ALU | BPF_DIV | BPF_X, 0),
        Stmt(BPF_ALU | BPF_AND | BPF_K, 7),
        Stmt(BPF_ALU | BPF_AND | BPF_X, 0),
        Stmt(BPF_ALU | BPF_OR | BPF_K, 8),
        Stmt(BPF_ALU | BPF_OR | BPF_X, 0),
        Stmt(BPF_ALU | BPF_XOR | BPF_K, 1),
        Stmt(BPF_ALU | BPF_XOR | BPF_X, 0),
        Stmt(BPF_ALU | BPF_LSH | BPF_K, 31),
        Stmt(BPF_ALU | BPF_LSH | BPF_X, 0),
        Stmt(BPF_ALU | BPF_RSH | BPF_K, 31),
        Stmt(BPF_ALU | BPF_RSH | BPF_X, 0),
        Stmt(BPF_ALU | BPF_NEG, 0),
        Stmt(BPF_MISC | BPF_TAX, 0),
        Stmt(BPF_MISC | BPF_TXA, 0),
        Ret(kAllow)},
       ""},
      {"AllJumpsKAndX",
       {Stmt(BPF_LDX | BPF_IMM, 1), JumpEq(1, 0, 0),
        Jump(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 0), JumpGt(1, 0, 0),
        Jump(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 0), JumpGe(1, 0, 0),
        Jump(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 0), JumpSet(1, 0, 0),
        Jump(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 0), JumpAlways(0), Ret(kAllow)},
       ""},

      // Classic BPF that seccomp refuses, and codes that are not BPF.
      {"LoadByteAbs",
       {Stmt(BPF_LD | BPF_B | BPF_ABS, 0), Ret(kAllow)},
       "instruction 0 (ldb [0]): opcode is classic BPF but not allowed"},
      {"LoadHalfAbs",
       {Stmt(BPF_LD | BPF_H | BPF_ABS, 0), Ret(kAllow)},
       "not allowed in seccomp"},
      {"LoadWordInd",
       {Stmt(BPF_LD | BPF_W | BPF_IND, 0), Ret(kAllow)},
       "not allowed in seccomp"},
      {"LoadXMsh",
       {Stmt(BPF_LDX | BPF_B | BPF_MSH, 0), Ret(kAllow)},
       "not allowed in seccomp"},
      {"ModK",
       {Stmt(BPF_ALU | BPF_MOD | BPF_K, 3), Ret(kAllow)},
       "not allowed in seccomp"},
      {"ModX",
       {Stmt(BPF_ALU | BPF_MOD | BPF_X, 0), Ret(kAllow)},
       "not allowed in seccomp"},
      {"RetX", {Stmt(BPF_RET | BPF_X, 0)}, "unknown opcode"},
      {"NegWithXBit",
       {Stmt(BPF_ALU | BPF_NEG | BPF_X, 0), Ret(kAllow)},
       "unknown opcode"},
      {"GarbageCode", {Stmt(0xffff, 0), Ret(kAllow)}, "unknown opcode"},
      {"JaWithXBit",
       {Stmt(BPF_JMP | BPF_JA | BPF_X, 0), Ret(kAllow)},
       "unknown opcode"},

      // ALU constants.
      {"DivByZeroK",
       {Stmt(BPF_ALU | BPF_DIV | BPF_K, 0), Ret(kAllow)},
       "instruction 0 (div #0): division by constant 0"},
      {"DivByOneK", {Stmt(BPF_ALU | BPF_DIV | BPF_K, 1), Ret(kAllow)}, ""},
      {"LshBy32", {Stmt(BPF_ALU | BPF_LSH | BPF_K, 32), Ret(kAllow)}, "shift"},
      {"RshBy32", {Stmt(BPF_ALU | BPF_RSH | BPF_K, 32), Ret(kAllow)}, "shift"},

      // Jump targets.
      {"JeqTrueToLast", {JumpEq(0, 1, 0), Ret(0), Ret(kAllow)}, ""},
      {"JeqTruePastEnd",
       {JumpEq(0, 2, 0), Ret(0), Ret(kAllow)},
       "instruction 0 (jeq #0, L3, L1): jump true target 3 is past the end"},
      {"JeqFalsePastEnd",
       {JumpEq(0, 0, 2), Ret(0), Ret(kAllow)},
       "jump false target 3 is past the end"},
      {"JsetXPastEnd",
       {Jump(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 255), Ret(kAllow)},
       "past the end"},
      {"JaToLast", {JumpAlways(1), Ret(0), Ret(kAllow)}, ""},
      {"JaPastEnd",
       {JumpAlways(2), Ret(0), Ret(kAllow)},
       "instruction 0 (ja L3): jump target 3 is past the end"},
      {"JaHugeK",
       {JumpAlways(0xffffffff), Ret(kAllow)},
       "jump target 4294967296 is past the end"},
      {"JaLastInstruction", {Ret(kAllow), JumpAlways(0)}, "past the end"},

      // The last instruction.
      {"LastIsLoad",
       {Ret(kAllow), LoadAbs(0)},
       "instruction 1 (ld [nr]): the last instruction must be RET"},
      {"LastIsJumpToNothing", {JumpEq(0, 0, 0)}, "past the end"},

      // Scratch memory.
      {"StoreIndex15",
       {Stmt(BPF_ST, 15), Stmt(BPF_LD | BPF_MEM, 15), Ret(kAllow)},
       ""},
      {"StoreIndex16", {Stmt(BPF_ST, 16), Ret(kAllow)}, "M[0..15]"},
      {"StoreXIndex16", {Stmt(BPF_STX, 16), Ret(kAllow)}, "out of range"},
      {"LoadMemIndex16",
       {Stmt(BPF_LD | BPF_MEM, 16), Ret(kAllow)},
       "out of range"},
      {"LoadXMemIndex16",
       {Stmt(BPF_LDX | BPF_MEM, 16), Ret(kAllow)},
       "out of range"},
      {"ReadBeforeWrite",
       {Stmt(BPF_LD | BPF_MEM, 3), Ret(kAllow)},
       "instruction 0 (ld M[3]): scratch cell M[3] may be read before"},
      {"ReadOtherCell",
       {Stmt(BPF_ST, 2), Stmt(BPF_LDX | BPF_MEM, 3), Ret(kAllow)},
       "M[3]"},
      {"WrittenOnOnePathOnly",
       {LoadAbs(0), JumpEq(1, 0, 1), Stmt(BPF_ST, 0), Stmt(BPF_LD | BPF_MEM, 0),
        Ret(kAllow)},
       "instruction 3 (ld M[0]): scratch cell M[0] may be read"},
      {"WrittenOnBothPaths",
       {LoadAbs(0), JumpEq(1, 0, 2), Stmt(BPF_ST, 0), JumpAlways(1),
        Stmt(BPF_STX, 0), Stmt(BPF_LD | BPF_MEM, 0), Ret(kAllow)},
       ""},
      {"WrittenBeforeBranch",
       {Stmt(BPF_ST, 7), LoadAbs(0), JumpEq(1, 0, 1), Ret(0),
        Stmt(BPF_LDX | BPF_MEM, 7), Ret(kAllow)},
       ""},
      // The kernel's linear scan treats code right after a JA that no jump
      // reaches as "everything written"; it is dead, so this is harmless.
      {"UnreachableReadAfterJa",
       {JumpAlways(1), Stmt(BPF_LD | BPF_MEM, 0), Ret(kAllow)},
       ""},
      // ... but after RET the state carries over, so the same dead read
      // after a RET is refused.
      {"UnreachableReadAfterRet",
       {Ret(kAllow), Stmt(BPF_LD | BPF_MEM, 0), Ret(kAllow)},
       "may be read before"},
  };
}

class VerifierTest : public ::testing::TestWithParam<VerifierCase> {};

TEST_P(VerifierTest, AcceptsOrRejectsAtTheBoundary) {
  const VerifierCase& c = GetParam();
  const absl::Status status = VerifyProgram(c.program);
  if (c.error.empty()) {
    EXPECT_TRUE(status.ok()) << status;
  } else {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.error));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rules, VerifierTest, ::testing::ValuesIn(Cases()),
    [](const ::testing::TestParamInfo<VerifierCase>& info) {
      return info.param.name;
    });

}  // namespace
}  // namespace seccompc

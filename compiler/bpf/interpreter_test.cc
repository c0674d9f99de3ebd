#include "compiler/bpf/interpreter.h"

#include <linux/audit.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;

constexpr uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr bool kLittleEndianHost = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

// The data every case runs on.
seccomp_data TestData() {
  seccomp_data d{};
  d.nr = 39;
  d.arch = AUDIT_ARCH_X86_64;
  d.instruction_pointer = 0x00007fff12345678ull;
  for (int i = 0; i < 6; ++i) {
    d.args[i] = 0x1111111100000000ull * (i + 1) + 0x100 + i;
  }
  return d;
}

sock_filter Alu(uint16_t op, uint32_t k) {
  return Stmt(BPF_ALU | op | BPF_K, k);
}
sock_filter AluX(uint16_t op) { return Stmt(BPF_ALU | op | BPF_X, 0); }
// A compare with X: true skips nothing, false skips one.
sock_filter JumpX(uint16_t op) { return Jump(BPF_JMP | op | BPF_X, 0, 0, 1); }
sock_filter LdImm(uint32_t k) { return Stmt(BPF_LD | BPF_IMM, k); }
sock_filter LdxImm(uint32_t k) { return Stmt(BPF_LDX | BPF_IMM, k); }
sock_filter RetA() { return Stmt(BPF_RET | BPF_A, 0); }

struct RunCase {
  std::string name;
  Program program;
  std::optional<uint32_t> result;  // nullopt: an error is expected
  std::string error = "";          // substring of that error
};

std::vector<RunCase> Cases() {
  return {
      // RET.
      {"RetK", {Ret(0x00050001)}, 0x00050001},
      {"RetAStartsAtZero", {RetA()}, 0},
      {"RetXViaTxaStartsAtZero", {Stmt(BPF_MISC | BPF_TXA, 0), RetA()}, 0},

      // Loads from seccomp_data, host byte order.
      {"LoadNr", {LoadAbs(kNrOffset), RetA()}, 39},
      {"LoadArch", {LoadAbs(kArchOffset), RetA()}, AUDIT_ARCH_X86_64},
      {"LoadIpFirstWord",
       {LoadAbs(kIpOffset), RetA()},
       kLittleEndianHost ? 0x12345678u : 0x00007fffu},
      {"LoadArg1FirstWord",
       {LoadAbs(kArgsOffset + 8), RetA()},
       kLittleEndianHost ? 0x101u : 0x22222222u},
      {"LoadArg1SecondWord",
       {LoadAbs(kArgsOffset + 12), RetA()},
       kLittleEndianHost ? 0x22222222u : 0x101u},
      {"LoadArg5SecondWord",
       {LoadAbs(60), RetA()},
       kLittleEndianHost ? 0x66666666u : 0x105u},
      {"LoadLenIs64", {Stmt(BPF_LD | BPF_W | BPF_LEN, 0), RetA()}, 64},
      {"LoadXLenIs64",
       {Stmt(BPF_LDX | BPF_W | BPF_LEN, 0), Stmt(BPF_MISC | BPF_TXA, 0),
        RetA()},
       64},
      {"LoadImm", {LdImm(0xdeadbeef), RetA()}, 0xdeadbeef},
      {"LoadXImmTxa", {LdxImm(77), Stmt(BPF_MISC | BPF_TXA, 0), RetA()}, 77},
      {"Tax",
       {LdImm(5), Stmt(BPF_MISC | BPF_TAX, 0), LdImm(1), AluX(BPF_ADD), RetA()},
       6},

      // Scratch memory.
      {"StoreLoadMem",
       {LdImm(9), Stmt(BPF_ST, 4), LdImm(0), Stmt(BPF_LD | BPF_MEM, 4), RetA()},
       9},
      {"StoreXLoadXMem",
       {LdxImm(11), Stmt(BPF_STX, 15), LdxImm(0), Stmt(BPF_LDX | BPF_MEM, 15),
        Stmt(BPF_MISC | BPF_TXA, 0), RetA()},
       11},

      // ALU with K, unsigned 32-bit wrap-around.
      {"AddWraps", {LdImm(0xffffffff), Alu(BPF_ADD, 2), RetA()}, 1},
      {"SubWraps", {Alu(BPF_SUB, 1), RetA()}, 0xffffffff},
      {"MulWraps", {LdImm(0x80000001), Alu(BPF_MUL, 4), RetA()}, 4},
      {"DivK", {LdImm(100), Alu(BPF_DIV, 7), RetA()}, 14},
      {"AndK", {LdImm(0xf0f0), Alu(BPF_AND, 0xff00), RetA()}, 0xf000},
      {"OrK", {LdImm(0xf0), Alu(BPF_OR, 0x0f), RetA()}, 0xff},
      {"XorK", {LdImm(0xff), Alu(BPF_XOR, 0x0f), RetA()}, 0xf0},
      {"LshK", {LdImm(3), Alu(BPF_LSH, 31), RetA()}, 0x80000000},
      {"RshK", {LdImm(0x80000000), Alu(BPF_RSH, 31), RetA()}, 1},
      {"Neg", {LdImm(1), Stmt(BPF_ALU | BPF_NEG, 0), RetA()}, 0xffffffff},

      // ALU with X.
      {"AddX", {LdxImm(3), LdImm(4), AluX(BPF_ADD), RetA()}, 7},
      {"SubX", {LdxImm(5), LdImm(3), AluX(BPF_SUB), RetA()}, 0xfffffffe},
      {"MulX", {LdxImm(6), LdImm(7), AluX(BPF_MUL), RetA()}, 42},
      {"DivX", {LdxImm(6), LdImm(45), AluX(BPF_DIV), RetA()}, 7},
      {"DivByXZeroReturnsZero",
       {LdxImm(0), LdImm(45), AluX(BPF_DIV), Ret(kAllow)},
       0},
      {"AndX", {LdxImm(6), LdImm(3), AluX(BPF_AND), RetA()}, 2},
      {"OrX", {LdxImm(6), LdImm(3), AluX(BPF_OR), RetA()}, 7},
      {"XorX", {LdxImm(6), LdImm(3), AluX(BPF_XOR), RetA()}, 5},
      {"LshXMasked", {LdxImm(33), LdImm(1), AluX(BPF_LSH), RetA()}, 2},
      {"RshXMasked", {LdxImm(36), LdImm(0x100), AluX(BPF_RSH), RetA()}, 0x10},

      // Jumps, both ways.
      {"JaSkips", {JumpAlways(1), Ret(1), Ret(2)}, 2},
      {"JeqKTaken", {LoadAbs(0), JumpEq(39, 0, 1), Ret(1), Ret(2)}, 1},
      {"JeqKNotTaken", {LoadAbs(0), JumpEq(40, 0, 1), Ret(1), Ret(2)}, 2},
      {"JgtKEqualNotTaken", {LdImm(5), JumpGt(5, 0, 1), Ret(1), Ret(2)}, 2},
      {"JgtKTaken", {LdImm(6), JumpGt(5, 0, 1), Ret(1), Ret(2)}, 1},
      {"JgtKUnsigned", {LdImm(0x80000000), JumpGt(1, 0, 1), Ret(1), Ret(2)}, 1},
      {"JgeKEqualTaken", {LdImm(5), JumpGe(5, 0, 1), Ret(1), Ret(2)}, 1},
      {"JgeKNotTaken", {LdImm(4), JumpGe(5, 0, 1), Ret(1), Ret(2)}, 2},
      {"JsetKTaken", {LdImm(0x10), JumpSet(0x30, 0, 1), Ret(1), Ret(2)}, 1},
      {"JsetKNotTaken", {LdImm(0x40), JumpSet(0x30, 0, 1), Ret(1), Ret(2)}, 2},
      {"JeqXTaken", {LdxImm(8), LdImm(8), JumpX(BPF_JEQ), Ret(1), Ret(2)}, 1},
      {"JgtXNotTaken",
       {LdxImm(8), LdImm(8), JumpX(BPF_JGT), Ret(1), Ret(2)},
       2},
      {"JgeXTaken", {LdxImm(8), LdImm(8), JumpX(BPF_JGE), Ret(1), Ret(2)}, 1},
      {"JsetXNotTaken",
       {LdxImm(8), LdImm(7), JumpX(BPF_JSET), Ret(1), Ret(2)},
       2},

      // Programs the verifier rejects: errors, not crashes.
      {"EmptyProgram", {}, std::nullopt, "ran off the end"},
      {"RunsOffTheEnd", {LdImm(1)}, std::nullopt, "ran off the end"},
      {"JumpPastEnd",
       {JumpEq(0, 5, 5), Ret(0)},
       std::nullopt,
       "instruction 0 (jeq #0, L6, L6)"},
      {"JaHugeOffset",
       {JumpAlways(0xffffffff), Ret(0)},
       std::nullopt,
       "jump past the end"},
      {"LoadByteAbs",
       {Stmt(BPF_LD | BPF_B | BPF_ABS, 0), Ret(0)},
       std::nullopt,
       "not allowed"},
      {"LoadPastStruct", {LoadAbs(64), Ret(0)}, std::nullopt, "outside"},
      {"LoadMisaligned", {LoadAbs(6), Ret(0)}, std::nullopt, "outside"},
      {"UnwrittenScratch",
       {Stmt(BPF_LD | BPF_MEM, 2), Ret(0)},
       std::nullopt,
       "read before written"},
      {"ScratchIndex16",
       {Stmt(BPF_ST, 16), Ret(0)},
       std::nullopt,
       "out of range"},
      {"DivByConstantZero",
       {Alu(BPF_DIV, 0), Ret(0)},
       std::nullopt,
       "constant operand"},
      {"ModK", {Alu(BPF_MOD, 3), Ret(0)}, std::nullopt, "not allowed"},
      {"GarbageOpcode", {Stmt(0xffff, 0), Ret(0)}, std::nullopt, "not allowed"},
  };
}

class InterpreterTest : public ::testing::TestWithParam<RunCase> {};

TEST_P(InterpreterTest, ReturnsTheKernelsValue) {
  const RunCase& c = GetParam();
  ExecutionStats stats;
  absl::StatusOr<uint32_t> ret = RunProgram(c.program, TestData(), &stats);
  if (c.result.has_value()) {
    ASSERT_TRUE(ret.ok()) << ret.status();
    EXPECT_EQ(*ret, *c.result);
  } else {
    ASSERT_FALSE(ret.ok()) << "returned " << *ret;
    EXPECT_EQ(ret.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(ret.status().message()), HasSubstr(c.error));
  }
  EXPECT_LE(stats.instructions_executed, c.program.size());
}

INSTANTIATE_TEST_SUITE_P(Opcodes, InterpreterTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<RunCase>& info) {
                           return info.param.name;
                         });

TEST(InterpreterStatsTest, CountsInstructionsOnThePathTaken) {
  const Program p = {LoadAbs(kArchOffset),
                     JumpEq(AUDIT_ARCH_X86_64, 1, 0),
                     Ret(0),
                     LoadAbs(kNrOffset),
                     JumpEq(39, 0, 2),
                     LoadAbs(kArgsOffset),
                     Ret(kAllow),
                     Ret(1)};
  ExecutionStats stats;
  seccomp_data data = TestData();
  ASSERT_EQ(RunProgram(p, data, &stats).value(), kAllow);
  EXPECT_EQ(stats.instructions_executed, 6u);  // 0,1,3,4,5,6
  EXPECT_TRUE(stats.loaded_arch());
  EXPECT_TRUE(stats.loaded_nr());
  EXPECT_TRUE(stats.loaded_args());
  EXPECT_FALSE(stats.loaded_instruction_pointer());
  EXPECT_EQ(stats.words_loaded, (1u << 0) | (1u << 1) | (1u << 4));

  data.nr = 40;  // Skips the argument load.
  ASSERT_EQ(RunProgram(p, data, &stats).value(), 1u);
  EXPECT_EQ(stats.instructions_executed, 5u);  // 0,1,3,4,7
  EXPECT_FALSE(stats.loaded_args());

  data.arch = AUDIT_ARCH_I386;
  ASSERT_EQ(RunProgram(p, data, &stats).value(), 0u);
  EXPECT_EQ(stats.instructions_executed, 3u);
  EXPECT_FALSE(stats.loaded_nr());
}

TEST(InterpreterStatsTest, InstructionPointerLoadIsReported) {
  ExecutionStats stats;
  ASSERT_TRUE(
      RunProgram({LoadAbs(kIpOffset + 4), Ret(kAllow)}, TestData(), &stats)
          .ok());
  EXPECT_TRUE(stats.loaded_instruction_pointer());
  EXPECT_FALSE(stats.loaded_args());
  EXPECT_EQ(stats.instructions_executed, 2u);
}

TEST(InterpreterStatsTest, StatsAreResetBetweenRuns) {
  ExecutionStats stats;
  stats.instructions_executed = 99;
  stats.words_loaded = 0xffff;
  ASSERT_TRUE(RunProgram({Ret(kAllow)}, TestData(), &stats).ok());
  EXPECT_EQ(stats.instructions_executed, 1u);
  EXPECT_EQ(stats.words_loaded, 0);
}

}  // namespace
}  // namespace seccompc

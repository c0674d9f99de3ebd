#include "compiler/codegen/optimizer.h"

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "compiler/bpf/disasm.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/random_program.h"
#include "compiler/bpf/verifier.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

constexpr uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr uint32_t kKill = SECCOMP_RET_KILL_PROCESS;

bool Same(const Program& a, const Program& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

struct PassCase {
  std::string name;
  std::function<bool(Program*)> pass;
  Program before;
  Program after;  // == before when the pass must not change anything
};

class PassTest : public ::testing::TestWithParam<PassCase> {};

TEST_P(PassTest, RewritesAsExpected) {
  const PassCase& c = GetParam();
  ASSERT_TRUE(VerifyProgram(c.before).ok()) << "bad test input";
  Program p = c.before;
  const bool changed = c.pass(&p);
  EXPECT_EQ(changed, !Same(c.before, c.after));
  EXPECT_TRUE(Same(p, c.after)) << c.name;
  EXPECT_TRUE(VerifyProgram(p).ok()) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Passes, PassTest,
    ::testing::Values(
        PassCase{
            "unreachable code after a return",
            RemoveUnreachable,
            {LoadAbs(kNrOffset), JumpEq(1, 0, 2), Ret(kAllow), Ret(kAllow),
             Ret(kKill)},
            {LoadAbs(kNrOffset), JumpEq(1, 0, 1), Ret(kAllow), Ret(kKill)}},
        PassCase{
            "nothing unreachable",
            RemoveUnreachable,
            {LoadAbs(kNrOffset), JumpEq(1, 0, 1), Ret(kAllow), Ret(kKill)},
            {LoadAbs(kNrOffset), JumpEq(1, 0, 1), Ret(kAllow), Ret(kKill)}},
        PassCase{"branch to a JA takes its target",
                 ThreadJumps,
                 {LoadAbs(kNrOffset), JumpEq(1, 0, 1), JumpAlways(1),
                  Ret(kAllow), Ret(kKill)},
                 {LoadAbs(kNrOffset), JumpEq(1, 2, 1), JumpAlways(1),
                  Ret(kAllow), Ret(kKill)}},
        PassCase{"JA to JA",
                 ThreadJumps,
                 {JumpAlways(0), JumpAlways(1), Ret(kAllow), Ret(kKill)},
                 {JumpAlways(2), JumpAlways(1), Ret(kAllow), Ret(kKill)}},
        PassCase{"the same test again has a known outcome",
                 ThreadJumps,
                 {LoadAbs(kNrOffset), JumpGe(5, 0, 1), JumpGe(5, 1, 2),
                  Ret(kAllow), Ret(kKill), Ret(kAllow)},
                 {LoadAbs(kNrOffset), JumpGe(5, 2, 1), JumpGe(5, 1, 2),
                  Ret(kAllow), Ret(kKill), Ret(kAllow)}},
        PassCase{"a different test is left alone",
                 ThreadJumps,
                 {LoadAbs(kNrOffset), JumpGe(5, 0, 1), JumpGe(6, 0, 1),
                  Ret(kAllow), Ret(kKill)},
                 {LoadAbs(kNrOffset), JumpGe(5, 0, 1), JumpGe(6, 0, 1),
                  Ret(kAllow), Ret(kKill)}},
        PassCase{"jt == jf becomes JA",
                 SimplifySameTargetBranches,
                 {LoadAbs(kNrOffset), JumpEq(1, 1, 1), Ret(kKill), Ret(kAllow)},
                 {LoadAbs(kNrOffset), JumpAlways(1), Ret(kKill), Ret(kAllow)}},
        PassCase{
            "JA 0 disappears and jumps over it shrink",
            RemoveFallthroughJumps,
            {LoadAbs(kNrOffset), JumpEq(1, 0, 2), JumpAlways(0), Ret(kAllow),
             Ret(kKill)},
            {LoadAbs(kNrOffset), JumpEq(1, 0, 1), Ret(kAllow), Ret(kKill)}},
        PassCase{"JA to a return becomes the return",
                 ReplaceJumpsToReturn,
                 {LoadAbs(kNrOffset), JumpEq(1, 0, 1), JumpAlways(1),
                  Ret(kKill), Ret(kAllow)},
                 {LoadAbs(kNrOffset), JumpEq(1, 0, 1), Ret(kAllow), Ret(kKill),
                  Ret(kAllow)}},
        PassCase{"branches share the last identical return",
                 MergeIdenticalReturns,
                 {LoadAbs(kNrOffset), JumpEq(1, 0, 1), Ret(kAllow),
                  JumpEq(2, 1, 0), Ret(kKill), Ret(kAllow)},
                 {LoadAbs(kNrOffset), JumpEq(1, 3, 1), Ret(kAllow),
                  JumpEq(2, 1, 0), Ret(kKill), Ret(kAllow)}},
        PassCase{"a reload of the word in A goes",
                 RemoveRedundantLoads,
                 {LoadAbs(kNrOffset), JumpEq(1, 0, 2), LoadAbs(kNrOffset),
                  JumpEq(2, 1, 0), LoadAbs(kNrOffset), JumpEq(3, 0, 1),
                  Ret(kAllow), Ret(kKill)},
                 // Both reloads go; the second test's targets meet.
                 {LoadAbs(kNrOffset), JumpEq(1, 0, 1), JumpEq(2, 0, 0),
                  JumpEq(3, 0, 1), Ret(kAllow), Ret(kKill)}},
        PassCase{
            "ALU AND clobbers A: the reload stays",
            RemoveRedundantLoads,
            {LoadAbs(kNrOffset), AluAnd(1), JumpEq(1, 1, 0), LoadAbs(kNrOffset),
             JumpEq(3, 0, 1), Ret(kAllow), Ret(kKill)},
            {LoadAbs(kNrOffset), AluAnd(1), JumpEq(1, 1, 0), LoadAbs(kNrOffset),
             JumpEq(3, 0, 1), Ret(kAllow), Ret(kKill)}},
        PassCase{
            "paths that disagree keep the load",
            RemoveRedundantLoads,
            {LoadAbs(kNrOffset), JumpEq(1, 1, 0), LoadAbs(kArchOffset),
             LoadAbs(kNrOffset), JumpEq(3, 0, 1), Ret(kAllow), Ret(kKill)},
            {LoadAbs(kNrOffset), JumpEq(1, 1, 0), LoadAbs(kArchOffset),
             LoadAbs(kNrOffset), JumpEq(3, 0, 1), Ret(kAllow), Ret(kKill)}}),
    [](const ::testing::TestParamInfo<PassCase>& info) {
      std::string name;
      for (char c : info.param.name) {
        name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      }
      return name;
    });

TEST(OptimizerTest, ThreadingStaysWithinShortReach) {
  // A branch to a JA whose target is 300 ahead must not take it directly.
  Program p = {LoadAbs(kNrOffset), JumpEq(1, 0, 1), JumpAlways(300)};
  for (int i = 0; i < 300; ++i) p.push_back(Ret(kKill));
  p.push_back(Ret(kAllow));
  ASSERT_TRUE(VerifyProgram(p).ok());
  const Program before = p;
  ThreadJumps(&p);
  EXPECT_TRUE(VerifyProgram(p).ok());
  EXPECT_EQ(p[1].jf, before[1].jf);
}

// Forward-only programs built from what the code generator emits, with
// small constant pools so that tests repeat, returns duplicate and loads
// come again.
Program RandomForwardProgram(std::mt19937_64& rng) {
  const int n = 2 + rng() % 60;
  const uint32_t offsets[] = {kNrOffset, kArchOffset, 16, 20, 24};
  const uint32_t constants[] = {0, 1, 2, 0xFFFFFFFF, 0x80000000};
  const uint32_t rets[] = {kAllow, kKill, SECCOMP_RET_ERRNO | 1};
  Program p;
  for (int pc = 0; pc < n - 1; ++pc) {
    const uint32_t room = n - pc - 1;  // instructions after this one
    const uint8_t jt = static_cast<uint8_t>(rng() % std::min(room, 256u));
    const uint8_t jf = static_cast<uint8_t>(rng() % std::min(room, 256u));
    switch (rng() % 10) {
      case 0:
      case 1:
        p.push_back(LoadAbs(offsets[rng() % 5]));
        break;
      case 2:
        p.push_back(AluAnd(constants[rng() % 5]));
        break;
      case 3:
        p.push_back(JumpAlways(rng() % room));
        break;
      case 4:
        p.push_back(Ret(rets[rng() % 3]));
        break;
      case 5:
        p.push_back(Stmt(BPF_MISC | BPF_TAX, 0));
        break;
      default: {
        const uint16_t ops[] = {BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET};
        p.push_back(Jump(BPF_JMP | ops[rng() % 4] | BPF_K, constants[rng() % 5],
                         jt, jf));
      }
    }
  }
  p.push_back(Ret(rets[rng() % 3]));
  return p;
}

seccomp_data RandomData(std::mt19937_64& rng) {
  const uint32_t words[] = {0, 1, 2, 3, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF};
  seccomp_data d{};
  d.nr = static_cast<int>(words[rng() % 7]);
  d.arch = words[rng() % 7];
  for (auto& a : d.args) {
    a = (uint64_t{words[rng() % 7]} << 32) | words[rng() % 7];
  }
  return d;
}

// Every pass, and the whole optimizer, keeps the meaning of random
// programs the verifier accepts, keeps them verifiable and never grows them.
TEST(OptimizerTest, PassesPreserveMeaningOnRandomPrograms) {
  const std::vector<std::pair<std::string, std::function<bool(Program*)>>>
      passes = {
          {"RemoveUnreachable", RemoveUnreachable},
          {"ThreadJumps", ThreadJumps},
          {"SimplifySameTargetBranches", SimplifySameTargetBranches},
          {"RemoveFallthroughJumps", RemoveFallthroughJumps},
          {"ReplaceJumpsToReturn", ReplaceJumpsToReturn},
          {"MergeIdenticalReturns", MergeIdenticalReturns},
          {"RemoveRedundantLoads", RemoveRedundantLoads},
          {"Optimize", [](Program* p) { return Optimize(p).rounds > 0; }},
      };
  std::mt19937_64 rng(12345);
  ProgramGenerator generator(99);
  int verified = 0, changed = 0;
  for (int i = 0; i < 20000; ++i) {
    const Program program =
        i % 4 == 3 ? generator.Next() : RandomForwardProgram(rng);
    if (!VerifyProgram(program).ok()) continue;
    ++verified;
    std::vector<seccomp_data> inputs;
    for (int d = 0; d < 24; ++d) inputs.push_back(RandomData(rng));
    for (const auto& [name, pass] : passes) {
      Program optimized = program;
      if (pass(&optimized)) ++changed;
      ASSERT_TRUE(VerifyProgram(optimized).ok())
          << name << " broke program " << i << ": " << VerifyProgram(optimized)
          << "\n"
          << Disassemble(program) << "\n"
          << Disassemble(optimized);
      ASSERT_LE(optimized.size(), program.size()) << name;
      for (const seccomp_data& data : inputs) {
        absl::StatusOr<uint32_t> want = RunProgram(program, data);
        absl::StatusOr<uint32_t> got = RunProgram(optimized, data);
        ASSERT_TRUE(want.ok() && got.ok()) << name << " program " << i;
        ASSERT_EQ(*got, *want) << name << " changed program " << i;
      }
    }
  }
  // The generator must produce enough valid programs that the passes act on.
  EXPECT_GT(verified, 10000);
  EXPECT_GT(changed, 5000);
}

// Optimize() decodes once and encodes once; it must give what the public
// passes give when run one after another, round after round.
TEST(OptimizerTest, OptimizeIsThePassesRunInRounds) {
  std::mt19937_64 rng(4242);
  ProgramGenerator generator(7);
  int compared = 0;
  for (int i = 0; i < 5000; ++i) {
    const Program program =
        i % 4 == 3 ? generator.Next() : RandomForwardProgram(rng);
    if (!VerifyProgram(program).ok()) continue;
    ++compared;
    Program by_passes = program;
    int rounds = 0;
    for (;;) {
      bool changed = false;
      changed |= RemoveUnreachable(&by_passes);
      changed |= ThreadJumps(&by_passes);
      changed |= SimplifySameTargetBranches(&by_passes);
      changed |= RemoveFallthroughJumps(&by_passes);
      changed |= ReplaceJumpsToReturn(&by_passes);
      changed |= MergeIdenticalReturns(&by_passes);
      changed |= RemoveRedundantLoads(&by_passes);
      if (!changed) break;
      ++rounds;
    }
    Program optimized = program;
    const OptimizerStats stats = Optimize(&optimized);
    ASSERT_TRUE(Same(optimized, by_passes)) << "program " << i << "\n"
                                            << Disassemble(program);
    EXPECT_EQ(stats.rounds, rounds) << "program " << i;
  }
  EXPECT_GT(compared, 2500);
}

TEST(OptimizerTest, OptimizeReachesAFixedPoint) {
  std::mt19937_64 rng(777);
  for (int i = 0; i < 2000; ++i) {
    Program p = RandomForwardProgram(rng);
    if (!VerifyProgram(p).ok()) continue;
    Optimize(&p);
    const Program once = p;
    EXPECT_EQ(Optimize(&p).rounds, 0);
    EXPECT_TRUE(Same(p, once));
  }
}

}  // namespace
}  // namespace seccompc

#include "compiler/codegen/decision.h"

#include <random>
#include <string>
#include <vector>

#include "compiler/codegen/test_policies.h"
#include "compiler/reference/evaluate.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

constexpr Action kAllow{ActionKind::kAllow, 0};
constexpr Action kEperm{ActionKind::kErrno, 1};
constexpr Action kEnosys{ActionKind::kErrno, 38};
constexpr Action kKill{ActionKind::kKillThread, 0};
constexpr Action kLog{ActionKind::kLog, 0};

const ArgCondition kArg0Eq1{0, CmpOp::kEq, 1, 0};
const ArgCondition kArg1Gt5{1, CmpOp::kGt, 5, 0};

TEST(TruthOfTest, BoundaryConstants) {
  struct Case {
    ArgCondition c;
    ConditionTruth want;
  };
  const uint64_t kMax = ~uint64_t{0};
  const std::vector<Case> cases = {
      {{0, CmpOp::kLt, 0, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kLt, 1, 0}, ConditionTruth::kDepends},
      {{0, CmpOp::kGe, 0, 0}, ConditionTruth::kAlways},
      {{0, CmpOp::kGt, kMax, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kGt, kMax - 1, 0}, ConditionTruth::kDepends},
      {{0, CmpOp::kLe, kMax, 0}, ConditionTruth::kAlways},
      {{0, CmpOp::kMaskedEq, 0, 0}, ConditionTruth::kAlways},
      {{0, CmpOp::kMaskedEq, 0xF0, 0x0F}, ConditionTruth::kNever},
      {{0, CmpOp::kMaskedEq, 0xF0, 0x10}, ConditionTruth::kDepends},
      {{0, CmpOp::kEq, 0, 0}, ConditionTruth::kDepends},
      {{0, CmpOp::kNe, kMax, 0}, ConditionTruth::kDepends},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TruthOf(c.c), c.want)
        << static_cast<int>(c.c.op) << " " << c.c.value;
    // The claim must agree with Holds() on edge arguments.
    for (uint64_t arg : {uint64_t{0}, uint64_t{1}, uint64_t{5}, uint64_t{0x10},
                         uint64_t{0xFF}, kMax, kMax - 1}) {
      if (c.want == ConditionTruth::kAlways) {
        EXPECT_TRUE(c.c.Holds(arg));
      }
      if (c.want == ConditionTruth::kNever) {
        EXPECT_FALSE(c.c.Holds(arg));
      }
    }
  }
}

struct DecideCase {
  std::string name;
  std::vector<PolicyRule> rules;
  Action default_action;
  Decision want;
};

TEST(DecideSyscallTest, Table) {
  const std::vector<DecideCase> cases = {
      {"no rules: the default", {}, kEperm, {{}, kEperm}},
      {"one unconditional rule", {{{}, kAllow, 0}}, kEperm, {{}, kAllow}},
      {"precedence beats entry order",
       {{{}, kAllow, 0}, {{kArg0Eq1}, kKill, 5}},
       kEperm,
       {{{{kArg0Eq1}, kKill}}, kAllow}},
      {"among equal kinds the earlier entry wins",
       {{{kArg0Eq1}, kEnosys, 3}, {{kArg1Gt5}, kEperm, 1}},
       kAllow,
       {{{{kArg1Gt5}, kEperm}, {{kArg0Eq1}, kEnosys}}, kAllow}},
      {"rules after an unconditional one are dead",
       {{{}, kEperm, 0}, {{kArg0Eq1}, kAllow, 1}, {{kArg1Gt5}, kLog, 2}},
       kKill,
       {{}, kEperm}},
      {"trailing rules with the fallback's action go",
       {{{kArg0Eq1}, kKill, 0}, {{kArg1Gt5}, kEperm, 1}},
       kEperm,
       {{{{kArg0Eq1}, kKill}}, kEperm}},
      {"always-true conditions vanish",
       {{{{0, CmpOp::kGe, 0, 0}}, kAllow, 0}},
       kEperm,
       {{}, kAllow}},
      {"never-true rules vanish",
       {{{{0, CmpOp::kLt, 0, 0}}, kKill, 0}},
       kAllow,
       {{}, kAllow}},
      {"conditions sorted and deduplicated",
       {{{kArg1Gt5, kArg0Eq1, kArg1Gt5}, kAllow, 0}},
       kEperm,
       {{{{kArg0Eq1, kArg1Gt5}, kAllow}}, kEperm}},
  };
  for (const DecideCase& c : cases) {
    EXPECT_EQ(DecideSyscall(c.rules, c.default_action, ArgWidth::k64), c.want)
        << c.name;
  }
}

TEST(DecideSyscallTest, EqualBehaviourCompareEqual) {
  // ERRNO outranks ALLOW, so the conditional ALLOW is dead in both.
  const Decision a = DecideSyscall(
      {{{kArg0Eq1}, kKill, 0}, {{}, kEperm, 1}, {{kArg1Gt5}, kAllow, 2}},
      kAllow, ArgWidth::k64);
  const Decision b = DecideSyscall({{{}, kEperm, 7}, {{kArg0Eq1}, kKill, 2}},
                                   kLog, ArgWidth::k64);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, (Decision{{{{kArg0Eq1}, kKill}}, kEperm}));
  EXPECT_FALSE(a.MayAllow());
  EXPECT_TRUE(DecideSyscall({{{kArg0Eq1}, kAllow, 0}}, kEperm, ArgWidth::k64)
                  .MayAllow());
}

// The canonical decision evaluated in order gives the policy's meaning, on
// a 64-bit ABI and on i386 (arguments with junk high words).
TEST(DecideSyscallTest, AgreesWithTheEvaluatorOnRandomRules) {
  std::mt19937_64 rng(2024);
  for (int i = 0; i < 3000; ++i) {
    const ArchSpec& arch = GetArch(i % 2 ? ArchId::kX86 : ArchId::kX86_64);
    Policy policy;
    policy.default_action = RandomAction(rng);
    ArchPolicy abi;
    abi.arch = &arch;
    std::vector<PolicyRule>& rules = abi.syscalls[0];
    const int n = 1 + rng() % 6;
    for (int r = 0; r < n; ++r) {
      PolicyRule rule;
      rule.action = RandomAction(rng);
      rule.entry_index = rng() % 5;
      for (int c = rng() % 4; c > 0; --c) {
        rule.conditions.push_back(RandomCondition(rng));
      }
      rules.push_back(rule);
    }
    policy.arches.push_back(abi);
    const Decision d =
        DecideSyscall(rules, policy.default_action, WidthOf(arch));
    for (ArgVector args : InterestingArgs(rules, rng, 50)) {
      if (rng() % 2) {
        for (uint64_t& a : args) a ^= uint64_t{rng() % 3 + 1} << 32;
      }
      const seccomp_data data = MakeData(arch.audit_arch, 0, args);
      ASSERT_EQ(d.Evaluate(args.data()), Evaluate(policy, data).action)
          << "case " << i;
    }
  }
}

TEST(TruthOfTest, ThirtyTwoBitArguments) {
  struct Case {
    ArgCondition c;
    ConditionTruth want;
  };
  const uint64_t k4G = 0x100000000;
  const uint64_t kMinus1 = ~uint64_t{0};
  const uint64_t kAtFdcwd = 0xFFFFFFFFFFFFFF9C;  // -100
  const std::vector<Case> cases = {
      // A constant that is no 32-bit value: never, whatever the operator.
      {{0, CmpOp::kEq, k4G, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kEq, 0x1FFFFFFFF, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kNe, k4G + 7, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kLt, k4G, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kLe, 0xFFFFFFFF7FFFFFFF, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kGe, k4G, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kGt, 0xFFFFFFFF00000000, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kMaskedEq, 0xFFFFFFFF00000000, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kMaskedEq, kMinus1, k4G}, ConditionTruth::kNever},
      {{0, CmpOp::kMaskedEq, k4G | 4, 4}, ConditionTruth::kNever},
      // 32-bit values, zero- or sign-extended.
      {{0, CmpOp::kEq, 0xFFFFFFFF, 0}, ConditionTruth::kDepends},
      {{0, CmpOp::kEq, kMinus1, 0}, ConditionTruth::kDepends},
      {{0, CmpOp::kNe, kAtFdcwd, 0}, ConditionTruth::kDepends},
      {{0, CmpOp::kLt, 0xFFFFFFFF, 0}, ConditionTruth::kDepends},
      {{0, CmpOp::kLt, 0, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kLe, 0xFFFFFFFF, 0}, ConditionTruth::kAlways},
      {{0, CmpOp::kLe, kMinus1, 0}, ConditionTruth::kAlways},
      {{0, CmpOp::kGt, 0xFFFFFFFF, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kGt, kMinus1, 0}, ConditionTruth::kNever},
      {{0, CmpOp::kGt, 0xFFFFFFFE, 0}, ConditionTruth::kDepends},
      {{0, CmpOp::kGe, 0xFFFFFFFF, 0}, ConditionTruth::kDepends},
      {{0, CmpOp::kGe, 0, 0}, ConditionTruth::kAlways},
      {{0, CmpOp::kMaskedEq, 0, 0}, ConditionTruth::kAlways},
      {{0, CmpOp::kMaskedEq, kMinus1, 4}, ConditionTruth::kDepends},
      {{0, CmpOp::kMaskedEq, kMinus1, kMinus1}, ConditionTruth::kDepends},
      {{0, CmpOp::kMaskedEq, 0xF0, 0xFFFFFFFFFFFFFF00},
       ConditionTruth::kNever},  // value bits outside the mask
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TruthOf(c.c, ArgWidth::k32), c.want)
        << static_cast<int>(c.c.op) << " 0x" << std::hex << c.c.value;
  }
  const ArgCondition narrow =
      NarrowTo32Bits({0, CmpOp::kMaskedEq, kMinus1, kAtFdcwd});
  EXPECT_EQ(narrow.value, 0xFFFFFFFFu);
  EXPECT_EQ(narrow.value_two, 0xFFFFFF9Cu);
  EXPECT_EQ(NarrowTo32Bits({0, CmpOp::kEq, kAtFdcwd, 0}).value, 0xFFFFFF9Cu);
}

// A rule that can never hold on i386 leaves a decision equal to the one
// without it (so the range builder merges it with its neighbours).
TEST(DecideSyscallTest, ThirtyTwoBitDecisionsAreCanonical) {
  const ArgCondition eq_4g{0, CmpOp::kEq, 0x100000000, 0};
  EXPECT_EQ(DecideSyscall({{{eq_4g}, kKill, 0}}, kEperm, ArgWidth::k32),
            ConstantDecision(kEperm));
  EXPECT_EQ(DecideSyscall({{{{0, CmpOp::kLt, 0x100000000, 0}}, kKill, 0}},
                          kEperm, ArgWidth::k32),
            ConstantDecision(kEperm));
  // -1 written sign-extended or as its low word: one decision.
  EXPECT_EQ(DecideSyscall({{{{0, CmpOp::kEq, ~uint64_t{0}, 0}}, kKill, 0}},
                          kEperm, ArgWidth::k32),
            DecideSyscall({{{{0, CmpOp::kEq, 0xFFFFFFFF, 0}}, kKill, 0}},
                          kEperm, ArgWidth::k32));
  EXPECT_NE(DecideSyscall({{{eq_4g}, kKill, 0}}, kEperm, ArgWidth::k64),
            ConstantDecision(kEperm));
}

TEST(DecideNumberTest, StubFirstThenRulesThenDefault) {
  const ArchSpec& arch = GetArch(ArchId::kX86);
  ArchPolicy abi;
  abi.arch = &arch;
  abi.syscalls[3].push_back({{kArg0Eq1}, kAllow, 0});
  abi.syscalls[4].push_back({{}, kLog, 1});
  abi.syscalls[500].push_back({{}, kAllow, 2});
  abi.enosys_above = 450;
  EXPECT_EQ(DecideNumber(abi, 3, kEperm),
            DecideSyscall(abi.syscalls[3], kEperm, ArgWidth::k32));
  EXPECT_EQ(DecideNumber(abi, 4, kEperm), ConstantDecision(kLog));
  EXPECT_EQ(DecideNumber(abi, 5, kEperm), ConstantDecision(kEperm));
  // The stub wins over the rule for 500.
  EXPECT_EQ(DecideNumber(abi, 500, kEperm), ConstantDecision(kEnosys));
}

}  // namespace
}  // namespace seccompc

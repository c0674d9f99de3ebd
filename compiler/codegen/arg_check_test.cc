#include "compiler/codegen/arg_check.h"

#include <optional>
#include <random>

#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "compiler/codegen/test_policies.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

constexpr uint32_t kHolds = 1;
constexpr uint32_t kFails = 2;

Program ConditionProgram(const ArchSpec& arch, const ArgCondition& c,
                         ArgWidth width = ArgWidth::k64) {
  FilterDag dag;
  return dag.Emit(ConditionNode(&dag, arch, c, width, dag.Return(kHolds),
                                dag.Return(kFails)));
}

// Every operator on boundary constants, on a little- and a big-endian
// arch, against ArgCondition::Holds on the constants' word neighbours.
TEST(ArgCheckTest, ConditionsAreExact64BitComparisons) {
  const uint64_t kMax = ~uint64_t{0};
  const uint64_t constants[] = {
      0,           1,        0xFFFFFFFE, 0xFFFFFFFF,         0x100000000,
      0x100000001, kMax - 1, kMax,       0x123456789ABCDEF0, 0xFFFFFFFF00000000,
      0x80000000};
  std::mt19937_64 rng(3);
  for (ArchId id : {ArchId::kX86_64, ArchId::kS390x, ArchId::kMips}) {
    const ArchSpec& arch = GetArch(id);
    for (int op = 0; op <= static_cast<int>(CmpOp::kMaskedEq); ++op) {
      for (uint64_t value : constants) {
        for (uint64_t value_two :
             {value, uint64_t{0}, value & 0xF0F0F0F0F0F0F0F0, uint64_t{1}}) {
          const ArgCondition c{static_cast<uint32_t>(rng() % 6),
                               static_cast<CmpOp>(op), value, value_two};
          const Program p = ConditionProgram(arch, c);
          ASSERT_TRUE(VerifyProgram(p).ok());
          std::vector<uint64_t> args;
          for (uint64_t k : constants) {
            for (uint64_t n : Neighbours(k)) args.push_back(n);
          }
          for (uint64_t n : Neighbours(value_two)) args.push_back(n);
          for (int r = 0; r < 20; ++r) args.push_back(rng());
          for (uint64_t arg : args) {
            ArgVector v = {};
            v[c.index] = arg;
            const seccomp_data data =
                AsLaidOutFor(MakeData(arch.audit_arch, 0, v), arch);
            ASSERT_EQ(*RunProgram(p, data), c.Holds(arg) ? kHolds : kFails)
                << arch.short_name << " op " << op << " value 0x" << std::hex
                << value << " value_two 0x" << value_two << " arg 0x" << arg;
          }
        }
      }
    }
  }
}

// What a condition means on a 32-bit ABI (model/policy.h), written out
// here: constants read as 32-bit values (sign-extended ones as their low
// word), the condition never holding when one is none.
bool HoldsOn32BitAbi(const ArgCondition& c, uint32_t low) {
  const std::optional<uint32_t> value = ConstantOn32BitAbi(c.value);
  const std::optional<uint32_t> value_two =
      c.op == CmpOp::kMaskedEq ? ConstantOn32BitAbi(c.value_two) : 0;
  if (!value || !value_two) return false;
  return ArgCondition{c.index, c.op, *value, *value_two}.Holds(low);
}

// 32-bit ABIs, every one of them: the condition holds on the register's
// low word alone, whatever junk the high word carries, and no high word is
// ever loaded.
TEST(ArgCheckTest, ThirtyTwoBitConditionsReadTheLowWordOnly) {
  const uint64_t kMax = ~uint64_t{0};
  const uint64_t constants[] = {0,
                                1,
                                0x7FFFFFFF,
                                0x80000000,
                                0xFFFFFFFE,
                                0xFFFFFFFF,
                                0x100000000,
                                0x100000007,
                                0x1FFFFFFFF,
                                kMax - 1,
                                kMax,
                                0xFFFFFFFF00000000,
                                0xFFFFFFFF7FFFFFFF,
                                0xFFFFFFFF80000000,
                                0xFFFFFFFFFFFFFF9C};
  const uint64_t junk_high[] = {0, 1, 0x80000000, 0xFFFFFFFF, 0x12345678};
  std::mt19937_64 rng(5);
  int abis = 0;
  for (const ArchSpec& arch : AllArches()) {
    if (!ArgumentsAre32Bit(arch)) continue;
    ++abis;
    for (int op = 0; op <= static_cast<int>(CmpOp::kMaskedEq); ++op) {
      for (uint64_t value : constants) {
        for (uint64_t value_two :
             {value, uint64_t{0}, value & 0xFFFF00FF, uint64_t{7},
              uint64_t{0x100000000}, value & 0xFFFFFFFFFFFFFFF0}) {
          const ArgCondition c{static_cast<uint32_t>(rng() % 6),
                               static_cast<CmpOp>(op), value, value_two};
          const Program p = ConditionProgram(arch, c, ArgWidth::k32);
          ASSERT_TRUE(VerifyProgram(p).ok());
          for (const sock_filter& insn : p) {
            if (insn.code == (BPF_LD | BPF_W | BPF_ABS)) {
              EXPECT_EQ(insn.k, arch.ArgLowOffset(static_cast<int>(c.index)));
            }
          }
          std::vector<uint64_t> lows;
          for (uint64_t k : constants) {
            for (uint64_t n : Neighbours(k)) lows.push_back(n & 0xFFFFFFFF);
          }
          for (uint64_t n : Neighbours(value_two)) {
            lows.push_back(n & 0xFFFFFFFF);
          }
          for (uint64_t low : lows) {
            for (uint64_t high : junk_high) {
              ArgVector v = {};
              v[c.index] = (high << 32) | low;
              const seccomp_data data =
                  AsLaidOutFor(MakeData(arch.audit_arch, 0, v), arch);
              ASSERT_EQ(*RunProgram(p, data),
                        HoldsOn32BitAbi(c, static_cast<uint32_t>(low)) ? kHolds
                                                                       : kFails)
                  << arch.short_name << " op " << op << " value 0x" << std::hex
                  << value << " value_two 0x" << value_two << " arg 0x"
                  << v[c.index];
            }
          }
        }
      }
    }
  }
  EXPECT_GE(abis, 10);  // x86, arm, mips o32 and n32, ppc, s390, ...
}

TEST(ArgCheckTest, SingleWordComparisonsLoadOneWord) {
  const ArchSpec& arch = GetArch(ArchId::kX86_64);
  struct Case {
    ArgCondition c;
    size_t size;  // ld + test + 2 rets
  };
  const Case cases[] = {
      {{0, CmpOp::kGe, 0x500000000, 0}, 4},  // low word 0
      {{0, CmpOp::kLt, 0x500000000, 0}, 4},
      {{0, CmpOp::kGt, 0x5FFFFFFFF, 0}, 4},       // low word all ones
      {{0, CmpOp::kMaskedEq, 0x4, 0x4}, 4},       // JSET, high mask 0
      {{0, CmpOp::kMaskedEq, 0x7E020000, 0}, 4},  // JSET, value 0
      {{0, CmpOp::kMaskedEq, 0xFF, 0x12}, 5},     // AND + JEQ
  };
  for (const Case& c : cases) {
    const Program p = ConditionProgram(arch, c.c);
    EXPECT_EQ(p.size(), c.size) << static_cast<int>(c.c.op) << " " << c.c.value;
  }
}

TEST(ArgCheckTest, WordOffsetsFollowByteOrder) {
  const ArgCondition c{2, CmpOp::kEq, 0x0000000100000002, 0};
  for (ArchId id : {ArchId::kX86_64, ArchId::kS390x}) {
    const ArchSpec& arch = GetArch(id);
    const Program p = ConditionProgram(arch, c);
    ASSERT_GE(p.size(), 3u);
    EXPECT_EQ(p[0].k, arch.ArgHighOffset(2)) << arch.short_name;  // high first
  }
  EXPECT_NE(GetArch(ArchId::kX86_64).ArgHighOffset(2),
            GetArch(ArchId::kS390x).ArgHighOffset(2));
}

TEST(ArgCheckTest, DecisionTriesRulesInOrder) {
  const ArchSpec& arch = GetArch(ArchId::kX86_64);
  const ArgCondition arg0_is_1{0, CmpOp::kEq, 1, 0};
  const ArgCondition arg1_gt_5{1, CmpOp::kGt, 5, 0};
  const Decision d{{{{arg0_is_1}, {ActionKind::kKillThread, 0}},
                    {{arg0_is_1, arg1_gt_5}, {ActionKind::kAllow, 0}},
                    {{arg1_gt_5}, {ActionKind::kLog, 0}}},
                   {ActionKind::kErrno, 1},
                   ArgWidth::k64};
  FilterDag dag;
  const Program p = dag.Emit(DecisionNode(&dag, arch, d));
  ASSERT_TRUE(VerifyProgram(p).ok());
  for (uint64_t a0 : {0, 1, 2}) {
    for (uint64_t a1 : {5, 6}) {
      const ArgVector v = {a0, a1};
      const seccomp_data data = MakeData(arch.audit_arch, 0, v);
      EXPECT_EQ(*RunProgram(p, data), d.Evaluate(v.data()).ToRet())
          << a0 << " " << a1;
    }
  }
}

}  // namespace
}  // namespace seccompc

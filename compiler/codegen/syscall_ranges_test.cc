#include "compiler/codegen/syscall_ranges.h"

#include <linux/audit.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "compiler/codegen/test_policies.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

constexpr Action kAllow{ActionKind::kAllow, 0};
constexpr Action kEperm{ActionKind::kErrno, 1};
constexpr Action kKillProcess{ActionKind::kKillProcess, 0};

ArchPolicy Abi(ArchId id, std::vector<uint32_t> allowed) {
  ArchPolicy abi;
  abi.arch = &GetArch(id);
  for (uint32_t nr : allowed) abi.syscalls[nr] = {PolicyRule{{}, kAllow, 0}};
  return abi;
}

// Ranges cover 0..0xFFFFFFFF in order and neighbours differ.
void ExpectWellFormed(const std::vector<SyscallRange>& ranges) {
  ASSERT_FALSE(ranges.empty());
  EXPECT_EQ(ranges.front().first, 0u);
  EXPECT_EQ(ranges.back().last, 0xFFFFFFFFu);
  for (size_t i = 1; i < ranges.size(); ++i) {
    EXPECT_EQ(ranges[i].first, ranges[i - 1].last + 1);
    EXPECT_NE(ranges[i].decision, ranges[i - 1].decision);
  }
}

// The numbers each ABI allows (EPERM otherwise), and the ranges of the
// first audit-arch group: neighbours with equal decisions merged.
struct RangesCase {
  const char* name;
  std::vector<std::pair<ArchId, std::vector<uint32_t>>> allowed;
  struct Range {
    uint32_t first;
    uint32_t last;
    bool allow;  // else the default, EPERM
  };
  std::vector<Range> want;
};

class FirstGroupRanges : public ::testing::TestWithParam<RangesCase> {};

TEST_P(FirstGroupRanges, MergeNeighboursWithEqualDecisions) {
  const RangesCase& c = GetParam();
  Policy policy;
  policy.default_action = kEperm;
  for (const auto& [id, nrs] : c.allowed) policy.arches.push_back(Abi(id, nrs));
  const std::vector<ArchGroup> groups = GroupByAuditArch(policy);
  ASSERT_FALSE(groups.empty());
  DecisionTable decisions;
  const std::vector<SyscallRange> ranges =
      BuildRanges(groups[0], policy.default_action, &decisions);
  ExpectWellFormed(ranges);
  const int allow = decisions.Intern(ConstantDecision(kAllow));
  const int eperm = decisions.Intern(ConstantDecision(kEperm));
  std::vector<SyscallRange> want;
  for (const RangesCase::Range& r : c.want) {
    want.push_back({r.first, r.last, r.allow ? allow : eperm});
  }
  EXPECT_EQ(ranges, want);
}

INSTANTIATE_TEST_SUITE_P(
    SyscallRangesTest, FirstGroupRanges,
    ::testing::Values(RangesCase{"MergesNeighboursWithEqualDecisions",
                                 {{ArchId::kAarch64, {0, 1, 2, 5, 6}}},
                                 {{0, 2, true},
                                  {3, 4, false},
                                  {5, 6, true},
                                  {7, 0xFFFFFFFF, false}}},
                      RangesCase{
                          "RulesAtTheEndsOfTheNumberSpace",
                          {{ArchId::kAarch64, {0, 0xFFFFFFFE, 0xFFFFFFFF}}},
                          {{0, 0, true},
                           {1, 0xFFFFFFFD, false},
                           {0xFFFFFFFE, 0xFFFFFFFF, true}}},
                      // x86_64 and x32 share a dispatch, split by bit 30.
                      RangesCase{"X86_64AndX32SplitByBit30",
                                 {{ArchId::kX86_64, {0}},
                                  {ArchId::kX86, {0}},
                                  {ArchId::kX32, {0x40000000}}},
                                 {{0, 0, true},
                                  {1, 0x3FFFFFFF, false},
                                  {0x40000000, 0x40000000, true},
                                  {0x40000001, 0xFFFFFFFF, false}}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SyscallRangesTest, X86_64AndX32ShareOneAuditArchGroup) {
  Policy policy;
  policy.default_action = kEperm;
  policy.arches.push_back(Abi(ArchId::kX86_64, {0}));
  policy.arches.push_back(Abi(ArchId::kX86, {0}));
  policy.arches.push_back(Abi(ArchId::kX32, {0x40000000}));
  const std::vector<ArchGroup> groups = GroupByAuditArch(policy);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].audit_arch, AUDIT_ARCH_X86_64);
  EXPECT_EQ(groups[0].abis.size(), 2u);
  EXPECT_EQ(groups[1].audit_arch, AUDIT_ARCH_I386);
}

TEST(SyscallRangesTest, AbsentAbiOfASharedArchIsKilled) {
  for (ArchId present : {ArchId::kX86_64, ArchId::kX32}) {
    Policy policy;
    policy.default_action = kAllow;
    policy.arches.push_back(Abi(present, {}));
    DecisionTable decisions;
    const std::vector<SyscallRange> ranges = BuildRanges(
        GroupByAuditArch(policy)[0], policy.default_action, &decisions);
    ExpectWellFormed(ranges);
    const int kill = decisions.Intern(ConstantDecision(kKillProcess));
    ASSERT_EQ(ranges.size(), 4u);
    const bool x32 = present == ArchId::kX32;
    EXPECT_EQ(ranges[0].decision == kill, x32);   // 0..0x3FFFFFFF
    EXPECT_EQ(ranges[1].decision == kill, !x32);  // 0x40000000..
    EXPECT_EQ(ranges[2].decision == kill, x32);   // 0x80000000..
    EXPECT_EQ(ranges[3].decision == kill, !x32);  // 0xC0000000..
  }
}

TEST(SyscallRangesTest, RandomPoliciesGiveWellFormedRanges) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    std::mt19937_64 rng(seed);
    const Policy policy = RandomPolicy(rng);
    for (const ArchGroup& group : GroupByAuditArch(policy)) {
      DecisionTable decisions;
      const std::vector<SyscallRange> ranges =
          BuildRanges(group, policy.default_action, &decisions);
      ExpectWellFormed(ranges);
      const std::vector<double> weights =
          RangeWeights(ranges, group, decisions, {});
      ASSERT_EQ(weights.size(), ranges.size());
      for (double w : weights) EXPECT_GT(w, 0);
    }
  }
}

TEST(SyscallRangesTest, WeightsCountMayAllowSyscallsOrFrequencies) {
  Policy policy;
  policy.default_action = kEperm;
  const ArchSpec& x86_64 = GetArch(ArchId::kX86_64);
  policy.arches.push_back(
      Abi(ArchId::kX86_64, {*x86_64.Lookup("read"), *x86_64.Lookup("write")}));
  const ArchGroup group = GroupByAuditArch(policy)[0];
  DecisionTable decisions;
  const std::vector<SyscallRange> ranges =
      BuildRanges(group, policy.default_action, &decisions);
  ASSERT_EQ(ranges[0].last, 1u);  // read = 0, write = 1
  const std::vector<double> uniform =
      RangeWeights(ranges, group, decisions, {});
  const std::vector<double> weighted =
      RangeWeights(ranges, group, decisions, {{"read", 100}, {"open", 1}});
  EXPECT_NEAR(uniform[0], 2.05, 1e-9);  // two syscalls + the range's share
  EXPECT_NEAR(uniform[1], 0.05, 1e-9);  // nothing allowed
  // Frequencies are scaled to a mean of 1 over the table's rows: read
  // weighs 1 + 100 * 2 / 101, write 1 + 0.
  EXPECT_NEAR(weighted[0], 2.05 + 200.0 / 101, 1e-9);
}

}  // namespace
}  // namespace seccompc

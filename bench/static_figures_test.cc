#include "bench/static_figures.h"

#include <linux/audit.h>

#include "compiler/arch/arch.h"
#include "compiler/bpf/bpf.h"
#include "compiler/model/policy.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

constexpr uint32_t kGetpid = 39;

// x86_64 only: getpid allowed, everything else ERRNO(1).
Policy GetpidOnly() {
  Policy policy;
  policy.default_action = {ActionKind::kErrno, 1};
  ArchPolicy amd64;
  amd64.arch = &GetArch(ArchId::kX86_64);
  amd64.syscalls[kGetpid].push_back(
      PolicyRule{{}, Action{ActionKind::kAllow, 0}, 0});
  policy.arches.push_back(amd64);
  return policy;
}

// The straightforward filter for GetpidOnly(): x32 numbers (bit 30) are
// killed, as policy.h says for an ABI outside the target; 6 instructions on
// every path of an x86_64 number.
Program GetpidOnlyProgram() {
  return {LoadAbs(kArchOffset),          JumpEq(AUDIT_ARCH_X86_64, 1, 0),
          Ret(SECCOMP_RET_KILL_PROCESS), LoadAbs(kNrOffset),
          JumpSet(0x40000000, 0, 1),     Ret(SECCOMP_RET_KILL_PROCESS),
          JumpEq(kGetpid, 0, 1),         Ret(SECCOMP_RET_ALLOW),
          Ret(SECCOMP_RET_ERRNO | 1)};
}

TEST(LowerBoundTest, LoadsArchCheckSearchAndReturn) {
  struct Case {
    size_t ranges;
    size_t bound;
  };
  for (const Case& c : {Case{1, 4}, Case{2, 5}, Case{3, 6}, Case{4, 6},
                        Case{5, 7}, Case{161, 12}, Case{256, 12}}) {
    EXPECT_EQ(LowerBound(c.ranges), c.bound) << c.ranges << " ranges";
  }
}

TEST(MeasureFilterTest, CountsExecutedInstructionsAndCache) {
  absl::StatusOr<FilterFigures> f =
      MeasureFilter(GetpidOnlyProgram(), GetpidOnly(), {{"getpid", 3.0}});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->instructions, 9u);
  ASSERT_EQ(f->abis.size(), 1u);
  const AbiFigures& a = f->abis[0];
  EXPECT_EQ(a.abi, "amd64");
  EXPECT_DOUBLE_EQ(a.all.mean, 6.0);
  EXPECT_EQ(a.all.max, 6u);
  EXPECT_EQ(a.allowed.count, 1u);
  EXPECT_DOUBLE_EQ(a.allowed.mean, 6.0);
  EXPECT_DOUBLE_EQ(a.weighted_mean, 6.0);
  EXPECT_TRUE(a.kernel_caches);
  EXPECT_EQ(a.argument_free_allow, 1u);
  EXPECT_EQ(a.cache_eligible, 1u);
  EXPECT_EQ(a.cached_but_not_allowed, 0u);
  // Below getpid, getpid, above up to bit 30, x32 (KILL), bit 31 without
  // bit 30, bit 31 with it.
  EXPECT_EQ(a.ranges, 6u);
  EXPECT_EQ(a.lower_bound, 7u);
  EXPECT_EQ(f->mismatches, 0u);
  EXPECT_GT(f->checked, a.all.count);  // the weighted probe is checked too
}

TEST(MeasureFilterTest, ReportsAFilterThatMeansSomethingElse) {
  // Allows everything on x86_64: wrong for every number but getpid.
  const Program allow_all = {
      LoadAbs(kArchOffset), JumpEq(AUDIT_ARCH_X86_64, 1, 0),
      Ret(SECCOMP_RET_KILL_PROCESS), Ret(SECCOMP_RET_ALLOW)};
  absl::StatusOr<FilterFigures> f = MeasureFilter(allow_all, GetpidOnly(), {});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->mismatches, f->abis[0].all.count - 1);
  EXPECT_FALSE(f->mismatch_examples.empty());
  EXPECT_GT(f->abis[0].cached_but_not_allowed, 0u);
  EXPECT_EQ(f->abis[0].cache_eligible, 1u);
}

}  // namespace
}  // namespace seccompc

// Tests for the model's value types: actions (return values, precedence,
// profile names), capabilities, argument conditions and Policy lookups.
// The expectations come from the kernel's own definitions (linux/seccomp.h,
// linux/capability.h), not from the code under test.
#include <linux/capability.h>
#include <linux/seccomp.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "compiler/arch/arch.h"
#include "compiler/model/action.h"
#include "compiler/model/capabilities.h"
#include "compiler/model/policy.h"
#include "compiler/model/profile.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

// kAllActionKinds is every kind, once, in the enum's order.
TEST(ActionTest, AllKindsListsEachKindInOrder) {
  int i = 0;
  for (ActionKind k : kAllActionKinds) {
    EXPECT_EQ(static_cast<int>(k), i++);
  }
  EXPECT_EQ(i, static_cast<int>(ActionKind::kAllow) + 1);
}

TEST(ActionTest, ReturnValuesAreTheKernels) {
  struct Case {
    Action action;
    uint32_t ret;
  } cases[] = {
      {{ActionKind::kKillProcess, 0}, SECCOMP_RET_KILL_PROCESS},
      {{ActionKind::kKillThread, 0}, SECCOMP_RET_KILL_THREAD},
      {{ActionKind::kTrap, 0}, SECCOMP_RET_TRAP},
      {{ActionKind::kErrno, 1}, SECCOMP_RET_ERRNO | 1},
      {{ActionKind::kErrno, 4095}, SECCOMP_RET_ERRNO | 4095},
      {{ActionKind::kUserNotif, 0}, SECCOMP_RET_USER_NOTIF},
      {{ActionKind::kTrace, 65535}, SECCOMP_RET_TRACE | 65535},
      {{ActionKind::kLog, 0}, SECCOMP_RET_LOG},
      {{ActionKind::kAllow, 0}, SECCOMP_RET_ALLOW},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.action.ToRet(), c.ret) << c.action.ToString();
    std::optional<Action> back = ActionFromRet(c.ret);
    ASSERT_TRUE(back.has_value()) << c.action.ToString();
    EXPECT_EQ(*back, c.action);
  }
}

TEST(ActionTest, FromRetMasksDataLikeTheKernel) {
  // Data bits on actions that take none are ignored, as the kernel does.
  EXPECT_EQ(ActionFromRet(SECCOMP_RET_ALLOW | 7),
            (Action{ActionKind::kAllow, 0}));
  EXPECT_EQ(ActionFromRet(SECCOMP_RET_KILL_PROCESS | 3),
            (Action{ActionKind::kKillProcess, 0}));
  // Values between the defined actions mean nothing.
  EXPECT_FALSE(ActionFromRet(0x00010000).has_value());
  EXPECT_FALSE(ActionFromRet(0x7ffe0000).has_value());
}

// kernel/seccomp.c keeps the result whose ACTION_ONLY value is smallest as a
// signed 32-bit number; TakesPrecedence must agree for every pair of kinds.
TEST(ActionTest, PrecedenceMatchesTheKernelsSignedOrder) {
  for (ActionKind a : kAllActionKinds) {
    for (ActionKind b : kAllActionKinds) {
      const int32_t ra =
          static_cast<int32_t>(Action{a, 0}.ToRet() & SECCOMP_RET_ACTION_FULL);
      const int32_t rb =
          static_cast<int32_t>(Action{b, 0}.ToRet() & SECCOMP_RET_ACTION_FULL);
      EXPECT_EQ(TakesPrecedence(a, b), ra < rb)
          << ActionKindName(a) << " vs " << ActionKindName(b);
    }
  }
}

TEST(ActionTest, ProfileNames) {
  EXPECT_EQ(ActionKindFromName("SCMP_ACT_KILL"), ActionKind::kKillThread);
  EXPECT_EQ(ActionKindFromName("SCMP_ACT_KILL_THREAD"),
            ActionKind::kKillThread);
  EXPECT_EQ(ActionKindFromName("SCMP_ACT_KILL_PROCESS"),
            ActionKind::kKillProcess);
  EXPECT_EQ(ActionKindFromName("SCMP_ACT_NOTIFY"), ActionKind::kUserNotif);
  EXPECT_EQ(ActionKindFromName("SCMP_ACT_ERRNO"), ActionKind::kErrno);
  EXPECT_FALSE(ActionKindFromName("scmp_act_errno").has_value());
  EXPECT_FALSE(ActionKindFromName("SCMP_ACT_").has_value());
  EXPECT_FALSE(ActionKindFromName("").has_value());
  for (ActionKind k : kAllActionKinds) {
    EXPECT_NE(ActionKindName(k), "?");
  }
  EXPECT_EQ((Action{ActionKind::kErrno, 38}).ToString(), "ERRNO(38)");
  EXPECT_EQ((Action{ActionKind::kAllow, 0}).ToString(), "ALLOW");
}

TEST(CapabilitiesTest, NamesRoundTripWithTheKernelsNumbers) {
  EXPECT_EQ(CapabilityFromName("CAP_CHOWN"), CAP_CHOWN);
  EXPECT_EQ(CapabilityFromName("CAP_SYS_ADMIN"), CAP_SYS_ADMIN);
  EXPECT_EQ(CapabilityFromName("CAP_CHECKPOINT_RESTORE"),
            CAP_CHECKPOINT_RESTORE);
  EXPECT_EQ(kMaxCapability, CAP_LAST_CAP);
  for (int cap = 0; cap <= kMaxCapability; ++cap) {
    std::string_view name = CapabilityName(cap);
    ASSERT_FALSE(name.empty()) << cap;
    EXPECT_EQ(CapabilityFromName(name), cap) << name;
  }
  EXPECT_EQ(CapabilityName(kMaxCapability + 1), "");
  EXPECT_FALSE(CapabilityFromName("cap_sys_admin").has_value());
  EXPECT_FALSE(CapabilityFromName("CAP_NOPE").has_value());
}

TEST(CapabilitiesTest, Sets) {
  const CapabilitySet docker = DockerDefaultCapabilities();
  // moby oci/caps/defaults.go: 14 capabilities, none of the admin ones.
  EXPECT_EQ(__builtin_popcountll(docker), 14);
  EXPECT_TRUE(docker & (CapabilitySet{1} << CAP_NET_BIND_SERVICE));
  EXPECT_FALSE(docker & (CapabilitySet{1} << CAP_SYS_ADMIN));
  EXPECT_FALSE(docker & (CapabilitySet{1} << CAP_SYS_PTRACE));
  const CapabilitySet all = AllCapabilities();
  EXPECT_EQ(__builtin_popcountll(all), CAP_LAST_CAP + 1);
  EXPECT_EQ(docker & ~all, 0u);
}

TEST(ArgConditionTest, HoldsOnSixtyFourBitValues) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  struct Case {
    CmpOp op;
    uint64_t value, value_two, arg;
    bool holds;
  } cases[] = {
      {CmpOp::kEq, 7, 0, 7, true},
      {CmpOp::kEq, 7, 0, 0x100000007, false},  // high word counts
      {CmpOp::kNe, 7, 0, 0x100000007, true},
      {CmpOp::kLt, 0x100000000, 0, 0xffffffff, true},
      {CmpOp::kLt, 0x100000000, 0, 0x100000000, false},
      {CmpOp::kLe, 5, 0, 5, true},
      {CmpOp::kGe, 5, 0, 4, false},
      {CmpOp::kGt, kMax - 1, 0, kMax, true},
      {CmpOp::kGt, kMax, 0, kMax, false},
      {CmpOp::kMaskedEq, 0xff00, 0x1200, 0xab12cd, true},
      {CmpOp::kMaskedEq, 0xff00, 0x1200, 0xab13cd, false},
      {CmpOp::kMaskedEq, 0x0f, 0xf0, 0xff, false},  // value outside mask
      {CmpOp::kMaskedEq, 0, 0, kMax, true},
  };
  for (const Case& c : cases) {
    ArgCondition cond{0, c.op, c.value, c.value_two};
    EXPECT_EQ(cond.Holds(c.arg), c.holds)
        << static_cast<int>(c.op) << " " << c.value << " " << c.arg;
  }
}

TEST(KernelVersionTest, ComparesNumerically) {
  EXPECT_TRUE((KernelVersion{5, 9}) < (KernelVersion{5, 10}));
  EXPECT_TRUE((KernelVersion{4, 19}) < (KernelVersion{5, 0}));
  EXPECT_TRUE((KernelVersion{6, 1}) >= (KernelVersion{6, 1}));
  EXPECT_FALSE((KernelVersion{6, 1}) < (KernelVersion{6, 1}));
}

TEST(PolicyTest, FindArchByIdOnlyInTheTarget) {
  Policy policy;
  for (ArchId id : {ArchId::kX86_64, ArchId::kX86}) {
    ArchPolicy arch;
    arch.arch = &GetArch(id);
    policy.arches.push_back(arch);
  }
  ASSERT_NE(policy.FindArch(ArchId::kX86), nullptr);
  EXPECT_EQ(policy.FindArch(ArchId::kX86)->arch->id, ArchId::kX86);
  EXPECT_EQ(policy.FindArch(ArchId::kX86_64), &policy.arches[0]);
  EXPECT_EQ(policy.FindArch(ArchId::kAarch64), nullptr);
}

}  // namespace
}  // namespace seccompc

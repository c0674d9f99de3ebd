// Fitting programs to kernels that lack actions, with injected action sets
// (no old kernel is at hand), and the probe against this kernel.
#include "runtime/install/kernel_support.h"

#include <errno.h>

#include <fstream>
#include <sstream>
#include <string>

#include "compiler/bpf/verifier.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;

constexpr Action kKillProcess{ActionKind::kKillProcess, 0};
constexpr Action kKillThread{ActionKind::kKillThread, 0};
constexpr Action kTrap{ActionKind::kTrap, 0};
constexpr Action kLog{ActionKind::kLog, 0};
constexpr Action kAllow{ActionKind::kAllow, 0};
constexpr Action kUserNotif{ActionKind::kUserNotif, 0};
constexpr Action Errno(uint32_t e) { return Action{ActionKind::kErrno, e}; }
constexpr Action Trace(uint32_t d) { return Action{ActionKind::kTrace, d}; }

ActionSet Without(std::initializer_list<ActionKind> missing) {
  ActionSet s = ActionSet::All();
  for (ActionKind k : missing) s.Remove(k);
  return s;
}

struct SubstituteCase {
  const char* name;
  Action missing;
  ActionSet available;
  std::optional<Action> expected;
};

class Substitute : public ::testing::TestWithParam<SubstituteCase> {};

TEST_P(Substitute, IsTheNearestStricterAvailableAction) {
  const SubstituteCase& c = GetParam();
  std::optional<Action> got = StricterSubstitute(c.missing, c.available);
  ASSERT_EQ(got.has_value(), c.expected.has_value())
      << (got ? got->ToString() : "none");
  if (got.has_value()) {
    EXPECT_EQ(*got, *c.expected) << got->ToString();
    // Never weaker: the substitute wins over the original by precedence.
    EXPECT_TRUE(TakesPrecedence(got->kind, c.missing.kind));
  }
}

const ActionSet kPre414 = ActionSet::Baseline();  // no LOG, KILL_PROCESS

INSTANTIATE_TEST_SUITE_P(
    Table, Substitute,
    ::testing::Values(
        SubstituteCase{"LogOnOldKernel", kLog, kPre414, Errno(EPERM)},
        SubstituteCase{"UserNotifBefore50", kUserNotif,
                       Without({ActionKind::kUserNotif}), Errno(ENOSYS)},
        SubstituteCase{"TraceIsNeverASubstituteButGetsEnosys", Trace(3),
                       Without({ActionKind::kTrace}), Errno(ENOSYS)},
        SubstituteCase{"KillThreadBecomesKillProcess", kKillThread,
                       Without({ActionKind::kKillThread}), kKillProcess},
        SubstituteCase{"KillProcessMissingHasNoSubstitute", kKillProcess,
                       kPre414, std::nullopt},
        SubstituteCase{"ErrnoFallsToTrap", Errno(5),
                       Without({ActionKind::kErrno}), kTrap},
        SubstituteCase{"ErrnoSkipsMissingTrap", Errno(5),
                       Without({ActionKind::kErrno, ActionKind::kTrap}),
                       kKillThread},
        SubstituteCase{"TrapWithOnlyKillProcess", kTrap,
                       ActionSet().Add(ActionKind::kKillProcess), kKillProcess},
        SubstituteCase{"LogWithNothingStricter", kLog,
                       ActionSet().Add(ActionKind::kAllow), std::nullopt}),
    [](const auto& info) { return std::string(info.param.name); });

Program ReturnsOf(std::initializer_list<Action> actions) {
  // ld nr; one JEQ per action (nr = index), default ALLOW.
  Program p = {LoadAbs(kNrOffset)};
  const uint8_t n = static_cast<uint8_t>(actions.size());
  for (uint8_t i = 0; i < n; ++i) {
    p.push_back(JumpEq(i, n, 0));
  }
  p.push_back(Ret(kAllow.ToRet()));
  for (const Action& a : actions) p.push_back(Ret(a.ToRet()));
  return p;
}

TEST(FitProgram, UnchangedWhenEverythingIsAvailable) {
  const Program p = ReturnsOf({kLog, kKillProcess, Errno(3), kUserNotif});
  absl::StatusOr<FittedProgram> f =
      FitProgramToKernel(p, ActionSet::All(), MissingActionPolicy::kFail);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE(ProgramsEqual(f->program, p));
  EXPECT_TRUE(f->rewrites.empty());
}

TEST(FitProgram, FailNamesTheMissingAction) {
  const Program p = ReturnsOf({Errno(3), kLog});
  absl::StatusOr<FittedProgram> f =
      FitProgramToKernel(p, kPre414, MissingActionPolicy::kFail);
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(std::string(f.status().message()), HasSubstr("returns LOG"));
  EXPECT_THAT(std::string(f.status().message()), HasSubstr("not have"));
}

TEST(FitProgram, StricterRewritesOnlyMissingReturnsAndStaysValid) {
  const Program p = ReturnsOf({Errno(3), kLog, kLog, kKillThread});
  absl::StatusOr<FittedProgram> f =
      FitProgramToKernel(p, kPre414, MissingActionPolicy::kUseStricter);
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_EQ(f->program.size(), p.size());
  EXPECT_TRUE(VerifyProgram(f->program).ok());
  const size_t first_ret = p.size() - 4;
  EXPECT_EQ(f->program[first_ret].k, Errno(3).ToRet());
  EXPECT_EQ(f->program[first_ret + 1].k, Errno(EPERM).ToRet());
  EXPECT_EQ(f->program[first_ret + 2].k, Errno(EPERM).ToRet());
  EXPECT_EQ(f->program[first_ret + 3].k, kKillThread.ToRet());
  EXPECT_EQ(f->program[first_ret - 1].k, kAllow.ToRet());
  ASSERT_EQ(f->rewrites.size(), 1u);
  EXPECT_EQ(f->rewrites[0], "LOG -> ERRNO(1) (2 returns)");
  // Jumps are untouched.
  for (size_t i = 0; i < first_ret; ++i) EXPECT_TRUE(f->program[i] == p[i]);
}

TEST(FitProgram, KillProcessOnAKernelWithoutItFailsEvenWhenStricterAllowed) {
  const Program p = ReturnsOf({kKillProcess});
  absl::StatusOr<FittedProgram> f =
      FitProgramToKernel(p, kPre414, MissingActionPolicy::kUseStricter);
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(std::string(f.status().message()),
              HasSubstr("no stricter action"));
}

TEST(FitProgram, ComputedReturnCannotBeFitted) {
  Program p = ReturnsOf({kLog});
  p.insert(p.end() - 1, Stmt(BPF_RET | BPF_A, 0));  // unreachable but present
  absl::StatusOr<FittedProgram> f =
      FitProgramToKernel(p, kPre414, MissingActionPolicy::kUseStricter);
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(std::string(f.status().message()), HasSubstr("RET A"));
}

TEST(Probe, MatchesTheKernelsOwnList) {
  absl::StatusOr<KernelSupport> ks = ProbeKernelSupport();
  ASSERT_TRUE(ks.ok()) << ks.status();
  std::ifstream in("/proc/sys/kernel/seccomp/actions_avail");
  if (!in) GTEST_SKIP() << "no /proc/sys/kernel/seccomp/actions_avail";
  std::string listed;
  std::getline(in, listed);
  const struct {
    const char* proc_name;
    ActionKind kind;
  } kNames[] = {
      {"kill_process", ActionKind::kKillProcess},
      {"kill_thread", ActionKind::kKillThread},
      {"trap", ActionKind::kTrap},
      {"errno", ActionKind::kErrno},
      {"user_notif", ActionKind::kUserNotif},
      {"trace", ActionKind::kTrace},
      {"log", ActionKind::kLog},
      {"allow", ActionKind::kAllow},
  };
  std::istringstream words(listed);
  std::string w;
  ActionSet from_proc;
  while (words >> w) {
    for (const auto& n : kNames) {
      if (w == n.proc_name) from_proc.Add(n.kind);
    }
  }
  EXPECT_EQ(ks->actions.ToString(), from_proc.ToString());
  EXPECT_TRUE(ks->seccomp_syscall);
  if (ks->actions.Contains(ActionKind::kUserNotif)) {
    ASSERT_TRUE(ks->notif_sizes.has_value());
    EXPECT_GE(ks->notif_sizes->seccomp_data, sizeof(seccomp_data));
  }
}

}  // namespace
}  // namespace seccompc

#include "compiler/os/ptrace_stop.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

using std::chrono::milliseconds;

// A child that waits to be killed (and dies with the test).
pid_t SpawnPausingChild() {
  const pid_t child = fork();
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    for (;;) pause();
  }
  return child;
}

void KillAndReap(pid_t child) {
  kill(child, SIGKILL);
  while (waitpid(child, nullptr, __WALL) < 0 && errno == EINTR) {
  }
}

// "TracerPid:" of /proc/PID/status: who traces `pid` ("0": nobody).
std::string TracerOf(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("TracerPid:", 0) == 0)
      return line.substr(line.rfind('\t') + 1);
  }
  return "";
}

TEST(PtraceStopTest, StopsAChildAndDetachesAtScopeEnd) {
  const pid_t child = SpawnPausingChild();
  ASSERT_GT(child, 0);
  {
    auto result = SeizedProcess::SeizeAndStop(child, 0, milliseconds(5000));
    const SeizeFailure* failure = std::get_if<SeizeFailure>(&result);
    ASSERT_EQ(failure, nullptr) << failure->call << ": " << failure->err;
    EXPECT_EQ(std::get<SeizedProcess>(result).pid(), child);
    EXPECT_EQ(TracerOf(child), std::to_string(getpid()));
    // In a ptrace stop: a ptrace request other than the seize succeeds.
    siginfo_t si;
    EXPECT_EQ(ptrace(PTRACE_GETSIGINFO, child, nullptr, &si), 0);
  }
  EXPECT_EQ(TracerOf(child), "0");
  KillAndReap(child);
}

TEST(PtraceStopTest, BlocksWithoutATimeout) {
  const pid_t child = SpawnPausingChild();
  ASSERT_GT(child, 0);
  auto result =
      SeizedProcess::SeizeAndStop(child, PTRACE_O_EXITKILL, std::nullopt);
  EXPECT_TRUE(std::holds_alternative<SeizedProcess>(result));
  KillAndReap(child);
}

TEST(PtraceStopTest, NamesTheCallThatFailed) {
  const pid_t child = SpawnPausingChild();
  ASSERT_GT(child, 0);
  KillAndReap(child);  // the pid is free now
  auto result = SeizedProcess::SeizeAndStop(child, 0, milliseconds(100));
  const SeizeFailure* failure = std::get_if<SeizeFailure>(&result);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, SeizeFailure::Kind::kCallFailed);
  EXPECT_STREQ(failure->call, "PTRACE_SEIZE");
  EXPECT_EQ(failure->err, ESRCH);
}

// A vfork parent stops only once its child execs or exits.
TEST(PtraceStopTest, TimesOutOnAProcessThatDoesNotStop) {
  const pid_t parent = fork();
  ASSERT_GE(parent, 0);
  if (parent == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (vfork() == 0) {
      // The vfork child: only _exit after a raw sleep.
      struct timespec ts = {2, 0};
      while (nanosleep(&ts, &ts) != 0) {
      }
      _exit(0);
    }
    _exit(0);
  }
  usleep(100 * 1000);  // into the vfork wait
  auto result = SeizedProcess::SeizeAndStop(parent, 0, milliseconds(100));
  const SeizeFailure* failure = std::get_if<SeizeFailure>(&result);
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, SeizeFailure::Kind::kTimedOut);
  KillAndReap(parent);
}

}  // namespace
}  // namespace seccompc

// The process facts against /proc, which reports the same kernel state.
#include "runtime/install/process_state.h"

#include <pthread.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/child_process.h"

namespace seccompc {
namespace {

// "CapBnd:\t000001ffffffffff" -> the mask.
CapabilitySet ProcStatusMask(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::strtoull(line.c_str() + field.size() + 1, nullptr, 16);
    }
  }
  ADD_FAILURE() << field << " not in /proc/self/status";
  return 0;
}

TEST(ProcessState, CapabilitySetsMatchProcStatus) {
  absl::StatusOr<CapabilitySet> bounding = BoundingCapabilities();
  ASSERT_TRUE(bounding.ok()) << bounding.status();
  EXPECT_EQ(*bounding, ProcStatusMask("CapBnd"));
  absl::StatusOr<CapabilitySet> effective = EffectiveCapabilities();
  ASSERT_TRUE(effective.ok()) << effective.status();
  EXPECT_EQ(*effective, ProcStatusMask("CapEff"));
  absl::StatusOr<CapabilitySet> permitted = PermittedCapabilities();
  ASSERT_TRUE(permitted.ok()) << permitted.status();
  EXPECT_EQ(*permitted, ProcStatusMask("CapPrm"));
}

// The capabilities a task will hold after exec, which the
// launcher resolves profiles for.
TEST(ProcessState, CapabilitiesAfterExecFollowTheUser) {
  absl::StatusOr<CapabilitySet> after = CapabilitiesAfterExec();
  ASSERT_TRUE(after.ok()) << after.status();
  if (geteuid() == 0) {
    EXPECT_EQ(*after, ProcStatusMask("CapBnd") & ProcStatusMask("CapPrm"));
  } else {
    EXPECT_EQ(*after, ProcStatusMask("CapAmb"));
  }
  if (getuid() != 0) GTEST_SKIP() << "the uid 65534 case needs root";
  // As uid 65534 (no ambient capabilities): nothing, whatever the bounding
  // set still holds.
  int status = RunInChild([] {
    if (setresgid(65534, 65534, 65534) != 0 ||
        setresuid(65534, 65534, 65534) != 0) {
      return 3;  // uid 65534 unmapped in this sandbox
    }
    absl::StatusOr<CapabilitySet> c = CapabilitiesAfterExec();
    return c.ok() && *c == 0 ? 0 : 1;
  });
  if (!ExitedWith(status, 3)) {
    EXPECT_TRUE(ExitedWith(status, 0)) << StatusText(status);
  }
  // Root with SECBIT_NOROOT is treated as anyone else.
  status = RunInChild([] {
    if (prctl(PR_SET_SECUREBITS, 1 << 0 /* SECURE_NOROOT */, 0, 0, 0) != 0) {
      return 3;  // needs CAP_SETPCAP, which a sandbox may lack
    }
    absl::StatusOr<CapabilitySet> c = CapabilitiesAfterExec();
    return c.ok() && *c == 0 ? 0 : 1;
  });
  if (ExitedWith(status, 3)) {
    GTEST_SKIP() << "PR_SET_SECUREBITS refused here; NOROOT case not run";
  }
  EXPECT_TRUE(ExitedWith(status, 0)) << StatusText(status);
}

void* WaitOnPipe(void* arg) {
  char c;
  if (read(*static_cast<int*>(arg), &c, 1) < 0) return nullptr;
  return nullptr;
}

TEST(ProcessState, ThreadCountSeesANewThread) {
  absl::StatusOr<int> before = ThreadCount();
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_GE(*before, 1);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pthread_t t;
  ASSERT_EQ(pthread_create(&t, nullptr, WaitOnPipe, &fds[0]), 0);
  absl::StatusOr<int> during = ThreadCount();
  ASSERT_TRUE(during.ok());
  EXPECT_EQ(*during, *before + 1);
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  pthread_join(t, nullptr);
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace seccompc

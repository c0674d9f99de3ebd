// The process facts against /proc, which reports the same kernel state.
#include "runtime/install/process_state.h"

#include <linux/capability.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
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

// Adds `cap` to this thread's inheritable set (it must be permitted).
bool AddInheritable(int cap) {
  __user_cap_header_struct header;
  std::memset(&header, 0, sizeof(header));
  header.version = _LINUX_CAPABILITY_VERSION_3;
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
  std::memset(data, 0, sizeof(data));
  if (syscall(SYS_capget, &header, data) != 0) return false;
  data[cap / 32].inheritable |= 1u << (cap % 32);
  return syscall(SYS_capset, &header, data) == 0;
}

// A task that is not root but holds an ambient capability keeps it after
// exec: CapabilitiesAfterExec asks the kernel about it (the ambient set is
// read one capability at a time, only where it can be set).
TEST(ProcessState, CapabilitiesAfterExecKeepAnAmbientCapability) {
  if (getuid() != 0) GTEST_SKIP() << "setting up an ambient set needs root";
  const int status = RunInChild([] {
    // Permitted survives the switch to uid 65534 with KEEP_CAPS; the
    // ambient set is cleared by it, so it is raised after.
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0 ||
        setresgid(65534, 65534, 65534) != 0 ||
        setresuid(65534, 65534, 65534) != 0 ||
        !AddInheritable(CAP_NET_BIND_SERVICE) ||
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_BIND_SERVICE, 0,
              0) != 0) {
      return 3;  // a sandbox without these
    }
    absl::StatusOr<CapabilitySet> c = CapabilitiesAfterExec();
    return c.ok() && *c == CapabilitySet{1} << CAP_NET_BIND_SERVICE ? 0 : 1;
  });
  if (ExitedWith(status, 3))
    GTEST_SKIP()
        << "no ambient capability here (a sandbox refusing uid 65534?)";
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

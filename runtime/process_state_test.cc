// The process facts against /proc, which reports the same kernel state.
#include "runtime/process_state.h"

#include <pthread.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

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

#include "compiler/os/unique_fd.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <utility>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

bool IsOpen(int fd) { return fcntl(fd, F_GETFD) != -1 || errno != EBADF; }

int OpenPipeEnd(int* other_end) {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) return -1;
  *other_end = ends[1];
  return ends[0];
}

TEST(UniqueFdTest, ClosesWhenItGoesOutOfScope) {
  int write_end = -1;
  const int fd = OpenPipeEnd(&write_end);
  ASSERT_GE(fd, 0);
  close(write_end);
  {
    UniqueFd owned(fd);
    EXPECT_TRUE(owned.valid());
    EXPECT_TRUE(IsOpen(fd));
  }
  EXPECT_FALSE(IsOpen(fd));
}

TEST(UniqueFdTest, MoveHandsOwnershipOver) {
  int write_end = -1;
  const int fd = OpenPipeEnd(&write_end);
  ASSERT_GE(fd, 0);
  UniqueFd writer(write_end);
  UniqueFd target;
  {
    UniqueFd source(fd);
    target = std::move(source);
    EXPECT_FALSE(source.valid());
  }
  EXPECT_TRUE(IsOpen(fd)) << "the moved-from owner closed it";
  EXPECT_EQ(target.get(), fd);
  target.reset();
  EXPECT_FALSE(IsOpen(fd));
}

TEST(UniqueFdTest, ReleaseKeepsTheDescriptorOpen) {
  int write_end = -1;
  const int fd = OpenPipeEnd(&write_end);
  ASSERT_GE(fd, 0);
  close(write_end);
  {
    UniqueFd owned(fd);
    EXPECT_EQ(owned.release(), fd);
  }
  EXPECT_TRUE(IsOpen(fd));
  close(fd);
}

TEST(UniqueFdTest, AFailedOpenOwnsNothing) {
  UniqueFd failed(open("/nonexistent/seccompc", O_RDONLY | O_CLOEXEC));
  EXPECT_FALSE(failed.valid());
}

}  // namespace
}  // namespace seccompc

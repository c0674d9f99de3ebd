#include "compiler/os/errno_text.h"

#include <errno.h>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

TEST(ErrnoTextTest, TheCLibrarysMessage) {
  EXPECT_EQ(ErrnoText(EPERM), "Operation not permitted");
  EXPECT_EQ(ErrnoText(9999), "Unknown error 9999");
}

TEST(ErrnoTextTest, NameAndMessage) {
  EXPECT_EQ(ErrnoNameAndText(EPERM), "EPERM (Operation not permitted)");
  EXPECT_EQ(ErrnoNameAndText(ENOSYS), "ENOSYS (Function not implemented)");
  EXPECT_EQ(ErrnoNameAndText(9999), "errno 9999 (Unknown error 9999)");
}

TEST(ErrnoTextTest, CallError) {
  EXPECT_EQ(CallError("pidfd_open", ESRCH), "pidfd_open: No such process");
}

}  // namespace
}  // namespace seccompc

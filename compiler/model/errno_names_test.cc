#include "compiler/model/errno_names.h"

#include <errno.h>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

TEST(ErrnoNamesTest, NamesComeFromLibc) {
  EXPECT_EQ(ErrnoFromName("EPERM"), EPERM);
  EXPECT_EQ(ErrnoFromName("ENOSYS"), ENOSYS);
  EXPECT_EQ(ErrnoFromName("EINVAL"), EINVAL);
  EXPECT_EQ(ErrnoFromName("EHWPOISON"), EHWPOISON);  // the last one
}

TEST(ErrnoNamesTest, UnknownOrMisspelledNamesAreNotFound) {
  EXPECT_FALSE(ErrnoFromName("EWHATEVER").has_value());
  EXPECT_FALSE(ErrnoFromName("").has_value());
  EXPECT_FALSE(ErrnoFromName("eperm").has_value());  // case matters
  EXPECT_FALSE(ErrnoFromName("EPERM ").has_value());
  EXPECT_FALSE(ErrnoFromName("1").has_value());
}

}  // namespace
}  // namespace seccompc

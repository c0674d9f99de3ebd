#include "compiler/model/suggest.h"

#include "gtest/gtest.h"

namespace seccompc {
namespace {

TEST(EditDistanceTest, CountsEditsAndTranspositions) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("arg", "args"), 1);
  EXPECT_EQ(EditDistance("args", "arg"), 1);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("sokcet", "socket"), 1);  // transposition
  EXPECT_EQ(EditDistance("ARGS", "args"), 0);
}

TEST(SuggestTest, NearestKey) {
  EXPECT_EQ(Nearest("arg", {"names", "action", "args", "comment"}), "args");
  EXPECT_EQ(Nearest("defaultAcion", {"defaultAction", "defaultErrnoRet"}),
            "defaultAction");
  EXPECT_EQ(DidYouMean("arg", {"names", "args"}), " (did you mean \"args\"?)");
}

TEST(SuggestTest, NothingWhenFar) {
  EXPECT_EQ(Nearest("zzzzzz", {"names", "args"}), "");
  EXPECT_EQ(DidYouMean("x", {"names", "args"}), "");
  EXPECT_EQ(Nearest("args", {"args"}), "");  // itself is no suggestion
}

TEST(SuggestTest, NearestSyscall) {
  EXPECT_EQ(NearestSyscallName("opennat"), "openat");
  EXPECT_EQ(NearestSyscallName("sokcet"), "socket");
  EXPECT_EQ(NearestSyscallName("personalty"), "personality");
  EXPECT_EQ(NearestSyscallName("qqqqqqqqqqqqqqqq"), "");
}

}  // namespace
}  // namespace seccompc

// The case-table grammar (case_table.h) as a table of lines: what each
// reads as, and what each is refused for.
#include "compiler/analysis/case_table.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;

Action Errno(uint32_t n) { return Action{ActionKind::kErrno, n}; }

TEST(CaseTable, ReadsEverySpellingTheGrammarAllows) {
  absl::StatusOr<std::vector<TableCase>> cases = ParseCaseTable(
      "# header\n"
      "x86_64 personality 0xffffffff -> ERRNO(1)\n"
      "\n"
      "X86 socket 40 -> errno(EAFNOSUPPORT)   # any case, errno names\n"
      "SCMP_ARCH_X32 read -> scmp_act_allow\n"
      "x86_64 ioctl -1 0x5401 -> ERRNO\n"
      "mips getpid -> ERRNO(ENOSYS)\n"
      "aarch64 0x100000014 -> KILL\n",
      "t.cases");
  ASSERT_TRUE(cases.ok()) << cases.status();
  ASSERT_EQ(cases->size(), 6u);
  const TableCase& personality = (*cases)[0];
  EXPECT_EQ(personality.line, 2);
  EXPECT_EQ(personality.abi->id, ArchId::kX86_64);
  EXPECT_EQ(personality.nr, 135u);
  EXPECT_EQ(personality.args[0], 0xffffffffu);
  EXPECT_TRUE(personality.expect.Matches(Errno(1)));
  EXPECT_FALSE(personality.expect.Matches(Errno(2)));

  EXPECT_EQ((*cases)[1].abi->id, ArchId::kX86);
  EXPECT_TRUE((*cases)[1].expect.Matches(Errno(97)));
  EXPECT_EQ((*cases)[2].abi->id, ArchId::kX32);
  EXPECT_TRUE((*cases)[2].expect.Matches(Action{ActionKind::kAllow, 0}));
  EXPECT_EQ((*cases)[3].args[0], ~uint64_t{0});        // -1, two's complement
  EXPECT_TRUE((*cases)[3].expect.Matches(Errno(25)));  // any errno
  EXPECT_TRUE((*cases)[4].expect.Matches(Errno(89)));  // mips ENOSYS
  EXPECT_EQ((*cases)[5].nr, 0x14u);  // the register's low 32 bits
  EXPECT_TRUE((*cases)[5].expect.Matches(Action{ActionKind::kKillThread, 0}));
}

TEST(CaseTable, RefusesWithTheLineAndTheReason) {
  struct Case {
    const char* line;
    const char* message;
  } cases[] = {
      {"x86_64 read ALLOW", "expected \"ABI SYSCALL"},
      {"x86_64 -> ALLOW", "an ABI and a syscall"},
      {"pdp11 read -> ALLOW", "pdp11"},
      {"x86_64,x86 read -> ALLOW", "one ABI"},
      {"x86_64 nosuchcall -> ALLOW", "neither a syscall of amd64"},
      {"x86_64 read 1 2 3 4 5 6 7 -> ALLOW", "more than 6"},
      {"x86_64 read 1x -> ALLOW", "argument 0"},
      {"x86_64 read -> ERRNO(EWHAT)", "errno name"},
      {"x86_64 read -> ALLOW(1)", "takes no value"},
      {"x86_64 read -> MAYBE", "unknown action"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::vector<TableCase>> got =
        ParseCaseTable(std::string("\n") + c.line, "t.cases");
    ASSERT_FALSE(got.ok()) << c.line;
    EXPECT_THAT(std::string(got.status().message()), HasSubstr("t.cases:2: "))
        << c.line;
    EXPECT_THAT(std::string(got.status().message()), HasSubstr(c.message))
        << c.line;
  }
}

}  // namespace
}  // namespace seccompc

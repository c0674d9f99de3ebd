// ApplyToolFlags: the flags of this file are the tool's; everything else,
// Abseil's own flags included, is unknown.
#include "compiler/util/standard_flags.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

ABSL_FLAG(std::string, name, "", "a string flag");
ABSL_FLAG(bool, verbose, false, "a bool flag");
ABSL_FLAG(std::string, x, "-", "a one-letter flag");
ABSL_FLAG(std::string, item, "", "a flag the tool lets repeat");

namespace seccompc {
namespace {

using ::testing::HasSubstr;

const ToolInfo kTool = {
    "tool", "usage", "compiler/util/standard_flags_test", "1.2.3", {"item"}};

std::string ErrorOf(const std::vector<std::string>& words,
                    std::string_view no_positional = "") {
  absl::StatusOr<ToolArgs> args = ApplyToolFlags(words, kTool, no_positional);
  return args.ok() ? "" : std::string(args.status().message());
}

// The first "--" ends the flags; the words after it, "--" included, are
// left as they are.
TEST(SplitAtDashes, SplitsAtTheFirstDoubleDash) {
  char a0[] = "tool", a1[] = "--x=1", a2[] = "check", a3[] = "--", a4[] = "ls",
       a5[] = "--", a6[] = "-l";
  char* argv[] = {a0, a1, a2, a3, a4, a5, a6};
  const SplitCommandLine split = SplitAtDashes(7, argv);
  EXPECT_EQ(split.flag_words, (std::vector<std::string>{"--x=1", "check"}));
  EXPECT_EQ(split.after_dashes, (std::vector<std::string>{"ls", "--", "-l"}));

  const SplitCommandLine none = SplitAtDashes(3, argv);
  EXPECT_EQ(none.flag_words, (std::vector<std::string>{"--x=1", "check"}));
  EXPECT_TRUE(none.after_dashes.empty());
  EXPECT_TRUE(SplitAtDashes(1, argv).flag_words.empty());
}

TEST(ApplyToolFlags, SetsValuesAndBoolsInEveryForm) {
  absl::StatusOr<ToolArgs> args =
      ApplyToolFlags({"--name", "a", "-verbose", "file"}, kTool);
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(absl::GetFlag(FLAGS_name), "a");
  EXPECT_TRUE(absl::GetFlag(FLAGS_verbose));
  EXPECT_EQ(args->positional, std::vector<std::string>{"file"});
  EXPECT_FALSE(args->help);
  ASSERT_TRUE(ApplyToolFlags({"--name=b", "--noverbose"}, kTool).ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_name), "b");
  EXPECT_FALSE(absl::GetFlag(FLAGS_verbose));
  EXPECT_TRUE(ApplyToolFlags({"--helpon=x"}, kTool)->help);
}

TEST(ApplyToolFlags, RefusesWhatIsNotTheTools) {
  EXPECT_EQ(ErrorOf({"--bogus"}), "unknown flag \"--bogus\" (see --help)");
  // Abseil's own flags are not offered.
  EXPECT_THAT(ErrorOf({"--fromenv=name"}), HasSubstr("unknown flag"));
  EXPECT_EQ(ErrorOf({"--noname"}), "unknown flag \"--noname\" (see --help)");
  EXPECT_EQ(ErrorOf({"--noverbose=1"}), "\"--noverbose=1\" takes no value");
  EXPECT_EQ(ErrorOf({"--name"}), "--name needs a value");
  EXPECT_THAT(ErrorOf({"--verbose=maybe"}), HasSubstr("--verbose=maybe: "));
  // The first problem in order is the one reported.
  EXPECT_EQ(ErrorOf({"sh", "-c"}, "put it after --"),
            "unexpected argument \"sh\"; put it after --");
}

TEST(ApplyToolFlags, FlagfilesAreReadWithTheirNameInErrors) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = tmp != nullptr ? tmp : "/tmp";
  std::ofstream(dir + "/good") << "# comment\n--name=fromfile\n\n--verbose\n";
  std::ofstream(dir + "/bad") << "--name=x\n--nope=1\n";
  std::ofstream(dir + "/stray") << "word\n";
  ASSERT_TRUE(ApplyToolFlags({"--flagfile=" + dir + "/good"}, kTool).ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_name), "fromfile");
  EXPECT_TRUE(absl::GetFlag(FLAGS_verbose));
  EXPECT_EQ(ErrorOf({"--flagfile", dir + "/bad"}),
            dir + "/bad: unknown flag \"--nope=1\" (see --help)");
  EXPECT_THAT(ErrorOf({"--flagfile=" + dir + "/stray"}),
              HasSubstr("a flagfile holds flags only"));
  EXPECT_THAT(ErrorOf({"--flagfile=" + dir + "/missing"}),
              HasSubstr("--flagfile: "));
  EXPECT_EQ(ErrorOf({"--flagfile"}), "--flagfile needs a file");
}

// The caller learns which flags were set (seccompc refuses those a command
// does not read), flagfile and --noNAME forms included.
TEST(ApplyToolFlags, ReportsTheFlagsSet) {
  absl::StatusOr<ToolArgs> args =
      ApplyToolFlags({"--noverbose", "word", "-x", "out", "--name=n"}, kTool);
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->flags_set,
            (std::vector<std::string>{"verbose", "x", "name"}));
  EXPECT_EQ(args->positional, (std::vector<std::string>{"word"}));
}

// A repeatable flag keeps every value in order, the flagfile's where the
// --flagfile stands, commas and spaces included; another flag given twice
// keeps its last value, and no entry appears for a flag never given.
TEST(ApplyToolFlags, KeepsEveryValueOfARepeatableFlag) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = tmp != nullptr ? tmp : "/tmp";
  std::ofstream(dir + "/items") << "--item=b, with comma\n--name=file\n";
  absl::StatusOr<ToolArgs> args = ApplyToolFlags(
      {"--item=a", "--name=first", "--flagfile=" + dir + "/items", "--item",
       "c d", "--name=last"},
      kTool);
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->repeated["item"],
            (std::vector<std::string>{"a", "b, with comma", "c d"}));
  EXPECT_EQ(absl::GetFlag(FLAGS_name), "last");
  EXPECT_EQ(args->repeated.count("name"), 0u);

  args = ApplyToolFlags({"--name=x"}, kTool);
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_TRUE(args->repeated.empty());
}

// A one-letter flag is spelled as users type it: -x, not --x.
TEST(FlagHelpLine, SpellsOneLetterFlagsWithOneDash) {
  EXPECT_EQ(DashedFlagName("x"), "-x");
  EXPECT_EQ(DashedFlagName("name"), "--name");
  EXPECT_EQ(FlagHelpLine("x"), "  -x  a one-letter flag (default: -)\n");
  EXPECT_EQ(FlagHelpLine("name"), "  --name  a string flag\n");
  EXPECT_EQ(FlagHelpLine("no_such_flag"), "");
  EXPECT_THAT(ErrorOf({"-x"}), HasSubstr("-x needs a value"));
}

}  // namespace
}  // namespace seccompc

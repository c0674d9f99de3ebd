#include "compiler/frontend/profile_parser.h"

#include <errno.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "compiler/model/action.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// One bad profile, the error it must give and where.
struct BadCase {
  const char* name;
  const char* json;
  const char* position;  // "LINE:COL" expected after "bad.json:"
  const char* message;   // substring of the message
};

// Lines are joined with '\n' so positions are easy to read.
const BadCase kBadCases[] = {
    {"not_json", "{\"defaultAction\": }", "1:19", "invalid JSON"},
    {"trailing_garbage", "{\"defaultAction\": \"SCMP_ACT_ALLOW\"} x", "1:37",
     "invalid JSON"},
    {"empty_file", "", "1:1", "invalid JSON"},
    {"top_not_object", "[1, 2]", "1:1", "expected a seccomp profile object"},
    {"missing_default", "{\n  \"syscalls\": []\n}", "1:1",
     "missing required key \"defaultAction\""},
    {"default_not_string", "{\"defaultAction\": 5}", "1:19",
     "expected a string, got the number 5"},
    {"unknown_action", "{\n  \"defaultAction\": \"SCMP_ACT_MAYBE\"\n}", "2:20",
     "expected an action"},
    {"errno_on_allow",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"defaultErrnoRet\": 1}",
     "2:21", "only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE"},
    {"errno_too_big",
     "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
     " \"defaultErrnoRet\": 4096}",
     "2:21", "an integer from 0 to 4095"},
    {"errno_negative",
     "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
     " \"defaultErrnoRet\": -1}",
     "2:21", "got the number -1"},
    {"errno_float",
     "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
     " \"defaultErrnoRet\": 1.5}",
     "2:21", "no fraction"},
    {"trace_data_too_big",
     "{\"defaultAction\": \"SCMP_ACT_TRACE\",\n"
     " \"defaultErrnoRet\": 65536}",
     "2:21", "from 0 to 65535"},
    {"unknown_errno_name",
     "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
     " \"defaultErrno\": \"ENOTHING\"}",
     "2:18", "an errno name"},
    {"errno_name_contradicts",
     "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
     " \"defaultErrnoRet\": 1,\n"
     " \"defaultErrno\": \"ENOSYS\"}",
     "3:18", "contradicts"},
    {"both_arch_forms",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"architectures\": [\"SCMP_ARCH_X86_64\"],\n"
     " \"archMap\": []}",
     "3:13", "both given"},
    {"unknown_arch",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"architectures\": [\"SCMP_ARCH_X86_64\", "
     "\"SCMP_ARCH_VAX\"]}",
     "2:40", "an architecture name SCMP_ARCH_*"},
    {"short_arch_in_architectures",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"architectures\": [\"amd64\"]}",
     "2:20", "SCMP_ARCH_*"},
    {"archmap_missing_arch",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"archMap\": [{\"subArchitectures\": []}]}",
     "2:14", "missing required key \"architecture\""},
    {"archmap_twice",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86\"},\n"
     "  {\"architecture\": \"SCMP_ARCH_X86\"}]}",
     "3:20", "appears twice"},
    {"unknown_flag",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"flags\": [\"SECCOMP_FILTER_FLAG_FAST\"]}",
     "2:12", "a filter flag"},
    {"syscalls_not_array",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": {}}",
     "2:14", "expected an array of syscall entries, got an object"},
    {"entry_not_object",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [\"read\"]}",
     "2:15", "syscalls[0]: expected a syscall entry object"},
    {"name_and_names",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"],\n"
     "   \"name\": \"write\", \"action\": "
     "\"SCMP_ACT_ALLOW\"}]}",
     "3:12", "\"name\" and \"names\" are both given"},
    {"no_names",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"action\": \"SCMP_ACT_ALLOW\"}]}",
     "2:15", "missing required key \"names\""},
    {"empty_names",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [], \"action\": "
     "\"SCMP_ACT_ERRNO\"}]}",
     "2:25", "\"names\" is empty"},
    {"name_not_string",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\", 3], "
     "\"action\": \"SCMP_ACT_ERRNO\"}]}",
     "2:34", "syscalls[0].names[1]: expected a string"},
    {"missing_action",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"]}]}",
     "2:15", "missing required key \"action\""},
    {"errnoret_on_kill",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"],\n"
     "   \"action\": \"SCMP_ACT_KILL\", \"errnoRet\": 1}]}",
     "3:43", "syscalls[0].errnoRet: \"errnoRet\" is only valid"},
    {"arg_index_too_big",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"], "
     "\"action\": \"SCMP_ACT_ERRNO\",\n"
     "   \"args\": [{\"index\": 6, \"value\": 1, "
     "\"op\": \"SCMP_CMP_EQ\"}]}]}",
     "3:23", "syscalls[0].args[0].index: expected an argument index"},
    {"arg_unknown_op",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"], "
     "\"action\": \"SCMP_ACT_ERRNO\",\n"
     "   \"args\": [{\"index\": 0, \"value\": 1, "
     "\"op\": \"SCMP_CMP_ABOUT\"}]}]}",
     "3:44", "syscalls[0].args[0].op: expected an operator"},
    {"arg_missing_op",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"], "
     "\"action\": \"SCMP_ACT_ERRNO\",\n"
     "   \"args\": [{\"index\": 0, \"value\": 1}]}]}",
     "3:13", "missing required key \"op\""},
    {"arg_value_over_2_64",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"], "
     "\"action\": \"SCMP_ACT_ERRNO\",\n"
     "   \"args\": [{\"index\": 0, \"value\": "
     "18446744073709551616, \"op\": "
     "\"SCMP_CMP_EQ\"}]}]}",
     "3:35", "beyond 2^64-1"},
    {"arg_value_negative",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"], "
     "\"action\": \"SCMP_ACT_ERRNO\",\n"
     "   \"args\": [{\"index\": 0, \"value\": -5, "
     "\"op\": \"SCMP_CMP_EQ\"}]}]}",
     "3:35", "got the number -5"},
    {"arg_value_string",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"], "
     "\"action\": \"SCMP_ACT_ERRNO\",\n"
     "   \"args\": [{\"index\": 0, \"value\": \"5\", "
     "\"op\": \"SCMP_CMP_EQ\"}]}]}",
     "3:35", "got the string \"5\""},
    {"unknown_cap",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"], "
     "\"action\": \"SCMP_ACT_ERRNO\",\n"
     "   \"includes\": {\"caps\": [\"CAP_EVERYTHING\"]}}]}",
     "3:26", "a capability name"},
    {"bad_min_kernel",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"], "
     "\"action\": \"SCMP_ACT_ERRNO\",\n"
     "   \"excludes\": {\"minKernel\": \"5\"}}]}",
     "3:30", "a kernel version \"MAJOR.MINOR\""},
    {"bad_include_arch",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"], "
     "\"action\": \"SCMP_ACT_ERRNO\",\n"
     "   \"includes\": {\"arches\": [\"pdp11\"]}}]}",
     "3:28", "an architecture"},
    {"duplicate_key",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"defaultAction\": \"SCMP_ACT_ERRNO\"}",
     "2:2", "duplicate key \"defaultAction\""},
    {"duplicate_nested_key",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"],\n"
     "   \"action\": \"SCMP_ACT_ERRNO\", "
     "\"action\": \"SCMP_ACT_ALLOW\"}]}",
     "3:32", "duplicate key \"action\" in syscalls[0]"},
    {"invalid_utf8", "{\"defaultAction\": \"SCMP_ACT_\xff\"}", "1:29",
     "invalid JSON"},
    {"oci_config_without_seccomp",
     "{\"ociVersion\": \"1.0.2\",\n \"linux\": {\"namespaces\": []}}", "2:11",
     "linux: expected a \"seccomp\" member"},
    {"oci_config_bad_seccomp",
     "{\"ociVersion\": \"1.0.2\",\n \"linux\": {\"seccomp\": {\n"
     "   \"defaultAction\": \"SCMP_ACT_NOPE\"}}}",
     "3:21", "linux.seccomp.defaultAction: expected an action"},
    {"comment_not_string",
     "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
     " \"syscalls\": [{\"names\": [\"read\"], "
     "\"action\": \"SCMP_ACT_ERRNO\", \"comment\": 7}]}",
     "2:74", "syscalls[0].comment: expected a string"},
};

class BadProfileTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadProfileTest, GivesPositionedError) {
  const BadCase& c = GetParam();
  absl::StatusOr<ParsedProfile> p = ParseProfile(c.json, "bad.json");
  ASSERT_FALSE(p.ok()) << c.name;
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(p.status().message());
  EXPECT_THAT(message, HasSubstr(std::string("bad.json:") + c.position + ":"))
      << c.name;
  EXPECT_THAT(message, HasSubstr(c.message)) << c.name;
}

INSTANTIATE_TEST_SUITE_P(Table, BadProfileTest, ::testing::ValuesIn(kBadCases),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return std::string(info.param.name);
                         });

// The names listed in an error's "(A, B, ...)" expectation.
std::vector<std::string> ListedNames(const absl::Status& status) {
  const std::string m(status.message());
  const size_t open = m.find('(');
  const size_t close = m.find(')', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  return absl::StrSplit(m.substr(open + 1, close - open - 1), ", ");
}

// "Expected one of" lists come from the lookup tables: every name listed is
// accepted, and (for actions) every accepted name is listed.
TEST(ProfileParserTest, ExpectationsListExactlyTheAcceptedNames) {
  absl::StatusOr<ParsedProfile> bad =
      ParseProfile(R"({"defaultAction": "SCMP_ACT_MAYBE"})", "a.json");
  ASSERT_FALSE(bad.ok());
  const std::vector<std::string> actions = ListedNames(bad.status());
  std::vector<std::string> accepted;
  for (std::string_view n : ActionProfileNames()) accepted.emplace_back(n);
  EXPECT_THAT(actions, ::testing::ElementsAreArray(accepted));
  EXPECT_THAT(actions, ::testing::Contains("SCMP_ACT_USER_NOTIF"));
  for (const std::string& a : actions) {
    EXPECT_TRUE(
        ParseProfile(absl::StrCat(R"({"defaultAction": ")", a, "\"}"), "a.json")
            .ok())
        << a;
  }

  bad = ParseProfile(R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
      {"names": ["read"], "action": "SCMP_ACT_ERRNO",
       "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_ABOUT"}]}]})",
                     "a.json");
  ASSERT_FALSE(bad.ok());
  const std::vector<std::string> ops = ListedNames(bad.status());
  EXPECT_EQ(ops.size(), 7u) << bad.status();
  for (const std::string& op : ops) {
    EXPECT_TRUE(ParseProfile(absl::StrCat(R"({"defaultAction": "SCMP_ACT_ALLOW",
        "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO",
        "args": [{"index": 0, "value": 1, "valueTwo": 1, "op": ")",
                                          op, "\"}]}]}"),
                             "a.json")
                    .ok())
        << op;
  }

  bad = ParseProfile(
      R"({"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_FAST"]})",
      "a.json");
  ASSERT_FALSE(bad.ok());
  const std::vector<std::string> flags = ListedNames(bad.status());
  EXPECT_THAT(flags,
              ::testing::Contains("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"));
  for (const std::string& f : flags) {
    EXPECT_TRUE(
        ParseProfile(
            absl::StrCat(R"({"defaultAction": "SCMP_ACT_ALLOW", "flags": [")",
                         f, "\"]}"),
            "a.json")
            .ok())
        << f;
  }
}

TEST(ProfileParserTest, ReadsEveryField) {
  const char* json = R"({
    "defaultAction": "SCMP_ACT_ERRNO",
    "defaultErrnoRet": 38,
    "archMap": [{"architecture": "SCMP_ARCH_X86_64",
                 "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
    "flags": ["SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_LOG"],
    "listenerPath": "/run/notify.sock",
    "listenerMetadata": "meta",
    "syscalls": [
      {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW",
       "comment": "io"},
      {"name": "clone", "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 0, "value": 2114060288, "valueTwo": 0,
                 "op": "SCMP_CMP_MASKED_EQ"}],
       "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390x"]}},
      {"names": ["ptrace"], "action": "SCMP_ACT_TRACE", "errnoRet": 7,
       "includes": {"minKernel": "4.8", "arches": ["amd64", "SCMP_ARCH_X32"]}},
      {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errno": "EINVAL"},
      {"names": ["kill"], "action": "SCMP_ACT_KILL", "args": null}
    ]
  })";
  absl::StatusOr<ParsedProfile> p = ParseProfile(json, "good.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->warnings.empty());
  const Profile& prof = p->profile;
  EXPECT_EQ(prof.default_action, (Action{ActionKind::kErrno, 38}));
  ASSERT_EQ(prof.arch_map.size(), 1u);
  EXPECT_EQ(prof.arch_map[0].arch, ArchId::kX86_64);
  EXPECT_EQ(prof.arch_map[0].sub_arches,
            (std::vector<ArchId>{ArchId::kX86, ArchId::kX32}));
  EXPECT_EQ(prof.flags, kFlagSpecAllow | kFlagLog);
  EXPECT_EQ(prof.listener_path, "/run/notify.sock");
  EXPECT_EQ(prof.listener_metadata, "meta");
  ASSERT_EQ(prof.syscalls.size(), 5u);
  EXPECT_THAT(prof.syscalls[0].names, ElementsAre("read", "write"));
  EXPECT_EQ(prof.syscalls[0].comment, "io");
  EXPECT_EQ(prof.syscalls[0].location.json_path, "syscalls[0]");
  EXPECT_EQ(prof.syscalls[0].location.line, 10);
  EXPECT_THAT(prof.syscalls[1].names, ElementsAre("clone"));
  ASSERT_EQ(prof.syscalls[1].args.size(), 1u);
  EXPECT_EQ(prof.syscalls[1].args[0].op, CmpOp::kMaskedEq);
  EXPECT_EQ(prof.syscalls[1].args[0].value, 2114060288u);
  EXPECT_EQ(prof.syscalls[1].excludes.caps, (std::vector<int>{21}));
  EXPECT_EQ(prof.syscalls[1].excludes.arches,
            (std::vector<ArchId>{ArchId::kS390x}));
  EXPECT_EQ(prof.syscalls[2].action, (Action{ActionKind::kTrace, 7}));
  ASSERT_TRUE(prof.syscalls[2].includes.min_kernel.has_value());
  EXPECT_EQ(*prof.syscalls[2].includes.min_kernel, (KernelVersion{4, 8}));
  EXPECT_EQ(prof.syscalls[2].includes.arches,
            (std::vector<ArchId>{ArchId::kX86_64, ArchId::kX32}));
  EXPECT_EQ(prof.syscalls[3].action, (Action{ActionKind::kErrno, EINVAL}));
  EXPECT_EQ(prof.syscalls[4].action, (Action{ActionKind::kKillThread, 0}));
}

TEST(ProfileParserTest, ErrnoAndTraceDefaultToEperm) {
  absl::StatusOr<ParsedProfile> p = ParseProfile(
      R"({"defaultAction": "SCMP_ACT_ERRNO",
          "syscalls": [{"names": ["read"], "action": "SCMP_ACT_TRACE"}]})",
      "x.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->profile.default_action, (Action{ActionKind::kErrno, EPERM}));
  EXPECT_EQ(p->profile.syscalls[0].action, (Action{ActionKind::kTrace, EPERM}));
}

TEST(ProfileParserTest, AcceptsOciConfig) {
  absl::StatusOr<ParsedProfile> p = ParseProfile(
      R"({"ociVersion": "1.0.2", "process": {"args": ["sh"]},
          "linux": {"seccomp": {"defaultAction": "SCMP_ACT_KILL_PROCESS",
                                "architectures": ["SCMP_ARCH_X86_64"],
                                "syscalls": [{"names": ["read"],
                                              "action": "SCMP_ACT_ALLOW"}]}}})",
      "config.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->profile.default_action.kind, ActionKind::kKillProcess);
  EXPECT_EQ(p->profile.architectures, (std::vector<ArchId>{ArchId::kX86_64}));
  EXPECT_EQ(p->profile.syscalls.size(), 1u);
}

TEST(ProfileParserTest, WarnsAboutUnknownKeysAndImpossibleMasks) {
  absl::StatusOr<ParsedProfile> p = ParseProfile(
      R"({"defaultAction": "SCMP_ACT_ALLOW", "colour": "blue",
          "syscalls": [{"names": ["read", "read"], "action": "SCMP_ACT_ERRNO",
                        "args": [{"index": 0, "value": 3, "valueTwo": 4,
                                  "op": "SCMP_CMP_MASKED_EQ"},
                                 {"index": 0, "value": 1, "valueTwo": 9,
                                  "op": "SCMP_CMP_GE"}]}]})",
      "w.json");
  ASSERT_TRUE(p.ok()) << p.status();
  std::vector<std::string> messages;
  for (const Diagnostic& d : p->warnings) {
    messages.push_back(d.location.json_path + ": " + d.message);
  }
  EXPECT_THAT(messages,
              ::testing::UnorderedElementsAre(
                  HasSubstr("colour: unknown key \"colour\""),
                  HasSubstr("names[1]: \"read\" is listed twice"),
                  HasSubstr("args[0]: SCMP_CMP_MASKED_EQ can never hold"),
                  HasSubstr("args[1].valueTwo: valueTwo is only used"),
                  HasSubstr("args[1]: a second condition on argument 0")));
  EXPECT_EQ(p->warnings[0].location.line, 1);
}

// One unknown key in each of many entries: the first 100 are listed, the
// rest summed up in one warning where the first unlisted one is.
TEST(ProfileParserTest, ListsTheFirstHundredUnknownKeysThenCounts) {
  std::string text = R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [)";
  for (int i = 0; i < 150; ++i) {
    text += std::string(i > 0 ? "," : "") +
            R"({"names": ["read"], "action": "SCMP_ACT_ERRNO", "x": [1]})";
  }
  text += "]}";
  absl::StatusOr<ParsedProfile> p = ParseProfile(text, "many.json");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->warnings.size(), 101u);
  EXPECT_THAT(p->warnings[99].message, HasSubstr("unknown key \"x\""));
  EXPECT_EQ(p->warnings[100].location.json_path, "syscalls[100].x");
  EXPECT_EQ(p->warnings[100].message,
            "50 more unknown keys ignored (the first 100 are listed)");
}

TEST(ProfileParserTest, RefusesDeepNestingAndHugeInput) {
  std::string deep = "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"x\": ";
  for (int i = 0; i < 10000; ++i) deep += "[";
  absl::StatusOr<ParsedProfile> p = ParseProfile(deep, "deep.json");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("nesting deeper than 64"));

  JsonLimits small;
  small.max_bytes = 10;
  p = ParseProfile("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}", "big.json",
                   small);
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("limited to 10"));
}

TEST(ProfileParserTest, FileErrorsNameThePath) {
  absl::StatusOr<ParsedProfile> p =
      ParseProfileFile("/nonexistent/seccompc/profile.json");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(p.status().message(),
              HasSubstr("/nonexistent/seccompc/profile.json"));
  p = ParseProfileFile("/");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("not a regular file"));
}

}  // namespace
}  // namespace seccompc

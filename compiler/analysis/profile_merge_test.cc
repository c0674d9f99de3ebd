#include "compiler/analysis/profile_merge.h"

#include <string>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

// A recording with `entries` (JSON array elements) over ERRNO(1).
MergeInput Rec(const std::string& name, const std::string& entries,
               const std::string& subs = "") {
  return {name,
          "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 1,"
          " \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\","
          " \"subArchitectures\": [" +
              subs + "]}], \"syscalls\": [" + entries + "]}"};
}

std::string Pin(const std::string& name, int index, unsigned long long v) {
  return "{\"names\": [\"" + name +
         "\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": " +
         std::to_string(index) + ", \"value\": " + std::to_string(v) +
         ", \"op\": \"SCMP_CMP_EQ\"}]}";
}

std::string Free(const std::string& names) {
  return "{\"names\": [" + names + "], \"action\": \"SCMP_ACT_ALLOW\"}";
}

TEST(ProfileMergeTest, PinsStayPinnedAndUnite) {
  // A base that never forked, a run that forked: clone keeps its flags.
  absl::StatusOr<MergedProfile> m = MergeRecordedProfiles(
      {Rec("a.json", Free("\"read\"")),
       Rec("b.json", Free("\"read\", \"write\"") + "," + Pin("clone", 0, 17)),
       Rec("c.json", Pin("clone", 0, 0x3d0f00), "\"SCMP_ARCH_X86\"")});
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(m->unpinned.empty());
  EXPECT_NE(m->json.find("\"names\": [\n        \"read\",\n        \"write\""),
            std::string::npos)
      << m->json;
  EXPECT_NE(m->json.find("\"value\": 17,"), std::string::npos) << m->json;
  EXPECT_NE(m->json.find("\"value\": 4001536,"), std::string::npos);
  EXPECT_EQ(m->json.find("\"clone\",\n"), std::string::npos)
      << "clone unconditioned: " << m->json;
  EXPECT_NE(m->json.find("\"SCMP_ARCH_X86\""), std::string::npos);
}

TEST(ProfileMergeTest, AnUnconditionedInputAllowsAll) {
  absl::StatusOr<MergedProfile> m = MergeRecordedProfiles(
      {Rec("a.json", Pin("socket", 0, 1)), Rec("b.json", Free("\"socket\""))});
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->json.find("SCMP_CMP_EQ"), std::string::npos) << m->json;
}

TEST(ProfileMergeTest, TheBoundUnpinsOneArgumentAndSaysSo) {
  std::string many;
  for (int v = 0; v < 5; ++v) many += (v ? "," : "") + Pin("ioctl", 1, v);
  absl::StatusOr<MergedProfile> m = MergeRecordedProfiles(
      {Rec("a.json", many), Rec("b.json", Pin("socket", 0, 1))},
      /*max_values_per_argument=*/4);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->unpinned.size(), 1u);
  EXPECT_EQ(m->unpinned[0],
            "ioctl arg1: 5 distinct values (bound 4): left unpinned");
  EXPECT_NE(m->json.find("\"ioctl\""), std::string::npos);
  EXPECT_NE(m->json.find("\"value\": 1,"), std::string::npos)
      << "socket stays pinned: " << m->json;
  // At the bound, nothing is unpinned.
  m = MergeRecordedProfiles({Rec("a.json", many)}, 5);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->unpinned.empty());
}

TEST(ProfileMergeTest, RefusesWhatItCannotMergeWithoutChangingMeaning) {
  struct Case {
    std::vector<MergeInput> inputs;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{Rec("a.json",
            "{\"names\": [\"read\"], \"action\": "
            "\"SCMP_ACT_KILL\"}")},
       "a.json: syscalls[0]: its action is not SCMP_ACT_ALLOW"},
      {{Rec("a.json",
            "{\"names\": [\"read\"], \"action\": "
            "\"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, "
            "\"value\": 1, \"op\": \"SCMP_CMP_GT\"}]}")},
       "a.json: syscalls[0]: an argument is not an SCMP_CMP_EQ pin"},
      {{Rec("a.json",
            "{\"names\": [\"read\"], \"action\": "
            "\"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": "
            "[\"CAP_SYS_ADMIN\"]}}")},
       "a.json: syscalls[0]: it has includes"},
      {{Rec("a.json", Free("\"read\"")),
        {"b.json",
         "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"archMap\": "
         "[{\"architecture\": \"SCMP_ARCH_X86_64\"}], \"syscalls\": []}"}},
       "b.json: defaultAction \"SCMP_ACT_ALLOW\" differs from a.json's "
       "\"SCMP_ACT_ERRNO\""},
      {{{"x.json", "[]"}}, "x.json: not a JSON object"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<MergedProfile> m = MergeRecordedProfiles(c.inputs);
    ASSERT_FALSE(m.ok()) << c.error;
    EXPECT_NE(std::string(m.status().message()).find(c.error),
              std::string::npos)
        << m.status();
  }
}

}  // namespace
}  // namespace seccompc

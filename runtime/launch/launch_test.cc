// seccomp-launch's decisions (launch.h): the Mesos/Marathon resolution
// table and the plans built from a config folder.
#include "runtime/launch/launch.h"

#include <dirent.h>
#include <unistd.h>

#include <string>

#include "absl/strings/match.h"
#include "compiler/bpf/disasm.h"
#include "compiler/util/read_file.h"
#include "compiler/util/replace_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/launch/plan_text.h"
#include "runtime/launch/testing/config_folder_fixture.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;
using Why = SeccompDecision::Why;

// ---- the resolution table (reference.md §1) --------------------------------

struct DecisionCase {
  const char* name;
  std::string agent_default;
  std::optional<SeccompSetting> task;
  // Either a decision or an error message.
  Why why;
  std::string profile;
  std::string error;
};

class Resolution : public ::testing::TestWithParam<DecisionCase> {};

TEST_P(Resolution, FollowsMesosAndMarathon) {
  const DecisionCase& c = GetParam();
  AgentConfig agent{"/etc/mesos/seccomp", c.agent_default};
  absl::StatusOr<SeccompDecision> d = DecideSeccomp(agent, c.task);
  if (!c.error.empty()) {
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().message(), c.error);
    return;
  }
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->why, c.why);
  EXPECT_EQ(d->profile_name, c.profile);
  EXPECT_EQ(d->confined(), !c.profile.empty());
}

SeccompSetting Setting(std::optional<std::string> name,
                       std::optional<bool> unconfined) {
  return SeccompSetting{std::move(name), unconfined};
}

INSTANTIATE_TEST_SUITE_P(
    Table, Resolution,
    ::testing::Values(
        DecisionCase{"AbsentUsesAgentDefault", "default.json", std::nullopt,
                     Why::kAgentDefault, "default.json", ""},
        DecisionCase{"AbsentWithoutDefaultIsUnfiltered", "", std::nullopt,
                     Why::kNoDefault, "", ""},
        DecisionCase{"UnconfinedEvenWithADefault", "default.json",
                     Setting(std::nullopt, true), Why::kTaskUnconfined, "", ""},
        DecisionCase{"UnconfinedWithoutDefault", "",
                     Setting(std::nullopt, true), Why::kTaskUnconfined, "", ""},
        DecisionCase{"NamedProfile", "default.json",
                     Setting("relaxed.json", std::nullopt), Why::kTaskProfile,
                     "relaxed.json", ""},
        DecisionCase{"NamedProfileUnconfinedFalse", "",
                     Setting("relaxed.json", false), Why::kTaskProfile,
                     "relaxed.json", ""},
        DecisionCase{"BothSetFails", "default.json",
                     Setting("relaxed.json", true), Why::kNoDefault, "",
                     kBothSetMessage},
        DecisionCase{"NeitherSetFails", "default.json",
                     Setting(std::nullopt, std::nullopt), Why::kNoDefault, "",
                     kNeitherSetMessage},
        DecisionCase{"UnconfinedFalseAloneFails", "default.json",
                     Setting(std::nullopt, false), Why::kNoDefault, "",
                     kNeitherSetMessage}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Resolution, MarathonMessagesAreVerbatim) {
  EXPECT_STREQ(kBothSetMessage,
               "Seccomp unconfined can NOT be true when Profile is defined");
  EXPECT_STREQ(kNeitherSetMessage,
               "Seccomp unconfined must be true when Profile is NOT defined");
}

// A profile that cannot be used fails the launch with 125, never 127.
TEST_F(ConfigFolder, UnusableProfilesFailTheLaunch) {
  for (const char* name :
       {"broken.json", "missing.json", "abs_out.json", "fifo.json"}) {
    LaunchRequest request;
    request.agent = {dir_, ""};
    request.seccomp = SeccompSetting{std::string(name), std::nullopt};
    request.command = {"true"};
    request.caps = "none";
    absl::StatusOr<LaunchPlan> plan = PlanLaunch(request);
    ASSERT_FALSE(plan.ok()) << name;
    EXPECT_EQ(ExitCodeFor(plan.status()), kExitLaunchFailed) << name;
  }
}

// Mesos refuses to start an agent whose default profile is bad; no task
// runs then, not even an unconfined one.
TEST_F(ConfigFolder, BrokenAgentDefaultFailsEveryLaunch) {
  for (const std::optional<SeccompSetting>& task :
       {std::optional<SeccompSetting>(SeccompSetting{std::nullopt, true}),
        std::optional<SeccompSetting>(
            SeccompSetting{"ok.json", std::nullopt})}) {
    LaunchRequest request;
    request.agent = {dir_, "broken.json"};
    request.seccomp = task;
    request.command = {"true"};
    request.caps = "none";
    absl::StatusOr<LaunchPlan> plan = PlanLaunch(request);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(ExitCodeFor(plan.status()), kExitLaunchFailed);
    EXPECT_THAT(std::string(plan.status().message()),
                HasSubstr("agent default profile: "));
  }
  LaunchRequest good;
  good.agent = {dir_, "ok.json"};
  good.seccomp = SeccompSetting{std::nullopt, true};
  good.command = {"true"};
  EXPECT_TRUE(PlanLaunch(good).ok());
}

TEST_F(ConfigFolder, BrokenProfileMessageHasItsPosition) {
  LaunchRequest request;
  request.agent = {dir_, "broken.json"};
  request.command = {"true"};
  request.caps = "none";
  absl::StatusOr<LaunchPlan> plan = PlanLaunch(request);
  ASSERT_FALSE(plan.ok());
  EXPECT_THAT(std::string(plan.status().message()),
              HasSubstr(dir_ + "/broken.json:1:"));
  EXPECT_THAT(std::string(plan.status().message()), HasSubstr("defaultAction"));
}

TEST_F(ConfigFolder, PlanForAGoodProfile) {
  LaunchRequest request;
  request.agent = {dir_, "ok.json"};
  request.command = {"sh", "-c", "true"};
  request.caps = "none";
  request.path_env = "/usr/bin:/bin";
  absl::StatusOr<LaunchPlan> plan = PlanLaunch(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_TRUE(plan->filter.has_value());
  EXPECT_FALSE(plan->program.empty());
  EXPECT_EQ(plan->exec_path, "/usr/bin/sh");
  EXPECT_THAT(
      LaunchLogLine(*plan),
      HasSubstr("seccomp-launch: profile ok.json (agent default) for "));
  EXPECT_THAT(LaunchLogLine(*plan), HasSubstr("instructions; exec sh"));
  EXPECT_THAT(DescribePlan(*plan),
              HasSubstr("profile: ok.json (agent default)"));
}

// --cache_dir: a hit plans exactly what the compile planned; anything in
// the key that changes is a miss.
TEST_F(ConfigFolder, CachedPlanEqualsCompiledPlan) {
  Write(dir_ + "/deny.json",
        R"({"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
            "flags": ["SECCOMP_FILTER_FLAG_LOG"],
            "syscalls": [{"names": ["read", "write", "execve"],
                          "action": "SCMP_ACT_ALLOW"},
                         {"names": ["mount"], "action": "SCMP_ACT_ALLOW",
                          "includes": {"caps": ["CAP_SYS_ADMIN"]}}]})");
  LaunchRequest request;
  request.agent = {dir_, "deny.json"};
  request.command = {"true"};
  request.caps = "none";
  request.cache_dir = root_ + "/cache";
  // --print runs no task: the owner fills the cache (and creates it).
  request.print_only = true;
  absl::StatusOr<LaunchPlan> miss = PlanLaunch(request);
  ASSERT_TRUE(miss.ok()) << miss.status();
  EXPECT_EQ(miss->cache_note, "");
  EXPECT_FALSE(miss->from_cache);
  // This test runs as root: a task it ran could change the cache, which is
  // then not used (launch_security_test runs tasks as uid 65534).
  if (geteuid() == 0) {
    LaunchRequest task = request;
    task.print_only = false;
    absl::StatusOr<LaunchPlan> root_task = PlanLaunch(task);
    ASSERT_TRUE(root_task.ok()) << root_task.status();
    EXPECT_FALSE(root_task->from_cache);
    EXPECT_THAT(root_task->cache_note,
                HasSubstr("the task would run as uid 0"));
  }
  EXPECT_TRUE(miss->filter.has_value());
  absl::StatusOr<LaunchPlan> hit = PlanLaunch(request);
  ASSERT_TRUE(hit.ok()) << hit.status();
  EXPECT_TRUE(hit->from_cache);
  EXPECT_FALSE(hit->filter.has_value());
  EXPECT_EQ(SerializeRawProgram(hit->program),
            SerializeRawProgram(miss->program));
  EXPECT_EQ(DescribePlan(*hit), DescribePlan(*miss));
  EXPECT_EQ(LaunchLogLine(*hit), LaunchLogLine(*miss));
  EXPECT_EQ(hit->profile.flags, miss->profile.flags);
  EXPECT_NE(hit->profile.flags, 0u);
  EXPECT_EQ(hit->default_action, miss->default_action);
  EXPECT_EQ(hit->arch_names, miss->arch_names);

  // Other capabilities (mount's rule), options or --report: misses.
  LaunchRequest other = request;
  other.caps = "CAP_SYS_ADMIN";
  absl::StatusOr<LaunchPlan> caps = PlanLaunch(other);
  ASSERT_TRUE(caps.ok()) << caps.status();
  EXPECT_FALSE(caps->from_cache);
  EXPECT_NE(SerializeRawProgram(caps->program),
            SerializeRawProgram(miss->program));
  other = request;
  other.enosys = EnosysRule::kOff;
  absl::StatusOr<LaunchPlan> enosys_off = PlanLaunch(other);
  ASSERT_TRUE(enosys_off.ok()) << enosys_off.status();
  EXPECT_FALSE(enosys_off->from_cache);
  EXPECT_TRUE(PlanLaunch(other)->from_cache);  // its own entry now
  other.missing_action = MissingActionPolicy::kUseStricter;
  EXPECT_FALSE(PlanLaunch(other)->from_cache);
  other = request;
  other.report = true;
  absl::StatusOr<LaunchPlan> report = PlanLaunch(other);
  if (report.ok()) {  // ptrace may be refused here; then it fails anyway
    EXPECT_FALSE(report->from_cache);
    EXPECT_TRUE(report->filter.has_value());
  }
}

// A cached program is installed only when proven to mean the profile: an
// entry whose key, owner and verifier checks all pass but whose program is
// another one (RET ALLOW) is refused, recompiled and overwritten.
TEST_F(ConfigFolder, PoisonedCacheEntryIsRefusedAndRecompiled) {
  Write(dir_ + "/deny.json",
        R"({"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
            "syscalls": [{"names": ["read", "write", "execve"],
                          "action": "SCMP_ACT_ALLOW"}]})");
  LaunchRequest request;
  request.agent = {dir_, "deny.json"};
  request.command = {"true"};
  request.caps = "none";
  request.cache_dir = root_ + "/cache";
  request.print_only = true;
  absl::StatusOr<LaunchPlan> miss = PlanLaunch(request);
  ASSERT_TRUE(miss.ok()) << miss.status();
  ASSERT_FALSE(miss->from_cache);

  // The one entry: "<program> <facts>\n<key>". Only the program changes.
  std::string entry;
  DIR* d = opendir(request.cache_dir.c_str());
  ASSERT_NE(d, nullptr);
  while (struct dirent* e = readdir(d)) {
    if (absl::EndsWith(e->d_name, ".prog")) {
      entry = request.cache_dir + "/" + e->d_name;
    }
  }
  closedir(d);
  ASSERT_FALSE(entry.empty());
  absl::StatusOr<std::string> text = ReadFileLimited(entry, 1 << 20);
  ASSERT_TRUE(text.ok()) << text.status();
  const size_t end = text->find_first_of(" \n");
  const std::string allow_all = "BgAAAAAA/38=";  // RET ALLOW: verifies
  text->replace(0, end, allow_all);
  ASSERT_TRUE(ReplaceFileAtomically(entry, *text, 0644).ok());

  absl::StatusOr<LaunchPlan> poisoned = PlanLaunch(request);
  ASSERT_TRUE(poisoned.ok()) << poisoned.status();
  EXPECT_FALSE(poisoned->from_cache);
  EXPECT_THAT(poisoned->cache_note, HasSubstr("cached program refused"));
  EXPECT_THAT(poisoned->cache_note, HasSubstr("recompiled"));
  EXPECT_EQ(SerializeRawProgram(poisoned->program),
            SerializeRawProgram(miss->program));
  // The entry was overwritten with the proven program: a hit again.
  absl::StatusOr<LaunchPlan> hit = PlanLaunch(request);
  ASSERT_TRUE(hit.ok()) << hit.status();
  EXPECT_TRUE(hit->from_cache);
  EXPECT_EQ(hit->cache_note, "");
}

TEST(Plan, UnconfinedHasNoFilter) {
  LaunchRequest request;
  request.agent = {"", ""};
  request.seccomp = SeccompSetting{std::nullopt, true};
  request.command = {"true"};
  absl::StatusOr<LaunchPlan> plan = PlanLaunch(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_FALSE(plan->filter.has_value());
  EXPECT_EQ(LaunchLogLine(*plan),
            "seccomp-launch: no filter (task unconfined: true); exec true");
}

TEST(Plan, NoCommandIsAnError) {
  LaunchRequest request;
  request.seccomp = SeccompSetting{std::nullopt, true};
  absl::StatusOr<LaunchPlan> plan = PlanLaunch(request);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(ExitCodeFor(plan.status()), kExitLaunchFailed);
}

}  // namespace
}  // namespace seccompc

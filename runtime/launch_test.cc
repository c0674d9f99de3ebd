// seccomp-launch's decisions: the Mesos/Marathon resolution table, the
// config folder's confinement, the task definitions, the command lookup,
// and the --report message.
#include "runtime/launch.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/report.h"

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

// ---- the config folder -----------------------------------------------------

class ConfigFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    root_ = std::string(tmp ? tmp : "/tmp") + "/launch_test_XXXXXX";
    ASSERT_NE(mkdtemp(root_.data()), nullptr);
    dir_ = root_ + "/seccomp";
    ASSERT_EQ(mkdir(dir_.c_str(), 0755), 0);
    ASSERT_EQ(mkdir((dir_ + "/sub").c_str(), 0755), 0);
    ASSERT_EQ(mkdir((dir_ + "/dir.json").c_str(), 0755), 0);
    Write(dir_ + "/ok.json", kAllowAll);
    Write(dir_ + "/sub/nested.json", kAllowAll);
    Write(dir_ + "/broken.json", "{\"defaultAction\": \"SCMP_ACT_NOPE\"}");
    Write(root_ + "/outside.json", kAllowAll);
    ASSERT_EQ(symlink("ok.json", (dir_ + "/alias.json").c_str()), 0);
    ASSERT_EQ(symlink("sub/../ok.json", (dir_ + "/alias2.json").c_str()), 0);
    ASSERT_EQ(symlink((root_ + "/outside.json").c_str(),
                      (dir_ + "/abs_out.json").c_str()),
              0);
    ASSERT_EQ(symlink("../outside.json", (dir_ + "/rel_out.json").c_str()), 0);
    ASSERT_EQ(symlink("/etc/passwd", (dir_ + "/passwd.json").c_str()), 0);
    ASSERT_EQ(symlink("loop.json", (dir_ + "/loop.json").c_str()), 0);
    ASSERT_EQ(mkfifo((dir_ + "/fifo.json").c_str(), 0644), 0);
  }
  static void Write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }
  static constexpr char kAllowAll[] = "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}";
  std::string root_;
  std::string dir_;
};

TEST_F(ConfigFolder, NamesInsideAreRead) {
  for (const char* name : {"ok.json", "sub/nested.json", "alias.json",
                           "alias2.json", "./ok.json"}) {
    absl::StatusOr<ConfigProfile> p = ReadConfigProfile(dir_, name);
    ASSERT_TRUE(p.ok()) << name << ": " << p.status();
    EXPECT_EQ(p->text, kAllowAll) << name;
    EXPECT_EQ(p->path, dir_ + "/" + name);
  }
}

struct EscapeCase {
  const char* name;
  const char* profile;
  const char* message;  // substring of the error
};

class ConfigEscape : public ConfigFolder,
                     public ::testing::WithParamInterface<EscapeCase> {};

TEST_P(ConfigEscape, IsRefusedWithAClearMessage) {
  const EscapeCase& c = GetParam();
  absl::StatusOr<ConfigProfile> p = ReadConfigProfile(dir_, c.profile);
  ASSERT_FALSE(p.ok()) << c.profile << " was read";
  const std::string m(p.status().message());
  EXPECT_THAT(m, HasSubstr(c.message));
  EXPECT_THAT(m, HasSubstr(std::string("\"") + c.profile + "\""));
}

INSTANTIATE_TEST_SUITE_P(
    Table, ConfigEscape,
    ::testing::Values(
        EscapeCase{"DotDot", "../outside.json", "'..' components"},
        EscapeCase{"DotDotInside", "sub/../../outside.json", "'..' components"},
        EscapeCase{"Absolute", "/etc/passwd", "absolute names"},
        EscapeCase{"SymlinkAbsoluteOut", "abs_out.json",
                   "outside the config folder"},
        EscapeCase{"SymlinkRelativeOut", "rel_out.json",
                   "outside the config folder"},
        EscapeCase{"SymlinkToEtcPasswd", "passwd.json",
                   "outside the config folder"},
        EscapeCase{"SymlinkLoop", "loop.json", "symbolic links"},
        EscapeCase{"Directory", "dir.json", "a directory"},
        EscapeCase{"Fifo", "fifo.json", "a FIFO"},
        EscapeCase{"Missing", "missing.json", "no such file"},
        EscapeCase{"Empty", "", "empty profile name"}),
    [](const auto& info) { return std::string(info.param.name); });

// Issue 9 item 8: a NUL (or any control character) in a profile name.
TEST_F(ConfigFolder, ControlCharactersAreRefused) {
  for (const std::string& name :
       {std::string("ok.json\0x", 9), std::string("ok\n.json"),
        std::string("\x1b[2Jok.json"), std::string("ok.json\x7f")}) {
    absl::StatusOr<ConfigProfile> p = ReadConfigProfile(dir_, name);
    ASSERT_FALSE(p.ok()) << absl::CHexEscape(name);
    EXPECT_THAT(std::string(p.status().message()),
                HasSubstr("refused with control characters"));
  }
}

// Issue 13 §4: without openat2, names are opened one component at a time
// with O_NOFOLLOW: inside names still work, every symlink is refused.
TEST_F(ConfigFolder, ComponentWalkWithoutOpenat2) {
  ConfigDirOptions walk;
  walk.force_component_walk = true;
  for (const char* name :
       {"ok.json", "sub/nested.json", "./ok.json", "sub//nested.json"}) {
    absl::StatusOr<ConfigProfile> p = ReadConfigProfile(dir_, name, walk);
    ASSERT_TRUE(p.ok()) << name << ": " << p.status();
    EXPECT_EQ(p->text, kAllowAll);
  }
  for (const char* name : {"alias.json", "abs_out.json", "rel_out.json",
                           "passwd.json", "loop.json"}) {
    absl::StatusOr<ConfigProfile> p = ReadConfigProfile(dir_, name, walk);
    ASSERT_FALSE(p.ok()) << name;
    EXPECT_THAT(std::string(p.status().message()), HasSubstr("symbolic link"))
        << name;
  }
  ASSERT_EQ(symlink(root_.c_str(), (dir_ + "/linkdir").c_str()), 0);
  absl::StatusOr<ConfigProfile> p =
      ReadConfigProfile(dir_, "linkdir/outside.json", walk);
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(std::string(p.status().message()), HasSubstr("symbolic link"));
}

// A folder inside the config folder swapped for a symlink leading out while
// profiles are being read: no read ever returns the outside file, with
// openat2 or with the component walk.
TEST_F(ConfigFolder, SymlinkSwappedInDuringReadsNeverLeadsOut) {
  Write(root_ + "/outside.json", "{\"outside\": true}");
  ASSERT_EQ(mkdir((root_ + "/out").c_str(), 0755), 0);
  Write(root_ + "/out/p.json", "{\"outside\": true}");
  ASSERT_EQ(mkdir((dir_ + "/real").c_str(), 0755), 0);
  Write(dir_ + "/real/p.json", kAllowAll);
  ASSERT_EQ(symlink((root_ + "/out").c_str(), (dir_ + "/evil").c_str()), 0);
  ASSERT_EQ(symlink("real", (dir_ + "/good").c_str()), 0);
  const std::string swap = dir_ + "/swap";
  ASSERT_EQ(mkdir(swap.c_str(), 0755), 0);
  Write(swap + "/p.json", kAllowAll);
  std::atomic<bool> stop{false};
  std::thread swapper([&] {
    // Alternate sub-folder "swap" between a real folder and a symlink out.
    const std::string link = dir_ + "/swaplink";
    symlink((root_ + "/out").c_str(), link.c_str());
    while (!stop.load()) {
      renameat2(AT_FDCWD, swap.c_str(), AT_FDCWD, link.c_str(),
                RENAME_EXCHANGE);
    }
  });
  int outside = 0;
  int read_ok = 0;
  for (int i = 0; i < 3000; ++i) {
    ConfigDirOptions options;
    options.force_component_walk = (i % 2) == 1;
    absl::StatusOr<ConfigProfile> p =
        ReadConfigProfile(dir_, "swap/p.json", options);
    if (p.ok()) {
      ++read_ok;
      if (p->text != kAllowAll) ++outside;
    }
  }
  stop.store(true);
  swapper.join();
  EXPECT_EQ(outside, 0);
  EXPECT_GT(read_ok, 0);  // the race really ran both ways
}

// Issue 9 item 11: folders and profiles others could write are refused
// unless allowed explicitly.
TEST_F(ConfigFolder, WritableByOthersIsRefused) {
  ConfigDirOptions insecure;
  insecure.allow_insecure = true;
  struct Case {
    std::string path;
    mode_t mode;
    const char* name;
    const char* message;
  };
  const Case cases[] = {
      {dir_, 0777, "ok.json", "the config folder is writable by everyone"},
      {dir_, 0775, "ok.json", "the config folder is writable by its group"},
      {dir_ + "/ok.json", 0666, "ok.json", "the profile is writable by"},
      {dir_ + "/sub", 0757, "sub/nested.json", "folder sub is writable by"},
      {root_, 0777, "ok.json", "/.. is writable by everyone"},
  };
  for (const Case& c : cases) {
    struct stat before;
    ASSERT_EQ(stat(c.path.c_str(), &before), 0);
    ASSERT_EQ(chmod(c.path.c_str(), c.mode), 0);
    absl::StatusOr<ConfigProfile> p = ReadConfigProfile(dir_, c.name);
    ASSERT_FALSE(p.ok()) << c.path;
    EXPECT_THAT(std::string(p.status().message()), HasSubstr(c.message));
    EXPECT_THAT(std::string(p.status().message()),
                HasSubstr("--allow_insecure_config_dir"));
    EXPECT_TRUE(ReadConfigProfile(dir_, c.name, insecure).ok()) << c.path;
    ASSERT_EQ(chmod(c.path.c_str(), before.st_mode & 07777), 0);
    EXPECT_TRUE(ReadConfigProfile(dir_, c.name).ok()) << c.path;
  }
  if (geteuid() == 0) {
    // A root-owned sticky folder above the config folder (like /tmp) is
    // fine: others cannot rename what lies in it.
    ASSERT_EQ(chmod(root_.c_str(), 01777), 0);
    EXPECT_TRUE(ReadConfigProfile(dir_, "ok.json").ok());
    ASSERT_EQ(chmod(root_.c_str(), 0700), 0);
  }
}

TEST_F(ConfigFolder, NoConfigDirIsAnError) {
  absl::StatusOr<ConfigProfile> p = ReadConfigProfile("", "ok.json");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(std::string(p.status().message()),
              HasSubstr("--seccomp_config_dir"));
}

// A profile that cannot be used fails the launch with 125, never 127.
TEST_F(ConfigFolder, UnusableProfilesFailTheLaunch) {
  for (const char* name :
       {"broken.json", "missing.json", "abs_out.json", "fifo.json"}) {
    LaunchRequest request;
    request.agent = {dir_, ""};
    request.seccomp = SeccompSetting{std::string(name), std::nullopt};
    request.command = {"true"};
    request.caps = 0;
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
    request.caps = 0;
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
  request.caps = 0;
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
  request.caps = 0;
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

// ---- task definitions ------------------------------------------------------

TEST(Marathon, SeedAppDefault) {
  absl::StatusOr<TaskDefinition> t = ParseMarathonDefinition(
      R"({"id": "/mesos-seccomp-app", "cmd": "sleep 1000", "cpus": 0.5,
          "mem": 32, "container": {"type": "MESOS"}})",
      "app.json");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_FALSE(t->seccomp.has_value());
  EXPECT_EQ(t->command,
            (std::vector<std::string>{"/bin/sh", "-c", "sleep 1000"}));
}

TEST(Marathon, SeedAppUnconfined) {
  absl::StatusOr<TaskDefinition> t = ParseMarathonDefinition(
      R"({"id": "/mesos-seccomp-app", "cmd": "sleep 1000",
          "container": {"type": "MESOS",
                        "linuxInfo": {"seccomp": {"unconfined": true}}}})",
      "app.json");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_TRUE(t->seccomp.has_value());
  EXPECT_EQ(t->seccomp->unconfined, std::optional<bool>(true));
  EXPECT_FALSE(t->seccomp->profile_name.has_value());
}

TEST(Marathon, SeedAppProfileName) {
  absl::StatusOr<TaskDefinition> t = ParseMarathonDefinition(
      R"({"id": "/mesos-seccomp-app", "args": ["sleep", "1000"],
          "container": {"type": "MESOS", "linuxInfo":
                        {"seccomp": {"profileName": "relaxed.json"}}}})",
      "app.json");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_TRUE(t->seccomp.has_value());
  EXPECT_EQ(t->seccomp->profile_name,
            std::optional<std::string>("relaxed.json"));
  EXPECT_EQ(t->command, (std::vector<std::string>{"sleep", "1000"}));
}

TEST(Marathon, PodContainers) {
  const char* pod = R"({"id": "/pod", "containers": [
      {"name": "web", "exec": {"command": {"shell": "nginx"}},
       "linuxInfo": {"seccomp": {"profileName": "default.json"}}},
      {"name": "side", "exec": {"command": {"argv": ["sleep", "5"]}},
       "linuxInfo": {"seccomp": {"unconfined": true}}}]})";
  absl::StatusOr<TaskDefinition> web =
      ParseMarathonDefinition(pod, "pod.json", "web");
  ASSERT_TRUE(web.ok()) << web.status();
  EXPECT_EQ(web->seccomp->profile_name,
            std::optional<std::string>("default.json"));
  EXPECT_EQ(web->command, (std::vector<std::string>{"/bin/sh", "-c", "nginx"}));
  absl::StatusOr<TaskDefinition> side =
      ParseMarathonDefinition(pod, "pod.json", "side");
  ASSERT_TRUE(side.ok()) << side.status();
  EXPECT_EQ(side->seccomp->unconfined, std::optional<bool>(true));
  EXPECT_EQ(side->command, (std::vector<std::string>{"sleep", "5"}));
  absl::StatusOr<TaskDefinition> none =
      ParseMarathonDefinition(pod, "pod.json");
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(std::string(none.status().message()),
              HasSubstr("--pod_container"));
  EXPECT_FALSE(ParseMarathonDefinition(pod, "pod.json", "nope").ok());
}

// Issue 9 item 9: two containers of the same name are ambiguous.
TEST(Marathon, PodDuplicateContainerNamesAreRefused) {
  const char* pod = R"({"id": "/pod", "containers": [
      {"name": "web", "exec": {"command": {"shell": "true"}},
       "linuxInfo": {"seccomp": {"unconfined": true}}},
      {"name": "web", "exec": {"command": {"shell": "true"}},
       "linuxInfo": {"seccomp": {"profileName": "default.json"}}}]})";
  absl::StatusOr<TaskDefinition> t =
      ParseMarathonDefinition(pod, "pod.json", "web");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(std::string(t.status().message()),
              HasSubstr("containers[1].name: a second container named "
                        "\"web\" (the first is containers[0]); refused"));
}

// Issue 13 §4: a pod's exec/command that is not an object is an error, as
// in an app.
TEST(Marathon, PodExecAndCommandMustBeObjects) {
  absl::StatusOr<TaskDefinition> exec = ParseMarathonDefinition(
      R"({"containers": [{"name": "a", "exec": "true"}]})", "pod.json");
  ASSERT_FALSE(exec.ok());
  EXPECT_THAT(std::string(exec.status().message()),
              HasSubstr("containers[0].exec: expected an object"));
  absl::StatusOr<TaskDefinition> command = ParseMarathonDefinition(
      R"({"containers": [{"name": "a", "exec": {"command": ["true"]}}]})",
      "pod.json");
  ASSERT_FALSE(command.ok());
  EXPECT_THAT(std::string(command.status().message()),
              HasSubstr("containers[0].exec.command: expected an object"));
}

struct BadDefinitionCase {
  const char* name;
  const char* text;
  const char* message;
};

class BadMarathon : public ::testing::TestWithParam<BadDefinitionCase> {};

TEST_P(BadMarathon, IsRefusedWithItsPosition) {
  absl::StatusOr<TaskDefinition> t =
      ParseMarathonDefinition(GetParam().text, "app.json");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(std::string(t.status().message()), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadMarathon,
    ::testing::Values(
        BadDefinitionCase{"NotJson", "{\"id\": ", "app.json:1:"},
        BadDefinitionCase{"CmdAndArgs", R"({"cmd": "a", "args": ["b"]})",
                          "either cmd or args"},
        BadDefinitionCase{
            "UnconfinedString",
            "{\n \"container\": {\"linuxInfo\": {\"seccomp\": "
            "{\"unconfined\": \"yes\"}}}}",
            "app.json:2:56: container.linuxInfo.seccomp.unconfined: expected "
            "true or false"},
        BadDefinitionCase{
            "ProfileNameNumber",
            R"({"container": {"linuxInfo": {"seccomp": {"profileName": 3}}}})",
            "profileName: expected a string"},
        BadDefinitionCase{"SeccompNotObject",
                          R"({"container": {"linuxInfo": {"seccomp": 1}}})",
                          "seccomp: expected an object"},
        BadDefinitionCase{"ArgsNotStrings", R"({"args": ["a", 2]})",
                          "args[1]: expected a string"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ContainerInfo, LinuxInfoSeccomp) {
  absl::StatusOr<TaskDefinition> t = ParseContainerInfo(
      R"({"type": "MESOS", "linux_info": {"seccomp":
          {"profile_name": "relaxed.json", "unconfined": false}}})",
      "ci.json");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->seccomp->profile_name,
            std::optional<std::string>("relaxed.json"));
  EXPECT_EQ(t->seccomp->unconfined, std::optional<bool>(false));
  EXPECT_TRUE(t->command.empty());
  absl::StatusOr<TaskDefinition> absent =
      ParseContainerInfo(R"({"type": "MESOS"})", "ci.json");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->seccomp.has_value());
  absl::StatusOr<TaskDefinition> neither =
      ParseContainerInfo(R"({"linux_info": {"seccomp": {}}})", "ci.json");
  ASSERT_TRUE(neither.ok());
  EXPECT_EQ(DecideSeccomp({"/d", "default.json"}, neither->seccomp)
                .status()
                .message(),
            kNeitherSetMessage);
}

// ---- command lookup --------------------------------------------------------

TEST(FindExecutable, ExecvpSemantics) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string dir = std::string(tmp ? tmp : "/tmp") + "/path_XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  std::ofstream(dir + "/noexec") << "#!/bin/sh\n";
  chmod((dir + "/noexec").c_str(), 0644);
  mkdir((dir + "/adir").c_str(), 0755);

  absl::StatusOr<std::string> sh = FindExecutable("sh", "/nonexistent:/bin");
  ASSERT_TRUE(sh.ok()) << sh.status();
  EXPECT_EQ(*sh, "/bin/sh");
  EXPECT_EQ(ExitCodeFor(FindExecutable("no-such-cmd-xyz", "/bin").status()),
            kExitNotFound);
  EXPECT_EQ(ExitCodeFor(FindExecutable("noexec", dir).status()),
            kExitCannotExecute);
  EXPECT_EQ(ExitCodeFor(FindExecutable(dir + "/noexec", "").status()),
            kExitCannotExecute);
  EXPECT_EQ(ExitCodeFor(FindExecutable(dir + "/adir", "").status()),
            kExitCannotExecute);
  EXPECT_EQ(ExitCodeFor(FindExecutable(dir + "/missing", "").status()),
            kExitNotFound);
  // Non-executable entries earlier in PATH are skipped.
  EXPECT_EQ(*FindExecutable("sh", dir + ":/bin"), "/bin/sh");
}

// ---- the --report message --------------------------------------------------

TEST(Report, NamesSyscallArchArgsProfileAndEntry) {
  CompileOptions options;
  options.target.native = ArchId::kX86_64;
  options.target.arches = {ArchId::kX86_64, ArchId::kX86};
  absl::StatusOr<CompiledFilter> f = CompileProfileText(
      R"({"defaultAction": "SCMP_ACT_KILL_PROCESS", "syscalls": [
          {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
          {"names": ["unshare"], "action": "SCMP_ACT_KILL_PROCESS",
           "comment": "no namespaces"}]})",
      "p.json", options);
  ASSERT_TRUE(f.ok()) << f.status();
  seccomp_data d;
  std::memset(&d, 0, sizeof(d));
  d.arch = GetArch(ArchId::kX86_64).audit_arch;
  d.nr = 272;  // unshare
  d.args[0] = 0x10000000;
  const std::string by_entry = DescribeDenial(f->profile, f->policy, 1234, d);
  EXPECT_THAT(by_entry, HasSubstr("seccomp denied unshare to pid 1234 (nr 272, "
                                  "arch x86_64, args 0x10000000 0x0 0x0"));
  EXPECT_THAT(by_entry,
              HasSubstr("KILL_PROCESS by profile p.json, syscalls[1] (no "
                        "namespaces)"));
  d.nr = 39;  // getpid: the default action
  EXPECT_THAT(DescribeDenial(f->profile, f->policy, 1234, d),
              HasSubstr("denied getpid to pid 1234 (nr 39, arch x86_64"));
  EXPECT_THAT(DescribeDenial(f->profile, f->policy, 1234, d),
              HasSubstr("defaultAction"));
  d.arch = GetArch(ArchId::kX86).audit_arch;
  d.nr = 20;  // i386 getpid
  EXPECT_THAT(DescribeDenial(f->profile, f->policy, 1234, d),
              HasSubstr("denied getpid to pid 1234 (nr 20, arch x86,"));
  d.arch = GetArch(ArchId::kX86_64).audit_arch;
  d.nr = 0x40000000 | 39;  // x32 getpid: x32 not in the filter
  EXPECT_THAT(DescribeDenial(f->profile, f->policy, 1234, d),
              HasSubstr("arch x32,"));
  EXPECT_THAT(DescribeDenial(f->profile, f->policy, 1234, d),
              HasSubstr("ABI is not in the filter"));
}

}  // namespace
}  // namespace seccompc

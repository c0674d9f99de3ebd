// Marathon app/pod and Mesos ContainerInfo definitions
// (task_definition.h): the seed's apps, pods, and bad definitions refused
// with their position.
#include "runtime/launch/task_definition.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/launch/launch.h"  // DecideSeccomp on a parsed setting

namespace seccompc {
namespace {

using ::testing::HasSubstr;

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

// A container name given for an app is an error, not ignored.
TEST(Marathon, PodContainerForAnAppIsRefused) {
  const char* app = R"({"id": "/app", "cmd": "true",
    "container": {"linuxInfo": {"seccomp": {"unconfined": true}}}})";
  ASSERT_TRUE(ParseMarathonDefinition(app, "app.json").ok());
  absl::StatusOr<TaskDefinition> named =
      ParseMarathonDefinition(app, "app.json", "web");
  ASSERT_FALSE(named.ok());
  EXPECT_THAT(std::string(named.status().message()),
              HasSubstr("app.json:1:1: expected a pod"));
}

// Two containers of the same name are ambiguous.
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

// A pod's exec/command that is not an object is an error, as
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

}  // namespace
}  // namespace seccompc

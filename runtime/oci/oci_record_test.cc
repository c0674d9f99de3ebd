#include "runtime/oci/oci_record.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "runtime/oci/oci_runtime.h"

namespace seccompc {
namespace {

using ordered_json = nlohmann::ordered_json;

TEST(CheckRecordingName, AcceptsPlainNames) {
  EXPECT_TRUE(CheckRecordingName("busybox-ls").ok());
  EXPECT_TRUE(CheckRecordingName("a.b_c-1").ok());
}

TEST(CheckRecordingName, RefusesPathsAndOddNames) {
  for (const char* bad :
       {"", "a/b", "..", ".hidden", "../x", "a b", "a\nb", "x\xc3\xa9"}) {
    EXPECT_FALSE(CheckRecordingName(bad).ok()) << bad;
  }
  EXPECT_FALSE(
      CheckRecordingName(std::string(kMaxRecordingNameBytes + 1, 'a')).ok());
  EXPECT_TRUE(
      CheckRecordingName(std::string(kMaxRecordingNameBytes, 'a')).ok());
  EXPECT_NE(CheckRecordingName("a/b").message().find("'/'"), std::string::npos);
}

TEST(RecordingSeccomp, NoProfileNotifiesEverything) {
  absl::StatusOr<ordered_json> s = RecordingSeccomp(nullptr, "/r/.x.sock");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ((*s)["defaultAction"], "SCMP_ACT_NOTIFY");
  EXPECT_EQ((*s)["listenerPath"], "/r/.x.sock");
}

TEST(RecordingSeccomp, AllowsBecomeNotifyDenialsStay) {
  const ordered_json profile = ordered_json::parse(R"({
    "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
    "architectures": ["SCMP_ARCH_X86_64"],
    "syscalls": [
      {"names": ["read"], "action": "SCMP_ACT_ALLOW"},
      {"names": ["write"], "action": "SCMP_ACT_LOG"},
      {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77},
      {"names": ["ptrace"], "action": "SCMP_ACT_KILL_PROCESS"}]})");
  absl::StatusOr<ordered_json> s = RecordingSeccomp(profile, "/r/s");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ((*s)["defaultAction"], "SCMP_ACT_ERRNO");
  EXPECT_EQ((*s)["defaultErrnoRet"], 1);
  EXPECT_EQ((*s)["syscalls"][0]["action"], "SCMP_ACT_NOTIFY");
  EXPECT_EQ((*s)["syscalls"][1]["action"], "SCMP_ACT_NOTIFY");
  EXPECT_EQ((*s)["syscalls"][2]["action"], "SCMP_ACT_ERRNO");
  EXPECT_EQ((*s)["syscalls"][2]["errnoRet"], 77);
  EXPECT_EQ((*s)["syscalls"][3]["action"], "SCMP_ACT_KILL_PROCESS");
  EXPECT_EQ((*s)["listenerPath"], "/r/s");
}

TEST(RecordingSeccomp, PermissiveDefaultBecomesNotify) {
  absl::StatusOr<ordered_json> s = RecordingSeccomp(
      ordered_json::parse(R"({"defaultAction": "SCMP_ACT_ALLOW"})"), "/r/s");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ((*s)["defaultAction"], "SCMP_ACT_NOTIFY");
}

// A NOTIFY the profile has (answered ENOSYS without an agent) or a
// listener of its own cannot be recorded without changing its answers.
TEST(RecordingSeccomp, RefusesProfilesWithTheirOwnNotify) {
  EXPECT_FALSE(RecordingSeccomp(ordered_json::parse(R"({
    "defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_NOTIFY"}]})"),
                                "/r/s")
                   .ok());
  EXPECT_FALSE(RecordingSeccomp(ordered_json::parse(R"({
    "defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/agent.sock"})"),
                                "/r/s")
                   .ok());
  EXPECT_FALSE(RecordingSeccomp(ordered_json::parse("[]"), "/r/s").ok());
}

// USER_NOTIF outranks TRACE where entries overlap; ALLOW did not.
TEST(RecordingSeccomp, RefusesTraceEntries) {
  EXPECT_FALSE(RecordingSeccomp(ordered_json::parse(R"({
    "defaultAction": "SCMP_ACT_ERRNO",
    "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW"},
                 {"names": ["ptrace"], "action": "SCMP_ACT_TRACE",
                  "args": [{"index": 0, "value": 16, "op": "SCMP_CMP_EQ"}]}]})"),
                                "/r/s")
                   .ok());
}

class PrepareRecordingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/oci_record_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    record_dir_ = dir_ + "/records";
    ASSERT_EQ(mkdir(record_dir_.c_str(), 0755), 0);
    config_ = dir_ + "/config.json";
  }
  void TearDown() override {
    EXPECT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }
  void Write(const std::string& text) { std::ofstream(config_) << text; }
  std::string Read() {
    std::stringstream s;
    s << std::ifstream(config_).rdbuf();
    return s.str();
  }

  std::string dir_, record_dir_, config_;
};

TEST_F(PrepareRecordingTest, WithoutTheAnnotationTheConfigIsUntouched) {
  const std::string text =
      R"({"ociVersion": "1.0.2", "annotations": {"a": "b"}})";
  Write(text);
  auto r = PrepareRecording(config_, record_dir_, 1 << 20);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->has_value());
  EXPECT_EQ(Read(), text);
}

TEST_F(PrepareRecordingTest, RewritesSeccompWithTheListener) {
  if (geteuid() != 0) GTEST_SKIP() << "record_dir must be root's";
  Write(R"({"ociVersion": "1.0.2",
    "annotations": {"io.seccompc.record": "busybox"},
    "linux": {"namespaces": []}})");
  auto r = PrepareRecording(config_, record_dir_, 1 << 20);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->output, record_dir_ + "/busybox.json");
  const ordered_json c = ordered_json::parse(Read());
  EXPECT_EQ(c["linux"]["seccomp"]["defaultAction"], "SCMP_ACT_NOTIFY");
  EXPECT_EQ(c["linux"]["seccomp"]["listenerPath"], (*r)->socket_path);
  EXPECT_TRUE(c["linux"].contains("namespaces"));
}

TEST_F(PrepareRecordingTest, RefusesWithoutRecordDirOrWithABadName) {
  Write(R"({"ociVersion": "1.0.2",
    "annotations": {"io.seccompc.record": "busybox"}})");
  auto off = PrepareRecording(config_, "", 1 << 20);
  ASSERT_FALSE(off.ok());
  EXPECT_NE(off.status().message().find("record_dir"), std::string::npos);
  Write(R"({"ociVersion": "1.0.2",
    "annotations": {"io.seccompc.record": "../etc/x"}})");
  EXPECT_FALSE(PrepareRecording(config_, record_dir_, 1 << 20).ok());
}

TEST_F(PrepareRecordingTest, RefusesAnotherTakerOfTheListener) {
  for (const char* other :
       {"run.oci.seccomp.receiver", "run.oci.seccomp.plugins"}) {
    Write(std::string(R"({"ociVersion": "1.0.2", "annotations": {)") +
          R"("io.seccompc.record": "busybox", ")" + other + R"(": "/x"}})");
    auto r = PrepareRecording(config_, record_dir_, 1 << 20);
    ASSERT_FALSE(r.ok()) << other;
    EXPECT_NE(r.status().message().find(other), std::string::npos);
  }
}

TEST(RecordDirConfig, AbsoluteOrNone) {
  absl::StatusOr<RuntimeConfig> c =
      ParseRuntimeConfig("record_dir = /var/lib/rec\n", "conf");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->record_dir, "/var/lib/rec");
  c = ParseRuntimeConfig("record_dir = none\n", "conf", *c);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->record_dir, "");
  EXPECT_EQ(RuntimeConfig{}.record_dir, "");  // off by default
  EXPECT_FALSE(ParseRuntimeConfig("record_dir = rel\n", "conf").ok());
}

TEST_F(PrepareRecordingTest, RefusesAWritableRecordDir) {
  ASSERT_EQ(chmod(record_dir_.c_str(), 0777), 0);
  EXPECT_FALSE(CheckRecordDir(record_dir_).ok());
  EXPECT_FALSE(CheckRecordDir("relative").ok());
  EXPECT_FALSE(CheckRecordDir(dir_ + "/missing").ok());
}

}  // namespace
}  // namespace seccompc

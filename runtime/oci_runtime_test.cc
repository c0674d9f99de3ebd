#include "runtime/oci_runtime.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "compiler/bpf/bpf.h"
#include "compiler/bpf/disasm.h"
#include "compiler/bpf/interpreter.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace seccompc {
namespace {

using nlohmann::ordered_json;

TEST(ParseRuntimeArgsTest, TheWaysEnginesCallRunc) {
  struct Case {
    std::vector<std::string> args;
    std::string command, bundle, log, format;
  } cases[] = {
      // containerd's shim (go-runc).
      {{"--root", "/run/containerd/runc/k8s.io", "--log", "/s/log.json",
        "--log-format", "json", "create", "--bundle", "/b", "--pid-file",
        "/b/init.pid", "id1"},
       "create",
       "/b",
       "/s/log.json",
       "json"},
      // conmon for podman, `=` forms and a bool global flag.
      {{"--systemd-cgroup", "--root=/run/crun", "--log=/l", "--log-format=json",
        "create", "-b", "/bb", "--no-new-keyring", "id2"},
       "create",
       "/bb",
       "/l",
       "json"},
      {{"run", "--bundle=/x", "id"}, "run", "/x", "", "text"},
      {{"run", "id"}, "run", ".", "", "text"},
      {{"--debug", "state", "id"}, "state", "", "", "text"},
      {{"--root", "/r", "delete", "--force", "-b", "x", "id"},
       "delete",
       "",
       "",
       "text"},
      {{"--version"}, "", "", "", "text"},
      {{}, "", "", "", "text"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<RuntimeInvocation> got = ParseRuntimeArgs(c.args);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->command, c.command);
    EXPECT_EQ(got->bundle, c.bundle);
    EXPECT_EQ(got->log_path, c.log);
    EXPECT_EQ(got->log_format, c.format);
  }
  EXPECT_FALSE(ParseRuntimeArgs({"--root"}).ok());
  EXPECT_FALSE(ParseRuntimeArgs({"create", "--bundle"}).ok());
}

TEST(RuntimeConfigTest, KeysAndErrors) {
  absl::StatusOr<RuntimeConfig> c = ParseRuntimeConfig(
      "# seccompc-runtime\ndelegate = /usr/local/bin/crun  # patched\n"
      "enosys = false\n",
      "rt.conf");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->delegate, "/usr/local/bin/crun");
  EXPECT_EQ(c->enosys, EnosysRule::kOff);
  absl::StatusOr<RuntimeConfig> d = ParseRuntimeConfig("", "rt.conf");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->delegate, "/usr/bin/crun");
  EXPECT_EQ(d->enosys, EnosysRule::kRunc);
  for (const char* bad :
       {"delegate = crun", "enosys = maybe", "foo = 1", "just words"}) {
    absl::StatusOr<RuntimeConfig> e = ParseRuntimeConfig(bad, "rt.conf");
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_NE(e.status().message().find("rt.conf:1"), std::string::npos)
        << e.status();
  }
}

RuntimeConfig NoCache() {
  RuntimeConfig c;
  c.cache_dir.clear();
  return c;
}

class BundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/seccompc-bundle-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    bundle_ = dir;
  }
  void TearDown() override {
    unlink(Config().c_str());
    rmdir(bundle_.c_str());
  }
  std::string Config() const { return bundle_ + "/config.json"; }
  void Write(const std::string& text) {
    std::ofstream(Config()) << text;
    chmod(Config().c_str(), 0640);
  }
  std::string Read() const {
    std::ifstream in(Config());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // The annotation's program's answer for x86_64 `nr`.
  std::string Verdict(uint32_t nr, uint64_t arg0 = 0) {
    const ordered_json doc = ordered_json::parse(Read());
    std::string raw;
    EXPECT_TRUE(absl::Base64Unescape(
        doc["annotations"][kBpfAnnotation].get<std::string>(), &raw));
    absl::StatusOr<Program> program = ParseRawProgram(raw);
    EXPECT_TRUE(program.ok());
    seccomp_data d{};
    d.arch = AUDIT_ARCH_X86_64;
    d.nr = static_cast<int>(nr);
    d.args[0] = arg0;
    absl::StatusOr<uint32_t> ret = RunProgram(*program, d);
    EXPECT_TRUE(ret.ok());
    std::optional<Action> a = ActionFromRet(*ret);
    return a ? a->ToString() : "?";
  }
  std::string bundle_;
};

constexpr char kConfig[] = R"({
  "ociVersion": "1.0.2",
  "process": {"args": ["sh"], "capabilities": {"bounding": ["CAP_KILL"]},
              "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 18446744073709551615, "soft": 1024}]},
  "root": {"path": "rootfs", "readonly": true},
  "annotations": {"org.example": "kept"},
  "linux": {
    "namespaces": [{"type": "mount"}],
    "seccomp": {
      "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
      "flags": ["SECCOMP_FILTER_FLAG_SPEC_ALLOW"],
      LISTENER
      "syscalls": [
        {"names": ["read", "write", "exit_group", "openat"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
        {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]},
        {"names": ["getpid"], "action": "SCMP_ACT_NOTIFY"}
      ]}}})";

std::string ConfigWith(const std::string& listener) {
  std::string s = kConfig;
  s.replace(s.find("LISTENER"), 8, listener);
  return s;
}

TEST_F(BundleTest, CompilesIntoTheAnnotationAndKeepsEverythingElse) {
  Write(ConfigWith(""));
  const ordered_json before = ordered_json::parse(Read());
  absl::StatusOr<BundleOutcome> out = PrepareBundle(bundle_, NoCache());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, BundleOutcome::kCompiled);
  ordered_json after = ordered_json::parse(Read());
  ASSERT_TRUE(after["annotations"].contains(kBpfAnnotation));
  after["annotations"].erase(kBpfAnnotation);
  EXPECT_EQ(after, before);  // linux.seccomp and the 64-bit rlimit kept
  EXPECT_EQ(after.dump(), before.dump());  // key order too
  struct stat st;
  ASSERT_EQ(stat(Config().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);

  EXPECT_EQ(Verdict(0), "ALLOW");                    // read
  EXPECT_EQ(Verdict(110), "ERRNO(13)");              // getppid: errnoRet
  EXPECT_EQ(Verdict(135, 0xffffffff), "ALLOW");      // personality
  EXPECT_EQ(Verdict(135, 0x1ffffffff), "ERRNO(1)");  // 64-bit compare
  EXPECT_EQ(Verdict(39), "ERRNO(38)");   // NOTIFY without a listener: ENOSYS
  EXPECT_EQ(Verdict(462), "ERRNO(38)");  // ENOSYS rule: mseal
  EXPECT_EQ(Verdict(100), "ERRNO(1)");   // below: default
}

TEST_F(BundleTest, ListenerPathKeepsNotifyAndEnosysCanBeOff) {
  Write(ConfigWith(R"("listenerPath": "/run/agent.sock",)"));
  RuntimeConfig config = NoCache();
  config.enosys = EnosysRule::kOff;
  ASSERT_TRUE(PrepareBundle(bundle_, config).ok());
  EXPECT_EQ(Verdict(39), "USER_NOTIF");
  EXPECT_EQ(Verdict(462), "ERRNO(1)");
}

TEST_F(BundleTest, LeavesPrecompiledAndUnfilteredBundlesAlone) {
  const std::string pre =
      R"({"annotations": {"run.oci.seccomp_bpf_data": "AAAA"},
          "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW"}}})";
  Write(pre);
  absl::StatusOr<BundleOutcome> out = PrepareBundle(bundle_, NoCache());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, BundleOutcome::kAlreadyCompiled);
  EXPECT_EQ(Read(), pre);
  const std::string none = R"({"ociVersion": "1.0.2", "linux": {}})";
  Write(none);
  out = PrepareBundle(bundle_, NoCache());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, BundleOutcome::kNoSeccomp);
  EXPECT_EQ(Read(), none);
}

TEST_F(BundleTest, BrokenProfileFailsAndLeavesTheBundleAsItWas) {
  const std::string broken = R"({"ociVersion": "1.0.2", "linux": {"seccomp": {
    "defaultAction": "SCMP_ACT_ERRNO",
    "syscalls": [{"names": ["read"], "action": "SCMP_ACT_SOMETIMES"}]}}})";
  Write(broken);
  absl::StatusOr<BundleOutcome> out = PrepareBundle(bundle_, NoCache());
  ASSERT_FALSE(out.ok());
  const std::string message(out.status().message());
  EXPECT_NE(message.find("config.json:3:"), std::string::npos) << message;
  EXPECT_NE(message.find("linux.seccomp.syscalls[0].action"), std::string::npos)
      << message;
  EXPECT_EQ(Read(), broken);
  Write("{\"linux\": ");
  EXPECT_FALSE(PrepareBundle(bundle_, NoCache()).ok());
}

TEST_F(BundleTest, CacheServesOnlyAnEqualKeyAndAVerifiedProgram) {
  // Not under /tmp: a cache below a folder others can write is not used.
  std::string dir_name =
      std::string(getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp") +
      "/seccompc-cache-XXXXXX";
  char* dir = dir_name.data();
  ASSERT_NE(mkdtemp(dir), nullptr);
  RuntimeConfig config;
  config.cache_dir = dir;
  const std::string original = ConfigWith("");
  Write(original);
  absl::StatusOr<BundleOutcome> out = PrepareBundle(bundle_, config);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, BundleOutcome::kCompiled);
  const std::string compiled =
      ordered_json::parse(Read())["annotations"][kBpfAnnotation];
  // One entry: the program, then the key.
  std::string entry_path;
  {
    std::string cmd = std::string("ls ") + dir + "/*.prog";
    FILE* ls = popen(cmd.c_str(), "r");
    char line[512] = {};
    ASSERT_NE(fgets(line, sizeof line, ls), nullptr);
    pclose(ls);
    entry_path = line;
    entry_path.pop_back();
  }
  std::ifstream in(entry_path);
  std::stringstream entry;
  entry << in.rdbuf();
  const std::string text = entry.str();
  const std::string key = text.substr(text.find('\n') + 1);
  EXPECT_EQ(text.substr(0, text.find('\n')), compiled);
  struct stat st;
  ASSERT_EQ(stat(dir, &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  // A hit: an entry with the same key is used as it is (here a different,
  // valid program, so the test can tell).
  const std::string allow_all =
      absl::Base64Escape(SerializeRawProgram(Program{Ret(SECCOMP_RET_ALLOW)}));
  std::ofstream(entry_path) << allow_all << "\n" << key;
  Write(original);
  out = PrepareBundle(bundle_, config);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, BundleOutcome::kFromCache);
  EXPECT_EQ(ordered_json::parse(Read())["annotations"][kBpfAnnotation],
            allow_all);

  // Another key (the profile changed, or another target) is a miss.
  std::ofstream(entry_path) << allow_all << "\n" << key << " ";
  Write(original);
  out = PrepareBundle(bundle_, config);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, BundleOutcome::kCompiled);
  EXPECT_EQ(ordered_json::parse(Read())["annotations"][kBpfAnnotation],
            compiled);

  // A program the verifier refuses is never served.
  const std::string bad = absl::Base64Escape(
      SerializeRawProgram(Program{LoadAbs(kNrOffset)}));  // no return
  std::ofstream(entry_path) << bad << "\n" << key;
  Write(original);
  out = PrepareBundle(bundle_, config);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, BundleOutcome::kCompiled);

  // A folder others can write is not used.
  chmod(dir, 0777);
  Write(original);
  out = PrepareBundle(bundle_, config);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, BundleOutcome::kCompiled);
  unlink(entry_path.c_str());
  rmdir(dir);
}

TEST(RuntimeLogTest, JsonLikeRunc) {
  const std::string line = FormatRuntimeLog("json", "bad \"profile\"");
  ASSERT_EQ(line.back(), '\n');
  const ordered_json j = ordered_json::parse(line);
  EXPECT_EQ(j["level"], "error");
  EXPECT_EQ(j["msg"], "bad \"profile\"");
  EXPECT_EQ(j["time"].get<std::string>().size(), 20u);  // 2026-01-02T03:04:05Z
  EXPECT_NE(FormatRuntimeLog("text", "m").find("level=error msg=\"m\""),
            std::string::npos);
}

}  // namespace
}  // namespace seccompc

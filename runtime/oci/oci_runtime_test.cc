#include "runtime/oci/oci_runtime.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

// Every form crun's argp accepts names the same config file here; what
// crun would refuse (or read differently) is refused.
TEST(ParseRuntimeArgsTest, CreateAndRunOptionsAsCrunParsesThem) {
  struct Case {
    std::vector<std::string> args;
    std::string config;
  } cases[] = {
      {{"create", "-b/b", "id"}, "/b/config.json"},
      {{"create", "-b", "/b", "id"}, "/b/config.json"},
      {{"create", "--bundle=/b", "id"}, "/b/config.json"},
      {{"create", "--bundle", "/b", "id"}, "/b/config.json"},
      {{"create", "--bun", "/b", "id"}, "/b/config.json"},
      {{"create", "--b=/b", "id"}, "/b/config.json"},
      {{"create", "-b", "/a", "-b", "/b", "id"}, "/b/config.json"},  // last
      {{"create", "id"}, "./config.json"},
      // crun: "config.json" is the bundle's; any other name is read from
      // the current folder (or as given when absolute).
      {{"create", "-b", "/b", "-f", "config.json", "id"}, "/b/config.json"},
      {{"create", "-b", "/b", "-f", "./config.json", "id"}, "./config.json"},
      {{"create", "-b", "/b", "-fother.json", "id"}, "other.json"},
      {{"create", "-b", "/b", "--config=/c/x.json", "id"}, "/c/x.json"},
      {{"create", "-b", "/b", "--conf", "/c/x.json", "id"}, "/c/x.json"},
      {{"create", "--console-socket", "/s", "--pid-file=/p", "--no-pivot",
        "--preserve-fds", "3", "--no-new-keyring", "--no-subreaper", "-b", "/b",
        "id"},
       "/b/config.json"},
      {{"create", "--console-socket", "-b", "-b", "/b", "id"},
       "/b/config.json"},  // a value may start with '-'
      {{"create", "-b", "/b", "--", "id"}, "/b/config.json"},
      {{"create", "-b", "/b", "-"}, "/b/config.json"},  // id "-"
      {{"run", "-db/b", "id"}, "/b/config.json"},
      {{"run", "--detach", "--bundle", "/b", "id"}, "/b/config.json"},
      {{"--log-f", "json", "--root=x", "run", "-d", "-b", "/b", "id"},
       "/b/config.json"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<RuntimeInvocation> got = ParseRuntimeArgs(c.args);
    ASSERT_TRUE(got.ok()) << c.args[1] << ": " << got.status();
    EXPECT_EQ(got->config, c.config) << absl::StrJoin(c.args, " ");
    EXPECT_TRUE(got->StartsContainer());
  }
  const std::vector<std::string> refused[] = {
      {"create", "--bogus", "id"},
      {"create", "-x", "id"},
      {"create", "--no", "id"},      // no-pivot, no-subreaper, no-new-keyring
      {"create", "--p", "x", "id"},  // pid-file, preserve-fds
      {"create", "--no-pivot=1", "id"},
      {"create", "-d", "id"},  // run only
      {"create", "-b"},
      {"create", "-b", "/b"},                 // no id
      {"create", "id", "--bundle", "/b"},     // options end at the id
      {"create", "-b", "/b", "id", "other"},  // one id
      {"create", "--bundle=", "id"},          // crun: realpath("") fails
      {"create", "-f", "", "id"},
      {"--ro", "/r", "create", "-b", "/b", "id"},  // root, rootless
      {"--lo", "/l", "create", "-b", "/b", "id"},  // log, log-format, ...
      {"--criu", "x", "create", "id"},             // runc's, not crun's
      {"restore", "-b", "/b", "id"},
  };
  for (const std::vector<std::string>& args : refused) {
    EXPECT_FALSE(ParseRuntimeArgs(args).ok()) << absl::StrJoin(args, " ");
  }
  // --help and --version start nothing: crun prints and exits.
  absl::StatusOr<RuntimeInvocation> help =
      ParseRuntimeArgs({"create", "-b", "/nowhere", "--help", "id"});
  ASSERT_TRUE(help.ok()) << help.status();
  EXPECT_FALSE(help->StartsContainer());
  help = ParseRuntimeArgs({"-V", "create", "-b", "/nowhere", "id"});
  ASSERT_TRUE(help.ok()) << help.status();
  EXPECT_FALSE(help->StartsContainer());
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

TEST(RuntimeConfigTest, SkippedLinesForCommandsThatMustRunAnyway) {
  std::vector<std::string> skipped;
  absl::StatusOr<RuntimeConfig> c = ParseRuntimeConfig(
      "enosys = maybe\ndelegate = /opt/crun\ncache_dir = relative\n", "rt.conf",
      {}, &skipped);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->delegate, "/opt/crun");
  EXPECT_EQ(c->enosys, EnosysRule::kRunc);
  EXPECT_EQ(c->cache_dir, kDefaultCacheDir);
  ASSERT_EQ(skipped.size(), 2u);
  EXPECT_NE(skipped[0].find("rt.conf:1"), std::string::npos) << skipped[0];
  EXPECT_NE(skipped[1].find("rt.conf:3"), std::string::npos) << skipped[1];
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
  // A fresh program cache folder, empty on failure. Not under /tmp: a
  // cache below a folder others can write is not used.
  static std::string NewCacheDir() {
    std::string dir =
        std::string(getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/run") +
        "/seccompc-cache-XXXXXX";
    return mkdtemp(dir.data()) != nullptr ? dir : "";
  }
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
  std::string Verdict(uint32_t nr, uint64_t arg0 = 0,
                      uint32_t arch = AUDIT_ARCH_X86_64) {
    const ordered_json doc = ordered_json::parse(Read());
    std::string raw;
    EXPECT_TRUE(absl::Base64Unescape(
        doc["annotations"][kBpfAnnotation].get<std::string>(), &raw));
    absl::StatusOr<Program> program = ParseRawProgram(raw);
    EXPECT_TRUE(program.ok());
    seccomp_data d{};
    d.arch = arch;
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
  absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), NoCache());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->outcome, BundleOutcome::kCompiled);
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
  ASSERT_TRUE(PrepareBundle(Config(), config).ok());
  EXPECT_EQ(Verdict(39), "USER_NOTIF");
  EXPECT_EQ(Verdict(462), "ERRNO(1)");
}

// A creator's program in the annotation never replaces the profile: the
// annotation is overwritten with the profile's program, and only its bytes
// change.
TEST_F(BundleTest, ReplacesACreatorsProgramWithTheProfiles) {
  // One instruction: RET ALLOW.
  const std::string allow_all = "BgAAAAAA/38=";
  std::string with = ConfigWith("");
  const std::string kept = R"("org.example": "kept")";
  with.replace(with.find(kept), kept.size(),
               R"("org.example": "kept", "run.oci.seccomp_bpf_data": ")" +
                   allow_all + "\"");
  Write(with);
  absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), NoCache());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->outcome, BundleOutcome::kCompiled);
  EXPECT_TRUE(out->replaced_annotation);
  EXPECT_EQ(Verdict(110), "ERRNO(13)");
  const std::string after = Read();
  const std::string program =
      ordered_json::parse(after)["annotations"][kBpfAnnotation];
  std::string expected = with;
  expected.replace(expected.find(allow_all), allow_all.size(), program);
  EXPECT_EQ(after, expected);

  // The same program again: nothing to report.
  out = PrepareBundle(Config(), NoCache());
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out->replaced_annotation);
  EXPECT_EQ(Read(), after);

  // An annotation written with an escape is the same key for crun.
  std::string escaped = with;
  escaped.replace(escaped.find("seccomp_bpf"), 11, R"(seccomp\u005fbpf)");
  Write(escaped);
  out = PrepareBundle(Config(), NoCache());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->replaced_annotation);
  EXPECT_EQ(Verdict(110), "ERRNO(13)");
}

// A creator's program in other bytes that is proven to mean exactly the
// profile is kept, and the file is left as it was; RET ALLOW (above) is not.
TEST_F(BundleTest, KeepsACreatorsProgramProvenEqual) {
  Write(ConfigWith(""));
  ASSERT_TRUE(PrepareBundle(Config(), NoCache()).ok());
  const std::string compiled = Read();
  const std::string program_b64 =
      ordered_json::parse(compiled)["annotations"][kBpfAnnotation];
  std::string raw;
  ASSERT_TRUE(absl::Base64Unescape(program_b64, &raw));
  absl::StatusOr<Program> program = ParseRawProgram(raw);
  ASSERT_TRUE(program.ok()) << program.status();
  // A load the next instruction overwrites: other bytes, the same meaning.
  program->insert(program->begin(), LoadAbs(0));
  const std::string equal_b64 =
      absl::Base64Escape(SerializeRawProgram(*program));
  ASSERT_NE(equal_b64, program_b64);
  std::string with = compiled;
  with.replace(with.find(program_b64), program_b64.size(), equal_b64);
  Write(with);
  absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), NoCache());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->kept_proven_annotation);
  EXPECT_FALSE(out->replaced_annotation);
  EXPECT_EQ(Read(), with);
  EXPECT_EQ(Verdict(110), "ERRNO(13)");

  // One errno changed: a different meaning, replaced.
  (*program)[program->size() - 1].k ^= 1;
  std::string differs = compiled;
  differs.replace(differs.find(program_b64), program_b64.size(),
                  absl::Base64Escape(SerializeRawProgram(*program)));
  Write(differs);
  out = PrepareBundle(Config(), NoCache());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FALSE(out->kept_proven_annotation);
  EXPECT_TRUE(out->replaced_annotation);
  EXPECT_EQ(Read(), compiled);
}

// The same on a cache hit: the creator's program is proven against the
// meaning the cached program was proven to have.
TEST_F(BundleTest, KeepsACreatorsProgramProvenEqualOnACacheHit) {
  const std::string dir = NewCacheDir();
  ASSERT_FALSE(dir.empty());
  RuntimeConfig config;
  config.cache_dir = dir;
  Write(ConfigWith(""));
  absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), config);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->outcome, BundleOutcome::kCompiled);
  const std::string compiled = Read();
  const std::string program_b64 =
      ordered_json::parse(compiled)["annotations"][kBpfAnnotation];
  std::string raw;
  ASSERT_TRUE(absl::Base64Unescape(program_b64, &raw));
  absl::StatusOr<Program> program = ParseRawProgram(raw);
  ASSERT_TRUE(program.ok()) << program.status();
  program->insert(program->begin(), LoadAbs(0));
  std::string with = compiled;
  with.replace(with.find(program_b64), program_b64.size(),
               absl::Base64Escape(SerializeRawProgram(*program)));
  Write(with);
  out = PrepareBundle(Config(), config);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->outcome, BundleOutcome::kFromCache);
  EXPECT_TRUE(out->kept_proven_annotation);
  EXPECT_EQ(Read(), with);
  ASSERT_EQ(system(("rm -rf " + dir).c_str()), 0);
}

// No annotations, null, empty, or others only: the program is added and
// the rest stays byte for byte.
TEST_F(BundleTest, AddsTheAnnotationInEveryForm) {
  const std::string seccomp =
      R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [)"
      R"({"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77}]})";
  for (const std::string& annotations :
       {std::string(""), std::string(R"("annotations": null, )"),
        std::string(R"("annotations": {}, )"),
        std::string(R"("annotations": {"a": "b"}, )")}) {
    const std::string text = R"({"ociVersion": "1.0.2", )" + annotations +
                             R"("linux": {"seccomp": )" + seccomp + "}}";
    Write(text);
    absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), NoCache());
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_FALSE(out->replaced_annotation);
    ordered_json doc = ordered_json::parse(Read());
    EXPECT_EQ(Verdict(110), "ERRNO(77)") << annotations;
    doc["annotations"].erase(kBpfAnnotation);
    ordered_json before = ordered_json::parse(text);
    if (!before.contains("annotations") || before["annotations"].is_null()) {
      before["annotations"] = ordered_json::object();
    }
    EXPECT_EQ(doc, before) << annotations;
  }
}

TEST_F(BundleTest, LeavesUnfilteredBundlesAlone) {
  // No profile: a creator's program stays (it filters more, not less).
  for (const std::string& none :
       {std::string(R"({"ociVersion": "1.0.2", "linux": {}})"),
        std::string(R"({"ociVersion": "1.0.2", "linux": {"seccomp": null},
           "annotations": {"run.oci.seccomp_bpf_data": "BgAAAAAA/38="}})")}) {
    Write(none);
    absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), NoCache());
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ(out->outcome, BundleOutcome::kNoSeccomp);
    EXPECT_EQ(Read(), none);
  }
}

// The cache key binds exactly what is compiled. Before, a bundle without
// ociVersion compiled its top-level defaultAction but was keyed by its
// linux.seccomp, so the next normal bundle with that linux.seccomp was
// served the crafted program.
TEST_F(BundleTest, ACraftedBundleCannotPoisonTheCache) {
  const std::string dir = NewCacheDir();
  ASSERT_FALSE(dir.empty());
  RuntimeConfig config;
  config.cache_dir = dir;
  ordered_json crafted = ordered_json::parse(ConfigWith(""));
  crafted.erase("ociVersion");
  crafted["defaultAction"] = "SCMP_ACT_ALLOW";
  Write(crafted.dump());
  absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), config);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("ociVersion"), std::string::npos)
      << out.status();
  Write(ConfigWith(""));
  out = PrepareBundle(Config(), config);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Verdict(110), "ERRNO(13)");
  // The same linux.seccomp with other whitespace is other bytes: a miss,
  // compiled afresh, and the same program.
  std::string spaced = ConfigWith("");
  spaced.replace(spaced.find("\"defaultErrnoRet\": 1"), 20,
                 "\"defaultErrnoRet\":  1");
  Write(spaced);
  out = PrepareBundle(Config(), config);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->outcome, BundleOutcome::kCompiled);
  Write(spaced);
  out = PrepareBundle(Config(), config);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->outcome, BundleOutcome::kFromCache);
  EXPECT_EQ(Verdict(110), "ERRNO(13)");
  ASSERT_EQ(system(("rm -rf " + dir).c_str()), 0);
}

// A profile naming no arches gets the native ABI only, as crun and runc
// build it: i386 and x32 calls meet the unknown-arch action (kill). The
// settings come from the parsed profile: "archMap": null names none.
TEST_F(BundleTest, NoArchesMeansTheNativeAbiOnly) {
  for (const std::string none : {"", R"("archMap": null,)"}) {
    Write(R"({"ociVersion": "1.0.2", "linux": {"seccomp": {
      "defaultAction": "SCMP_ACT_ALLOW", )" +
          none + R"(
      "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO",
                    "errnoRet": 77}]}}})");
    absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), NoCache());
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ(Verdict(110), "ERRNO(77)") << none;  // getppid
    EXPECT_EQ(Verdict(39), "ALLOW") << none;       // getpid
    EXPECT_EQ(Verdict(64, 0, AUDIT_ARCH_I386), "KILL_PROCESS") << none;
    EXPECT_EQ(Verdict(20, 0, AUDIT_ARCH_I386), "KILL_PROCESS") << none;
    EXPECT_EQ(Verdict(0x40000000 | 110), "KILL_PROCESS") << none;  // x32
    EXPECT_EQ(Verdict(0x40000000 | 39), "KILL_PROCESS") << none;
  }
}

// An archMap naming the native arch brings its sub-arches, as Docker does.
TEST_F(BundleTest, ArchMapCoversItsSubArches) {
  Write(R"({"ociVersion": "1.0.2", "linux": {"seccomp": {
    "defaultAction": "SCMP_ACT_ALLOW",
    "archMap": [{"architecture": "SCMP_ARCH_X86_64",
                 "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
    "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO",
                  "errnoRet": 77}]}}})");
  absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), NoCache());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Verdict(110), "ERRNO(77)");
  EXPECT_EQ(Verdict(64, 0, AUDIT_ARCH_I386), "ERRNO(77)");  // i386 getppid
  EXPECT_EQ(Verdict(0x40000000 | 110), "ERRNO(77)");        // x32
  EXPECT_EQ(Verdict(20, 0, AUDIT_ARCH_I386), "ALLOW");      // i386 getpid
}

TEST_F(BundleTest, RefusesWhatCrunMightReadOtherwise) {
  const std::string seccomp = R"({"defaultAction": "SCMP_ACT_ERRNO"})";
  struct Case {
    std::string text, message;
  } cases[] = {
      {R"({"linux": {"seccomp": )" + seccomp + "}}", "ociVersion"},
      {R"({"ociVersion": 1, "linux": {"seccomp": )" + seccomp + "}}",
       "ociVersion: expected a string"},
      {R"({"ociVersion": "1", "linux": {"seccomp": )" + seccomp +
           R"(, "seccomp": )" + seccomp + "}}",
       "duplicate key"},
      {R"({"ociVersion": "1", "linux": {"seccomp": )" + seccomp +
           R"(}, "annotations": {"run.oci.seccomp_bpf_data\u0000x": "AA"}})",
       "NUL"},
      {R"({"ociVersion": "1", "linux": {"seccomp": {"ociVersion": "1",
           "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW"}}}}})",
       "linux.seccomp.ociVersion"},
      {R"({"ociVersion": "1", "annotations": [], "linux": {"seccomp": )" +
           seccomp + "}}",
       "annotations: expected an object"},
      // A creator's receiver or plugins would answer the profile's
      // notifications in place of its listenerPath agent.
      {R"({"ociVersion": "1", "annotations": {"run.oci.seccomp.receiver":
           "/tmp/mine.sock"}, "linux": {"seccomp": )" +
           seccomp + "}}",
       "annotations.run.oci.seccomp.receiver: refused"},
      {R"({"ociVersion": "1", "linux": {"seccomp": )" + seccomp +
           R"(}, "annotations": {"a": "b", "run.oci.seccomp.plugins":
           "/tmp/p.so"}})",
       "annotations.run.oci.seccomp.plugins: refused"},
  };
  for (const Case& c : cases) {
    Write(c.text);
    absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), NoCache());
    ASSERT_FALSE(out.ok()) << c.text;
    EXPECT_NE(out.status().message().find(c.message), std::string::npos)
        << out.status();
    EXPECT_EQ(Read(), c.text);
  }
}

// Linear in the annotations (before: 20k/50k/100k took 0.29/1.6/8.3 s),
// and bounded.
TEST_F(BundleTest, ManyAnnotationsAreLinearAndBounded) {
  auto with_annotations = [](size_t n) {
    std::string text = R"({"ociVersion": "1.0.2", "annotations": {)";
    for (size_t i = 0; i < n; ++i) {
      absl::StrAppend(&text, i ? "," : "", "\"org.example.", i, "\": \"v\"");
    }
    return text +
           R"(}, "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW"}}})";
  };
  const BundleLimits limits;
  Write(with_annotations(limits.max_annotations));
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), NoCache());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(out.ok()) << out.status();
  std::printf("%zu annotations: %.3f s\n", limits.max_annotations, seconds);
  EXPECT_LT(seconds, 2.0);
  // (nlohmann's ordered_json would take minutes here: it is quadratic.)
  EXPECT_EQ(nlohmann::json::parse(Read())["annotations"].size(),
            limits.max_annotations + 1);

  Write(with_annotations(limits.max_annotations + 1));
  out = PrepareBundle(Config(), NoCache());
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("more than 65536 annotations"),
            std::string::npos)
      << out.status();
}

TEST_F(BundleTest, BrokenProfileFailsAndLeavesTheBundleAsItWas) {
  const std::string broken = R"({"ociVersion": "1.0.2", "linux": {"seccomp": {
    "defaultAction": "SCMP_ACT_ERRNO",
    "syscalls": [{"names": ["read"], "action": "SCMP_ACT_SOMETIMES"}]}}})";
  Write(broken);
  absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), NoCache());
  ASSERT_FALSE(out.ok());
  const std::string message(out.status().message());
  EXPECT_NE(message.find("config.json:3:"), std::string::npos) << message;
  EXPECT_NE(message.find("linux.seccomp: "), std::string::npos) << message;
  EXPECT_NE(message.find("syscalls[0].action"), std::string::npos) << message;
  EXPECT_EQ(Read(), broken);
  Write("{\"linux\": ");
  EXPECT_FALSE(PrepareBundle(Config(), NoCache()).ok());
}

TEST_F(BundleTest, CacheServesOnlyAnEqualKeyAndAVerifiedProgram) {
  const std::string dir = NewCacheDir();
  ASSERT_FALSE(dir.empty());
  RuntimeConfig config;
  config.cache_dir = dir;
  const std::string original = ConfigWith("");
  Write(original);
  absl::StatusOr<PreparedBundle> out = PrepareBundle(Config(), config);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->outcome, BundleOutcome::kCompiled);
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
  ASSERT_EQ(stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  // A hit: an entry with the same key is used as it is when proven to mean
  // the profile (here other bytes of the same meaning, so the test can
  // tell).
  std::string raw;
  ASSERT_TRUE(absl::Base64Unescape(compiled, &raw));
  absl::StatusOr<Program> equal = ParseRawProgram(raw);
  ASSERT_TRUE(equal.ok());
  equal->insert(equal->begin(), LoadAbs(0));  // overwritten next
  const std::string equal_b64 = absl::Base64Escape(SerializeRawProgram(*equal));
  std::ofstream(entry_path) << equal_b64 << "\n" << key;
  Write(original);
  out = PrepareBundle(Config(), config);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->outcome, BundleOutcome::kFromCache);
  EXPECT_EQ(ordered_json::parse(Read())["annotations"][kBpfAnnotation],
            equal_b64);

  // A poisoned entry (the same key, a valid program of another meaning) is
  // refused and recompiled, and the note says so.
  const std::string allow_all =
      absl::Base64Escape(SerializeRawProgram(Program{Ret(SECCOMP_RET_ALLOW)}));
  std::ofstream(entry_path) << allow_all << "\n" << key;
  Write(original);
  out = PrepareBundle(Config(), config);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->outcome, BundleOutcome::kCompiled);
  EXPECT_NE(out->cache_note.find("cached program refused"), std::string::npos)
      << out->cache_note;
  EXPECT_EQ(ordered_json::parse(Read())["annotations"][kBpfAnnotation],
            compiled);

  // Another key (the profile changed, or another target) is a miss.
  std::ofstream(entry_path) << allow_all << "\n" << key << " ";
  Write(original);
  out = PrepareBundle(Config(), config);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->outcome, BundleOutcome::kCompiled);
  EXPECT_EQ(ordered_json::parse(Read())["annotations"][kBpfAnnotation],
            compiled);

  // A program the verifier refuses is never served: the proof, which
  // verifies first, refuses it.
  const std::string bad = absl::Base64Escape(
      SerializeRawProgram(Program{LoadAbs(kNrOffset)}));  // no return
  std::ofstream(entry_path) << bad << "\n" << key;
  Write(original);
  out = PrepareBundle(Config(), config);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->outcome, BundleOutcome::kCompiled);
  EXPECT_NE(out->cache_note.find("not a program the kernel accepts"),
            std::string::npos)
      << out->cache_note;

  // A folder others can write is not used.
  chmod(dir.c_str(), 0777);
  Write(original);
  out = PrepareBundle(Config(), config);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->outcome, BundleOutcome::kCompiled);
  unlink(entry_path.c_str());
  rmdir(dir.c_str());
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

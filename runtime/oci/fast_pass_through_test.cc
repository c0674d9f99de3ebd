#include "runtime/oci/fast_pass_through.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "runtime/oci/oci_messages.h"
#include "runtime/oci/oci_runtime.h"

namespace seccompc {
namespace {

class FastPassThroughTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dir = getenv("TEST_TMPDIR");
    config_ = std::string(dir != nullptr ? dir : "/tmp") + "/runtime.conf";
    WriteConfig("");
  }
  void WriteConfig(const std::string& text) {
    FILE* f = std::fopen(config_.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  // The delegate for `args` (words after argv[0]) with `env` (plus
  // SECCOMPC_RUNTIME_CONFIG=config_ unless it names one), "" for "ask
  // main()".
  std::string Delegate(const std::string& args,
                       std::vector<std::string> env = {}) {
    std::vector<std::string> words = {"seccompc-runtime"};
    for (absl::string_view w : absl::StrSplit(args, ' ', absl::SkipEmpty())) {
      words.emplace_back(w);
    }
    bool named = false;
    for (const std::string& e : env) {
      named |= e.rfind("SECCOMPC_RUNTIME_CONFIG=", 0) == 0;
    }
    if (!named) env.push_back("SECCOMPC_RUNTIME_CONFIG=" + config_);
    std::vector<char*> argv, envp;
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    char delegate[4096];
    if (!FastPassThroughDelegate(argv.data(), envp.data(), delegate,
                                 sizeof delegate)) {
      return "";
    }
    // Never a call that main() would treat otherwise than as a quiet
    // pass-through.
    const std::vector<std::string> main_args(words.begin() + 1, words.end());
    absl::StatusOr<RuntimeInvocation> call = ParseRuntimeArgs(main_args);
    EXPECT_TRUE(call.ok()) << args;
    if (call.ok()) {
      EXPECT_FALSE(call->StartsContainer()) << args;
      EXPECT_EQ(FindInfoRequest(main_args, *call), RuntimeInfoRequest::kNone)
          << args;
    }
    return delegate;
  }
  std::string config_;
};

TEST_F(FastPassThroughTest, EnginesCallsPassThrough) {
  for (const char* args :
       {"state id", "start id", "delete id", "delete --force id",
        "kill id KILL", "features", "--root /run/crun state id",
        "--log /l --log-format json delete --force id",
        "--log=/l --log-format=json --systemd-cgroup start id",
        "--debug --cgroup-manager systemd ps id", "--log= state id"}) {
    EXPECT_EQ(Delegate(args), kDefaultDelegate) << args;
  }
}

TEST_F(FastPassThroughTest, WhatMainMustSeeIsLeftToIt) {
  for (const char* args : {"",
                           "create -b b id",
                           "run -b b id",
                           "create --help",
                           "--root /r create id",
                           "--log=/l run id",
                           "restore id",
                           "--version",
                           "-v",
                           "-V",
                           "--help",
                           "-h",
                           "--usage",
                           "--lo /l state id",
                           "--roo /r state id",
                           "--debug=1 state id",
                           "--log",
                           "--root",
                           "--root /r",
                           "-- state id",
                           "- state id",
                           "--unknown state id",
                           "--version state id"}) {
    EXPECT_EQ(Delegate(args), "") << "\"" << args << "\"";
  }
}

TEST_F(FastPassThroughTest, ConfigurationAsMainReadsIt) {
  WriteConfig(
      "# comment\n\n delegate = /opt/crun  # trailing\nenosys = ON\n"
      "strict = false\ncache_dir = none\nrecord_dir = /var/rec\n");
  EXPECT_EQ(Delegate("state id"), "/opt/crun");
  // The environment overrides the file; the first of a name counts.
  EXPECT_EQ(Delegate("state id", {"SECCOMPC_RUNTIME_DELEGATE=/env/crun",
                                  "SECCOMPC_RUNTIME_DELEGATE=/second"}),
            "/env/crun");
  EXPECT_EQ(Delegate("state id", {"SECCOMPC_RUNTIME_DELEGATE="}), "/opt/crun");
  EXPECT_EQ(Delegate("state id", {"SECCOMPC_RUNTIME_CACHE_DIR=none",
                                  "SECCOMPC_RUNTIME_RECORD_DIR=/r"}),
            "/opt/crun");
  // No file at the default path's place: the defaults.
  RuntimeConfig defaults;
  EXPECT_EQ(defaults.delegate, kDefaultDelegate);
  if (access(kDefaultRuntimeConfig, F_OK) != 0) {
    std::vector<char*> envp = {nullptr};
    char* argv[] = {const_cast<char*>("x"), const_cast<char*>("state"),
                    nullptr};
    char delegate[4096];
    ASSERT_TRUE(
        FastPassThroughDelegate(argv, envp.data(), delegate, sizeof delegate));
    EXPECT_EQ(std::string(delegate), kDefaultDelegate);
  }
}

TEST_F(FastPassThroughTest, AnythingMainWouldWarnAboutIsLeftToIt) {
  for (const char* text :
       {"enosys = maybe\n", "delegate = crun\n", "delegate =\n",
        "cache_dir = relative\n", "record_dir = \n", "colour = blue\n",
        "delegate /usr/bin/crun\n", "strict = 2\n"}) {
    WriteConfig(text);
    EXPECT_EQ(Delegate("state id"), "") << text;
  }
  WriteConfig(std::string("delegate = /a\0b\n", 16));
  EXPECT_EQ(Delegate("state id"), "");
  WriteConfig(std::string(kFastConfigBytes, '#'));
  EXPECT_EQ(Delegate("state id"), "") << "a file the buffer cannot hold";
  WriteConfig("");
  for (const char* variable :
       {"SECCOMPC_RUNTIME_DELEGATE=crun", "SECCOMPC_RUNTIME_DELEGATE=none",
        "SECCOMPC_RUNTIME_DELEGATE=/a#b", "SECCOMPC_RUNTIME_DELEGATE= /a",
        "SECCOMPC_RUNTIME_DELEGATE=/a\nenosys = maybe",
        "SECCOMPC_RUNTIME_CACHE_DIR=relative", "SECCOMPC_RUNTIME_ENOSYS=1",
        "SECCOMPC_RUNTIME_STRICT=0", "SECCOMPC_RUNTIME_CONFIG=",
        "SECCOMPC_RUNTIME_CONFIG=/nonexistent/runtime.conf",
        "SECCOMPC_RUNTIME_CONFIG=/"}) {
    EXPECT_EQ(Delegate("state id", {variable}), "") << variable;
  }
}

// main() refuses a delegate that is this binary; the fast path leaves it
// the message.
TEST_F(FastPassThroughTest, NeverItself) {
  EXPECT_EQ(Delegate("state id", {"SECCOMPC_RUNTIME_DELEGATE=/proc/self/exe"}),
            "");
  char self[4096];
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  ASSERT_GT(n, 0);
  EXPECT_EQ(Delegate("state id",
                     {"SECCOMPC_RUNTIME_DELEGATE=" + std::string(self, n)}),
            "");
}

TEST_F(FastPassThroughTest, ADelegateTooLongIsLeftToMain) {
  const std::string path = "/" + std::string(5000, 'a');
  EXPECT_EQ(Delegate("state id", {"SECCOMPC_RUNTIME_DELEGATE=" + path}), "");
}

}  // namespace
}  // namespace seccompc

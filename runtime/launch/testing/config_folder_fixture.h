// A config folder for the launcher's tests (config_dir.h, launch.h): under
// TEST_TMPDIR, ROOT/seccomp holds ok.json, sub/nested.json, broken.json,
// a folder dir.json, symlinks inside (alias*.json), out (abs_out.json,
// rel_out.json, passwd.json), a loop (loop.json) and a FIFO (fifo.json);
// ROOT/outside.json lies next to it.
#ifndef SECCOMPC_RUNTIME_LAUNCH_TESTING_CONFIG_FOLDER_FIXTURE_H_
#define SECCOMPC_RUNTIME_LAUNCH_TESTING_CONFIG_FOLDER_FIXTURE_H_

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace seccompc {

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

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_LAUNCH_TESTING_CONFIG_FOLDER_FIXTURE_H_

// The config folder's confinement (config_dir.h): names inside are read,
// everything leading out, non-regular files, control characters and files
// others could write are refused with a message naming the reason.
#include "runtime/launch/config_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/launch/testing/config_folder_fixture.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;

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

// A NUL (or any control character) in a profile name.
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

// Without openat2, names are opened one component at a time
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
    EXPECT_EQ(symlink((root_ + "/out").c_str(), link.c_str()), 0);
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

// Folders and profiles others could write are refused
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

}  // namespace
}  // namespace seccompc

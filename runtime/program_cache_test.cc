#include "runtime/program_cache.h"

#include <dirent.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "compiler/bpf/bpf.h"
#include "compiler/bpf/disasm.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

class ProgramCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/program-cache-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override {
    for (const std::string& name : Files()) unlink((dir_ + "/" + name).c_str());
    rmdir(dir_.c_str());
  }
  std::vector<std::string> Files() const {
    std::vector<std::string> out;
    DIR* d = opendir(dir_.c_str());
    if (d == nullptr) return out;
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') out.push_back(e->d_name);
    }
    closedir(d);
    return out;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string dir_;
};

const Program kAllow = {Ret(SECCOMP_RET_ALLOW)};
const Program kKill = {Ret(SECCOMP_RET_KILL_PROCESS)};

TEST_F(ProgramCacheTest, KeyHasTheBinaryAndThePartsInOrder) {
  const std::string key = ProgramCacheKey("tool", {{"a", "1"}, {"b", "x y"}});
  EXPECT_EQ(key, "tool cache 1\nbinary " + BinaryIdentity() + "\na 1\nb x y");
  EXPECT_NE(BinaryIdentity(), "unknown");
  EXPECT_NE(ProgramCacheKey("tool", {{"a", "1"}}),
            ProgramCacheKey("tool", {{"a", "2"}}));
  EXPECT_NE(ProgramCachePath(dir_, "k1"), ProgramCachePath(dir_, "k2"));
}

TEST_F(ProgramCacheTest, StoredProgramAndFactsComeBackForTheSameKey) {
  ASSERT_TRUE(UsableProgramCacheDir(dir_));
  const std::string key = ProgramCacheKey("tool", {{"profile", "{}"}});
  const std::string path = ProgramCachePath(dir_, key);
  EXPECT_FALSE(LookUpProgram(path, key).has_value());  // nothing stored
  ASSERT_TRUE(StoreProgram(path, key, kKill, "x86_64\nkill").ok());
  std::optional<CachedProgram> hit = LookUpProgram(path, key);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(SerializeRawProgram(hit->program), SerializeRawProgram(kKill));
  EXPECT_EQ(hit->facts, "x86_64\nkill");
  EXPECT_EQ(hit->program_b64, absl::Base64Escape(SerializeRawProgram(kKill)));
  // One file, 0600, no temporary left behind.
  ASSERT_EQ(Files().size(), 1u);
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Replacing keeps one file and serves the new program.
  ASSERT_TRUE(StoreProgram(path, key, kAllow).ok());
  EXPECT_EQ(Files().size(), 1u);
  hit = LookUpProgram(path, key);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(SerializeRawProgram(hit->program), SerializeRawProgram(kAllow));
  EXPECT_EQ(hit->facts, "");
}

TEST_F(ProgramCacheTest, AnotherKeyIsAMiss) {
  const std::string key = ProgramCacheKey("tool", {{"profile", "{}"}});
  const std::string path = ProgramCachePath(dir_, key);
  ASSERT_TRUE(StoreProgram(path, key, kKill).ok());
  EXPECT_FALSE(LookUpProgram(path, key + " ").has_value());
  EXPECT_FALSE(LookUpProgram(path, key.substr(0, key.size() - 1)).has_value());
  // A stored key edited by hand is a miss too.
  std::string text = Read(path);
  text.back() = ']';
  std::ofstream(path) << text;
  EXPECT_FALSE(LookUpProgram(path, key).has_value());
}

TEST_F(ProgramCacheTest, ProgramsTheVerifierRefusesAreNotServed) {
  const std::string key = "k";
  const std::string path = ProgramCachePath(dir_, key);
  // No return instruction: the verifier refuses it.
  const Program no_return = {LoadAbs(kNrOffset)};
  ASSERT_TRUE(StoreProgram(path, key, no_return).ok());
  EXPECT_FALSE(LookUpProgram(path, key).has_value());
  // Bytes that are no program (not a multiple of 8) or no base64.
  std::ofstream(path) << absl::Base64Escape("1234567") << "\n" << key;
  EXPECT_FALSE(LookUpProgram(path, key).has_value());
  std::ofstream(path) << "!!!\n" << key;
  EXPECT_FALSE(LookUpProgram(path, key).has_value());
  std::ofstream(path) << key;  // no program line
  EXPECT_FALSE(LookUpProgram(path, key).has_value());
  // The control: the same entry with a good program is served.
  std::ofstream(path) << absl::Base64Escape(SerializeRawProgram(kAllow)) << "\n"
                      << key;
  EXPECT_TRUE(LookUpProgram(path, key).has_value());
}

TEST_F(ProgramCacheTest, FolderOthersCanWriteIsNotUsable) {
  EXPECT_FALSE(UsableProgramCacheDir(""));
  EXPECT_TRUE(UsableProgramCacheDir(dir_));
  chmod(dir_.c_str(), 0770);
  EXPECT_FALSE(UsableProgramCacheDir(dir_));
  chmod(dir_.c_str(), 0702);
  EXPECT_FALSE(UsableProgramCacheDir(dir_));
  chmod(dir_.c_str(), 0755);
  EXPECT_TRUE(UsableProgramCacheDir(dir_));
  // Created 0700 when missing; a file or a symlink is not a folder.
  const std::string sub = dir_ + "/sub";
  EXPECT_TRUE(UsableProgramCacheDir(sub));
  struct stat st;
  ASSERT_EQ(stat(sub.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  rmdir(sub.c_str());
  ASSERT_EQ(symlink(dir_.c_str(), sub.c_str()), 0);
  EXPECT_FALSE(UsableProgramCacheDir(sub));
  unlink(sub.c_str());
  std::ofstream(sub) << "x";
  EXPECT_FALSE(UsableProgramCacheDir(sub));
  // Owned by another user: not usable (only where chown works: root
  // outside bazel's sandbox).
  const std::string other = dir_ + "/other";
  ASSERT_EQ(mkdir(other.c_str(), 0700), 0);
  if (chown(other.c_str(), 65534, 65534) == 0) {
    EXPECT_FALSE(UsableProgramCacheDir(other));
  }
  rmdir(other.c_str());
}

// Without /proc/self/exe, entries could not be told apart from an older
// binary's: no cache at all. Checked in a child chrooted into the test's
// empty folder, where there is no /proc (root only; skipped elsewhere).
TEST_F(ProgramCacheTest, NoCacheWhenTheBinaryCannotBeIdentified) {
  ASSERT_TRUE(UsableProgramCacheDir(dir_ + "/cache"));
  rmdir((dir_ + "/cache").c_str());
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (chroot(dir_.c_str()) != 0 || chdir("/") != 0) _exit(77);
    if (BinaryIdentity() != "unknown") _exit(2);
    _exit(UsableProgramCacheDir("/cache") ? 1 : 0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "cannot chroot here";
  EXPECT_EQ(WEXITSTATUS(status), 0)
      << "1: the folder was usable; 2: the identity was still read";
}

TEST_F(ProgramCacheTest, StoreFailsCleanlyInAFolderItCannotWrite) {
  const std::string path = dir_ + "/missing/x.prog";
  EXPECT_FALSE(StoreProgram(path, "k", kAllow).ok());
  EXPECT_TRUE(Files().empty());
}

}  // namespace
}  // namespace seccompc

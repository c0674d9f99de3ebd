#include "runtime/cache/program_cache.h"

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
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

class ProgramCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Not /tmp: a folder above the cache that others can write (even a
    // sticky one) makes it unusable.
    const char* tmp = getenv("TEST_TMPDIR");
    std::string dir = std::string(tmp != nullptr ? tmp : "/tmp") +
                      "/program-cache-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    dir_ = dir;
    if (!UsableProgramCacheDir(dir_)) {
      GTEST_SKIP() << dir_ << " lies under a folder others can write: "
                   << CheckProgramCacheDir(dir_).status();
    }
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
  // One file, 0644 (programs are no secret; the folder decides who reads),
  // no temporary left behind.
  ASSERT_EQ(Files().size(), 1u);
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
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
  // ReadProgramEntry leaves the verifier to its caller (CompileWithCache's
  // proof): it serves the program as stored.
  std::optional<CachedProgram> unverified = ReadProgramEntry(path, key);
  ASSERT_TRUE(unverified.has_value());
  EXPECT_EQ(unverified->program.size(), no_return.size());
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

// A folder above the cache that someone else can write
// lets them swap the cache after the check: refused, sticky or not, and so
// is a symlink anywhere on the way.
TEST_F(ProgramCacheTest, FoldersAboveTheCacheOthersCanWriteAreRefused) {
  const std::string parent = dir_ + "/parent";
  const std::string cache = parent + "/cache";
  ASSERT_EQ(mkdir(parent.c_str(), 0755), 0);
  ASSERT_TRUE(UsableProgramCacheDir(cache));
  absl::StatusOr<uid_t> owner = CheckProgramCacheDir(cache);
  ASSERT_TRUE(owner.ok()) << owner.status();
  EXPECT_EQ(*owner, geteuid());
  for (mode_t mode : {0777, 01777, 0775, 0757}) {
    chmod(parent.c_str(), mode);
    EXPECT_FALSE(UsableProgramCacheDir(cache)) << std::oct << mode;
    EXPECT_THAT(std::string(CheckProgramCacheDir(cache).status().message()),
                testing::HasSubstr("a folder above it " + parent +
                                   " is writable by its group or others"));
  }
  chmod(parent.c_str(), 0755);
  EXPECT_TRUE(UsableProgramCacheDir(cache));
  // A symlink to the cache, or to a folder above it.
  const std::string link = dir_ + "/link";
  ASSERT_EQ(symlink(parent.c_str(), link.c_str()), 0);
  EXPECT_FALSE(UsableProgramCacheDir(link + "/cache"));
  EXPECT_THAT(
      std::string(CheckProgramCacheDir(link + "/cache").status().message()),
      testing::HasSubstr("a folder above it " + link + " is a symlink"));
  unlink(link.c_str());
  // ".." could leave a checked folder: refused.
  EXPECT_FALSE(UsableProgramCacheDir(cache + "/../cache"));
  // Relative paths are checked from / through the working directory.
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof cwd), nullptr);
  ASSERT_EQ(chdir(parent.c_str()), 0);
  EXPECT_TRUE(UsableProgramCacheDir("cache"));
  chmod(parent.c_str(), 0777);
  EXPECT_FALSE(UsableProgramCacheDir("cache"));
  chmod(parent.c_str(), 0755);
  ASSERT_EQ(chdir(cwd), 0);
  // Where chown works (root outside bazel's sandbox): folders above may
  // belong to root or the cache's owner, not to a third uid; the cache of
  // another uid is checked, but is not this euid's to use.
  if (geteuid() == 0 && chown(cache.c_str(), 65534, 65534) == 0) {
    owner = CheckProgramCacheDir(cache);
    ASSERT_TRUE(owner.ok()) << owner.status();
    EXPECT_EQ(*owner, 65534u);
    EXPECT_FALSE(UsableProgramCacheDir(cache));
    ASSERT_EQ(chown(parent.c_str(), 65534, 65534), 0);
    EXPECT_TRUE(CheckProgramCacheDir(cache).ok());
    ASSERT_EQ(chown(parent.c_str(), 65533, 65533), 0);
    EXPECT_THAT(std::string(CheckProgramCacheDir(cache).status().message()),
                testing::HasSubstr("belongs to uid 65533, neither root nor "
                                   "the cache's owner (uid 65534)"));
    EXPECT_EQ(chown(parent.c_str(), 0, 0), 0);
    EXPECT_EQ(chown(cache.c_str(), 0, 0), 0);
  }
  rmdir(cache.c_str());
  rmdir(parent.c_str());
}

// Entries: regular files of the expected owner that others cannot write.
TEST_F(ProgramCacheTest, EntriesOthersCouldHaveWrittenAreMisses) {
  const std::string key = "k";
  const std::string path = ProgramCachePath(dir_, key);
  ASSERT_TRUE(StoreProgram(path, key, kAllow).ok());
  EXPECT_TRUE(LookUpProgram(path, key).has_value());
  EXPECT_TRUE(LookUpProgram(path, key, geteuid()).has_value());
  EXPECT_FALSE(LookUpProgram(path, key, geteuid() + 1).has_value());
  chmod(path.c_str(), 0664);
  EXPECT_FALSE(LookUpProgram(path, key).has_value());
  chmod(path.c_str(), 0646);
  EXPECT_FALSE(LookUpProgram(path, key).has_value());
  chmod(path.c_str(), 0644);
  EXPECT_TRUE(LookUpProgram(path, key).has_value());
  // A symlink in the entry's place is not followed.
  const std::string real = dir_ + "/real";
  ASSERT_EQ(rename(path.c_str(), real.c_str()), 0);
  ASSERT_EQ(symlink(real.c_str(), path.c_str()), 0);
  EXPECT_FALSE(LookUpProgram(path, key).has_value());
  unlink(path.c_str());
  unlink(real.c_str());
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

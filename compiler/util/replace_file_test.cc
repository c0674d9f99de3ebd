#include "compiler/util/replace_file.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "compiler/util/read_file.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

class ReplaceFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/replace-file-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override {
    for (const std::string& name : Names()) {
      const std::string path = dir_ + "/" + name;
      if (rmdir(path.c_str()) != 0) unlink(path.c_str());
    }
    rmdir(dir_.c_str());
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    DIR* d = opendir(dir_.c_str());
    while (dirent* e = readdir(d)) {
      const std::string name = e->d_name;
      if (name != "." && name != "..") out.push_back(name);
    }
    closedir(d);
    return out;
  }
  mode_t ModeOf(const std::string& path) const {
    struct stat st;
    EXPECT_EQ(stat(path.c_str(), &st), 0);
    return st.st_mode & 07777;
  }
  std::string dir_;
};

TEST_F(ReplaceFileTest, NewFileGetsTheGivenMode) {
  const std::string path = dir_ + "/new";
  ASSERT_TRUE(ReplaceFileAtomically(path, "one", 0600).ok());
  EXPECT_EQ(*ReadFileLimited(path, 100), "one");
  EXPECT_EQ(ModeOf(path), 0600u);
  EXPECT_EQ(Names(), std::vector<std::string>{"new"});  // no temporary left
}

TEST_F(ReplaceFileTest, ExistingFileKeepsItsMode) {
  const std::string path = dir_ + "/old";
  ASSERT_TRUE(ReplaceFileAtomically(path, "one", 0640).ok());
  ASSERT_TRUE(ReplaceFileAtomically(path, "two").ok());
  EXPECT_EQ(*ReadFileLimited(path, 100), "two");
  EXPECT_EQ(ModeOf(path), 0640u);
}

TEST_F(ReplaceFileTest, MissingFileWithoutAModeIsAnError) {
  const absl::Status s = ReplaceFileAtomically(dir_ + "/absent", "x");
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(Names().empty());
}

TEST_F(ReplaceFileTest, ADirectoryInThePlaceIsNotReplaced) {
  const std::string path = dir_ + "/dir";
  ASSERT_EQ(mkdir(path.c_str(), 0700), 0);
  const absl::Status s = ReplaceFileAtomically(path, "x", 0600);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_EQ(Names(), std::vector<std::string>{"dir"});  // nothing created
}

// `-o /dev/null` as root once renamed a regular file over the system's
// /dev/null. A FIFO stands in for the device: neither may be replaced.
TEST_F(ReplaceFileTest, AFifoOrDeviceInThePlaceIsNotReplaced) {
  const std::string path = dir_ + "/fifo";
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  const absl::Status s = ReplaceFileAtomically(path, "x", 0600);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_NE(s.message().find("not a regular file"), std::string::npos) << s;
  struct stat st;
  ASSERT_EQ(lstat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(Names(), std::vector<std::string>{"fifo"});
}

}  // namespace
}  // namespace seccompc

// execvp's lookup (path_lookup.h) and the exit codes its errors give.
#include "runtime/launch/path_lookup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "runtime/launch/launch.h"

namespace seccompc {
namespace {

TEST(FindExecutable, ExecvpSemantics) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string dir = std::string(tmp ? tmp : "/tmp") + "/path_XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  std::ofstream(dir + "/noexec") << "#!/bin/sh\n";
  chmod((dir + "/noexec").c_str(), 0644);
  mkdir((dir + "/adir").c_str(), 0755);

  absl::StatusOr<std::string> sh = FindExecutable("sh", "/nonexistent:/bin");
  ASSERT_TRUE(sh.ok()) << sh.status();
  EXPECT_EQ(*sh, "/bin/sh");
  EXPECT_EQ(ExitCodeFor(FindExecutable("no-such-cmd-xyz", "/bin").status()),
            kExitNotFound);
  EXPECT_EQ(ExitCodeFor(FindExecutable("noexec", dir).status()),
            kExitCannotExecute);
  EXPECT_EQ(ExitCodeFor(FindExecutable(dir + "/noexec", "").status()),
            kExitCannotExecute);
  EXPECT_EQ(ExitCodeFor(FindExecutable(dir + "/adir", "").status()),
            kExitCannotExecute);
  EXPECT_EQ(ExitCodeFor(FindExecutable(dir + "/missing", "").status()),
            kExitNotFound);
  // Non-executable entries earlier in PATH are skipped.
  EXPECT_EQ(*FindExecutable("sh", dir + ":/bin"), "/bin/sh");
}

}  // namespace
}  // namespace seccompc

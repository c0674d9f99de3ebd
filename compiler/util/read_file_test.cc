#include "compiler/util/read_file.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

std::string Temp(const std::string& name) {
  return ::testing::TempDir() + "/" + name;
}

void Write(const std::string& path, const std::string& text) {
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

TEST(ReadFileTest, ReadsARegularFile) {
  const std::string path = Temp("a.json");
  Write(path, std::string(100000, 'x'));
  absl::StatusOr<std::string> text = ReadFileLimited(path, 100000);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->size(), 100000u);
}

TEST(ReadFileTest, RefusesOverTheLimit) {
  const std::string path = Temp("big.json");
  Write(path, std::string(1001, 'x'));
  absl::StatusOr<std::string> text = ReadFileLimited(path, 1000);
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("larger than 1000 bytes"),
            std::string::npos);
  EXPECT_NE(text.status().message().find(path), std::string::npos);
}

TEST(ReadFileTest, MissingIsNotFound) {
  absl::StatusOr<std::string> text = ReadFileLimited(Temp("none"), 10);
  EXPECT_EQ(text.status().code(), absl::StatusCode::kNotFound);
}

TEST(ReadFileTest, NamesWhatIsNotARegularFile) {
  EXPECT_NE(ReadFileLimited(::testing::TempDir(), 10)
                .status()
                .message()
                .find("(a directory)"),
            std::string::npos);
  const std::string fifo = Temp("fifo");
  unlink(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // Must not block waiting for a writer.
  EXPECT_NE(ReadFileLimited(fifo, 10).status().message().find("(a FIFO)"),
            std::string::npos);
  EXPECT_NE(
      ReadFileLimited("/dev/null", 10).status().message().find("(a device)"),
      std::string::npos);
}

TEST(ReadFileTest, ReadRegularFdLeavesTheFdOpen) {
  const std::string path = Temp("b.json");
  Write(path, "{}");
  const int fd = open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  absl::StatusOr<std::string> text = ReadRegularFd(fd, 10, "b");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "{}");
  EXPECT_EQ(fcntl(fd, F_GETFD), 0);  // still open
  close(fd);
  // A closed fd is an error, not uninitialised stat data.
  EXPECT_NE(ReadRegularFd(fd, 10, "b").status().message().find("cannot stat"),
            std::string::npos);
}

}  // namespace
}  // namespace seccompc

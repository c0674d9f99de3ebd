#include "compiler/util/read_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace seccompc {

const char* FileKind(unsigned mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

absl::StatusOr<std::string> ReadRegularFd(int fd, size_t max_bytes,
                                          const std::string& name) {
  struct stat st;
  if (fstat(fd, &st) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": cannot stat: ", strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": not a regular file (", FileKind(st.st_mode), ")"));
  }
  if (static_cast<size_t>(st.st_size) > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": larger than ", max_bytes, " bytes; refusing to read it"));
  }
  std::string text;
  text.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": cannot read: ", strerror(errno)));
    }
    if (n == 0) break;
    // The file may grow while it is read: the limit holds for what is read.
    if (text.size() + static_cast<size_t>(n) > max_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ": larger than ", max_bytes, " bytes; refusing to read it"));
    }
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

absl::StatusOr<std::string> ReadFileLimited(const std::string& path,
                                            size_t max_bytes) {
  const int fd =
      open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    const std::string message =
        absl::StrCat(path, ": cannot open: ", strerror(err));
    return err == ENOENT ? absl::NotFoundError(message)
                         : absl::InvalidArgumentError(message);
  }
  absl::StatusOr<std::string> text = ReadRegularFd(fd, max_bytes, path);
  close(fd);
  return text;
}

}  // namespace seccompc

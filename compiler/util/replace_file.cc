#include "compiler/util/replace_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace seccompc {
namespace {

// Writes all of `bytes` to `fd` (short writes, EINTR); false with errno set.
bool WriteAll(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

absl::Status ReplaceFileAtomically(const std::string& path,
                                   const std::string& text,
                                   std::optional<mode_t> new_mode) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT || !new_mode) {
      return absl::InternalError(
          absl::StrCat("stat ", path, ": ", std::strerror(errno)));
    }
    st.st_mode = *new_mode;
    st.st_uid = geteuid();
    st.st_gid = getegid();
  } else if (!S_ISREG(st.st_mode)) {
    // Renaming over a device or a FIFO would put a regular file in its
    // place: `-o /dev/null` run as root once replaced the system's
    // /dev/null. Writing into it is the caller's choice to make.
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not a regular file; not replaced"));
  }
  std::string temp = path + ".seccompc-XXXXXX";
  const int fd = mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot create a temporary file beside ", path, ": ",
                     std::strerror(errno)));
  }
  auto fail = [&](const std::string& what) {
    const int saved = errno;
    close(fd);
    unlink(temp.c_str());
    return absl::InternalError(
        absl::StrCat(what, " ", temp, ": ", std::strerror(saved)));
  };
  if (!WriteAll(fd, text)) return fail("write");
  if (fchmod(fd, st.st_mode & 07777) != 0) return fail("chmod");
  if (fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM) {
    return fail("chown");
  }
  // No fsync: both callers need atomicity, not durability. A bundle's
  // config.json is read by the runtime right after from the page cache and
  // is worthless after a crash (the container is gone); a cache entry lost
  // or torn by a crash fails its key compare or the verifier and is
  // compiled again. An fsync cost 1.4 ms on an idle disk and a median 8 ms
  // with other jobs writing (bench/README.md, "Where start time goes").
  if (close(fd) != 0) {
    unlink(temp.c_str());
    return absl::InternalError(
        absl::StrCat("close ", temp, ": ", std::strerror(errno)));
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    unlink(temp.c_str());
    return absl::InternalError(absl::StrCat("rename ", temp, " to ", path, ": ",
                                            std::strerror(saved)));
  }
  return absl::OkStatus();
}

absl::Status WriteIntoSpecialFile(const std::string& path,
                                  std::string_view bytes) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  auto fail = [&path](int error) {
    return absl::InternalError(
        absl::StrCat("cannot write to ", path, ": ", std::strerror(error)));
  };
  if (!WriteAll(fd, bytes)) {
    const int saved = errno;
    close(fd);
    return fail(saved);
  }
  if (close(fd) != 0) return fail(errno);
  return absl::OkStatus();
}

}  // namespace seccompc

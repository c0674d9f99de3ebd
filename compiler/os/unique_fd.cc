#include "compiler/os/unique_fd.h"

#include <unistd.h>

namespace seccompc {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

int UniqueFd::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void UniqueFd::reset(int fd) {
  // close() is not retried on EINTR: on Linux the descriptor is released
  // either way, and a retry could close one another thread just opened.
  if (fd_ >= 0) close(fd_);
  fd_ = fd;
}

}  // namespace seccompc

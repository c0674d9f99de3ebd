#include "runtime/install/notify_agent.h"

#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace seccompc {
namespace {

constexpr int kWaiting = -1;
constexpr int kAbort = -2;

absl::Status ErrnoError(const std::string& what, int err) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(err)));
}

// The helper's whole life: wait for the fd number, send it, exit. It runs
// after a raw clone (no libc fork hooks), so the launcher must be
// single-threaded at Start() (seccomp-launch is); it allocates only on
// failure.
[[noreturn]] void RunHelper(int socket_fd, std::atomic<int>* slot,
                            const std::string& payload) {
  int fd;
  const timespec pause = {0, 200000};  // 0.2 ms
  while ((fd = slot->load(std::memory_order_acquire)) == kWaiting) {
    // The launcher died before finishing: nobody will publish a number.
    if (getppid() == 1) _exit(2);
    nanosleep(&pause, nullptr);
  }
  if (fd == kAbort) _exit(1);
  _exit(SendListenerFd(socket_fd, fd, payload).ok() ? 0 : 1);
}

}  // namespace

std::string ListenerPayload(const ListenerState& s) {
  nlohmann::ordered_json state = {{"ociVersion", "1.0.2"},
                                  {"id", s.id},
                                  {"status", s.status},
                                  {"pid", s.pid}};
  if (!s.bundle.empty()) state["bundle"] = s.bundle;
  nlohmann::ordered_json payload = {{"ociVersion", "1.0.2"},
                                    {"fds", {"seccompFd"}},
                                    {"pid", s.pid},
                                    {"metadata", s.metadata},
                                    {"state", state}};
  return payload.dump(-1, ' ', false,
                      nlohmann::ordered_json::error_handler_t::replace);
}

absl::StatusOr<int> ConnectAgent(const std::string& listener_path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (listener_path.empty() || listener_path[0] != '/' ||
      listener_path.size() >= sizeof(addr.sun_path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("listenerPath \"", listener_path,
                     "\" must be an absolute path shorter than ",
                     sizeof(addr.sun_path), " bytes"));
  }
  std::memcpy(addr.sun_path, listener_path.data(), listener_path.size());
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return ErrnoError("socket(AF_UNIX)", errno);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) !=
      0) {
    const int err = errno;
    close(fd);
    return ErrnoError(
        absl::StrCat("connect to the seccomp agent at ", listener_path), err);
  }
  return fd;
}

absl::Status SendListenerFd(int socket_fd, int listener_fd,
                            const std::string& payload) {
  iovec iov = {const_cast<char*>(payload.data()), payload.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(cmsg), &listener_fd, sizeof(int));
  ssize_t n;
  do {
    n = sendmsg(socket_fd, &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return ErrnoError("send the listener fd to the agent", errno);
  if (static_cast<size_t>(n) != payload.size()) {
    return absl::InternalError("send the listener fd: short write");
  }
  return absl::OkStatus();
}

absl::StatusOr<ListenerHandoff> ListenerHandoff::Start(
    const std::string& listener_path, const std::string& payload) {
  absl::StatusOr<int> socket_fd = ConnectAgent(listener_path);
  if (!socket_fd.ok()) return socket_fd.status();
  void* page = mmap(nullptr, sizeof(std::atomic<int>), PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) {
    const int err = errno;
    close(*socket_fd);
    return ErrnoError("mmap", err);
  }
  auto* slot = new (page) std::atomic<int>(kWaiting);
  // fork() with a shared fd table: the helper sees the listener fd the
  // launcher gets later under the same number.
  const long pid = syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
  if (pid < 0) {
    const int err = errno;
    close(*socket_fd);
    munmap(page, sizeof(std::atomic<int>));
    return ErrnoError("clone the listener helper", err);
  }
  if (pid == 0) RunHelper(*socket_fd, slot, payload);
  return ListenerHandoff(*socket_fd, static_cast<pid_t>(pid), slot);
}

ListenerHandoff::ListenerHandoff(ListenerHandoff&& other) noexcept
    : socket_fd_(std::exchange(other.socket_fd_, -1)),
      helper_(std::exchange(other.helper_, -1)),
      slot_(std::exchange(other.slot_, nullptr)) {}

ListenerHandoff::~ListenerHandoff() {
  if (helper_ > 0) Finish(-1).IgnoreError();
}

absl::Status ListenerHandoff::Finish(int listener_fd) {
  if (helper_ <= 0) return absl::FailedPreconditionError("handoff finished");
  slot_->store(listener_fd >= 0 ? listener_fd : kAbort,
               std::memory_order_release);
  int status = 0;
  pid_t r;
  do {
    r = waitpid(helper_, &status, 0);
  } while (r < 0 && errno == EINTR);
  const int wait_errno = errno;
  helper_ = -1;
  close(socket_fd_);
  socket_fd_ = -1;
  munmap(slot_, sizeof(std::atomic<int>));
  slot_ = nullptr;
  if (listener_fd < 0) return absl::OkStatus();
  if (r < 0) return ErrnoError("wait for the listener helper", wait_errno);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(
        "the seccomp agent did not get the listener fd (send failed)");
  }
  return absl::OkStatus();
}

}  // namespace seccompc

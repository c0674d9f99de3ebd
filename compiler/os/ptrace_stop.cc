#include "compiler/os/ptrace_stop.h"

#include <errno.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include <thread>

namespace seccompc {
namespace {

SeizeFailure CallFailed(const char* call, int err) {
  return SeizeFailure{SeizeFailure::Kind::kCallFailed, call, err};
}

// waitpid for `pid`'s next state change: blocking without a timeout, else
// polled every 5 ms (waitpid itself has no timeout). 0 on a timeout, -1
// with errno on an error.
pid_t WaitForChange(pid_t pid, int* status,
                    std::optional<std::chrono::milliseconds> timeout) {
  const auto deadline = std::chrono::steady_clock::now() +
                        timeout.value_or(std::chrono::milliseconds::zero());
  const int flags = __WALL | (timeout.has_value() ? WNOHANG : 0);
  for (;;) {
    const pid_t r = waitpid(pid, status, flags);
    if (r == pid) return r;
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return r;
    if (std::chrono::steady_clock::now() >= deadline) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

std::variant<SeizedProcess, SeizeFailure> SeizedProcess::SeizeAndStop(
    pid_t pid, long options, std::optional<std::chrono::milliseconds> timeout) {
  if (ptrace(PTRACE_SEIZE, pid, nullptr, options) != 0) {
    return CallFailed("PTRACE_SEIZE", errno);
  }
  SeizedProcess seized(pid);
  if (ptrace(PTRACE_INTERRUPT, pid, nullptr, nullptr) != 0) {
    return CallFailed("PTRACE_INTERRUPT", errno);
  }
  int status = 0;
  const pid_t r = WaitForChange(pid, &status, timeout);
  if (r < 0) return CallFailed("waitpid", errno);
  if (r == 0) {
    seized.pid_ = -1;  // cannot detach a running tracee; the kernel will
    return SeizeFailure{SeizeFailure::Kind::kTimedOut};
  }
  if (!WIFSTOPPED(status)) {
    seized.pid_ = -1;  // gone: nothing to detach
    return SeizeFailure{SeizeFailure::Kind::kExited};
  }
  return seized;
}

SeizedProcess::~SeizedProcess() {
  if (pid_ > 0) ptrace(PTRACE_DETACH, pid_, nullptr, nullptr);
}

}  // namespace seccompc

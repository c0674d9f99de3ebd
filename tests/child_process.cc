#include "tests/child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

namespace seccompc {
namespace {

// The child's side: body's bytes into `fd`, then _exit(0).
[[noreturn]] void SendAndExit(int fd, const std::string& report) {
  size_t off = 0;
  while (off < report.size()) {
    const ssize_t n = write(fd, report.data() + off, report.size() - off);
    if (n <= 0) _exit(98);
    off += static_cast<size_t>(n);
  }
  _exit(0);
}

int Wait(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

}  // namespace

int RunInChild(const std::function<int()>& body) {
  std::fflush(nullptr);  // else the child's _exit may be preceded by a
                         // copy of the parent's buffered output
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    _exit(body());
  }
  return Wait(pid);
}

ChildReport RunInChildWithReport(const std::function<std::string()>& body) {
  ChildReport out;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    out.status = -1;
    return out;
  }
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    out.status = -1;
    return out;
  }
  if (pid == 0) {
    close(fds[0]);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    SendAndExit(fds[1], body());
  }
  close(fds[1]);
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.report.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  out.status = Wait(pid);
  return out;
}

bool ExitedWith(int status, int code) {
  return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

bool KilledBy(int status, int signal) {
  return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == signal;
}

std::string StatusText(int status) {
  if (status == -1) return "no child (fork or wait failed)";
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

int ErrnoOf(long ret) { return ret == -1 ? errno : 0; }

}  // namespace seccompc

#include "runtime/report.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "compiler/arch/arch.h"
#include "compiler/reference/evaluate.h"
#include "runtime/install.h"

extern char** environ;

namespace seccompc {
namespace {

constexpr int kForwardedSignals[] = {SIGHUP,  SIGINT,  SIGQUIT,
                                     SIGTERM, SIGUSR1, SIGUSR2};
constexpr uint32_t kX32Bit = 0x40000000;

// Shared (MAP_SHARED) between the supervisor and the child. After the
// install the child may only be allowed execve, so it hands over the
// listener without any syscall: it publishes the fd number here and spins
// until the supervisor has copied the fd with pidfd_getfd.
struct Handshake {
  std::atomic<int> listener_fd;  // -1 until installed
  std::atomic<int> taken;        // 1 once the supervisor holds a copy
};

const ArchSpec* ArchOfNotification(const seccomp_data& data) {
  // x32 shares AUDIT_ARCH_X86_64 with x86_64; its marker bit tells them
  // apart, so an ABI with a marker bit wins when the number carries it.
  const ArchSpec* plain = nullptr;
  for (const ArchSpec& a : AllArches()) {
    if (a.audit_arch != data.arch) continue;
    if (a.nr_marker_bit == 0) {
      if (plain == nullptr) plain = &a;
    } else if (static_cast<uint32_t>(data.nr) & a.nr_marker_bit) {
      return &a;
    }
  }
  return plain;
}

// Busy-wait hint; the child may make no syscall while it waits.
inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  asm volatile("" ::: "memory");
#endif
}

long PidfdOpen(pid_t pid) { return syscall(SYS_pidfd_open, pid, 0); }

// The thread group of thread `tid` (pidfd_open refuses non-leader threads
// before Linux 6.9).
pid_t ThreadGroupOf(pid_t tid) {
  std::ifstream status(absl::StrCat("/proc/", tid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Tgid:", 0) == 0) return std::atoi(line.c_str() + 5);
  }
  return tid;
}

// Kills the process that sent notification `id` if it is still the one
// waiting (checked after the pidfd is open, so a reused pid is never hit).
// Returns its thread group id, or -1.
pid_t KillNotifier(int listener, const seccomp_notif& notif) {
  pid_t tgid = static_cast<pid_t>(notif.pid);
  long pidfd = PidfdOpen(tgid);
  if (pidfd < 0) {
    tgid = ThreadGroupOf(tgid);
    pidfd = PidfdOpen(tgid);
  }
  if (pidfd < 0) return -1;
  uint64_t id = notif.id;
  pid_t killed = -1;
  if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0 &&
      syscall(SYS_pidfd_send_signal, static_cast<int>(pidfd), SIGKILL, nullptr,
              0) == 0) {
    killed = tgid;
  }
  close(static_cast<int>(pidfd));
  return killed;
}

void AnswerEnosys(int listener, const seccomp_notif& notif) {
  seccomp_notif_resp resp;
  std::memset(&resp, 0, sizeof(resp));
  resp.id = notif.id;
  resp.error = -ENOSYS;
  ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);  // gone: nothing to do
}

// Ends this process the way `status` ended the task.
int ExitLike(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (!WIFSIGNALED(status)) return kExitLaunchFailed;
  const int sig = WTERMSIG(status);
  std::fflush(nullptr);
  rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
  raise(sig);
  return 128 + sig;
}

}  // namespace

std::string DescribeDenial(const Profile& profile, const Policy& policy,
                           const seccomp_notif& notif) {
  const seccomp_data& d = notif.data;
  const ArchSpec* arch = ArchOfNotification(d);
  std::string name;
  std::string arch_name = absl::StrFormat("0x%08x", d.arch);
  if (arch != nullptr) {
    std::string_view scmp = arch->scmp_name;
    if (scmp.rfind("SCMP_ARCH_", 0) == 0) scmp.remove_prefix(10);
    arch_name = absl::AsciiStrToLower(std::string(scmp));
    name = std::string(arch->NameOf(static_cast<uint32_t>(d.nr)));
  }
  if (name.empty()) name = "?";
  std::vector<std::string> args;
  for (uint64_t a : d.args) args.push_back(absl::StrFormat("0x%x", a));
  const Verdict v = Evaluate(policy, d);
  std::string rule;
  switch (v.reason) {
    case Verdict::Reason::kRule: {
      const int i = v.entry_index;
      if (i >= 0 && static_cast<size_t>(i) < profile.syscalls.size()) {
        const SyscallEntry& e = profile.syscalls[i];
        rule = e.location.json_path.empty() ? absl::StrCat("syscalls[", i, "]")
                                            : e.location.json_path;
        if (!e.comment.empty()) absl::StrAppend(&rule, " (", e.comment, ")");
      } else {
        rule = absl::StrCat("syscalls[", i, "]");
      }
      break;
    }
    case Verdict::Reason::kDefault:
      rule = "defaultAction";
      break;
    case Verdict::Reason::kEnosysStub:
      rule = "the ENOSYS rule (newer than the profile)";
      break;
    case Verdict::Reason::kUnknownArch:
      rule = "its arch is not in the filter";
      break;
    case Verdict::Reason::kForeignAbi:
      rule = "its ABI is not in the filter";
      break;
  }
  return absl::StrFormat(
      "seccomp-launch: pid %d called %s (nr %d, arch %s, args %s): %s by "
      "profile %s, %s",
      notif.pid, name, d.nr & ~kX32Bit, arch_name, absl::StrJoin(args, " "),
      v.action.ToString(), profile.source_name, rule);
}

absl::Status SendFd(int socket_fd, int fd) {
  char byte = 0;
  iovec iov = {&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  std::memset(control, 0, sizeof(control));
  msghdr msg;
  std::memset(&msg, 0, sizeof(msg));
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &fd, sizeof(int));
  if (sendmsg(socket_fd, &msg, MSG_NOSIGNAL) != 1) {
    return absl::InternalError(
        absl::StrCat("sendmsg(SCM_RIGHTS): ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ReceiveFd(int socket_fd) {
  char byte = 0;
  iovec iov = {&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  msghdr msg;
  std::memset(&msg, 0, sizeof(msg));
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  const ssize_t n = recvmsg(socket_fd, &msg, MSG_CMSG_CLOEXEC);
  if (n < 0) {
    return absl::InternalError(
        absl::StrCat("recvmsg(SCM_RIGHTS): ", std::strerror(errno)));
  }
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  if (n == 0 || c == nullptr || c->cmsg_type != SCM_RIGHTS) {
    return absl::InternalError("recvmsg(SCM_RIGHTS): no descriptor received");
  }
  int fd;
  std::memcpy(&fd, CMSG_DATA(c), sizeof(int));
  return fd;
}

int RunSupervised(const LaunchPlan& plan) {
  auto fail = [](const std::string& what) {
    std::fprintf(stderr, "seccomp-launch: --report: %s\n", what.c_str());
    return kExitLaunchFailed;
  };
  if (!plan.filter.has_value()) return ExecPlan(plan);  // nothing to report

  void* shared = mmap(nullptr, sizeof(Handshake), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) {
    return fail(absl::StrCat("mmap: ", std::strerror(errno)));
  }
  Handshake* hs = new (shared) Handshake;
  hs->listener_fd.store(-1);
  hs->taken.store(0);

  sigset_t forwarded, old_mask;
  sigemptyset(&forwarded);
  for (int s : kForwardedSignals) sigaddset(&forwarded, s);
  sigprocmask(SIG_BLOCK, &forwarded, &old_mask);
  const int sfd = signalfd(-1, &forwarded, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) return fail(absl::StrCat("signalfd: ", std::strerror(errno)));

  std::vector<char*> argv;
  for (const std::string& a : plan.argv) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);
  InstallOptions options;
  options.filter_flags = plan.filter->profile.flags;
  options.new_listener = true;
  options.kernel = &plan.kernel;

  std::fflush(nullptr);
  const pid_t supervisor = getpid();
  const pid_t child = fork();
  if (child < 0) return fail(absl::StrCat("fork: ", std::strerror(errno)));
  if (child == 0) {
    close(sfd);
    // Never outlive the supervisor with an unserviced listener.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 ||
        getppid() != supervisor) {
      _exit(kExitLaunchFailed);
    }
    sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    absl::StatusOr<InstallResult> installed = Install(plan.program, options);
    if (!installed.ok()) {
      std::fprintf(stderr, "seccomp-launch: %s\n",
                   std::string(installed.status().message()).c_str());
      _exit(kExitLaunchFailed);
    }
    hs->listener_fd.store(installed->listener_fd, std::memory_order_release);
    while (hs->taken.load(std::memory_order_acquire) == 0) {
      CpuRelax();
    }
    execve(plan.exec_path.c_str(), argv.data(), environ);
    const int err = errno;
    std::fprintf(stderr, "seccomp-launch: exec %s: %s\n",
                 plan.exec_path.c_str(), std::strerror(err));
    _exit(err == ENOENT || err == ENOTDIR ? kExitNotFound : kExitCannotExecute);
  }

  const int child_pidfd = static_cast<int>(PidfdOpen(child));
  if (child_pidfd < 0) {
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    return fail(absl::StrCat("pidfd_open: ", std::strerror(errno)));
  }
  // Wait for the listener (or for the child to fail before it).
  int listener = -1;
  int status = 0;
  for (;;) {
    const int remote = hs->listener_fd.load(std::memory_order_acquire);
    if (remote >= 0) {
      listener =
          static_cast<int>(syscall(SYS_pidfd_getfd, child_pidfd, remote, 0));
      if (listener < 0) {
        const int err = errno;
        kill(child, SIGKILL);
        waitpid(child, nullptr, 0);
        return fail(
            absl::StrCat("pidfd_getfd (Linux 5.6): ", std::strerror(err)));
      }
      hs->taken.store(1, std::memory_order_release);
      break;
    }
    pollfd p = {child_pidfd, POLLIN, 0};
    if (poll(&p, 1, 1) > 0) {  // the child ended before installing
      waitpid(child, &status, 0);
      return ExitLike(status);
    }
  }

  bool killed_by_profile = false;
  bool child_done = false;
  while (!child_done) {
    pollfd fds[3] = {
        {listener, POLLIN, 0}, {sfd, POLLIN, 0}, {child_pidfd, POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      kill(child, SIGKILL);
      break;
    }
    if (fds[0].revents & POLLIN) {
      seccomp_notif notif;
      std::memset(&notif, 0, sizeof(notif));
      if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &notif) == 0) {
        const Verdict v = Evaluate(plan.filter->policy, notif.data);
        const bool kill_action = v.action.kind == ActionKind::kKillProcess ||
                                 v.action.kind == ActionKind::kKillThread;
        std::fprintf(
            stderr, "%s%s\n",
            DescribeDenial(plan.filter->profile, plan.filter->policy, notif)
                .c_str(),
            kill_action ? "; killing it with SIGSYS" : "; no listener: ENOSYS");
        if (kill_action) {
          if (KillNotifier(listener, notif) == child) killed_by_profile = true;
        } else {
          AnswerEnosys(listener, notif);
        }
      }
    }
    if (fds[1].revents & POLLIN) {
      signalfd_siginfo info;
      while (read(sfd, &info, sizeof(info)) == sizeof(info)) {
        kill(child, static_cast<int>(info.ssi_signo));
      }
    }
    if (fds[2].revents & POLLIN) child_done = true;
  }
  waitpid(child, &status, 0);
  close(listener);
  close(child_pidfd);
  if (killed_by_profile && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
    status = SIGSYS;  // as the kernel's kill would have ended it
  }
  return ExitLike(status);
}

}  // namespace seccompc

#include "runtime/launch/report.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "compiler/arch/abi_family.h"
#include "compiler/arch/arch.h"
#include "compiler/arch/errno_numbers.h"
#include "compiler/os/errno_text.h"
#include "compiler/os/ptrace_stop.h"
#include "compiler/reference/evaluate.h"

namespace seccompc {
namespace {

constexpr int kForwardedSignals[] = {SIGHUP,  SIGINT,  SIGQUIT,
                                     SIGTERM, SIGUSR1, SIGUSR2};
// si_code of a SIGSYS sent by seccomp (SYS_SECCOMP, asm-generic/siginfo.h).
constexpr int kSysSeccomp = 1;
// Every thread and descendant traced from its first instruction; the task
// dies with the supervisor (EXITKILL is taken off descendants outside the
// task's thread group: they outlive it as they would without --report).
// --report_errno adds syscall stops, marked with TRACESYSGOOD.
long TraceOptions(const LaunchPlan& plan) {
  long options = PTRACE_O_EXITKILL | PTRACE_O_TRACEEXIT | PTRACE_O_TRACECLONE |
                 PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC;
  if (plan.report_errno) options |= PTRACE_O_TRACESYSGOOD;
  return options;
}

bool IsKill(const Action& a) {
  return a.kind == ActionKind::kKillProcess ||
         a.kind == ActionKind::kKillThread;
}

// Writes all of `line` to `fd`, waiting out EAGAIN: the task shares the
// open file description of stderr and may have set O_NONBLOCK on it.
void WriteReport(int fd, std::string line) {
  line += '\n';
  size_t off = 0;
  while (off < line.size()) {
    const ssize_t n = write(fd, line.data() + off, line.size() - off);
    if (n > 0) {
      off += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p = {fd, POLLOUT, 0};
      poll(&p, 1, 1000);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return;
    }
  }
}

pid_t ThreadGroupOf(pid_t tid) {
  std::ifstream status(absl::StrCat("/proc/", tid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Tgid:", 0) == 0) return std::atoi(line.c_str() + 5);
  }
  return -1;
}

// A thread's registers at a ptrace stop, read as seccomp reads them.
struct StoppedCall {
  seccomp_data data;  // the call it is making or was stopped in
  uint64_t rax = 0;
  uint64_t orig_rax = 0;
  uint64_t ip = 0;

  // The kernel rolled the call back (syscall_rollback: rax = orig_rax), as
  // it does for a TRAP and a KILL_PROCESS.
  bool RolledBack() const { return rax == orig_rax; }
  // Stopped by seccomp before the call ran: rolled back, or (KILL_THREAD
  // of one thread among several exits at once) rax still -ENOSYS, as the
  // syscall entry sets it. A sibling taken by a KILL_PROCESS was elsewhere:
  // in user space (orig_rax -1) or in a call that returned (rax its result,
  // -EINTR and the like).
  bool StoppedBeforeRunning() const {
    return RolledBack() || rax == static_cast<uint64_t>(-ENOSYS);
  }
};

// The registers of thread `tid` (in a ptrace stop); nullopt when they
// cannot be read. The number is what seccomp sees: the low 32 bits of
// orig_rax as an int (rax 0x8000000000000087 runs personality, 135).
std::optional<StoppedCall> SyscallOf(pid_t tid) {
#if defined(__x86_64__)
  user_regs_struct regs;
  if (ptrace(PTRACE_GETREGS, tid, nullptr, &regs) != 0) return std::nullopt;
  __ptrace_syscall_info info;
  std::memset(&info, 0, sizeof(info));
  if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info), &info) <= 0) {
    return std::nullopt;
  }
  StoppedCall call;
  seccomp_data& d = call.data;
  std::memset(&d, 0, sizeof(d));
  d.arch = info.arch;
  d.nr = static_cast<int>(static_cast<uint32_t>(regs.orig_rax));
  d.instruction_pointer = regs.rip;
  if (info.arch == GetArch(ArchId::kX86).audit_arch) {
    // int 0x80: the kernel hands seccomp the whole 64-bit registers.
    const uint64_t a[6] = {regs.rbx, regs.rcx, regs.rdx,
                           regs.rsi, regs.rdi, regs.rbp};
    std::memcpy(d.args, a, sizeof(a));
  } else {
    const uint64_t a[6] = {regs.rdi, regs.rsi, regs.rdx,
                           regs.r10, regs.r8,  regs.r9};
    std::memcpy(d.args, a, sizeof(a));
  }
  call.rax = regs.rax;
  call.orig_rax = regs.orig_rax;
  call.ip = regs.rip;
  return call;
#else
  (void)tid;
  return std::nullopt;
#endif
}

std::string SyscallName(const seccomp_data& d) {
  const ArchSpec* arch = AbiOf(d.arch, static_cast<uint32_t>(d.nr));
  std::string name =
      arch != nullptr ? std::string(arch->NameOf(static_cast<uint32_t>(d.nr)))
                      : "";
  if (name.empty()) name = absl::StrCat("syscall ", d.nr & ~kX32SyscallBit);
  return name;
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

class Supervisor {
 public:
  Supervisor(const LaunchPlan& plan, pid_t task)
      : plan_(plan),
        task_(task),
        resume_(plan.report_errno ? PTRACE_SYSCALL : PTRACE_CONT) {}

  // One wait status of a tracee; returns the task's final status when
  // `pid` is the task and it ended.
  std::optional<int> Handle(pid_t pid, int status) {
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      // A thread group leader is reaped after all its other threads.
      ReportGroupDeath(pid);
      if (pid == task_) return status;
      return std::nullopt;
    }
    if (!WIFSTOPPED(status)) return std::nullopt;
    const int sig = WSTOPSIG(status);
    if (sig == (SIGTRAP | 0x80)) {  // syscall stop (--report_errno only)
      ReportErrno(pid);
      ptrace(resume_, pid, nullptr, nullptr);
      return std::nullopt;
    }
    switch (status >> 16) {
      case 0:  // signal-delivery-stop: deliver the signal unchanged
        if (sig == SIGSYS) ReportTrap(pid);
        ptrace(resume_, pid, nullptr, sig);
        break;
      case PTRACE_EVENT_STOP:
        if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
            sig == SIGTTOU) {
          ptrace(PTRACE_LISTEN, pid, nullptr, nullptr);  // group-stop
        } else {
          // A new tracee's first stop.
          if (ThreadGroupOf(pid) != task_) {
            ptrace(PTRACE_SETOPTIONS, pid, nullptr,
                   TraceOptions(plan_) & ~PTRACE_O_EXITKILL);
          }
          ptrace(resume_, pid, nullptr, nullptr);
        }
        break;
      case PTRACE_EVENT_EXIT:
        ReportKill(pid);
        ptrace(resume_, pid, nullptr, nullptr);
        break;
      default:  // clone, fork, vfork, exec
        ptrace(resume_, pid, nullptr, nullptr);
        break;
    }
    return std::nullopt;
  }

  // Every thread group whose threads died of SIGSYS but are not yet all
  // reported (the leader is reaped last).
  void ReportAllGroupDeaths() {
    while (!dying_.empty()) ReportGroupDeath(dying_.begin()->first);
  }

 private:
  // The threads of one process that died of SIGSYS. A KILL_PROCESS takes
  // every thread with it, each with an exit status of SIGSYS: the killing
  // thread is reported at its exit stop, the others in one line when the
  // leader is reaped.
  struct GroupDeath {
    pid_t killer = 0;         // the thread whose call KILL_PROCESS answered
    int others = 0;           // threads that died of SIGSYS outside such a call
    std::string first_other;  // the hint for the first of them
  };

  void ReportKill(pid_t pid) {
    unsigned long msg = 0;
    if (ptrace(PTRACE_GETEVENTMSG, pid, nullptr, &msg) != 0) return;
    const int ws = static_cast<int>(msg);
    if (!WIFSIGNALED(ws) || WTERMSIG(ws) != SIGSYS) return;
    const std::optional<StoppedCall> call = SyscallOf(pid);
    if (!call.has_value()) return;
    const pid_t tgid = ThreadGroupOf(pid);
    GroupDeath& group = dying_[tgid > 0 ? tgid : pid];
    const seccomp_data& d = call->data;
    const Verdict v = Evaluate(plan_.filter->policy, d);
    if (IsKill(v.action) && call->StoppedBeforeRunning()) {
      const bool whole_process = v.action.kind == ActionKind::kKillProcess;
      if (whole_process) group.killer = pid;
      WriteReport(
          STDERR_FILENO,
          absl::StrCat(
              DescribeDenial(plan_.profile, plan_.filter->policy, pid, d),
              whole_process ? "; the kernel killed the process (SIGSYS)"
                            : "; the kernel killed the thread (SIGSYS)"));
      return;
    }
    if (group.others++ == 0) {
      // Not this profile: a filter the task stacked, or a SIGSYS sent to it.
      group.first_other = absl::StrFormat(
          "seccomp-launch: pid %d died of SIGSYS in %s, which profile %s "
          "answers %s (a filter the task installed, or a SIGSYS sent to it)",
          pid, SyscallName(d), plan_.profile.source_name, v.action.ToString());
    }
  }

  void ReportGroupDeath(pid_t tgid) {
    auto it = dying_.find(tgid);
    if (it == dying_.end()) return;
    const GroupDeath group = std::move(it->second);
    dying_.erase(it);
    if (group.others == 0) return;
    if (group.killer != 0) {
      WriteReport(STDERR_FILENO,
                  absl::StrFormat("seccomp-launch: the other %d thread%s of "
                                  "process %d died with it (thread %d's call "
                                  "was killed)",
                                  group.others, group.others == 1 ? "" : "s",
                                  tgid, group.killer));
    } else if (group.others == 1) {
      WriteReport(STDERR_FILENO, group.first_other);
    } else {
      WriteReport(STDERR_FILENO,
                  absl::StrFormat("%s; and %d other threads of process %d "
                                  "died of SIGSYS",
                                  group.first_other, group.others - 1, tgid));
    }
  }

  void ReportTrap(pid_t pid) {
    siginfo_t si;
    if (ptrace(PTRACE_GETSIGINFO, pid, nullptr, &si) != 0) return;
    if (si.si_code != kSysSeccomp) return;
    const std::optional<StoppedCall> call = SyscallOf(pid);
    if (!call.has_value()) return;
    // rt_sigqueueinfo can queue a SIGSYS with any si_code, si_syscall and
    // si_arch: a real TRAP is delivered with the trapped call still in the
    // registers (rolled back), at the call's own address. The verdict is
    // taken from the registers, never from the siginfo.
    const seccomp_data& d = call->data;
    if (si.si_syscall != d.nr || si.si_arch != d.arch ||
        reinterpret_cast<uint64_t>(si.si_call_addr) != call->ip ||
        !call->RolledBack()) {
      return;
    }
    const Verdict v = Evaluate(plan_.filter->policy, d);
    if (v.action.kind != ActionKind::kTrap) return;  // the task's own filter
    WriteReport(STDERR_FILENO,
                absl::StrCat(
                    DescribeDenial(plan_.profile, plan_.filter->policy, pid, d),
                    "; SIGSYS delivered to the task"));
  }

  // At a syscall-exit stop: a failed call the profile answers with ERRNO
  // was denied by the kernel (it never ran); each (ABI, syscall, entry) is
  // reported once, so a task retrying in a loop cannot flood the log.
  void ReportErrno(pid_t pid) {
    __ptrace_syscall_info info;
    if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), &info) <= 0 ||
        info.op != PTRACE_SYSCALL_INFO_EXIT || !info.exit.is_error) {
      return;
    }
    const std::optional<StoppedCall> call = SyscallOf(pid);
    if (!call.has_value()) return;
    const seccomp_data* d = &call->data;
    const Verdict v = Evaluate(plan_.filter->policy, *d);
    if (v.action.kind != ActionKind::kErrno) return;
    if (!errno_reported_.insert({d->arch, d->nr, v.entry_index}).second) {
      return;
    }
    WriteReport(
        STDERR_FILENO,
        absl::StrCat(
            DescribeDenial(plan_.profile, plan_.filter->policy, pid, *d),
            "; the call failed with ",
            ErrnoNameAndText(static_cast<int>(-info.exit.rval)),
            " (reported once)"));
  }

  const LaunchPlan& plan_;
  const pid_t task_;
  const __ptrace_request resume_;
  std::set<std::tuple<uint32_t, int, int>> errno_reported_;
  std::map<pid_t, GroupDeath> dying_;
};

}  // namespace

std::string DescribeDenial(const Profile& profile, const Policy& policy,
                           pid_t pid, const seccomp_data& d) {
  const ArchSpec* arch = AbiOf(d.arch, static_cast<uint32_t>(d.nr));
  std::string name;
  std::string arch_name = absl::StrFormat("0x%08x", d.arch);
  if (arch != nullptr) {
    arch_name = LowercaseArchName(*arch);
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
      "seccomp-launch: seccomp denied %s to pid %d (nr %d, arch %s, args %s): "
      "%s by profile %s, %s",
      name, pid, d.nr & ~kX32SyscallBit, arch_name, absl::StrJoin(args, " "),
      v.action.ToString(), profile.source_name, rule);
}

#if defined(__x86_64__)
namespace {

// Why the probe could not stop its child, as --report words it.
std::string ProbeFailureText(const SeizeFailure& f) {
  if (f.kind != SeizeFailure::Kind::kCallFailed) {
    return "--report: the ptrace probe's child exited instead of stopping";
  }
  const std::string call = f.call;
  return absl::StrCat("--report needs ptrace (",
                      call == "PTRACE_SEIZE" ? "PTRACE_SEIZE of a child" : call,
                      "): ", ErrnoText(f.err));
}

}  // namespace
#endif

absl::Status ProbeReportSupport() {
#if !defined(__x86_64__)
  return absl::UnimplementedError(
      "--report reads x86_64 registers; this build is for another machine");
#else
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("--report: ", CallError("fork", errno)));
  }
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    for (;;) pause();
  }
  absl::Status result;
  {
    std::variant<SeizedProcess, SeizeFailure> seized =
        SeizedProcess::SeizeAndStop(child, PTRACE_O_EXITKILL, std::nullopt);
    if (const SeizeFailure* f = std::get_if<SeizeFailure>(&seized)) {
      result = absl::FailedPreconditionError(ProbeFailureText(*f));
    } else {
      __ptrace_syscall_info info;
      if (ptrace(PTRACE_GET_SYSCALL_INFO, child, sizeof(info), &info) <= 0) {
        result = absl::FailedPreconditionError(
            absl::StrCat("--report needs PTRACE_GET_SYSCALL_INFO (Linux 5.3): ",
                         ErrnoText(errno)));
      }
    }
  }
  kill(child, SIGKILL);
  while (waitpid(child, nullptr, __WALL) < 0 && errno == EINTR) {
  }
  return result;
#endif
}

int RunSupervised(const LaunchPlan& plan) {
  auto fail = [](const std::string& what) {
    std::fprintf(stderr, "seccomp-launch: --report: %s\n", what.c_str());
    return kExitLaunchFailed;
  };
  if (!plan.filter.has_value()) return ExecPlan(plan);  // nothing to report

  int go[2];
  if (pipe2(go, O_CLOEXEC) != 0) {
    return fail(CallError("pipe", errno));
  }
  sigset_t watched, old_mask;
  sigemptyset(&watched);
  for (int s : kForwardedSignals) sigaddset(&watched, s);
  sigaddset(&watched, SIGCHLD);
  sigprocmask(SIG_BLOCK, &watched, &old_mask);
  const int sfd = signalfd(-1, &watched, SFD_CLOEXEC);
  if (sfd < 0) return fail(CallError("signalfd", errno));

  std::fflush(nullptr);
  const pid_t supervisor = getpid();
  const pid_t child = fork();
  if (child < 0) return fail(CallError("fork", errno));
  if (child == 0) {
    close(sfd);
    close(go[1]);
    // Never outlive the supervisor (EXITKILL does the same once seized).
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 ||
        getppid() != supervisor) {
      _exit(kExitLaunchFailed);
    }
    sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    char byte = 0;
    ssize_t n;
    while ((n = read(go[0], &byte, 1)) < 0 && errno == EINTR) {
    }
    if (n != 1) _exit(kExitLaunchFailed);  // the supervisor could not trace
    close(go[0]);
    // The same install and exec as without --report (the guard first).
    _exit(ExecPlan(plan));
  }
  close(go[0]);
  // A task of the same user may neither ptrace the supervisor nor take its
  // descriptors (pidfd_getfd): both need PTRACE_MODE_ATTACH, which a
  // non-dumpable process grants only to CAP_SYS_PTRACE. Set after the fork:
  // the child (its own mm) must stay traceable by an unprivileged parent.
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    const int err = errno;
    close(go[1]);
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    return fail(CallError("prctl(PR_SET_DUMPABLE)", err));
  }
  if (ptrace(PTRACE_SEIZE, child, nullptr, TraceOptions(plan)) != 0) {
    const int err = errno;
    close(go[1]);  // the child sees EOF and exits 125 without running
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    return fail(CallError("PTRACE_SEIZE", err));
  }
  if (write(go[1], "g", 1) != 1) {
    kill(child, SIGKILL);
    waitpid(child, nullptr, __WALL);
    return fail(CallError("pipe write", errno));
  }
  close(go[1]);
  // With --report_errno, syscall stops start at the exec event stop.

  Supervisor supervisor_state(plan, child);
  std::optional<int> task_status;
  while (!task_status.has_value()) {
    signalfd_siginfo info;
    const ssize_t n = read(sfd, &info, sizeof(info));
    if (n < 0 && errno == EINTR) continue;
    if (n != sizeof(info)) {
      kill(child, SIGKILL);
      int status = 0;
      waitpid(child, &status, __WALL);
      return fail(CallError("signalfd read", errno));
    }
    if (info.ssi_signo != SIGCHLD) {
      kill(child, static_cast<int>(info.ssi_signo));
      continue;
    }
    for (;;) {
      int status = 0;
      const pid_t pid = waitpid(-1, &status, WNOHANG | __WALL);
      if (pid <= 0) break;
      std::optional<int> done = supervisor_state.Handle(pid, status);
      if (done.has_value()) task_status = done;
    }
  }
  close(sfd);
  supervisor_state.ReportAllGroupDeaths();
  // Remaining tracees (descendants outliving the task) are detached by
  // the kernel when the supervisor exits; the kernel keeps enforcing.
  return ExitLike(*task_status);
}

std::string ReportGuardProfile(ArchId native) {
  std::vector<std::string> subs;
  for (ArchId sub : SubAbisOf(native)) {
    subs.push_back(
        absl::StrCat("\"", std::string(GetArch(sub).scmp_name), "\""));
  }
  // CLONE_UNTRACED is 0x00800000 (8388608); clone3 gets the native
  // arch's ENOSYS (38; 89 on mips), the number glibc falls back on.
  const uint32_t enosys = ErrnoFromName(native, "ENOSYS").value_or(38);
  return absl::StrCat(R"({
  "defaultAction": "SCMP_ACT_ALLOW",
  "archMap": [{"architecture": ")",
                      std::string(GetArch(native).scmp_name),
                      R"(", "subArchitectures": [)", absl::StrJoin(subs, ", "),
                      R"(]}],
  "syscalls": [
    {"names": ["clone"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
     "args": [{"index": 0, "value": 8388608, "valueTwo": 8388608,
               "op": "SCMP_CMP_MASKED_EQ"}]},
    {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": )",
                      enosys, R"(}
  ]
})");
}

}  // namespace seccompc

// Each seccomp action and install option, seen from a real child process:
// the child installs a filter and makes the syscall, the parent checks how
// it ended. Nothing is installed in the test process itself.
#include "runtime/install/install.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <string>

#include "compiler/arch/arch.h"
#include "compiler/bpf/bpf.h"
#include "compiler/compile.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/install/kernel_support.h"
#include "runtime/install/notify_agent.h"
#include "runtime/install/process_state.h"
#include "runtime/install/testing/receive_listener.h"
#include "tests/child_process.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;

// Returns `ret` for syscall `nr`, ALLOW for everything else.
Program OnSyscall(uint32_t nr, uint32_t ret) {
  return {LoadAbs(kNrOffset), JumpEq(nr, 0, 1), Ret(ret),
          Ret(SECCOMP_RET_ALLOW)};
}

// In a child: installs or exits 100 (so a failed install never looks like
// a result).
InstallResult MustInstall(const Program& program,
                          const InstallOptions& options = {}) {
  absl::StatusOr<InstallResult> r = Install(program, options);
  if (!r.ok()) {
    std::fprintf(stderr, "install failed: %s\n",
                 std::string(r.status().message()).c_str());
    _exit(100);
  }
  return *std::move(r);
}

// Runs `body` in a child that has installed `program` (Install's
// defaults); see RunInChild.
int RunUnder(const Program& program, const std::function<int()>& body) {
  return RunInChild([&program, &body] {
    MustInstall(program);
    return body();
  });
}

// One action for getppid in a single-threaded child, and how the child
// ends: exit `code` (getppid's errno; 0 when it returned the parent's pid)
// or killed by `signal`.
struct ActionCase {
  const char* name;
  uint32_t ret;
  int code;
  int signal;  // 0: the child exits
};

class InstallActions : public ::testing::TestWithParam<ActionCase> {};

TEST_P(InstallActions, GetppidEndsAsTheActionSays) {
  const ActionCase& c = GetParam();
  const pid_t me = getpid();
  const int status = RunUnder(OnSyscall(SYS_getppid, c.ret), [me] {
    const long r = syscall(SYS_getppid);
    if (r == -1) return errno;
    return r == me ? 0 : 200;
  });
  if (c.signal != 0) {
    EXPECT_TRUE(KilledBy(status, c.signal)) << StatusText(status);
  } else {
    EXPECT_TRUE(ExitedWith(status, c.code)) << StatusText(status);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Live, InstallActions,
    ::testing::Values(
        ActionCase{"AllowLetsTheCallRun", SECCOMP_RET_ALLOW, 0, 0},
        ActionCase{"ErrnoWithCustomValue", SECCOMP_RET_ERRNO | 123, 123, 0},
        ActionCase{"KillProcessEndsTheProcessWithSigsys",
                   SECCOMP_RET_KILL_PROCESS, 0, SIGSYS},
        ActionCase{"KillThreadOfTheLastThreadIsSigsys", SECCOMP_RET_KILL_THREAD,
                   0, SIGSYS},
        ActionCase{"LogAllowsTheCall", SECCOMP_RET_LOG, 0, 0},
        ActionCase{"TraceWithoutTracerIsEnosys", SECCOMP_RET_TRACE | 7, ENOSYS,
                   0}),
    [](const auto& info) { return std::string(info.param.name); });

void* CallGetppid(void*) {
  syscall(SYS_getppid);
  return nullptr;
}

TEST(InstallThreads, KillThreadEndsOnlyThatThread) {
  const int status =
      RunUnder(OnSyscall(SYS_getppid, SECCOMP_RET_KILL_THREAD), [] {
        pthread_t t;
        if (pthread_create(&t, nullptr, CallGetppid, nullptr) != 0) return 101;
        pthread_join(t, nullptr);  // the kernel clears the tid when it dies
        return 42;                 // the main thread lives on
      });
  EXPECT_TRUE(ExitedWith(status, 42)) << StatusText(status);
}

// A signal handler can only report through process state; the child exits
// right after, so these are only ever touched in one forked child.
// si_code of the SIGSYS a SECCOMP_RET_TRAP sends (SYS_SECCOMP).
constexpr int kSysSeccomp = 1;
volatile sig_atomic_t trap_syscall = -1;
volatile sig_atomic_t trap_code = -1;
volatile sig_atomic_t trap_arch_ok = 0;

void OnSigsys(int, siginfo_t* info, void*) {
  trap_syscall = info->si_syscall;
  trap_code = info->si_code;
  trap_arch_ok = info->si_arch == AUDIT_ARCH_X86_64;
}

TEST(InstallSignals, TrapDeliversSigsysWithTheSyscallNumber) {
  const int status = RunInChild([] {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = OnSigsys;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSYS, &sa, nullptr);
    MustInstall(OnSyscall(SYS_getppid, SECCOMP_RET_TRAP));
    syscall(SYS_getppid);
    if (trap_code != kSysSeccomp) return 1;
    if (trap_syscall != SYS_getppid) return 2;
    if (!trap_arch_ok) return 3;
    return 0;
  });
  EXPECT_TRUE(ExitedWith(status, 0)) << StatusText(status);
}

TEST(InstallListener, UserNotifAnsweredByTheListener) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    close(sv[0]);
    InstallOptions options;
    options.new_listener = true;
    absl::StatusOr<InstallResult> r =
        Install(OnSyscall(SYS_getppid, SECCOMP_RET_USER_NOTIF), options);
    if (!r.ok() || r->listener_fd < 0) _exit(100);
    if (!SendListenerFd(sv[1], r->listener_fd, std::string(1, '\0')).ok()) {
      _exit(101);
    }
    close(r->listener_fd);
    _exit(syscall(SYS_getppid) == 4242 ? 0 : 1);
  }
  close(sv[1]);
  // The listener comes back to the test process with SendListenerFd.
  const ReceivedListener received = ReceiveListenerFd(sv[0]);
  ASSERT_GE(received.fd, 0) << std::strerror(errno);
  EXPECT_EQ(received.payload, std::string(1, '\0'));
  const int listener = received.fd;
  seccomp_notif notif;
  std::memset(&notif, 0, sizeof(notif));
  ASSERT_EQ(ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &notif), 0)
      << std::strerror(errno);
  EXPECT_EQ(notif.data.nr, SYS_getppid);
  EXPECT_EQ(notif.data.arch, AUDIT_ARCH_X86_64);
  EXPECT_EQ(static_cast<pid_t>(notif.pid), pid);
  seccomp_notif_resp resp;
  std::memset(&resp, 0, sizeof(resp));
  resp.id = notif.id;
  resp.val = 4242;
  ASSERT_EQ(ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp), 0)
      << std::strerror(errno);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(ExitedWith(status, 0)) << StatusText(status);
  close(listener);
  close(sv[0]);
}

// ---- flags and steps -------------------------------------------------------

// The flags Install passes for a set of options, in a child alone (one
// thread): the filter is in place (getppid fails with errno 5), through
// seccomp(), with no_new_privs, and a listener exactly when asked for.
struct FlagsCase {
  const char* name;
  uint32_t profile_flags;  // InstallOptions::filter_flags
  bool tsync;
  bool new_listener;
  uint32_t flags_used;  // SECCOMP_FILTER_FLAG_*
};

class InstallFlagsUsed : public ::testing::TestWithParam<FlagsCase> {};

TEST_P(InstallFlagsUsed, AsTheOptionsAsk) {
  const FlagsCase& c = GetParam();
  const int status = RunInChild([&c] {
    InstallOptions options;
    options.filter_flags = c.profile_flags;
    options.tsync = c.tsync;
    options.new_listener = c.new_listener;
    const InstallResult r =
        MustInstall(OnSyscall(SYS_getppid, SECCOMP_RET_ERRNO | 5), options);
    if (r.flags_used != c.flags_used) return 1;
    if (r.method != InstallMethod::kSeccompSyscall) return 2;
    if (!r.no_new_privs_set || prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) {
      return 3;
    }
    if ((r.listener_fd >= 0) != c.new_listener) return 4;
    return ErrnoOf(syscall(SYS_getppid));
  });
  EXPECT_TRUE(ExitedWith(status, 5)) << StatusText(status);
}

INSTANTIATE_TEST_SUITE_P(
    Live, InstallFlagsUsed,
    ::testing::Values(
        FlagsCase{"ProfileFlags", kFlagLog | kFlagSpecAllow, false, false,
                  SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW},
        FlagsCase{"WaitKillableRecvDroppedWithoutAListener",
                  kFlagWaitKillableRecv, false, false, 0},
        FlagsCase{"WaitKillableRecvWithAListener", kFlagWaitKillableRecv, false,
                  true,
                  SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV |
                      SECCOMP_FILTER_FLAG_NEW_LISTENER},
        FlagsCase{"TsyncOnRequestWhenAlone", 0, true, false,
                  SECCOMP_FILTER_FLAG_TSYNC},
        FlagsCase{"TsyncWithListenerAddsTsyncEsrch", 0, true, true,
                  SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_NEW_LISTENER |
                      SECCOMP_FILTER_FLAG_TSYNC_ESRCH}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(InstallFlags, KeepPrivilegesWithCapSysAdmin) {
  absl::StatusOr<CapabilitySet> eff = EffectiveCapabilities();
  ASSERT_TRUE(eff.ok());
  if (!((*eff >> 21) & 1)) GTEST_SKIP() << "needs CAP_SYS_ADMIN";
  const int status = RunInChild([] {
    InstallOptions options;
    options.keep_privileges_if_admin = true;
    const InstallResult r =
        MustInstall(OnSyscall(SYS_getppid, SECCOMP_RET_ERRNO | 6), options);
    if (r.no_new_privs_set || prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0) {
      return 1;
    }
    return ErrnoOf(syscall(SYS_getppid));
  });
  EXPECT_TRUE(ExitedWith(status, 6)) << StatusText(status);
}

struct TsyncState {
  int go[2];
  int seen_errno = -1;
};

void* WaitThenGetppid(void* arg) {
  auto* state = static_cast<TsyncState*>(arg);
  char c;
  if (read(state->go[0], &c, 1) != 1) return nullptr;
  state->seen_errno = ErrnoOf(syscall(SYS_getppid));
  return nullptr;
}

TEST(InstallFlags, TsyncIsAutomaticWithTwoThreadsAndFiltersBoth) {
  const int status = RunInChild([] {
    TsyncState state;
    if (pipe(state.go) != 0) return 101;
    pthread_t t;
    // The thread exists BEFORE the install: only TSYNC can filter it.
    if (pthread_create(&t, nullptr, WaitThenGetppid, &state) != 0) return 102;
    const InstallResult r =
        MustInstall(OnSyscall(SYS_getppid, SECCOMP_RET_ERRNO | 77), {});
    if (!(r.flags_used & SECCOMP_FILTER_FLAG_TSYNC)) return 1;
    if (write(state.go[1], "x", 1) != 1) return 103;
    pthread_join(t, nullptr);
    return state.seen_errno;
  });
  EXPECT_TRUE(ExitedWith(status, 77)) << StatusText(status);
}

// A kernel before 3.17: prctl only, and only the baseline actions.
KernelSupport KernelWithoutSeccompSyscall() {
  KernelSupport old_kernel;
  old_kernel.seccomp_syscall = false;
  old_kernel.actions = ActionSet::Baseline();
  return old_kernel;
}

TEST(InstallFlags, PrctlWhenSeccompSyscallIsMissingAndNoFlagNeeded) {
  const int status = RunInChild([] {
    const KernelSupport old_kernel = KernelWithoutSeccompSyscall();
    InstallOptions options;
    options.kernel = &old_kernel;
    const InstallResult r =
        MustInstall(OnSyscall(SYS_getppid, SECCOMP_RET_ERRNO | 9), options);
    if (r.method != InstallMethod::kPrctl) return 1;
    return ErrnoOf(syscall(SYS_getppid));
  });
  EXPECT_TRUE(ExitedWith(status, 9)) << StatusText(status);
}

TEST(InstallFlags, FlagsOnAKernelWithoutSeccompSyscallAreAnError) {
  const int status = RunInChild([] {
    const KernelSupport old_kernel = KernelWithoutSeccompSyscall();
    InstallOptions options;
    options.kernel = &old_kernel;
    options.filter_flags = kFlagLog;
    absl::StatusOr<InstallResult> r =
        Install(OnSyscall(SYS_getppid, SECCOMP_RET_ERRNO | 9), options);
    if (r.ok()) return 1;
    const std::string m(r.status().message());
    if (m.find("no seccomp() system call") == std::string::npos) return 2;
    if (m.find("LOG") == std::string::npos) return 3;
    // Nothing was installed.
    return syscall(SYS_getppid) == getppid() ? 0 : 4;
  });
  EXPECT_TRUE(ExitedWith(status, 0)) << StatusText(status);
}

TEST(InstallFlags, MissingActionFailsOrBecomesStricter) {
  absl::StatusOr<KernelSupport> real = ProbeKernelSupport();
  ASSERT_TRUE(real.ok()) << real.status();
  KernelSupport no_log = *real;
  no_log.actions.Remove(ActionKind::kLog);
  const int failed = RunInChild([&no_log] {
    InstallOptions options;
    options.kernel = &no_log;
    absl::StatusOr<InstallResult> r =
        Install(OnSyscall(SYS_getppid, SECCOMP_RET_LOG), options);
    if (r.ok()) return 1;
    return std::string(r.status().message()).find("LOG") != std::string::npos
               ? 0
               : 2;
  });
  EXPECT_TRUE(ExitedWith(failed, 0)) << StatusText(failed);
  const int stricter = RunInChild([&no_log] {
    InstallOptions options;
    options.kernel = &no_log;
    options.missing_action = MissingActionPolicy::kUseStricter;
    absl::StatusOr<InstallResult> r =
        Install(OnSyscall(SYS_getppid, SECCOMP_RET_LOG), options);
    if (!r.ok() || r->rewrites.size() != 1) return 100;
    return ErrnoOf(syscall(SYS_getppid));
  });
  EXPECT_TRUE(ExitedWith(stricter, EPERM)) << StatusText(stricter);
}

TEST(InstallFlags, UnverifiableProgramIsRefusedBeforeAnything) {
  // A jump past the end: the kernel would refuse it; we refuse it first.
  const Program bad = {LoadAbs(kNrOffset), JumpEq(1, 5, 0),
                       Ret(SECCOMP_RET_ALLOW)};
  absl::StatusOr<InstallResult> r = Install(bad, {});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("install: verify"));
  EXPECT_EQ(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0);
  EXPECT_FALSE(Install(Program{}, {}).ok());
}

TEST(InstallFlags, KernelErrorsNameTheStepAndErrno) {
  const int status = RunInChild([] {
    // An unsynchronizable sibling: a thread that installed its own filter
    // (without TSYNC) before us.
    struct Sibling {
      static void* Run(void* arg) {
        auto* fds = static_cast<int*>(arg);
        const Program own = OnSyscall(SYS_getppid, SECCOMP_RET_ERRNO | 1);
        sock_fprog prog = {static_cast<unsigned short>(own.size()),
                           const_cast<sock_filter*>(own.data())};
        prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
        if (write(fds[1], "x", 1) != 1) return nullptr;
        char c;
        if (read(fds[2], &c, 1) != 1) return nullptr;
        return nullptr;
      }
    };
    int ready[2], done[2];
    if (pipe(ready) != 0 || pipe(done) != 0) return 101;
    int fds[3] = {ready[0], ready[1], done[0]};
    pthread_t t;
    if (pthread_create(&t, nullptr, Sibling::Run, fds) != 0) return 102;
    char c;
    if (read(ready[0], &c, 1) != 1) return 103;
    absl::StatusOr<InstallResult> r =
        Install(OnSyscall(SYS_getppid, SECCOMP_RET_ERRNO | 2), {});
    const int result =
        r.ok() ? 1
        : std::string(r.status().message()).find("cannot be synchronized") ==
                std::string::npos
            ? 2
            : 0;
    if (result != 0) {
      std::fprintf(stderr, "%s\n",
                   r.ok() ? "ok" : std::string(r.status().message()).c_str());
    }
    if (write(done[1], "x", 1) != 1) return 104;
    pthread_join(t, nullptr);
    return result;
  });
  EXPECT_TRUE(ExitedWith(status, 0)) << StatusText(status);
}

// ---- compiled profiles on the live kernel ---------------------------------

absl::StatusOr<CompiledFilter> CompileForTest(const std::string& path_or_text,
                                              bool is_text, CapabilitySet caps,
                                              std::vector<ArchId> arches) {
  CompileOptions options;
  absl::StatusOr<Target> target = HostTarget(caps);
  if (!target.ok()) return target.status();
  options.target = *target;
  options.target.arches = std::move(arches);
  return is_text ? CompileProfileText(path_or_text, "test.json", options)
                 : CompileProfileFile(path_or_text, options);
}

struct CloneCase {
  const char* name;
  CapabilitySet caps;
  unsigned long flags;
  int expected_errno;  // 0: the clone succeeds
};

class DefaultProfileClone : public ::testing::TestWithParam<CloneCase> {};

TEST_P(DefaultProfileClone, FlagsDecideTheOutcome) {
  const CloneCase& c = GetParam();
  absl::StatusOr<CompiledFilter> f =
      CompileForTest("profiles/default.json", false, c.caps, {});
  ASSERT_TRUE(f.ok()) << f.status();
  const unsigned long flags = c.flags;
  const int status = RunUnder(f->program, [flags] {
    const long pid = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) _exit(0);
    if (pid < 0) return errno;
    waitpid(static_cast<pid_t>(pid), nullptr, 0);
    return 0;
  });
  EXPECT_TRUE(ExitedWith(status, c.expected_errno)) << StatusText(status);
}

constexpr CapabilitySet kSysAdmin = CapabilitySet{1} << 21;

INSTANTIATE_TEST_SUITE_P(
    Live, DefaultProfileClone,
    ::testing::Values(CloneCase{"PlainFork", 0, 0, 0},
                      CloneCase{"NewUserDenied", 0, CLONE_NEWUSER, EPERM},
                      CloneCase{"NewNetDenied", 0, CLONE_NEWNET, EPERM},
                      CloneCase{"NewUserWithSysAdmin", kSysAdmin, CLONE_NEWUSER,
                                0}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(DefaultProfileLive, PersonalityValues) {
  absl::StatusOr<CompiledFilter> f =
      CompileForTest("profiles/default.json", false, 0, {});
  ASSERT_TRUE(f.ok()) << f.status();
  const int status = RunUnder(f->program, [] {
    if (syscall(SYS_personality, 0xffffffffUL) < 0) return 1;  // query
    if (syscall(SYS_personality, PER_LINUX) < 0) return 2;
    if (ErrnoOf(syscall(SYS_personality, ADDR_NO_RANDOMIZE)) != EPERM) return 3;
    if (ErrnoOf(syscall(SYS_personality, READ_IMPLIES_EXEC)) != EPERM) return 4;
    return 0;
  });
  EXPECT_TRUE(ExitedWith(status, 0)) << StatusText(status);
}

TEST(DefaultProfileLive, DeniedUnshareIsEperm) {
  absl::StatusOr<CompiledFilter> f =
      CompileForTest("profiles/default.json", false, 0, {});
  ASSERT_TRUE(f.ok()) << f.status();
  const int status = RunUnder(
      f->program, [] { return ErrnoOf(syscall(SYS_unshare, CLONE_NEWUSER)); });
  EXPECT_TRUE(ExitedWith(status, EPERM)) << StatusText(status);
}

// getpid fails with errno 99 on every arch of the filter. i386's getpid is
// 20, x86_64's 20 is writev: only the x86 rules give 99 for an int $0x80
// call with eax = 20.
constexpr char kDenyGetpid[] = R"({
  "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO",
                "errnoRet": 99}]
})";

#if defined(__x86_64__)
long Int80(long nr) {
  long ret;
  __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory");
  return ret;
}

constexpr long kI386Getpid = 20;
constexpr long kX32Getpid = kX32SyscallBit | 39;  // x32 getpid

struct AbiCase {
  const char* name;
  std::vector<ArchId> arches;
  bool i386;           // int $0x80 getpid, else the x32 number
  bool expect_killed;  // SIGSYS
  int expect_errno;    // when not killed
};

class ForeignAbi : public ::testing::TestWithParam<AbiCase> {};

TEST_P(ForeignAbi, DecidedByThatAbisRulesOrKilled) {
  const AbiCase& c = GetParam();
  absl::StatusOr<CompiledFilter> f =
      CompileForTest(kDenyGetpid, true, 0, c.arches);
  ASSERT_TRUE(f.ok()) << f.status();
  const bool i386 = c.i386;
  const int status = RunUnder(f->program, [i386] {
    if (syscall(SYS_getpid) != -1 || errno != 99) return 200;  // native rule
    if (i386) {
      const long r = Int80(kI386Getpid);
      return r < 0 ? static_cast<int>(-r) : 0;
    }
    return ErrnoOf(syscall(kX32Getpid));
  });
  if (c.expect_killed) {
    EXPECT_TRUE(KilledBy(status, SIGSYS)) << StatusText(status);
  } else {
    EXPECT_TRUE(ExitedWith(status, c.expect_errno)) << StatusText(status);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Live, ForeignAbi,
    ::testing::Values(
        AbiCase{"I386NotInTargetIsKilled", {ArchId::kX86_64}, true, true, 0},
        AbiCase{"I386InTargetUsesX86Rules",
                {ArchId::kX86_64, ArchId::kX86},
                true,
                false,
                99},
        AbiCase{"X32NotInTargetIsKilled", {ArchId::kX86_64}, false, true, 0},
        AbiCase{"X32InTargetUsesX32Rules",
                {ArchId::kX86_64, ArchId::kX32},
                false,
                false,
                99},
        // i386 allowed by the target, but x32 not: still killed.
        AbiCase{"X32NotCoveredByX86",
                {ArchId::kX86_64, ArchId::kX86},
                false,
                true,
                0}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ForeignAbiAllowed, X32AllowedCallReachesTheKernel) {
  // x32 in the target and nothing denying the call: the filter lets it
  // through, and the kernel answers (ENOSYS where x32 is compiled out).
  absl::StatusOr<CompiledFilter> f =
      CompileForTest(R"({"defaultAction": "SCMP_ACT_ALLOW"})", true, 0,
                     {ArchId::kX86_64, ArchId::kX32});
  ASSERT_TRUE(f.ok()) << f.status();
  const pid_t me = getpid();
  const int status = RunUnder(f->program, [me] {
    errno = 0;
    const long r = syscall(kX32Getpid);
    if (r == -1) return errno == ENOSYS ? 0 : 1;
    return r == getpid() && r != me ? 0 : 2;
  });
  EXPECT_TRUE(ExitedWith(status, 0)) << StatusText(status);
}
#endif  // __x86_64__

}  // namespace
}  // namespace seccompc

// Compiled programs on the running kernel: a forked child installs the
// filter and makes one syscall; what happened (returned, failed with an
// errno, died of SIGSYS) must be what the interpreter says the program
// answers for that call. Syscalls are chosen so that running them is
// harmless when allowed. The i386 tests replay a red-team attack: a 64-bit
// task enters the compat ABI with `int 0x80` and leaves junk in the high
// words of its argument registers, which seccomp shows but the compat
// syscall ignores (model/policy.h); the filter must decide on the low words.
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/compile.h"
#include "compiler/reference/evaluate.h"
#include "gtest/gtest.h"
#include "tests/child_process.h"

namespace seccompc {
namespace {

struct Call {
  const char* what;
  long nr;  // x86_64 number
  uint64_t args[6];
};

// What the child saw.
struct Outcome {
  bool killed_by_sigsys = false;
  bool returned = false;
  long result = 0;
  int error = 0;
  std::string page_perms;  // int 0x80 tests: the page's perms after the call
  std::string ToString() const {
    if (killed_by_sigsys) return "killed by SIGSYS";
    if (!returned) return "no report";
    return result == -1 ? absl::StrCat("-1 errno ", error)
                        : absl::StrCat("returned ", result);
  }
};

// In a forked child: no_new_privs and `program` as a seccomp filter, or
// _exit(99) when the kernel refuses either.
void InstallOrExit(const Program& program) {
  sock_fprog prog{static_cast<unsigned short>(program.size()),
                  const_cast<sock_filter*>(program.data())};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
      syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
    _exit(99);
  }
}

// What a filtered child sends back: its call's result and errno, and for
// int 0x80 tests a page's perms.
struct Report {
  long result = 0;
  long error = 0;
  char page_perms[8] = {};
};

// In a child: installs `program`, makes the call `make_call` makes, and
// reports; what the parent saw of it.
Outcome RunFiltered(const Program& program,
                    const std::function<Report()>& make_call) {
  const ChildReport child = RunInChildWithReport([&] {
    InstallOrExit(program);
    const Report report = make_call();
    return std::string(reinterpret_cast<const char*>(&report), sizeof(report));
  });
  EXPECT_FALSE(ExitedWith(child.status, 99))
      << "the child could not install the filter";
  Outcome out;
  out.killed_by_sigsys = KilledBy(child.status, SIGSYS);
  // A clone that succeeded leaves a child of the child, whose report (if
  // any) comes after the child's.
  if (child.report.size() >= sizeof(Report)) {
    Report report;
    std::memcpy(&report, child.report.data(), sizeof(report));
    out.returned = true;
    out.result = report.result;
    out.error = static_cast<int>(report.error);
    out.page_perms =
        std::string(report.page_perms,
                    strnlen(report.page_perms, sizeof(report.page_perms)));
  }
  return out;
}

// What the kernel must have done for `action`.
void ExpectOutcome(const Action* action, const Outcome& seen) {
  switch (action->kind) {
    case ActionKind::kAllow:
      ASSERT_TRUE(seen.returned);
      // Allowed calls may still fail on their own, but never with the
      // errno a filter would have forced for another entry.
      if (seen.result == -1) {
        EXPECT_NE(seen.error, 0);
      }
      break;
    case ActionKind::kErrno:
      ASSERT_TRUE(seen.returned);
      EXPECT_EQ(seen.result, -1);
      EXPECT_EQ(static_cast<uint32_t>(seen.error), action->data);
      break;
    case ActionKind::kKillProcess:
    case ActionKind::kKillThread:
      EXPECT_TRUE(seen.killed_by_sigsys);
      break;
    default:
      FAIL() << "no live check for " << action->ToString();
  }
}

// The interpreter's answer for `data`, which must be the reference's.
std::optional<Action> ProgramAnswer(const CompiledFilter& f,
                                    const seccomp_data& data) {
  absl::StatusOr<uint32_t> ret = RunProgram(f.program, data);
  EXPECT_TRUE(ret.ok());
  if (!ret.ok()) return std::nullopt;
  std::optional<Action> action = ActionFromRet(*ret);
  EXPECT_TRUE(action.has_value());
  if (action) {
    EXPECT_EQ(*action, Evaluate(f.policy, data).action)
        << "interpreter and reference evaluator disagree";
  }
  return action;
}

void ExpectKernelAgrees(const CompiledFilter& f, const Call& call) {
  seccomp_data data{};
  data.arch = AUDIT_ARCH_X86_64;
  data.nr = static_cast<int>(call.nr);
  for (int i = 0; i < 6; ++i) data.args[i] = call.args[i];
  const std::optional<Action> action = ProgramAnswer(f, data);
  ASSERT_TRUE(action.has_value());
  const Outcome seen = RunFiltered(f.program, [&call] {
    const long r = syscall(call.nr, call.args[0], call.args[1], call.args[2],
                           call.args[3], call.args[4], call.args[5]);
    return Report{r, r == -1 ? errno : 0};
  });
  SCOPED_TRACE(absl::StrCat(call.what, ": interpreter says ",
                            action->ToString(), ", kernel: ", seen.ToString()));
  ExpectOutcome(&*action, seen);
}

// An i386 call made by this 64-bit process through int 0x80, with full
// 64-bit registers (ebx..edi; ebp, the sixth, stays as it is).
struct Int80Call {
  const char* what;
  long nr;  // i386 number
  uint64_t args[5];
};

long Int80(long nr, const uint64_t a[5]) {
  long ret;
  __asm__ volatile("int $0x80"
                   : "=a"(ret)
                   : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]),
                     "D"(a[4])
                   : "memory", "r8", "r9", "r10", "r11");
  return ret;
}

// The perms column of the /proc/self/maps line that starts at `addr`.
std::string PagePerms(uint64_t addr) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    // "START-END PERMS ...", addresses in hex.
    std::istringstream in(line);
    std::string range, perms;
    in >> range >> perms;
    if (std::strtoull(range.c_str(), nullptr, 16) == addr) return perms;
  }
  return "?";
}

// The kernel's verdict on an int 0x80 call equals the interpreter's and the
// reference evaluator's on the same 64-bit registers; returns what the
// child saw.
Outcome ExpectKernelAgreesInt80(const CompiledFilter& f, const Int80Call& call,
                                uint64_t page = 0) {
  seccomp_data data{};
  data.arch = AUDIT_ARCH_I386;
  data.nr = static_cast<int>(call.nr);
  for (int i = 0; i < 5; ++i) data.args[i] = call.args[i];
  const std::optional<Action> action = ProgramAnswer(f, data);
  // With `page` (mapped by the caller, inherited by the child), the child
  // also reports that page's perms.
  const Outcome seen = RunFiltered(f.program, [&call, page] {
    const long r = static_cast<int>(Int80(call.nr, call.args));
    const bool failed = r < 0 && r > -4096;
    Report report{failed ? -1 : r, failed ? -r : 0};
    if (page != 0) {
      const std::string perms = PagePerms(page);
      std::memcpy(report.page_perms, perms.data(),
                  std::min(perms.size(), sizeof(report.page_perms)));
    }
    return report;
  });
  if (!action) {
    ADD_FAILURE() << call.what << ": no program answer";
    return seen;
  }
  SCOPED_TRACE(absl::StrCat(call.what, " (int 0x80): interpreter says ",
                            action->ToString(), ", kernel: ", seen.ToString()));
  ExpectOutcome(&*action, seen);
  return seen;
}

absl::StatusOr<CompiledFilter> CompileForHost(const std::string& path) {
  CompileOptions options;
  options.target.native = ArchId::kX86_64;
  options.target.caps = DockerDefaultCapabilities();
  options.target.kernel = {6, 1};
  return CompileProfileFile(path, options);
}

absl::StatusOr<CompiledFilter> CompileX86Text(const std::string& json) {
  CompileOptions options;
  options.target.native = ArchId::kX86_64;
  options.target.arches = {ArchId::kX86_64, ArchId::kX86};
  options.target.kernel = {6, 1};
  return CompileProfileText(json, "inline.json", options);
}

constexpr long kI386Mprotect = 125;
constexpr long kI386Personality = 136;
constexpr long kI386Socket = 359;
constexpr uint64_t kJunkHigh = uint64_t{1} << 32;

// Red team: int 0x80 mprotect(p, 4096, 0x100000007) passed a W^X rule
// (prot == 7 -> ERRNO) and left the page rwxp. Now denied, page unchanged.
TEST(LiveKernelTest, I386JunkHighWordCannotMakeAPageWritableAndExecutable) {
  absl::StatusOr<CompiledFilter> f = CompileX86Text(R"({
    "defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [{"names": ["mprotect"], "action": "SCMP_ACT_ERRNO",
                  "args": [{"index": 2, "value": 7, "op": "SCMP_CMP_EQ"}]}]})");
  ASSERT_TRUE(f.ok()) << f.status();
  // Below 4 GiB, so that the compat call (low words only) names it.
  void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  const uint64_t p = reinterpret_cast<uintptr_t>(page);
  ASSERT_LT(p, kJunkHigh);
  Outcome seen = ExpectKernelAgreesInt80(*f,
                                         {"mprotect(p, 4096, 0x100000007)",
                                          kI386Mprotect,
                                          {p, 4096, kJunkHigh | 7}},
                                         p);
  EXPECT_EQ(seen.result, -1);
  EXPECT_EQ(seen.error, EPERM);
  EXPECT_EQ(seen.page_perms, "rw-p") << "the page changed protection";
  seen = ExpectKernelAgreesInt80(*f,
                                 {"mprotect(p, 4096, 0xffffffff00000007)",
                                  kI386Mprotect,
                                  {p, 4096, 0xffffffff00000007}},
                                 p);
  EXPECT_EQ(seen.error, EPERM);
  EXPECT_EQ(seen.page_perms, "rw-p");
  // Control: another prot is allowed and takes effect, junk or not.
  seen = ExpectKernelAgreesInt80(*f,
                                 {"mprotect(p, 4096, 0x100000001)",
                                  kI386Mprotect,
                                  {p, 4096, kJunkHigh | PROT_READ}},
                                 p);
  EXPECT_EQ(seen.result, 0);
  EXPECT_EQ(seen.page_perms, "r--p");
  munmap(page, 4096);
}

// Red team: int 0x80 personality(0x1_ffffffff) passed `arg0 == 0xffffffff
// -> ERRNO` (the kernel saw personality(0xffffffff), a query).
TEST(LiveKernelTest, I386JunkHighWordCannotPassAnEqualityRule) {
  absl::StatusOr<CompiledFilter> f = CompileX86Text(R"({
    "defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO",
                  "errnoRet": 13,
                  "args": [{"index": 0, "value": 4294967295,
                            "op": "SCMP_CMP_EQ"}]}]})");
  ASSERT_TRUE(f.ok()) << f.status();
  for (uint64_t arg : {uint64_t{0x1ffffffff}, uint64_t{0xffffffff},
                       uint64_t{0x80000000ffffffff}, ~uint64_t{0}}) {
    const Outcome seen = ExpectKernelAgreesInt80(
        *f, {"personality(junk:ffffffff)", kI386Personality, {arg}});
    EXPECT_EQ(seen.result, -1) << std::hex << arg;
    EXPECT_EQ(seen.error, EACCES) << std::hex << arg;
  }
}

// Red team: on Docker's default profile, i386 socket(0x100000026, ...) was
// allowed where socket(38, ...) is denied. Both are denied alike now.
TEST(LiveKernelTest, I386JunkHighWordGetsDockerSocketRuleRight) {
  absl::StatusOr<CompiledFilter> f = CompileForHost("profiles/default.json");
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_NE(f->policy.FindArch(ArchId::kX86), nullptr);
  const Outcome plain = ExpectKernelAgreesInt80(
      *f, {"socket(38, SOCK_STREAM, 0)", kI386Socket, {38, SOCK_STREAM}});
  EXPECT_EQ(plain.result, -1);
  for (uint64_t high :
       {uint64_t{1}, uint64_t{0x80000000}, uint64_t{0xffffffff}}) {
    const Outcome junk =
        ExpectKernelAgreesInt80(*f, {"socket(junk:38, SOCK_STREAM, 0)",
                                     kI386Socket,
                                     {(high << 32) | 38, SOCK_STREAM}});
    EXPECT_EQ(junk.result, -1) << std::hex << high;
    EXPECT_EQ(junk.error, plain.error) << std::hex << high;
  }
  // Allowed families stay allowed with junk high words (AF_UNIX).
  const Outcome unix_socket =
      ExpectKernelAgreesInt80(*f, {"socket(junk:AF_UNIX, SOCK_STREAM, 0)",
                                   kI386Socket,
                                   {kJunkHigh | AF_UNIX, SOCK_STREAM}});
  EXPECT_GE(unix_socket.result, 0);
}

constexpr long kI386Getppid = 64;
constexpr long kI386Gettid = 224;

// Red team: a rule `gettid arg0 == 0xffffffffffffffff` (-1) denied on
// x86_64 but never matched on i386, so deny rules written with -1 or
// AT_FDCWD silently vanished for i386 tasks. A constant whose high word is
// the sign extension of its low word now means its low word there
// (policy.h), whatever junk the task leaves in the high word; any other
// constant of 2^32 or more never matches on i386 (and resolve warns).
TEST(LiveKernelTest, SignExtendedConstantsMatchTheThirtyTwoBitValue) {
  absl::StatusOr<CompiledFilter> f = CompileX86Text(R"({
    "defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [
      {"names": ["gettid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
       "args": [{"index": 0, "value": 18446744073709551615,
                 "op": "SCMP_CMP_EQ"}]},
      {"names": ["gettid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 14,
       "args": [{"index": 0, "value": 18446744073709551516,
                 "op": "SCMP_CMP_EQ"}]},
      {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
       "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_EQ"}]}]})");
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_EQ(f->warnings[0].location.json_path, "syscalls[2].args[0]");
  EXPECT_NE(f->warnings[0].message.find("0x100000000"), std::string::npos);

  // i386 through int 0x80: -1 and AT_FDCWD (-100) in ebx, junk or not.
  struct {
    uint64_t ebx;
    int error;  // 0: allowed
  } const i386_cases[] = {
      {0xffffffff, EACCES},
      {~uint64_t{0}, EACCES},
      {0x1ffffffff, EACCES},
      {0x80000000ffffffff, EACCES},
      {0xffffff9c, EFAULT},
      {0xffffffffffffff9c, EFAULT},
      {0x12345678ffffff9c, EFAULT},
      {0, 0},
      {0xfffffffe, 0},
      {0xfffffffffffffffe, 0},
      {0xffffffff7fffffff, 0},
  };
  for (const auto& c : i386_cases) {
    const Outcome seen =
        ExpectKernelAgreesInt80(*f, {"gettid(ebx)", kI386Gettid, {c.ebx}});
    if (c.error == 0) {
      EXPECT_GT(seen.result, 0) << std::hex << c.ebx;  // the child's tid
    } else {
      EXPECT_EQ(seen.result, -1) << std::hex << c.ebx;
      EXPECT_EQ(seen.error, c.error) << std::hex << c.ebx;
    }
  }
  // 2^32 is no 32-bit value: on i386 the rule never matches.
  for (uint64_t ebx :
       {uint64_t{0x100000000}, uint64_t{0}, uint64_t{0xffffffff00000000}}) {
    const Outcome seen =
        ExpectKernelAgreesInt80(*f, {"getppid(ebx)", kI386Getppid, {ebx}});
    EXPECT_EQ(seen.result, getpid()) << std::hex << ebx;
  }

  // x86_64 compares all 64 bits: -1 and -100 as a C long passes them.
  ExpectKernelAgrees(*f, {"gettid(-1)", SYS_gettid, {~uint64_t{0}}});
  ExpectKernelAgrees(
      *f,
      {"gettid(AT_FDCWD)", SYS_gettid, {static_cast<uint64_t>(int64_t{-100})}});
  ExpectKernelAgrees(*f, {"gettid(0xffffffff)", SYS_gettid, {0xffffffff}});
  ExpectKernelAgrees(*f, {"getppid(2^32)", SYS_getppid, {0x100000000}});
  for (const auto& [arg, action] : std::vector<std::pair<uint64_t, Action>>{
           {~uint64_t{0}, Action{ActionKind::kErrno, EACCES}},
           {0xffffffffffffff9c, Action{ActionKind::kErrno, EFAULT}},
           {0xffffffff, Action{ActionKind::kAllow, 0}}}) {
    seccomp_data data{};
    data.arch = AUDIT_ARCH_X86_64;
    data.nr = SYS_gettid;
    data.args[0] = arg;
    EXPECT_EQ(ProgramAnswer(*f, data), action) << std::hex << arg;
  }
}

// `syscall` with a full 64-bit rax: the kernel takes its low 32 bits as the
// number (an int), and so does the filter's seccomp_data.nr.
long Syscall64(uint64_t rax, uint64_t rdi) {
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(rax), "D"(rdi)
                   : "rcx", "r11", "memory");
  return ret;
}

// Red team: rax = 0x8000000000000087 ran personality (0x87) under a filter;
// the filter must see nr 0x87 and deny it as personality.
TEST(LiveKernelTest, SyscallNumberIsTheLowWordOfRax) {
  absl::StatusOr<CompiledFilter> f = CompileX86Text(R"({
    "defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO",
                  "errnoRet": 13}]})");
  ASSERT_TRUE(f.ok()) << f.status();
  struct {
    uint64_t rax;
    long nr;  // what the kernel runs
  } const cases[] = {
      {0x8000000000000087, SYS_personality},
      {0x100000087, SYS_personality},
      {0x10000006f, SYS_getpgrp},
  };
  for (const auto& c : cases) {
    seccomp_data data{};
    data.arch = AUDIT_ARCH_X86_64;
    data.nr = static_cast<int>(static_cast<uint32_t>(c.rax));
    data.args[0] = 0xffffffff;
    ASSERT_EQ(data.nr, c.nr);
    const std::optional<Action> action = ProgramAnswer(*f, data);
    ASSERT_TRUE(action.has_value());
    const Outcome seen = RunFiltered(f->program, [&c] {
      const long r = Syscall64(c.rax, 0xffffffff);
      const bool failed = r < 0 && r > -4096;
      return Report{failed ? -1 : r, failed ? -r : 0};
    });
    SCOPED_TRACE(absl::StrCat("rax 0x", absl::Hex(c.rax), ": interpreter says ",
                              action->ToString(),
                              ", kernel: ", seen.ToString()));
    ExpectOutcome(&*action, seen);
    if (c.nr == SYS_personality) {
      EXPECT_EQ(seen.error, EACCES);
    } else {
      EXPECT_EQ(seen.result, getpgrp());
    }
  }
}

TEST(LiveKernelTest, DefaultProfileVerdicts) {
  absl::StatusOr<CompiledFilter> f = CompileForHost("profiles/default.json");
  ASSERT_TRUE(f.ok()) << f.status();
  const Call calls[] = {
      {"getpid", SYS_getpid, {}},
      {"getppid", SYS_getppid, {}},
      {"personality(query)", SYS_personality, {0xffffffff}},
      {"personality(0x12345)", SYS_personality, {0x12345}},
      {"socket(AF_UNIX)", SYS_socket, {AF_UNIX, SOCK_STREAM}},
      {"socket(AF_VSOCK)", SYS_socket, {40, SOCK_STREAM}},
      {"socket(39)", SYS_socket, {39, SOCK_STREAM}},
      {"clone3(NULL)", SYS_clone3, {}},
      {"clone(CLONE_NEWUSER)", SYS_clone, {CLONE_NEWUSER | SIGCHLD}},
      {"acct(NULL)", SYS_acct, {}},
      {"kexec_load", SYS_kexec_load, {}},
      {"a number past the table", 1000, {}},
  };
  for (const Call& c : calls) ExpectKernelAgrees(*f, c);
}

TEST(LiveKernelTest, KillProcessProfileVerdicts) {
  absl::StatusOr<CompiledFilter> f =
      CompileForHost("profiles/static-network-server.json");
  ASSERT_TRUE(f.ok()) << f.status();
  const Call calls[] = {
      {"getpid", SYS_getpid, {}},
      {"socket(AF_UNIX) (not AF_INET/6)", SYS_socket, {AF_UNIX, SOCK_STREAM}},
      {"socket(AF_INET)", SYS_socket, {AF_INET, SOCK_STREAM}},
      {"ptrace", SYS_ptrace, {}},
      {"clone3", SYS_clone3, {}},
  };
  for (const Call& c : calls) ExpectKernelAgrees(*f, c);
}

// What happened to a NOTIFY call after the task stacked its own listener.
struct HijackOutcome {
  long result = 0;
  int error = 0;
  bool notified = false;  // the task's own listener got the call
};

// In a child: installs `program`, then stacks a filter of its own that
// returns USER_NOTIF for getppid with NEW_LISTENER, answers every
// notification with CONTINUE from a thread, and calls getppid.
HijackOutcome RunWithHijackingListener(const Program& program) {
  const ChildReport child = RunInChildWithReport([&program] {
    InstallOrExit(program);
    sock_filter own[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    sock_fprog own_prog{4, own};
    const int listener =
        static_cast<int>(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                                 SECCOMP_FILTER_FLAG_NEW_LISTENER, &own_prog));
    if (listener < 0) _exit(97);
    // Shared, so that a detached agent never outlives what it writes to.
    auto notified = std::make_shared<std::atomic<bool>>(false);
    std::thread agent([listener, notified] {
      pollfd pfd{listener, POLLIN, 0};
      if (poll(&pfd, 1, 3000) != 1) return;
      seccomp_notif req;
      std::memset(&req, 0, sizeof(req));
      if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) return;
      *notified = true;
      seccomp_notif_resp resp;
      std::memset(&resp, 0, sizeof(resp));
      resp.id = req.id;
      resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
      ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
    });
    const long r = syscall(SYS_getppid);
    long sent[3] = {r, r == -1 ? errno : 0, 0};
    // Denied by the first filter, nothing reaches the agent; only wait for
    // it when the call ran.
    if (r != -1) {
      agent.join();
      sent[2] = *notified ? 1 : 0;
    } else {
      agent.detach();
    }
    // The agent thread, if still polling, ends with the process.
    return std::string(reinterpret_cast<const char*>(sent), sizeof(sent));
  });
  EXPECT_TRUE(ExitedWith(child.status, 0)) << StatusText(child.status);
  HijackOutcome out;
  long report[3] = {0, 0, 0};
  EXPECT_EQ(child.report.size(), sizeof(report));
  std::memcpy(report, child.report.data(),
              std::min(child.report.size(), sizeof(report)));
  out.result = report[0];
  out.error = static_cast<int>(report[1]);
  out.notified = report[2] != 0;
  return out;
}

// Red team: NOTIFY without a listener compiled to USER_NOTIF, and the task
// stacked a USER_NOTIF filter of its own whose listener answered CONTINUE
// (equal actions go to the newest filter): the call ran. Compiled without
// notify_listener, NOTIFY is ERRNO(ENOSYS), which outranks USER_NOTIF.
TEST(LiveKernelTest, NotifyWithoutListenerCannotBeHijacked) {
  constexpr char kProfile[] = R"({
    "defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_NOTIFY"}]})";
  CompileOptions options;
  options.target.native = ArchId::kX86_64;
  options.target.kernel = {6, 1};
  absl::StatusOr<CompiledFilter> f =
      CompileProfileText(kProfile, "notify.json", options);
  ASSERT_TRUE(f.ok()) << f.status();
  seccomp_data data{};
  data.arch = AUDIT_ARCH_X86_64;
  data.nr = SYS_getppid;
  EXPECT_EQ(ProgramAnswer(*f, data), (Action{ActionKind::kErrno, ENOSYS}));
  HijackOutcome seen = RunWithHijackingListener(f->program);
  EXPECT_EQ(seen.result, -1);
  EXPECT_EQ(seen.error, ENOSYS);
  EXPECT_FALSE(seen.notified);

  // Control: the attack is real. With notify_listener the program keeps
  // USER_NOTIF, and a listener the task owns answers it.
  options.resolve.notify_listener = true;
  f = CompileProfileText(kProfile, "notify.json", options);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(ProgramAnswer(*f, data), (Action{ActionKind::kUserNotif, 0}));
  seen = RunWithHijackingListener(f->program);
  EXPECT_EQ(seen.result, getpid());
  EXPECT_TRUE(seen.notified);
}

}  // namespace
}  // namespace seccompc

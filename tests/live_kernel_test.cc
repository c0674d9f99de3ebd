// Compiled programs on the running kernel: a forked child installs the
// filter and makes one syscall; what happened (returned, failed with an
// errno, died of SIGSYS) must be what the interpreter says the program
// answers for that call. Syscalls are chosen so that running them is
// harmless when allowed.
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/compile.h"
#include "gtest/gtest.h"

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
  std::string ToString() const {
    if (killed_by_sigsys) return "killed by SIGSYS";
    if (!returned) return "no report";
    return result == -1 ? absl::StrCat("-1 errno ", error)
                        : absl::StrCat("returned ", result);
  }
};

Outcome RunFiltered(const Program& program, const Call& call) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    sock_fprog prog{static_cast<unsigned short>(program.size()),
                    const_cast<sock_filter*>(program.data())};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
      _exit(99);
    }
    long r = syscall(call.nr, call.args[0], call.args[1], call.args[2],
                     call.args[3], call.args[4], call.args[5]);
    long report[2] = {r, r == -1 ? errno : 0};
    if (write(fds[1], report, sizeof(report)) != sizeof(report)) _exit(98);
    _exit(0);
  }
  close(fds[1]);
  Outcome out;
  long report[2];
  if (read(fds[0], report, sizeof(report)) == sizeof(report)) {
    out.returned = true;
    out.result = report[0];
    out.error = static_cast<int>(report[1]);
  }
  close(fds[0]);
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 99)
      << "the child could not install the filter";
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS) {
    out.killed_by_sigsys = true;
  }
  // A clone that succeeded leaves a child of the child; reap nothing else.
  return out;
}

void ExpectKernelAgrees(const CompiledFilter& f, const Call& call) {
  seccomp_data data{};
  data.arch = AUDIT_ARCH_X86_64;
  data.nr = static_cast<int>(call.nr);
  for (int i = 0; i < 6; ++i) data.args[i] = call.args[i];
  absl::StatusOr<uint32_t> ret = RunProgram(f.program, data);
  ASSERT_TRUE(ret.ok());
  std::optional<Action> action = ActionFromRet(*ret);
  ASSERT_TRUE(action.has_value());
  const Outcome seen = RunFiltered(f.program, call);
  SCOPED_TRACE(absl::StrCat(call.what, ": interpreter says ",
                            action->ToString(), ", kernel: ", seen.ToString()));
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

absl::StatusOr<CompiledFilter> CompileForHost(const std::string& path) {
  CompileOptions options;
  options.target.native = ArchId::kX86_64;
  options.target.caps = DockerDefaultCapabilities();
  options.target.kernel = {6, 1};
  return CompileProfileFile(path, options);
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

}  // namespace
}  // namespace seccompc

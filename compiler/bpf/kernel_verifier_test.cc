// Differential test against the running kernel: for thousands of random
// programs and the boundary cases, VerifyProgram() accepts exactly what
// seccomp(SECCOMP_SET_MODE_FILTER) accepts.
//
// Each program is installed in a forked child (with no_new_privs, so no
// privilege is needed). The child reports through a shared page, because
// once a filter is in place even write() may be denied; an accepted child
// then spins until the parent SIGKILLs it, so no filter action (kill, trap,
// log) ever fires and nothing reaches the kernel log. Skips when seccomp is
// not available.
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include "compiler/bpf/opcode.h"
#include "compiler/bpf/random_program.h"
#include "compiler/bpf/verifier.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

enum ChildResult : int { kPending = 0, kAccepted, kRejected, kUnavailable };

class KernelProbe {
 public:
  KernelProbe() {
    void* page = mmap(nullptr, sizeof(std::atomic<int>), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page != MAP_FAILED) result_ = new (page) std::atomic<int>(kPending);
  }
  ~KernelProbe() {
    if (result_ != nullptr) munmap(result_, sizeof(std::atomic<int>));
  }

  // true: the kernel installed the filter; false: EINVAL; nullopt: seccomp
  // cannot be used here.
  std::optional<bool> Accepts(const Program& program) {
    if (result_ == nullptr) return std::nullopt;
    result_->store(kPending);
    const pid_t pid = fork();
    if (pid < 0) return std::nullopt;
    if (pid == 0) RunChild(program);  // Never returns.
    int result = kPending;
    // The child stores a result right after one syscall; wait up to ~10 s.
    for (int i = 0; i < 1000000 && (result = result_->load()) == kPending;
         ++i) {
      usleep(10);
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (result == kAccepted) return true;
    if (result == kRejected) return false;
    return std::nullopt;
  }

 private:
  [[noreturn]] void RunChild(const Program& program) {
    const rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
      result_->store(kUnavailable);
      _exit(0);
    }
    sock_fprog prog = {static_cast<unsigned short>(program.size()),
                       const_cast<sock_filter*>(program.data())};
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
      result_->store(errno == EINVAL ? kRejected : kUnavailable);
      _exit(0);
    }
    result_->store(kAccepted);
    for (;;) {
      // No syscall may be made under an arbitrary filter: wait for SIGKILL.
    }
  }

  std::atomic<int>* result_ = nullptr;
};

std::string Describe(const Program& p) {
  std::string out;
  for (size_t pc = 0; pc < p.size(); ++pc) {
    out += std::to_string(pc) + ": " + FormatInstruction(p[pc], pc) + "\n";
  }
  return out;
}

Program OfLength(size_t count) {
  Program p(count - 1, Stmt(BPF_LD | BPF_IMM, 1));
  p.push_back(Ret(SECCOMP_RET_ALLOW));
  return p;
}

TEST(KernelVerifierTest, BoundaryCasesAgreeWithTheKernel) {
  KernelProbe probe;
  if (!probe.Accepts({Ret(SECCOMP_RET_ALLOW)}).has_value()) {
    GTEST_SKIP() << "seccomp filters cannot be installed here";
  }
  const std::vector<Program> cases = {
      OfLength(4096),
      OfLength(4097),
      {LoadAbs(60), Ret(0)},
      {LoadAbs(62), Ret(0)},
      {LoadAbs(64), Ret(0)},
      {Stmt(BPF_LD | BPF_W | BPF_LEN, 0), Stmt(BPF_RET | BPF_A, 0)},
      {Stmt(BPF_LDX | BPF_W | BPF_LEN, 0), Ret(0)},
      {Stmt(BPF_LD | BPF_B | BPF_ABS, 0), Ret(0)},
      {Stmt(BPF_ALU | BPF_MOD | BPF_K, 3), Ret(0)},
      {Stmt(BPF_ALU | BPF_DIV | BPF_K, 0), Ret(0)},
      {Stmt(BPF_ALU | BPF_LSH | BPF_K, 31), Ret(0)},
      {Stmt(BPF_ALU | BPF_LSH | BPF_K, 32), Ret(0)},
      {JumpAlways(1), Ret(0), Ret(0)},
      {JumpAlways(2), Ret(0), Ret(0)},
      {JumpAlways(0xffffffff), Ret(0)},
      {JumpEq(0, 1, 0), Ret(0), Ret(0)},
      {JumpEq(0, 2, 0), Ret(0), Ret(0)},
      {Ret(0), LoadAbs(0)},
      {Stmt(BPF_ST, 15), Stmt(BPF_LD | BPF_MEM, 15), Ret(0)},
      {Stmt(BPF_ST, 16), Ret(0)},
      {LoadAbs(0), JumpEq(1, 0, 1), Stmt(BPF_ST, 0), Stmt(BPF_LD | BPF_MEM, 0),
       Ret(0)},
      {JumpAlways(1), Stmt(BPF_LD | BPF_MEM, 0), Ret(0)},
      {Ret(0), Stmt(BPF_LD | BPF_MEM, 0), Ret(0)},
  };
  for (const Program& p : cases) {
    const std::optional<bool> kernel = probe.Accepts(p);
    ASSERT_TRUE(kernel.has_value());
    EXPECT_EQ(VerifyProgram(p).ok(), *kernel)
        << VerifyProgram(p) << "\n"
        << (p.size() < 10 ? Describe(p) : std::to_string(p.size()));
  }
}

TEST(KernelVerifierTest, RandomProgramsAgreeWithTheKernel) {
  KernelProbe probe;
  if (!probe.Accepts({Ret(SECCOMP_RET_ALLOW)}).has_value()) {
    GTEST_SKIP() << "seccomp filters cannot be installed here";
  }
  constexpr int kPrograms = 3000;
  ProgramGenerator gen(4242);
  int accepted = 0;
  for (int i = 0; i < kPrograms; ++i) {
    const Program p = gen.Next();
    const std::optional<bool> kernel = probe.Accepts(p);
    ASSERT_TRUE(kernel.has_value());
    const absl::Status ours = VerifyProgram(p);
    ASSERT_EQ(ours.ok(), *kernel)
        << "program #" << i << ": ours: " << ours << "\n"
        << Describe(p);
    accepted += *kernel;
  }
  EXPECT_GT(accepted, kPrograms / 20);
  RecordProperty("kernel_accepted", accepted);
}

}  // namespace
}  // namespace seccompc

// Asks the running kernel about a filter, for differential tests. Test-only.
//
// Each question forks a child that sets no_new_privs (no privilege needed)
// and installs the program with seccomp(SECCOMP_SET_MODE_FILTER). The child
// reports through a shared page, because once a filter is in place even
// write() may be denied, then spins until the parent SIGKILLs it: SIGKILL is
// not a filter action, so nothing reaches the kernel log on that path.
//
//   KernelProbe probe;
//   std::optional<bool> ok = probe.Accepts(program);   // nullopt: no seccomp
//   KernelRun run = probe.Run(program, /*nr=*/1000, args);
#ifndef SECCOMPC_COMPILER_BPF_KERNEL_PROBE_H_
#define SECCOMPC_COMPILER_BPF_KERNEL_PROBE_H_

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <new>
#include <optional>

#include "compiler/bpf/bpf.h"

namespace seccompc {

struct KernelRun {
  enum class Outcome {
    kUnavailable,  // seccomp cannot be used here
    kRejected,     // the kernel refused the filter (EINVAL)
    kReturned,     // the syscall returned: ret / err
    kKilled,       // the child died of `signal` during the syscall
  };
  Outcome outcome = Outcome::kUnavailable;
  long ret = 0;
  int err = 0;
  int signal = 0;
};

class KernelProbe {
 public:
  KernelProbe() {
    void* page = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page != MAP_FAILED) shared_ = new (page) Shared();
  }
  ~KernelProbe() {
    if (shared_ != nullptr) munmap(shared_, sizeof(Shared));
  }
  KernelProbe(const KernelProbe&) = delete;
  KernelProbe& operator=(const KernelProbe&) = delete;

  // true: installed; false: EINVAL; nullopt: seccomp is not usable.
  std::optional<bool> Accepts(const Program& program) {
    const KernelRun run = Fork(program, std::nullopt, {});
    if (run.outcome == KernelRun::Outcome::kRejected) return false;
    if (run.outcome == KernelRun::Outcome::kReturned) return true;
    return std::nullopt;
  }

  // Installs `program`, then makes syscall(nr, args...) once.
  KernelRun Run(const Program& program, long nr,
                const std::array<uint64_t, 6>& args) {
    return Fork(program, nr, args);
  }

 private:
  enum State : int { kPending = 0, kDone, kRejected, kUnavailable };
  struct Shared {
    std::atomic<int> state{kPending};
    std::atomic<long> ret{0};
    std::atomic<int> err{0};
  };

  KernelRun Fork(const Program& program, std::optional<long> nr,
                 const std::array<uint64_t, 6>& args) {
    KernelRun run;
    if (shared_ == nullptr) return run;
    shared_->state.store(kPending);
    const pid_t pid = fork();
    if (pid < 0) return run;
    if (pid == 0) Child(program, nr, args);
    int status = 0;
    bool reaped = false;
    // The child needs two syscalls; wait at least 10 s (a million naps of
    // 10 us or more; with timer slack nearer a minute).
    for (int i = 0; i < 1000000 && shared_->state.load() == kPending; ++i) {
      if (waitpid(pid, &status, WNOHANG) == pid) {
        reaped = true;
        break;
      }
      usleep(10);
    }
    const int state = shared_->state.load();
    if (!reaped) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
    }
    switch (state) {
      case kDone:
        run.outcome = KernelRun::Outcome::kReturned;
        run.ret = shared_->ret.load();
        run.err = shared_->err.load();
        break;
      case kRejected:
        run.outcome = KernelRun::Outcome::kRejected;
        break;
      case kPending:
        if (reaped && WIFSIGNALED(status)) {
          run.outcome = KernelRun::Outcome::kKilled;
          run.signal = WTERMSIG(status);
        }
        break;
    }
    return run;
  }

  [[noreturn]] void Child(const Program& program, std::optional<long> nr,
                          const std::array<uint64_t, 6>& args) {
    const rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
      shared_->state.store(kUnavailable);
      _exit(0);
    }
    sock_fprog prog = {static_cast<unsigned short>(program.size()),
                       const_cast<sock_filter*>(program.data())};
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
      shared_->state.store(errno == EINVAL ? kRejected : kUnavailable);
      _exit(0);
    }
    if (nr.has_value()) {
      errno = 0;
      const long ret =
          syscall(*nr, args[0], args[1], args[2], args[3], args[4], args[5]);
      shared_->ret.store(ret);
      shared_->err.store(errno);
    }
    shared_->state.store(kDone);
    // No syscall may be made under an arbitrary filter: wait for SIGKILL.
    // (The atomic load keeps the loop a valid, side-effecting one.)
    for (;;) shared_->state.load(std::memory_order_relaxed);
  }

  Shared* shared_ = nullptr;
};

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_BPF_KERNEL_PROBE_H_

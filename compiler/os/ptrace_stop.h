// Seizing a process with ptrace and bringing it to a stop, for the tools
// that read a process from outside: `seccompc dump` (its filters) and
// seccomp-launch --report's probe (whether ptrace works here at all).
//
//   std::variant<SeizedProcess, SeizeFailure> r =
//       SeizedProcess::SeizeAndStop(pid, 0, std::chrono::seconds(5));
//   if (const SeizeFailure* f = std::get_if<SeizeFailure>(&r)) ... // f->call,
//   f->err const SeizedProcess& seized = std::get<SeizedProcess>(r);
//   ptrace(PTRACE_..., seized.pid(), ...);  // stopped; detached at scope end
//
// Failures are data, not text: each caller words them for its own users
// (dump explains ptrace_scope and tracers, --report what it needs).
#ifndef SECCOMPC_COMPILER_OS_PTRACE_STOP_H_
#define SECCOMPC_COMPILER_OS_PTRACE_STOP_H_

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <variant>

namespace seccompc {

// Why SeizeAndStop has no stopped process to give.
struct SeizeFailure {
  enum class Kind {
    kCallFailed,  // `call` failed with `err`
    kTimedOut,    // seized, but not stopped in time (still seized: see below)
    kExited,      // it exited instead of stopping
  };
  Kind kind = Kind::kCallFailed;
  // kCallFailed: "PTRACE_SEIZE", "PTRACE_INTERRUPT" or "waitpid".
  const char* call = "";
  int err = 0;  // kCallFailed: the call's errno
};

// A process seized with PTRACE_SEIZE and in a ptrace stop; detached
// (PTRACE_DETACH) on destruction.
class SeizedProcess {
 public:
  // Seizes `pid` with `options` (PTRACE_O_* bits), interrupts it and waits
  // for the stop: polling until `timeout` has passed, or blocking without
  // one. A process that does not stop in time stays seized until this
  // process exits (only a stopped tracee can be detached); then the kernel
  // detaches it.
  static std::variant<SeizedProcess, SeizeFailure> SeizeAndStop(
      pid_t pid, long options,
      std::optional<std::chrono::milliseconds> timeout);

  SeizedProcess(SeizedProcess&& other) noexcept : pid_(other.pid_) {
    other.pid_ = -1;
  }
  SeizedProcess& operator=(SeizedProcess&&) = delete;
  SeizedProcess(const SeizedProcess&) = delete;
  SeizedProcess& operator=(const SeizedProcess&) = delete;
  ~SeizedProcess();

  pid_t pid() const { return pid_; }

 private:
  explicit SeizedProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_;
};

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_OS_PTRACE_STOP_H_

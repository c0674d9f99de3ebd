// What the running kernel's seccomp supports, and fitting a program to it.
//
// ProbeKernelSupport() asks the kernel itself: whether seccomp(2) exists
// (Linux 3.17; before it only prctl(PR_SET_SECCOMP) installs filters), which
// return actions it accepts (SECCOMP_GET_ACTION_AVAIL, Linux 4.14; older
// kernels have KILL_THREAD, TRAP, ERRNO, TRACE and ALLOW) and the sizes of
// the user-notification structs (SECCOMP_GET_NOTIF_SIZES, Linux 5.0).
//
// A program may return an action the kernel lacks (LOG and KILL_PROCESS
// before 4.14, USER_NOTIF before 5.0). Such kernels do not refuse the
// filter; they treat the unknown value as "kill thread", which for
// KILL_PROCESS is weaker than asked. FitProgramToKernel() therefore either
// fails naming the action (the default), or rewrites each such RET to the
// nearest STRICTER action the kernel has, by the kernel's precedence
// (KILL_PROCESS > KILL_THREAD > TRAP > ERRNO > USER_NOTIF > TRACE > LOG >
// ALLOW). TRACE and USER_NOTIF are never chosen as substitutes: their
// outcome depends on another process (a tracer, a listener) that could let
// the call through. Substitutes are thus:
//   LOG        -> ERRNO(EPERM)   (the call fails instead of running logged)
//   TRACE      -> ERRNO(ENOSYS)  (what TRACE gives when no tracer is attached)
//   USER_NOTIF -> ERRNO(ENOSYS)  (what USER_NOTIF gives without a listener)
//   ERRNO      -> TRAP -> KILL_THREAD -> KILL_PROCESS (first one available)
//   TRAP       -> KILL_THREAD -> KILL_PROCESS
//   KILL_THREAD -> KILL_PROCESS
//   KILL_PROCESS: nothing is stricter; a kernel without it is an error.
// The rewritten program is verified again before it is returned.
//
//   absl::StatusOr<KernelSupport> ks = ProbeKernelSupport();
//   absl::StatusOr<FittedProgram> fit = FitProgramToKernel(
//       program, ks->actions, MissingActionPolicy::kUseStricter);
#ifndef SECCOMPC_RUNTIME_INSTALL_KERNEL_SUPPORT_H_
#define SECCOMPC_RUNTIME_INSTALL_KERNEL_SUPPORT_H_

#include <linux/seccomp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/bpf/bpf.h"
#include "compiler/model/action.h"

namespace seccompc {

// A set of ActionKinds (bit n = ActionKind n).
class ActionSet {
 public:
  constexpr ActionSet() = default;
  static ActionSet All();
  // The actions every kernel with seccomp filters has (Linux 3.5).
  static ActionSet Baseline();

  bool Contains(ActionKind kind) const {
    return (bits_ >> static_cast<int>(kind)) & 1u;
  }
  ActionSet& Add(ActionKind kind) {
    bits_ |= 1u << static_cast<int>(kind);
    return *this;
  }
  ActionSet& Remove(ActionKind kind) {
    bits_ &= ~(1u << static_cast<int>(kind));
    return *this;
  }
  // "KILL_PROCESS KILL_THREAD ..." in precedence order.
  std::string ToString() const;
  friend bool operator==(ActionSet a, ActionSet b) {
    return a.bits_ == b.bits_;
  }

 private:
  uint32_t bits_ = 0;
};

struct KernelSupport {
  bool seccomp_syscall = false;     // seccomp(2) exists
  bool action_avail_query = false;  // SECCOMP_GET_ACTION_AVAIL answered
  ActionSet actions;                // actions the kernel accepts
  // From SECCOMP_GET_NOTIF_SIZES; nullopt before Linux 5.0.
  std::optional<seccomp_notif_sizes> notif_sizes;
};

// Never fails on an old kernel: what cannot be asked is assumed absent
// (or Baseline() for the actions). Fails (FailedPrecondition) only when
// there is no seccomp(2) and PR_GET_SECCOMP says EINVAL (no CONFIG_SECCOMP).
absl::StatusOr<KernelSupport> ProbeKernelSupport();

enum class MissingActionPolicy {
  kFail,         // an error naming the missing action (default)
  kUseStricter,  // rewrite to the nearest stricter available action
};

// The stricter substitute for `action` (see the table above) among
// `available`; nullopt if there is none.
std::optional<Action> StricterSubstitute(const Action& action,
                                         ActionSet available);

struct FittedProgram {
  Program program;
  // One line per rewritten action kind: "LOG -> ERRNO(1) (3 returns)".
  std::vector<std::string> rewrites;
};

// Returns `program` unchanged when every RET K action is in `available`;
// otherwise fails (FailedPrecondition) or rewrites as `policy` says. A RET A
// (a computed action) cannot be checked and is an error when any action is
// missing.
absl::StatusOr<FittedProgram> FitProgramToKernel(const Program& program,
                                                 ActionSet available,
                                                 MissingActionPolicy policy);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_INSTALL_KERNEL_SUPPORT_H_

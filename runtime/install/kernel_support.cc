#include "runtime/install/kernel_support.h"

#include <errno.h>
#include <linux/filter.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "compiler/bpf/verifier.h"

namespace seccompc {
namespace {

long SeccompSyscall(unsigned op, unsigned flags, void* args) {
  return syscall(SYS_seccomp, op, flags, args);
}

// The substitutes tried for a missing action, in order (see the header).
std::vector<Action> SubstituteChain(const Action& action) {
  const Action kill_process{ActionKind::kKillProcess, 0};
  const Action kill_thread{ActionKind::kKillThread, 0};
  const Action trap{ActionKind::kTrap, 0};
  switch (action.kind) {
    case ActionKind::kKillProcess:
      return {};
    case ActionKind::kKillThread:
      return {kill_process};
    case ActionKind::kTrap:
      return {kill_thread, kill_process};
    case ActionKind::kErrno:
      return {trap, kill_thread, kill_process};
    case ActionKind::kUserNotif:
    case ActionKind::kTrace:
      return {Action{ActionKind::kErrno, ENOSYS}, trap, kill_thread,
              kill_process};
    case ActionKind::kLog:
    case ActionKind::kAllow:
      return {Action{ActionKind::kErrno, EPERM}, trap, kill_thread,
              kill_process};
  }
  return {};
}

bool IsRetK(const sock_filter& insn) {
  return BPF_CLASS(insn.code) == BPF_RET && BPF_RVAL(insn.code) == BPF_K;
}
bool IsRetA(const sock_filter& insn) {
  return BPF_CLASS(insn.code) == BPF_RET && BPF_RVAL(insn.code) == BPF_A;
}

}  // namespace

ActionSet ActionSet::All() {
  ActionSet s;
  for (ActionKind k : kAllActionKinds) s.Add(k);
  return s;
}

ActionSet ActionSet::Baseline() {
  return ActionSet()
      .Add(ActionKind::kKillThread)
      .Add(ActionKind::kTrap)
      .Add(ActionKind::kErrno)
      .Add(ActionKind::kTrace)
      .Add(ActionKind::kAllow);
}

std::string ActionSet::ToString() const {
  std::vector<std::string> names;
  for (ActionKind k : kAllActionKinds) {
    if (Contains(k)) names.push_back(std::string(ActionKindName(k)));
  }
  return absl::StrJoin(names, " ");
}

absl::StatusOr<KernelSupport> ProbeKernelSupport() {
  KernelSupport ks;
  // A harmless query tells whether seccomp(2) exists at all.
  uint32_t probe = SECCOMP_RET_ALLOW;
  if (SeccompSyscall(SECCOMP_GET_ACTION_AVAIL, 0, &probe) == 0) {
    ks.seccomp_syscall = true;
    ks.action_avail_query = true;
  } else if (errno == ENOSYS) {
    // No seccomp(2): only prctl. Filters exist if PR_GET_SECCOMP works.
    if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL) {
      return absl::FailedPreconditionError(
          "kernel support: this kernel has no seccomp (PR_GET_SECCOMP: "
          "EINVAL)");
    }
  } else {
    // seccomp(2) exists but predates SECCOMP_GET_ACTION_AVAIL (EINVAL).
    ks.seccomp_syscall = true;
  }
  if (!ks.action_avail_query) {
    ks.actions = ActionSet::Baseline();
  } else {
    for (ActionKind k : kAllActionKinds) {
      uint32_t ret = Action{k, 0}.ToRet();
      if (SeccompSyscall(SECCOMP_GET_ACTION_AVAIL, 0, &ret) == 0) {
        ks.actions.Add(k);
      }
    }
  }
  if (ks.seccomp_syscall) {
    seccomp_notif_sizes sizes;
    std::memset(&sizes, 0, sizeof(sizes));
    if (SeccompSyscall(SECCOMP_GET_NOTIF_SIZES, 0, &sizes) == 0) {
      ks.notif_sizes = sizes;
    }
  }
  return ks;
}

std::optional<Action> StricterSubstitute(const Action& action,
                                         ActionSet available) {
  for (const Action& candidate : SubstituteChain(action)) {
    if (available.Contains(candidate.kind)) return candidate;
  }
  return std::nullopt;
}

absl::StatusOr<FittedProgram> FitProgramToKernel(const Program& program,
                                                 ActionSet available,
                                                 MissingActionPolicy policy) {
  FittedProgram out;
  out.program = program;
  // Missing kind -> (substitute, count), ordered for stable messages.
  std::map<ActionKind, std::pair<Action, int>> rewrites;
  bool has_ret_a = false;
  for (size_t i = 0; i < out.program.size(); ++i) {
    sock_filter& insn = out.program[i];
    if (IsRetA(insn)) has_ret_a = true;
    if (!IsRetK(insn)) continue;
    std::optional<Action> action = ActionFromRet(insn.k);
    // Values the kernel does not define are its own business (it kills).
    if (!action.has_value() || available.Contains(action->kind)) continue;
    if (policy == MissingActionPolicy::kFail) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "kernel support: instruction %d returns %s, which this kernel does "
          "not have (available: %s); use a profile without it or allow a "
          "stricter substitute",
          i, action->ToString(), available.ToString()));
    }
    std::optional<Action> substitute = StricterSubstitute(*action, available);
    if (!substitute.has_value()) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "kernel support: instruction %d returns %s, which this kernel does "
          "not have, and no stricter action is available (available: %s)",
          i, action->ToString(), available.ToString()));
    }
    insn.k = substitute->ToRet();
    auto [it, inserted] =
        rewrites.emplace(action->kind, std::make_pair(*substitute, 0));
    ++it->second.second;
  }
  if (rewrites.empty()) return out;
  if (has_ret_a) {
    return absl::FailedPreconditionError(
        "kernel support: the program computes its return value (RET A), so "
        "it cannot be fitted to a kernel that lacks some actions");
  }
  for (const auto& [kind, sub] : rewrites) {
    out.rewrites.push_back(absl::StrFormat("%s -> %s (%d returns)",
                                           ActionKindName(kind),
                                           sub.first.ToString(), sub.second));
  }
  if (absl::Status s = VerifyProgram(out.program); !s.ok()) {
    return absl::InternalError(
        absl::StrCat("kernel support: rewritten program failed verification: ",
                     std::string(s.message())));
  }
  return out;
}

}  // namespace seccompc

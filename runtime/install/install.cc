#include "runtime/install/install.h"

#include <errno.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/bpf/verifier.h"
#include "compiler/model/profile.h"
#include "compiler/util/status_macros.h"
#include "runtime/install/process_state.h"

namespace seccompc {
namespace {

absl::Status ErrnoError(std::string_view step, int err) {
  return absl::Status(
      err == EPERM || err == EACCES ? absl::StatusCode::kPermissionDenied
                                    : absl::StatusCode::kFailedPrecondition,
      absl::StrCat("install: ", std::string(step), ": ", std::strerror(err)));
}

unsigned KernelFlags(uint32_t filter_flags) {
  unsigned flags = 0;
  if (filter_flags & kFlagTsync) flags |= SECCOMP_FILTER_FLAG_TSYNC;
  if (filter_flags & kFlagLog) flags |= SECCOMP_FILTER_FLAG_LOG;
  if (filter_flags & kFlagSpecAllow) flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
  if (filter_flags & kFlagWaitKillableRecv) {
    flags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
  }
  return flags;
}

}  // namespace

std::string SeccompFlagNames(unsigned flags) {
  static constexpr struct {
    unsigned bit;
    const char* name;
  } kNames[] = {
      {SECCOMP_FILTER_FLAG_TSYNC, "TSYNC"},
      {SECCOMP_FILTER_FLAG_LOG, "LOG"},
      {SECCOMP_FILTER_FLAG_SPEC_ALLOW, "SPEC_ALLOW"},
      {SECCOMP_FILTER_FLAG_NEW_LISTENER, "NEW_LISTENER"},
      {SECCOMP_FILTER_FLAG_TSYNC_ESRCH, "TSYNC_ESRCH"},
      {SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, "WAIT_KILLABLE_RECV"},
  };
  std::vector<std::string> names;
  for (const auto& n : kNames) {
    if (flags & n.bit) {
      names.push_back(n.name);
      flags &= ~n.bit;
    }
  }
  if (flags != 0) names.push_back(absl::StrCat("0x", absl::Hex(flags)));
  return names.empty() ? "none" : absl::StrJoin(names, "|");
}

absl::StatusOr<InstallResult> Install(const Program& program,
                                      const InstallOptions& options) {
  if (absl::Status s = VerifyProgram(program); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("install: verify: ", std::string(s.message())));
  }

  std::optional<KernelSupport> probed;
  const KernelSupport* kernel = options.kernel;
  if (kernel == nullptr) {
    SECCOMPC_ASSIGN_OR_RETURN(probed, ProbeKernelSupport());
    kernel = &*probed;
  }
  SECCOMPC_ASSIGN_OR_RETURN(
      FittedProgram fitted,
      FitProgramToKernel(program, kernel->actions, options.missing_action));

  InstallResult result;
  result.rewrites = fitted.rewrites;
  unsigned flags = KernelFlags(options.filter_flags);
  if (options.tsync) flags |= SECCOMP_FILTER_FLAG_TSYNC;
  if (!(flags & SECCOMP_FILTER_FLAG_TSYNC)) {
    // Unknown thread count: synchronize; it costs nothing when alone.
    absl::StatusOr<int> threads = ThreadCount();
    if (!threads.ok() || *threads > 1) flags |= SECCOMP_FILTER_FLAG_TSYNC;
  }
  if (!options.new_listener) {
    // Only meaningful for a listener; the kernel refuses it without one.
    flags &= ~SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
  } else {
    flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
    if (flags & SECCOMP_FILTER_FLAG_TSYNC) {
      flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
    }
  }

  bool set_nnp = true;
  if (options.keep_privileges_if_admin) {
    SECCOMPC_ASSIGN_OR_RETURN(const CapabilitySet effective,
                              EffectiveCapabilities());
    set_nnp = !((effective >> CAP_SYS_ADMIN) & 1);
  }
  if (set_nnp) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
      return ErrnoError("prctl(PR_SET_NO_NEW_PRIVS)", errno);
    }
    result.no_new_privs_set = true;
  }

  sock_fprog prog;
  prog.len = static_cast<unsigned short>(fitted.program.size());
  prog.filter = fitted.program.data();
  if (!kernel->seccomp_syscall) {
    if (flags != 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "install: this kernel has no seccomp() system call, and the flags ",
          SeccompFlagNames(flags), " need it"));
    }
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0) {
      return ErrnoError("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)", errno);
    }
    result.method = InstallMethod::kPrctl;
    return result;
  }

  long ret = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
  if (ret < 0 && errno == ENOSYS && flags == 0) {
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0) {
      return ErrnoError("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)", errno);
    }
    result.method = InstallMethod::kPrctl;
    return result;
  }
  if (ret < 0) {
    const int err = errno;
    std::string step = absl::StrCat("seccomp(SECCOMP_SET_MODE_FILTER, ",
                                    SeccompFlagNames(flags), ")");
    if (err == ESRCH && (flags & SECCOMP_FILTER_FLAG_TSYNC)) {
      absl::StrAppend(&step,
                      " (another thread runs under a different filter and "
                      "cannot be synchronized)");
    }
    return ErrnoError(step, err);
  }
  if (ret > 0 && (flags & SECCOMP_FILTER_FLAG_TSYNC) &&
      !(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "install: seccomp(SECCOMP_SET_MODE_FILTER, ", SeccompFlagNames(flags),
        "): thread ", ret,
        " runs under a different filter and cannot be synchronized"));
  }
  result.flags_used = flags;
  if (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) {
    result.listener_fd = static_cast<int>(ret);
  }
  return result;
}

}  // namespace seccompc

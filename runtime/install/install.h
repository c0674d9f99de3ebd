// Installing a compiled seccomp program on the calling thread (or process).
//
// Install() is the last step before a launcher execs its task, so it does
// nothing it does not have to: it verifies the program (VerifyProgram, the
// kernel's own acceptance rules), fits it to the kernel's actions
// (kernel_support.h), sets no_new_privs, and attaches the filter:
//   - no_new_privs: set unless the caller holds CAP_SYS_ADMIN in its
//     effective set AND asked to keep privileges (the kernel requires one
//     of the two);
//   - seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog) with the flags asked
//     for (profile FilterFlag bits | options): TSYNC, LOG, SPEC_ALLOW,
//     WAIT_KILLABLE_RECV, NEW_LISTENER (the listener fd is returned). TSYNC
//     is added automatically when the process has more than one thread (or
//     its thread count cannot be read), so that no thread stays unfiltered;
//     TSYNC with NEW_LISTENER also sets TSYNC_ESRCH, because both would
//     otherwise use the return value; WAIT_KILLABLE_RECV is dropped when no
//     listener is asked for (it only concerns a listener's notifications,
//     and the kernel refuses it alone);
//   - prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) only when seccomp(2)
//     does not exist (ENOSYS) and no flag is needed; a needed flag on such a
//     kernel is an error, never silently dropped.
// Every failure is a Status naming the step and the errno text, e.g.
// "install: seccomp(SECCOMP_SET_MODE_FILTER, TSYNC|LOG): Invalid argument":
// InvalidArgument for a program the verifier refuses, PermissionDenied for
// EPERM/EACCES, FailedPrecondition otherwise (missing actions or flags, a
// thread that cannot be synchronized, other errnos). Nothing is installed
// when an error is returned, but no_new_privs may already be set.
//
//   InstallOptions options;
//   options.filter_flags = compiled.profile.flags;
//   absl::StatusOr<InstallResult> r = Install(compiled.program, options);
#ifndef SECCOMPC_RUNTIME_INSTALL_INSTALL_H_
#define SECCOMPC_RUNTIME_INSTALL_INSTALL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/bpf/bpf.h"
#include "runtime/install/kernel_support.h"

namespace seccompc {

struct InstallOptions {
  // FilterFlag bits (compiler/model/profile.h): the profile's `flags` and
  // whatever the caller adds.
  uint32_t filter_flags = 0;
  // Synchronize all threads even if only one is seen.
  bool tsync = false;
  // Return a user-notification listener fd (SECCOMP_FILTER_FLAG_NEW_LISTENER).
  bool new_listener = false;
  // Skip PR_SET_NO_NEW_PRIVS when CAP_SYS_ADMIN is effective (so that a
  // later exec of a setuid binary still gains privileges).
  bool keep_privileges_if_admin = false;
  MissingActionPolicy missing_action = MissingActionPolicy::kFail;
  // Kernel facts to use instead of probing (tests inject old kernels).
  const KernelSupport* kernel = nullptr;
};

enum class InstallMethod { kSeccompSyscall, kPrctl };

struct InstallResult {
  int listener_fd = -1;     // with new_listener; the caller owns it
  unsigned flags_used = 0;  // SECCOMP_FILTER_FLAG_* passed to seccomp()
  InstallMethod method = InstallMethod::kSeccompSyscall;
  bool no_new_privs_set = false;
  std::vector<std::string> rewrites;  // actions fitted to the kernel
};

absl::StatusOr<InstallResult> Install(const Program& program,
                                      const InstallOptions& options);

// "TSYNC|LOG" for SECCOMP_FILTER_FLAG_* bits ("none" for 0).
std::string SeccompFlagNames(unsigned flags);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_INSTALL_INSTALL_H_

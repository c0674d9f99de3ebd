// seccomp-launch --report: run the task under a supervising parent that
// names the syscall a profile killed it for.
//
// Design (no ptrace): PlanLaunch() compiled the profile's kill actions
// (KILL_PROCESS, KILL_THREAD) as SECCOMP_RET_USER_NOTIF. RunSupervised()
// forks; the child sets PR_SET_PDEATHSIG=SIGKILL (it must never outlive an
// unserviced listener: with the listener closed, a notifying syscall fails
// with ENOSYS instead of killing — weaker than the profile), installs the
// filter with NEW_LISTENER, passes the listener fd to the parent over a
// socketpair (SCM_RIGHTS), closes its copy and execs the task. The parent
// waits for notifications (SECCOMP_IOCTL_NOTIF_RECV); for each, it asks the
// reference evaluator (compiler/reference/evaluate.h) what the profile says
// for that seccomp_data, prints the syscall (name for the notification's
// arch, number, arch, arguments), the profile and the entry
// ("syscalls[3]" and its comment, or the default action), then:
//   - a kill action: kills the offending process with SIGKILL through a
//     pidfd checked against the notification id (no pid reuse race). The
//     syscall never continues, so the usual USER_NOTIF TOCTOU on pointer
//     arguments does not matter: arguments are only printed. When the
//     killed process is the task itself, the supervisor exits as the kernel
//     would have made it die: by SIGSYS (re-raised on itself with core
//     dumps off; 128+SIGSYS if that fails);
//   - the profile's own SCMP_ACT_NOTIFY entries: answered ENOSYS, what the
//     kernel answers when no listener exists (as without --report).
// Otherwise the supervisor forwards SIGHUP/SIGINT/SIGQUIT/SIGTERM/SIGUSR1/
// SIGUSR2 to the task and exits with its status (same exit code, or the
// same signal re-raised).
//
// Limits: KILL_THREAD kills the whole process (a supervisor cannot kill one
// thread of another process; stricter, never weaker). A filter the task
// stacks later that answers ERRNO/TRAP/KILL for the same call wins over
// USER_NOTIF by precedence, so those calls are not reported (the task still
// does not run them). A denied call in a descendant kills that descendant
// with SIGKILL (its parent sees SIGKILL, not SIGSYS). If the supervisor is
// killed, PDEATHSIG kills the task, but not processes the task forked: they
// keep running, and their notifying calls fail with ENOSYS.
#ifndef SECCOMPC_RUNTIME_REPORT_H_
#define SECCOMPC_RUNTIME_REPORT_H_

#include <linux/seccomp.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/model/policy.h"
#include "compiler/model/profile.h"
#include "runtime/launch.h"

namespace seccompc {

// Runs plan (plan.report must be set) under supervision; returns the exit
// code to use when the task exited normally, re-raises its signal when it
// was killed by one.
int RunSupervised(const LaunchPlan& plan);

// The report line for one notification: what was called and what the
// profile says about it.
std::string DescribeDenial(const Profile& profile, const Policy& policy,
                           const seccomp_notif& notif);

// SCM_RIGHTS over a unix socket.
absl::Status SendFd(int socket_fd, int fd);
absl::StatusOr<int> ReceiveFd(int socket_fd);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_REPORT_H_

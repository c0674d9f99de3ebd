// seccomp-launch --report: run the task under a supervising parent that
// names the syscall the profile killed (or trapped) it for.
//
// Design: enforcement stays in the kernel; the supervisor only observes.
// The installed program is exactly the profile's program: a KILL stays a
// KILL, so whatever happens to the supervisor (stopped, killed, traced, out
// of memory), a kill-denied call never runs. The supervisor watches with
// ptrace, without syscall stops (the task runs at full speed between
// events):
//   - RunSupervised() forks; the child sets PR_SET_PDEATHSIG=SIGKILL and
//     waits on a pipe until the supervisor has PTRACE_SEIZEd it with
//     EXITKILL | TRACEEXIT | TRACECLONE | TRACEFORK | TRACEVFORK | TRACEEXEC,
//     so every thread and descendant is traced from its first instruction.
//     Then it takes the launch's one exec path, ExecPlan() (exec.h): the
//     small guard filter (below) first, the profile's program, execve.
//   - A thread killed by seccomp dies without a signal-delivery-stop (the
//     kernel's SIGSYS is SA_IMMUTABLE), but stops at PTRACE_EVENT_EXIT with
//     its registers intact. An exit status of SIGSYS whose registers name a
//     syscall the profile kills (reference evaluator, compiler/reference/
//     evaluate.h, on the seccomp_data rebuilt from PTRACE_GET_SYSCALL_INFO's
//     arch and PTRACE_GETREGS; the number is the low 32 bits of orig_rax as
//     an int, as the kernel reads it) and that seccomp stopped before it ran
//     (rax rolled back to orig_rax, or still -ENOSYS for a KILL_THREAD) is
//     reported: syscall name in its own ABI, number, arch, arguments, the
//     profile and the entry. A thread cannot be inside a call the profile
//     kills, so a SIGSYS from kill(2) is not mistaken for one.
//   - A KILL_PROCESS takes every thread of the process, each with an exit
//     status of SIGSYS: the killing thread is reported, its siblings in one
//     line when the thread group leader is reaped (the kernel reaps it
//     last). Threads that died of SIGSYS outside a killed call (a filter
//     the task stacked, a SIGSYS sent to it) get one line per process too.
//   - TRAP: the SIGSYS signal-delivery-stop carries SYS_SECCOMP, si_syscall,
//     si_arch and si_call_addr, which any task can forge (rt_sigqueueinfo to
//     itself). It is reported only when they equal the number, arch and
//     address in the thread's registers, the call was rolled back, and the
//     profile's verdict on those registers is TRAP; the signal is
//     delivered unchanged either way.
//   - The guard filter makes clone(CLONE_UNTRACED) fail with EPERM and
//     clone3 with ENOSYS (which glibc answers by falling back to clone), so
//     the task cannot start a process the supervisor does not trace.
//     Stricter, never weaker; the profile's own program is unchanged.
//   - The supervisor makes itself non-dumpable (a task of the same user can
//     neither ptrace it nor pidfd_getfd its descriptors), writes reports to
//     stderr waiting out EAGAIN (the task shares the open file description
//     and may set O_NONBLOCK on it), forwards SIGHUP/SIGINT/SIGQUIT/SIGTERM/
//     SIGUSR1/SIGUSR2 to the task and exits as the task did (same code, or
//     the same signal re-raised with core dumps off). Descendants still
//     running then are detached (the kernel goes on enforcing).
//
//   - ERRNO, only with plan.report_errno (--report_errno): every tracee runs
//     under PTRACE_SYSCALL; at a failed call's exit stop, a call the profile
//     answers with ERRNO is reported once per (ABI, syscall, entry). The
//     kernel answered it, and seccomp runs after the entry stop, so a dead
//     supervisor changes nothing. Not by default: two stops per syscall.
//     (Rewriting ERRNO to TRACE or USER_NOTIF would hand enforcement to a
//     process the task can stop or rob.)
//
// Residual limits: a task that SIGSTOPs the supervisor delays the report
// (the killed thread waits in its exit stop); one that SIGKILLs it dies
// with it (EXITKILL, PDEATHSIG) while its descendants live on untraced,
// their kill-denied calls still killed by the kernel but not reported; a
// task with CAP_SYS_PTRACE can ptrace the supervisor and silence it. Under
// --report the task cannot ptrace its own descendants (traced already).
#ifndef SECCOMPC_RUNTIME_LAUNCH_REPORT_H_
#define SECCOMPC_RUNTIME_LAUNCH_REPORT_H_

#include <linux/seccomp.h>
#include <sys/types.h>

#include <string>

#include "absl/status/status.h"
#include "compiler/arch/arch.h"
#include "compiler/model/policy.h"
#include "compiler/model/profile.h"
#include "runtime/launch/exec.h"

namespace seccompc {

// Runs plan (plan.report must be set) under supervision; returns the exit
// code to use when the task exited normally, re-raises its signal when it
// was killed by one.
int RunSupervised(const LaunchPlan& plan);

// What --report needs from this kernel and process, tried on a throwaway
// child: PTRACE_SEIZE and PTRACE_GET_SYSCALL_INFO (Linux 5.3). PlanLaunch
// calls it, so --print fails the same way as the launch.
absl::Status ProbeReportSupport();

// The report line for one denial: "seccomp denied NAME to pid N (nr, arch,
// args): ACTION by profile P, ENTRY". The ABI (x32 within x86_64 by its
// marker bit) is compiler/arch's AbiOf; the verdict is the reference
// evaluator's.
std::string DescribeDenial(const Profile& profile, const Policy& policy,
                           pid_t pid, const seccomp_data& data);

// The guard filter's profile (see above) for a machine of `native`: an
// archMap from `native` to every ABI it runs (compiler/arch's SubAbisOf),
// since an ABI left out would be killed by the guard although the task's
// profile allows it. PlanLaunch compiles it with the task's options.
std::string ReportGuardProfile(ArchId native);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_LAUNCH_REPORT_H_

// seccomp-launch's plan and exec: which seccomp profile a task runs under,
// as an Apache Mesos agent with the `linux/seccomp` isolator would decide,
// and the launch itself (compile, verify, install as the last step, exec).
//
// The decision (DecideSeccomp) follows Mesos/Marathon exactly:
//   task's seccomp                        | result
//   absent                                | agent default; none: no filter
//   unconfined: true, no profile name     | no filter, even with a default
//   profile name, unconfined false/absent | that profile from the config dir
//   unconfined: true and a profile name   | error (Marathon's message)
//   present, neither set                  | error (Marathon's message)
// The task's setting comes from a task definition (task_definition.h) or the
// command line; profile names are read inside the agent's config folder
// only (config_dir.h). PlanLaunch() does everything that can fail — reading
// and compiling the profile for this host, the --report checks, resolving
// the command like execvp (path_lookup.h) — so that ExecPlan() only installs
// the filter and calls execve. With LaunchRequest::cache_dir the compile
// may be served by an earlier launch's (program_cache.h; the key in
// launch.cc's LaunchCacheKey). The plan and ExecPlan: exec.h; what is
// printed about a plan: plan_text.h; --report's supervisor: report.h.
//
//   absl::StatusOr<LaunchPlan> plan = PlanLaunch(request);
//   if (!plan.ok()) { print; return ExitCodeFor(plan.status()); }
//   ExecPlan(*plan);  // returns only on failure, with the exit code
#ifndef SECCOMPC_RUNTIME_LAUNCH_LAUNCH_H_
#define SECCOMPC_RUNTIME_LAUNCH_LAUNCH_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/arch/arch.h"
#include "compiler/bpf/bpf.h"
#include "compiler/compile.h"
#include "compiler/model/capabilities.h"
#include "runtime/install/kernel_support.h"
#include "runtime/launch/exec.h"
#include "runtime/launch/task_definition.h"

namespace seccompc {

// Marathon's messages (state/LinuxInfo.scala); Mesos fails the launch too.
inline constexpr char kBothSetMessage[] =
    "Seccomp unconfined can NOT be true when Profile is defined";
inline constexpr char kNeitherSetMessage[] =
    "Seccomp unconfined must be true when Profile is NOT defined";

// The agent's flags.
struct AgentConfig {
  std::string config_dir;            // --seccomp_config_dir
  std::string default_profile_name;  // --seccomp_profile_name ("" = none)
};

// `task` is nullopt when the task has no seccomp setting at all.
absl::StatusOr<SeccompDecision> DecideSeccomp(
    const AgentConfig& agent, const std::optional<SeccompSetting>& task);

struct LaunchRequest {
  AgentConfig agent;
  std::optional<SeccompSetting> seccomp;
  std::vector<std::string> command;  // argv; [0] is looked up in PATH
  // Capabilities the profile is resolved for, as --caps spells them
  // (ParseCapabilityList's form, read by the one target parser,
  // compiler/model/target.h); nullopt: those the task will hold after
  // exec, CapabilitiesAfterExec(). The arch and kernel are always this
  // host's.
  std::optional<std::string> caps;
  // --allow_insecure_config_dir (ConfigDirOptions::allow_insecure).
  bool allow_insecure_config_dir = false;
  // --report: a ptrace supervisor names kill and trap denials (report.h).
  bool report = false;
  // --report_errno (implies report): ERRNO denials too, from syscall-exit
  // stops on every call (strace's cost).
  bool report_errno = false;
  MissingActionPolicy missing_action = MissingActionPolicy::kFail;
  // Syscalls newer than the profile: ENOSYS by runc's rule (--noenosys: off).
  EnosysRule enosys = EnosysRule::kRunc;
  // Environment PATH for the command lookup ("" = unset: /bin:/usr/bin).
  std::string path_env;
  // --cache_dir: compiled programs of earlier launches (program_cache.h);
  // "" = none. Not used under --report, which needs the compiled policy,
  // nor when the task could change it (launch.cc, TrustedCacheOwner);
  // stored into only by the folder's owner.
  std::string cache_dir;
  // --print: no task runs (the cache may then be the launcher's own).
  bool print_only = false;
};

// Everything before the install; any error means exit 125 (a broken agent
// default profile fails every launch, as it keeps a Mesos agent from
// starting), except a command that cannot be found (NotFound: 127) or
// executed (PermissionDenied: 126); see ExitCodeFor(). Errors of the
// profile stages (config folder, compile, kernel, --report probe) are
// returned as FailedPrecondition so that they keep 125.
absl::StatusOr<LaunchPlan> PlanLaunch(const LaunchRequest& request);
int ExitCodeFor(const absl::Status& status);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_LAUNCH_LAUNCH_H_

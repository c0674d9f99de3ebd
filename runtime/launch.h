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
// launch.cc's LaunchCacheKey). What is printed about a plan: plan_text.h;
// --report's supervisor: report.h.
//
//   absl::StatusOr<LaunchPlan> plan = PlanLaunch(request);
//   if (!plan.ok()) { print; return ExitCodeFor(plan.status()); }
//   ExecPlan(*plan);  // returns only on failure, with the exit code
#ifndef SECCOMPC_RUNTIME_LAUNCH_H_
#define SECCOMPC_RUNTIME_LAUNCH_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/arch/arch.h"
#include "compiler/bpf/bpf.h"
#include "compiler/compile.h"
#include "compiler/model/capabilities.h"
#include "runtime/kernel_support.h"
#include "runtime/task_definition.h"

namespace seccompc {

// Exit codes, as env(1) and timeout(1) use them.
inline constexpr int kExitLaunchFailed = 125;   // nothing was run
inline constexpr int kExitCannotExecute = 126;  // found, not executable
inline constexpr int kExitNotFound = 127;       // command not found

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

struct SeccompDecision {
  enum class Why {
    kAgentDefault,    // no task setting; the agent's default profile
    kNoDefault,       // no task setting and no agent default: no filter
    kTaskProfile,     // the task names a profile
    kTaskUnconfined,  // the task opts out
  };
  Why why = Why::kNoDefault;
  std::string profile_name;  // when confined()
  bool confined() const {
    return why == Why::kAgentDefault || why == Why::kTaskProfile;
  }
  // "agent default", "task profileName", "task unconfined: true", ...
  std::string Reason() const;
};

// `task` is nullopt when the task has no seccomp setting at all.
absl::StatusOr<SeccompDecision> DecideSeccomp(
    const AgentConfig& agent, const std::optional<SeccompSetting>& task);

struct LaunchRequest {
  AgentConfig agent;
  std::optional<SeccompSetting> seccomp;
  std::vector<std::string> command;  // argv; [0] is looked up in PATH
  // Capabilities the profile is resolved for (default: those the task will
  // hold after exec, CapabilitiesAfterExec()).
  std::optional<CapabilitySet> caps;
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

struct LaunchPlan {
  SeccompDecision decision;
  // When confined: the parsed profile (its flags and listenerPath are
  // applied at install) and the policy's default action, for --print.
  Profile profile;
  std::string default_action;
  // When the profile was compiled by this launch: always under --report
  // (its supervisor evaluates the policy), never on a --cache_dir hit. Its
  // profile and program are moved out, to `profile` and `program`.
  std::optional<CompiledFilter> filter;
  bool from_cache = false;  // the program came from --cache_dir
  // Why --cache_dir was not used or not filled ("" when it was, or not
  // asked for); the launch goes on either way.
  std::string cache_note;
  // What is installed: the profile's program, fitted to this kernel's
  // actions (FitProgramToKernel, kernel_support.h). A cached program is
  // stored unfitted and fitted here like a compiled one.
  Program program;
  // --report only: installed before `program`; refuses clone(CLONE_UNTRACED)
  // and clone3, so every process of the task is traced (report.h).
  Program report_guard;
  std::string arch_names;  // "x86_64+x86+x32"
  CapabilitySet caps = 0;
  KernelSupport kernel;
  std::vector<std::string> argv;
  std::string exec_path;  // argv[0] resolved like execvp
  bool report = false;
  bool report_errno = false;
};

// Everything before the install; any error means exit 125 (a broken agent
// default profile fails every launch, as it keeps a Mesos agent from
// starting), except a command that cannot be found (NotFound: 127) or
// executed (PermissionDenied: 126); see ExitCodeFor(). Errors of the
// profile stages (config folder, compile, kernel, --report probe) are
// returned as FailedPrecondition so that they keep 125.
absl::StatusOr<LaunchPlan> PlanLaunch(const LaunchRequest& request);
int ExitCodeFor(const absl::Status& status);

// Installs the plan's filter (if any; under plan.report the guard first)
// and execs the command: the one exec path, also taken by --report's child
// (report.h). Returns only on failure, after printing the reason to
// stderr, with the exit code (125 when the install failed, 126/127 when
// execve failed).
int ExecPlan(const LaunchPlan& plan);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_LAUNCH_H_

// seccomp-launch's logic: which seccomp profile a task runs under, as an
// Apache Mesos agent with the `linux/seccomp` isolator would decide, and the
// launch itself (compile, verify, install as the last step, exec).
//
// The decision (DecideSeccomp) follows Mesos/Marathon exactly:
//   task's seccomp                        | result
//   absent                                | agent default; none: no filter
//   unconfined: true, no profile name     | no filter, even with a default
//   profile name, unconfined false/absent | that profile from the config dir
//   unconfined: true and a profile name   | error (Marathon's message)
//   present, neither set                  | error (Marathon's message)
// Profile names are resolved INSIDE the agent's config folder only
// (ReadConfigProfile): absolute names, `..` components and symlinks leading
// out are refused (openat2 RESOLVE_BENEATH, or a component-by-component
// O_NOFOLLOW walk on kernels before 5.6), and so are folders and files
// others could write. Mesos itself checks neither.
//
// The task's setting comes from a Marathon app/pod definition
// (ParseMarathonDefinition), a Mesos ContainerInfo (ParseContainerInfo), or
// the command line. PlanLaunch() does everything that can fail — reading
// and compiling the profile for this host, resolving the command like
// execvp — so that ExecPlan() only installs the filter and calls execve.
//
//   absl::StatusOr<LaunchPlan> plan = PlanLaunch(request);
//   if (!plan.ok()) { print; return kExitLaunchFailed; }
//   ExecPlan(*plan);  // returns only on failure, with the exit code
#ifndef SECCOMPC_RUNTIME_LAUNCH_H_
#define SECCOMPC_RUNTIME_LAUNCH_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/bpf/bpf.h"
#include "compiler/compile.h"
#include "compiler/model/capabilities.h"
#include "runtime/kernel_support.h"

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

// LinuxInfo.seccomp of a task: {profile_name, unconfined}.
struct SeccompSetting {
  std::optional<std::string> profile_name;
  std::optional<bool> unconfined;
};

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

// A profile read from the config folder.
struct ConfigProfile {
  std::string path;  // config_dir/name, for messages
  std::string text;
};

struct ConfigDirOptions {
  size_t max_bytes = 64u << 20;
  // Skip the ownership and permission checks (--allow_insecure_config_dir).
  bool allow_insecure = false;
  // Open component by component even where openat2 exists (tests).
  bool force_component_walk = false;
};

// Reads `name` inside `config_dir`, refusing anything that would leave it:
// FailedPrecondition/InvalidArgument/NotFound with a message naming the
// name, the folder and the reason. Names with control characters,
// non-regular files (directories, FIFOs, devices) and files over max_bytes
// are refused without blocking. Like sshd and sudo, it refuses
// (PermissionDenied) a profile, the config folder, a folder between them or
// a folder above the config folder that is owned by someone other than root
// or this process's euid, or writable by its group or everyone (a
// root-owned sticky folder above the config folder, like /tmp, is fine),
// unless options.allow_insecure. The file is opened with openat2
// RESOLVE_BENEATH; without openat2 (Linux < 5.6, or refused by a filter),
// one component at a time with O_NOFOLLOW, which refuses every symlink.
absl::StatusOr<ConfigProfile> ReadConfigProfile(
    const std::string& config_dir, const std::string& name,
    const ConfigDirOptions& options = {});

// A task as seccomp-launch sees it.
struct TaskDefinition {
  std::optional<SeccompSetting> seccomp;  // nullopt: no setting
  std::vector<std::string> command;       // empty: none in the definition
};

// A Marathon app ({"id", "cmd"|"args", "container": {"linuxInfo":
// {"seccomp": {...}}}}) or pod ({"containers": [{"name", "exec": {"command":
// {"shell"|"argv"}}, "linuxInfo": {"seccomp": {...}}}]}). For a pod, the
// container named `pod_container` is used; without a name the pod must have
// exactly one container. `cmd` runs as /bin/sh -c CMD (as Mesos runs a
// shell command); `args` / `argv` run as given. Errors name FILE:LINE:COL.
absl::StatusOr<TaskDefinition> ParseMarathonDefinition(
    std::string_view text, std::string_view source_name,
    std::string_view pod_container = "");

// A Mesos ContainerInfo in protobuf JSON form: {"type": "MESOS",
// "linux_info": {"seccomp": {"profile_name", "unconfined"}}}. No command.
absl::StatusOr<TaskDefinition> ParseContainerInfo(std::string_view text,
                                                  std::string_view source_name);

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
};

struct LaunchPlan {
  SeccompDecision decision;
  std::optional<CompiledFilter> filter;  // when confined
  Program program;  // what is installed: the profile's program
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
// starting) — except a
// command that cannot be found (NotFound: 127) or executed
// (PermissionDenied: 126), see ExitCodeFor().
absl::StatusOr<LaunchPlan> PlanLaunch(const LaunchRequest& request);
int ExitCodeFor(const absl::Status& status);

// execvp's lookup without running anything: a name with '/' is used as is;
// otherwise the first PATH entry holding an executable regular file.
// NotFound if none; PermissionDenied if only non-executable ones exist.
absl::StatusOr<std::string> FindExecutable(const std::string& name,
                                           const std::string& path_env);

// The decision for --print (several lines) and the one-line launch log.
std::string DescribePlan(const LaunchPlan& plan);
std::string LaunchLogLine(const LaunchPlan& plan);

// Installs the plan's filter (if any) and execs the command. Returns only
// on failure, after printing the reason to stderr, with the exit code
// (125 when the install failed, 126/127 when execve failed).
int ExecPlan(const LaunchPlan& plan);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_LAUNCH_H_

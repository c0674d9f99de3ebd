// seccomp-launch's plan (LaunchPlan: everything decided before the
// install) and its execution (ExecPlan: install the filter, execve). Kept
// apart from the planning (launch.h) so that --report's supervisor
// (report.h), whose child takes ExecPlan and which PlanLaunch probes, sits
// between them: exec <- report <- launch, no cycle.
#ifndef SECCOMPC_RUNTIME_LAUNCH_EXEC_H_
#define SECCOMPC_RUNTIME_LAUNCH_EXEC_H_

#include <optional>
#include <string>
#include <vector>

#include "compiler/bpf/bpf.h"
#include "compiler/compile.h"
#include "compiler/model/capabilities.h"
#include "compiler/model/profile.h"
#include "runtime/install/kernel_support.h"

namespace seccompc {

// Exit codes, as env(1) and timeout(1) use them.
inline constexpr int kExitLaunchFailed = 125;   // nothing was run
inline constexpr int kExitCannotExecute = 126;  // found, not executable
inline constexpr int kExitNotFound = 127;       // command not found

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
  // On a --cache_dir hit, the policy the program was proven to mean. Kept
  // only so that it is not freed: exec drops it with the address space,
  // sooner than freeing it piece by piece.
  Policy cache_hit_meaning;
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

// Installs the plan's filter (if any; under plan.report the guard first)
// and execs the command: the one exec path, also taken by --report's child
// (report.h). Returns only on failure, after printing the reason to
// stderr, with the exit code (125 when the install failed, 126/127 when
// execve failed).
int ExecPlan(const LaunchPlan& plan);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_LAUNCH_EXEC_H_

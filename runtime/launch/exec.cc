#include "runtime/launch/exec.h"

#include <errno.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/install/install.h"
#include "runtime/install/notify_agent.h"

extern char** environ;

namespace seccompc {

std::string SeccompDecision::Reason() const {
  switch (why) {
    case Why::kAgentDefault:
      return "agent default";
    case Why::kNoDefault:
      return "no task setting and no agent default";
    case Why::kTaskProfile:
      return "task profileName";
    case Why::kTaskUnconfined:
      return "task unconfined: true";
  }
  return "";
}

int ExecPlan(const LaunchPlan& plan) {
  // Everything execve needs is built before the filter goes on.
  std::vector<char*> argv;
  for (const std::string& a : plan.argv)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  if (plan.decision.confined()) {
    // The --report guard first: the profile may refuse seccomp(2) itself.
    if (plan.report && !plan.report_guard.empty()) {
      InstallOptions guard_options;
      guard_options.filter_flags = plan.profile.flags & kFlagSpecAllow;
      guard_options.kernel = &plan.kernel;
      absl::StatusOr<InstallResult> guard =
          Install(plan.report_guard, guard_options);
      if (!guard.ok()) {
        std::fprintf(stderr, "seccomp-launch: %s\n",
                     std::string(guard.status().message()).c_str());
        return kExitLaunchFailed;
      }
    }
    InstallOptions options;
    options.filter_flags = plan.profile.flags;
    options.kernel = &plan.kernel;
    // listenerPath: the agent gets the listener (notify_agent.h).
    std::optional<ListenerHandoff> handoff;
    if (const std::string& path = plan.profile.listener_path;
        !path.empty() && !plan.report) {
      ListenerState state;
      // Mesos gives the launcher no container id; the command names it.
      state.id = plan.argv.empty() ? "" : plan.argv.front();
      state.pid = getpid();
      state.metadata = plan.profile.listener_metadata;
      absl::StatusOr<ListenerHandoff> started =
          ListenerHandoff::Start(path, ListenerPayload(state));
      if (!started.ok()) {
        std::fprintf(stderr, "seccomp-launch: %s\n",
                     std::string(started.status().message()).c_str());
        return kExitLaunchFailed;
      }
      handoff.emplace(*std::move(started));
      options.new_listener = true;
    }
    absl::StatusOr<InstallResult> installed = Install(plan.program, options);
    absl::Status handed =
        handoff ? handoff->Finish(installed.ok() ? installed->listener_fd : -1)
                : absl::OkStatus();
    if (installed.ok() && handoff) close(installed->listener_fd);
    if (!installed.ok() || !handed.ok()) {
      std::fprintf(stderr, "seccomp-launch: %s\n",
                   std::string(!installed.ok() ? installed.status().message()
                                               : handed.message())
                       .c_str());
      return kExitLaunchFailed;
    }
  }
  execve(plan.exec_path.c_str(), argv.data(), environ);
  const int err = errno;
  std::fprintf(stderr, "seccomp-launch: exec %s: %s\n", plan.exec_path.c_str(),
               std::strerror(err));
  return err == ENOENT || err == ENOTDIR ? kExitNotFound : kExitCannotExecute;
}

}  // namespace seccompc

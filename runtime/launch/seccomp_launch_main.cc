// seccomp-launch: run a task under the seccomp profile a Mesos agent with
// the linux/seccomp isolator would give it. For agents whose isolator is
// off: use it as the task's command prefix.
//
//   seccomp-launch --seccomp_config_dir=DIR [--seccomp_profile_name=NAME]
//       [--app=FILE [--pod_container=NAME] | --container_info=FILE |
//        --profile=NAME | --unconfined]
//       [--caps=LIST] [--print] [--quiet] [--report] [--report_errno]
//       [--noenosys] [--stricter_fallback] [--cache_dir=DIR]
//       [--allow_insecure_config_dir] [--flagfile=FILE]
//       -- COMMAND ARGS...
//
// Exit status: the command's; 125 when anything fails before the command
// runs (nothing is run then); 126 command found but not executable; 127
// command not found. See runtime/README.md.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "compiler/frontend/resolve.h"
#include "compiler/util/read_file.h"
#include "compiler/util/standard_flags.h"
#include "compiler/version.h"
#include "runtime/launch/launch.h"
#include "runtime/launch/plan_text.h"
#include "runtime/launch/report.h"
#include "runtime/launch/task_definition.h"

ABSL_FLAG(std::string, seccomp_config_dir, "",
          "agent: folder of seccomp profiles; profile names resolve inside it");
ABSL_FLAG(std::string, seccomp_profile_name, "",
          "agent: default profile (a name in --seccomp_config_dir); empty: "
          "tasks without a seccomp setting run unfiltered");
ABSL_FLAG(std::string, app, "",
          "task: Marathon app or pod JSON (container.linuxInfo.seccomp); "
          "its cmd/args is the command when none follows --");
ABSL_FLAG(std::string, pod_container, "",
          "task: with a pod --app, the container to launch (needed when the "
          "pod has more than one)");
ABSL_FLAG(std::string, container_info, "",
          "task: Mesos ContainerInfo JSON (linux_info.seccomp)");
ABSL_FLAG(std::string, profile, "",
          "task: profile name (as LinuxInfo.seccomp.profile_name)");
ABSL_FLAG(bool, unconfined, false,
          "task: opt out of seccomp (as LinuxInfo.seccomp.unconfined)");
ABSL_FLAG(std::string, caps, "",
          "capabilities the profile is resolved for: CAP_X,... or "
          "none|docker|all (default: those the task will hold after exec: "
          "for root the bounding set, for anyone else the ambient set, "
          "usually empty)");
ABSL_FLAG(bool, allow_insecure_config_dir, false,
          "accept a config folder, folder above it or profile owned by "
          "another user than root or this one, or writable by its group or "
          "everyone (refused by default, as sshd and sudo do)");
ABSL_FLAG(bool, print, false,
          "print the decision (profile, why, arches, program size) and run "
          "nothing");
ABSL_FLAG(bool, quiet, false, "no launch log line on stderr");
ABSL_FLAG(bool, report, false,
          "supervise the task with ptrace: name each syscall the profile "
          "killed or trapped (not ERRNO denials), then exit as the task did; "
          "the filter is the profile's own");
ABSL_FLAG(bool, report_errno, false,
          "--report, and name ERRNO denials too (each syscall once); "
          "stops the task at every syscall, as strace does");
ABSL_FLAG(bool, enosys, true,
          "syscalls newer than the profile fail with ENOSYS (runc's rule); "
          "--noenosys gives them the default action");
ABSL_FLAG(bool, stricter_fallback, false,
          "actions this kernel lacks become the nearest stricter one "
          "instead of failing the launch");
ABSL_FLAG(std::string, cache_dir, "",
          "keep compiled programs in this folder and reuse them when the "
          "profile's bytes, this binary, the target (arches, capabilities, "
          "kernel) and the options are the same (default: no cache). Used "
          "only when the task cannot change it: the folder and every folder "
          "above it belong to root or the folder's owner and no group or "
          "others may write them, and the task runs as neither root nor that "
          "owner and holds no capability after exec. Only its owner stores "
          "(fill it with --print as the owner, which creates it 0755 when "
          "missing). "
          "An unusable folder or entry means a compile, never a failed "
          "launch (a note on stderr unless --quiet). Not used with --report");

namespace seccompc {
namespace {

// Debian's Abseil is built without NDEBUG, so every absl::Mutex lock runs
// its deadlock detector (a lock-order graph) by default, and registering
// the flags before main takes dozens of locks: a third of this launcher's
// instructions when nothing is compiled. The launcher has one thread until
// it execs the task, so there is no lock order to check. This runs before
// the flags register (init_priority sorts it ahead of every constructor of
// default priority, Abseil's included).
struct SkipMutexDeadlockDetection {
  SkipMutexDeadlockDetection() {
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  }
};
__attribute__((init_priority(101)))
const SkipMutexDeadlockDetection kSkipMutexDeadlockDetection;

int Fail(absl::string_view message) {
  std::fprintf(stderr, "seccomp-launch: %s\n", std::string(message).c_str());
  return kExitLaunchFailed;
}

int Main(int argc, char** argv) {
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::StrContains(file, "seccomp_launch_main");
  };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  absl::SetFlagsUsageConfig(usage);
  constexpr char kUsage[] =
      "run a command under the seccomp profile Mesos would give it\n"
      "usage: seccomp-launch --seccomp_config_dir=DIR "
      "[--seccomp_profile_name=NAME] [--app=FILE | --container_info=FILE | "
      "--profile=NAME | --unconfined] [--caps=LIST] [--print] [--quiet] "
      "[--report] [--cache_dir=DIR] -- COMMAND ARGS...";
  const ToolInfo tool = {"seccomp-launch", kUsage,
                         "runtime/launch/seccomp_launch_main.cc",
                         SECCOMPC_VERSION_STRING};
  if (std::optional<int> done = HandleVersionOrHelp(argc, argv, tool)) {
    return *done;
  }
  absl::SetProgramUsageMessage(kUsage);
  // Flags stop at the first "--"; everything after it is the command,
  // untouched (even words that look like flags). Usage errors must exit
  // 125 like every failure before exec (absl's parser would exit 1), so the
  // flags are applied by ApplyToolFlags, flagfiles included; only the help
  // flags go to absl.
  const SplitCommandLine line = SplitAtDashes(argc, argv);
  const std::vector<std::string>& command = line.after_dashes;
  absl::StatusOr<ToolArgs> flags =
      ApplyToolFlags(line.flag_words, tool, "put the command after --");
  if (!flags.ok()) return Fail(flags.status().message());
  if (flags->help) {
    absl::ParseCommandLine(argc, argv);  // prints the help and exits
    return 0;
  }

  LaunchRequest request;
  request.agent.config_dir = absl::GetFlag(FLAGS_seccomp_config_dir);
  request.agent.default_profile_name =
      absl::GetFlag(FLAGS_seccomp_profile_name);
  request.report = absl::GetFlag(FLAGS_report);
  request.report_errno = absl::GetFlag(FLAGS_report_errno);
  request.allow_insecure_config_dir =
      absl::GetFlag(FLAGS_allow_insecure_config_dir);
  request.enosys =
      absl::GetFlag(FLAGS_enosys) ? EnosysRule::kRunc : EnosysRule::kOff;
  if (absl::GetFlag(FLAGS_stricter_fallback)) {
    request.missing_action = MissingActionPolicy::kUseStricter;
  }
  if (const char* path = std::getenv("PATH")) request.path_env = path;
  request.cache_dir = absl::GetFlag(FLAGS_cache_dir);
  request.print_only = absl::GetFlag(FLAGS_print);

  const std::string app = absl::GetFlag(FLAGS_app);
  const std::string container_info = absl::GetFlag(FLAGS_container_info);
  const std::string profile = absl::GetFlag(FLAGS_profile);
  const bool unconfined = absl::GetFlag(FLAGS_unconfined);
  const int sources =
      !app.empty() + !container_info.empty() + (!profile.empty() || unconfined);
  if (sources > 1) {
    return Fail(
        "give the task's seccomp setting once: --app, --container_info, or "
        "--profile/--unconfined");
  }
  if (!absl::GetFlag(FLAGS_pod_container).empty() && app.empty()) {
    return Fail("--pod_container chooses a container of a pod given by --app");
  }
  std::vector<std::string> definition_command;
  if (!app.empty() || !container_info.empty()) {
    const std::string& file = app.empty() ? container_info : app;
    absl::StatusOr<std::string> text = ReadFileLimited(file, 16u << 20);
    if (!text.ok()) return Fail(text.status().message());
    absl::StatusOr<TaskDefinition> task =
        app.empty() ? ParseContainerInfo(*text, file)
                    : ParseMarathonDefinition(
                          *text, file, absl::GetFlag(FLAGS_pod_container));
    if (!task.ok()) return Fail(task.status().message());
    request.seccomp = task->seccomp;
    definition_command = task->command;
  } else if (!profile.empty() || unconfined) {
    // Both given is the same error Marathon reports for the JSON form.
    SeccompSetting setting;
    if (!profile.empty()) setting.profile_name = profile;
    if (unconfined) setting.unconfined = true;
    request.seccomp = setting;
  }
  request.command = command.empty() ? definition_command : command;

  if (const std::string caps = absl::GetFlag(FLAGS_caps); !caps.empty()) {
    request.caps = caps;
  }

  absl::StatusOr<LaunchPlan> plan = PlanLaunch(request);
  if (!plan.ok()) {
    Fail(plan.status().message());
    return ExitCodeFor(plan.status());
  }
  if (!plan->cache_note.empty() && !absl::GetFlag(FLAGS_quiet)) {
    std::fprintf(stderr, "seccomp-launch: note: %s\n",
                 plan->cache_note.c_str());
  }
  if (absl::GetFlag(FLAGS_print)) {
    std::fputs(DescribePlan(*plan).c_str(), stdout);
    return 0;
  }
  if (!absl::GetFlag(FLAGS_quiet)) {
    std::fprintf(stderr, "%s\n", LaunchLogLine(*plan).c_str());
  }
  std::fflush(nullptr);
  return plan->report ? RunSupervised(*plan) : ExecPlan(*plan);
}

}  // namespace
}  // namespace seccompc

int main(int argc, char** argv) { return seccompc::Main(argc, argv); }

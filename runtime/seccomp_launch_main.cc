// seccomp-launch: run a task under the seccomp profile a Mesos agent with
// the linux/seccomp isolator would give it. For agents whose isolator is
// off: use it as the task's command prefix.
//
//   seccomp-launch --seccomp_config_dir=DIR [--seccomp_profile_name=NAME]
//       [--app=FILE [--pod_container=NAME] | --container_info=FILE |
//        --profile=NAME | --unconfined]
//       [--caps=LIST] [--print] [--quiet] [--report] [--report_errno]
//       [--noenosys] [--stricter_fallback]
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

#include "absl/flags/commandlineflag.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "compiler/cli/standard_flags.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/util/read_file.h"
#include "runtime/launch.h"
#include "runtime/report.h"

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

namespace seccompc {
namespace {

int Fail(absl::string_view message) {
  std::fprintf(stderr, "seccomp-launch: %s\n", std::string(message).c_str());
  return kExitLaunchFailed;
}

bool IsHelpFlag(absl::string_view name) {
  return name == "help" || name == "helpfull" || name == "helpshort" ||
         name == "helppackage" || name == "helpon" || name == "helpmatch" ||
         name == "version" || name == "only_check_args";
}

// Sets the flags in `words` (the command line before "--", or a flagfile's
// lines); any error is a Status, never an exit. --flagfile=F[,F...] is read
// here (a line per flag, # comments); help flags only set *help.
absl::Status ApplyFlags(const std::vector<std::string>& words, int depth,
                        bool* help) {
  if (depth > 8)
    return absl::InvalidArgumentError("--flagfile nested too deep");
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& arg = words[i];
    if (arg.size() < 2 || arg[0] != '-') {
      return absl::InvalidArgumentError(absl::StrCat(
          "unexpected argument \"", arg, "\"; put the command after --"));
    }
    const std::string body = arg.substr(arg[1] == '-' ? 2 : 1);
    const size_t eq = body.find('=');
    std::string name = body.substr(0, eq);
    std::optional<std::string> value;
    if (eq != std::string::npos) value = body.substr(eq + 1);
    if (IsHelpFlag(name)) {
      *help = true;
      continue;
    }
    if (name == "flagfile") {
      if (!value.has_value()) {
        if (i + 1 >= words.size()) {
          return absl::InvalidArgumentError("--flagfile needs a file");
        }
        value = words[++i];
      }
      for (absl::string_view file : absl::StrSplit(*value, ',')) {
        absl::StatusOr<std::string> text =
            ReadFileLimited(std::string(file), 1u << 20);
        if (!text.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat("--flagfile: ", text.status().message()));
        }
        std::vector<std::string> lines;
        for (absl::string_view line : absl::StrSplit(*text, '\n')) {
          line = absl::StripAsciiWhitespace(line);
          if (line.empty() || line[0] == '#') continue;
          lines.emplace_back(line);
        }
        absl::Status s = ApplyFlags(lines, depth + 1, help);
        if (!s.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat(file, ": ", s.message()));
        }
      }
      continue;
    }
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    bool negated = false;
    if ((flag == nullptr || flag->IsRetired()) && name.rfind("no", 0) == 0) {
      flag = absl::FindCommandLineFlag(name.substr(2));
      negated = flag != nullptr && flag->IsOfType<bool>();
      if (!negated) flag = nullptr;
    }
    // absl's own flags (fromenv, undefok, ...) are not offered.
    if (flag == nullptr || flag->IsRetired() ||
        !absl::StrContains(flag->Filename(), "seccomp_launch_main")) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag \"", arg, "\" (see --help)"));
    }
    if (negated) {
      if (value.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat("\"", arg, "\" takes no value"));
      }
      value = "false";
    } else if (!value.has_value()) {
      if (flag->IsOfType<bool>()) {
        value = "true";
      } else if (i + 1 < words.size()) {
        value = words[++i];
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("--", name, " needs a value"));
      }
    }
    std::string error;
    if (!flag->ParseFrom(*value, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, "=", *value, ": ", error));
    }
  }
  return absl::OkStatus();
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
      "[--report] -- COMMAND ARGS...";
  if (std::optional<int> done = HandleVersionOrHelp(
          argc, argv,
          {"seccomp-launch", kUsage, "runtime/seccomp_launch_main.cc"})) {
    return *done;
  }
  absl::SetProgramUsageMessage(kUsage);
  // Flags stop at the first "--"; everything after it is the command,
  // untouched (even words that look like flags).
  std::vector<char*> flag_args;
  std::vector<std::string> command;
  bool in_command = false;
  for (int i = 0; i < argc; ++i) {
    if (in_command) {
      command.push_back(argv[i]);
    } else if (i > 0 && std::string(argv[i]) == "--") {
      in_command = true;
    } else {
      flag_args.push_back(argv[i]);
    }
  }
  // Usage errors must exit 125 like every failure before exec (absl's
  // parser would exit 1), so the flags are applied here, flagfiles
  // included; only the help flags go to absl.
  std::vector<std::string> flag_words;
  for (size_t i = 1; i < flag_args.size(); ++i) {
    flag_words.push_back(flag_args[i]);
  }
  bool help = false;
  if (absl::Status s = ApplyFlags(flag_words, 0, &help); !s.ok()) {
    return Fail(s.message());
  }
  if (help) {
    absl::ParseCommandLine(static_cast<int>(flag_args.size()),
                           flag_args.data());
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
    absl::StatusOr<CapabilitySet> set = ParseCapabilityList(caps);
    if (!set.ok())
      return Fail(absl::StrCat("--caps: ", set.status().message()));
    request.caps = *set;
  }

  absl::StatusOr<LaunchPlan> plan = PlanLaunch(request);
  if (!plan.ok()) {
    Fail(plan.status().message());
    return ExitCodeFor(plan.status());
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

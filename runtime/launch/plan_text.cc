#include "runtime/launch/plan_text.h"

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace seccompc {
namespace {

std::string Basename(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string DescribePlan(const LaunchPlan& plan) {
  std::string out;
  if (plan.decision.confined()) {
    absl::StrAppendFormat(&out, "profile: %s (%s)\n",
                          plan.decision.profile_name, plan.decision.Reason());
    absl::StrAppendFormat(&out, "path: %s\n", plan.profile.source_name);
    absl::StrAppendFormat(&out, "arches: %s\n", plan.arch_names);
    absl::StrAppendFormat(&out, "capabilities: 0x%x\n", plan.caps);
    absl::StrAppendFormat(&out, "default action: %s\n", plan.default_action);
    absl::StrAppendFormat(&out, "program: %d instructions\n",
                          plan.program.size());
    absl::StrAppendFormat(&out, "kernel actions: %s\n",
                          plan.kernel.actions.ToString());
    if (plan.report) {
      out +=
          "report: a ptrace supervisor names kill and trap denials; the "
          "profile's program is installed unchanged, after a guard refusing "
          "clone(CLONE_UNTRACED) and clone3\n";
      if (plan.report_errno) {
        out += "report: ERRNO denials too, from syscall-exit stops\n";
      }
    }
  } else {
    absl::StrAppendFormat(&out, "profile: none, unfiltered (%s)\n",
                          plan.decision.Reason());
  }
  absl::StrAppendFormat(&out, "command: %s\n", absl::StrJoin(plan.argv, " "));
  absl::StrAppendFormat(&out, "exec: %s\n", plan.exec_path);
  return out;
}

std::string LaunchLogLine(const LaunchPlan& plan) {
  const std::string command = Basename(plan.argv.empty() ? "" : plan.argv[0]);
  if (!plan.decision.confined()) {
    return absl::StrFormat("seccomp-launch: no filter (%s); exec %s",
                           plan.decision.Reason(), command);
  }
  return absl::StrFormat(
      "seccomp-launch: profile %s (%s) for %s, %d instructions%s; exec %s",
      plan.decision.profile_name, plan.decision.Reason(), plan.arch_names,
      plan.program.size(), plan.report ? ", reporting" : "", command);
}

}  // namespace seccompc

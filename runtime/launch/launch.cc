#include "runtime/launch/launch.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/arch/arch.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/model/target.h"
#include "compiler/util/status_macros.h"
#include "runtime/cache/compile_cache.h"
#include "runtime/cache/program_cache.h"
#include "runtime/install/install.h"
#include "runtime/install/notify_agent.h"
#include "runtime/install/process_state.h"
#include "runtime/launch/config_dir.h"
#include "runtime/launch/path_lookup.h"
#include "runtime/launch/report.h"

extern char** environ;

namespace seccompc {
namespace {

// Everything the cached (unfitted) program and its facts depend on besides
// the compile options and this binary (CompileCacheKey). The kernel's
// actions are not in it: FitProgramToKernel runs after the lookup, as after
// a compile. The missing-action policy is in it anyway, so that no entry
// ever crosses it.
std::string LaunchCacheKey(const std::string& profile_text,
                           const CompileOptions& o,
                           const LaunchRequest& request) {
  return CompileCacheKey(
      "seccomp-launch", o,
      {{"missing_action",
        absl::StrCat(static_cast<int>(request.missing_action))}},
      "profile", profile_text);
}

// "x86_64+x86+x32": the policy's arches, as --print and the log line name
// them.
std::string ArchNames(const Policy& policy) {
  std::vector<std::string> names;
  for (const ArchPolicy& a : policy.arches) {
    names.push_back(LowercaseArchName(*a.arch));
  }
  return absl::StrJoin(names, "+");
}

// The facts stored with a launch's program: "ARCH_NAMES\nDEFAULT_ACTION".
bool ParseLaunchFacts(const std::string& facts, LaunchPlan* plan) {
  const size_t newline = facts.find('\n');
  if (newline == std::string::npos || newline == 0 ||
      newline + 1 == facts.size() ||
      facts.find('\n', newline + 1) != std::string::npos) {
    return false;
  }
  plan->arch_names = facts.substr(0, newline);
  plan->default_action = facts.substr(newline + 1);
  return true;
}

// OK when the task can change nothing a cache owned by `owner` holds: the
// folder and those above it may be changed only by root and its owner
// (CheckProgramCacheDir), so the task must run as neither (real, effective
// or saved uid: exec keeps them) and hold no capability after exec (no
// CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_CHOWN, CAP_SETUID, CAP_SYS_ADMIN, ...;
// no_new_privs keeps exec from adding any).
absl::Status CheckTaskCannotChangeCache(uid_t owner) {
  uid_t uids[3];
  if (getresuid(&uids[0], &uids[1], &uids[2]) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("getresuid: ", std::strerror(errno)));
  }
  for (uid_t uid : uids) {
    if (uid == 0 || uid == owner) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the task would run as uid ", uid,
          ", which can change the cache (its folder belongs to uid ", owner,
          ", the folders above it to root or that uid); give the cache a "
          "uid no task runs as"));
    }
  }
  absl::StatusOr<CapabilitySet> caps = CapabilitiesAfterExec();
  if (!caps.ok()) return caps.status();
  if (*caps != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the task would hold capabilities (0x", absl::Hex(*caps),
                     ") after exec, which can change any cache"));
  }
  return absl::OkStatus();
}

// The owner of --cache_dir when nothing the task can do changes what a
// later launch installs from it; else why the cache is not used. The
// launcher runs as the task's uid, so a task's launch only reads the
// cache; it is filled by its owner with --print, where no task runs.
absl::StatusOr<uid_t> TrustedCacheOwner(const LaunchRequest& request) {
  if (BinaryIdentity() == "unknown") {
    return absl::FailedPreconditionError(
        "this binary's identity (/proc/self/exe) cannot be read");
  }
  // Only --print stores (below), so only it creates the folder: 0755, so
  // that launches of other uids can read what the owner fills in (programs
  // are no secret: the task may read its profile).
  if (request.print_only) {
    mkdir(request.cache_dir.c_str(), 0755);  // EEXIST is fine; checked next
  }
  absl::StatusOr<uid_t> owner = CheckProgramCacheDir(request.cache_dir);
  if (!owner.ok() || request.print_only) return owner;
  if (absl::Status s = CheckTaskCannotChangeCache(*owner); !s.ok()) return s;
  return owner;
}

// Errors before the command lookup are all "launch failed" (125), whatever
// their status code; only FindExecutable's codes map to 126/127.
absl::Status LaunchError(const absl::Status& status) {
  return absl::FailedPreconditionError(status.message());
}

// The Mesos decision (DecideSeccomp) and how the task is supervised.
absl::Status PlanDecision(const LaunchRequest& request, LaunchPlan* plan) {
  plan->report = request.report || request.report_errno;
  plan->report_errno = request.report_errno;
  absl::StatusOr<SeccompDecision> decision =
      DecideSeccomp(request.agent, request.seccomp);
  if (!decision.ok()) return LaunchError(decision.status());
  plan->decision = *decision;
  return absl::OkStatus();
}

// The command, from the command line or the task definition.
absl::Status TakeCommand(const LaunchRequest& request, LaunchPlan* plan) {
  if (request.command.empty()) {
    return absl::FailedPreconditionError(
        "no command: give one after -- or in the app definition");
  }
  plan->argv = request.command;
  return absl::OkStatus();
}

// This host's target, with the request's capabilities, else those the
// task will hold after exec.
absl::StatusOr<Target> LaunchTarget(const LaunchRequest& request) {
  if (request.caps.has_value()) {
    TargetText text;
    text.caps = request.caps;
    absl::StatusOr<Target> target = ParseHostTarget(text);
    if (!target.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("--caps: ", target.status().message()));
    }
    return target;
  }
  absl::StatusOr<CapabilitySet> caps = CapabilitiesAfterExec();
  if (!caps.ok()) return LaunchError(caps.status());
  absl::StatusOr<Target> target = HostTarget(*caps);
  if (!target.ok()) return LaunchError(target.status());
  return target;
}

ConfigDirOptions ConfigDirOptionsFor(const LaunchRequest& request) {
  ConfigDirOptions options;
  options.allow_insecure = request.allow_insecure_config_dir;
  return options;
}

// Mesos parses the default profile when the agent starts and refuses to
// start with a bad one, so no task runs at all then; the same here, even
// for tasks that would not use it. The profile the task uses is checked by
// its own compile, so it is not read twice.
absl::Status CheckAgentDefaultProfile(const LaunchRequest& request,
                                      const SeccompDecision& decision) {
  const std::string& name = request.agent.default_profile_name;
  if (name.empty() || decision.profile_name == name) return absl::OkStatus();
  absl::StatusOr<ConfigProfile> profile = ReadConfigProfile(
      request.agent.config_dir, name, ConfigDirOptionsFor(request));
  if (!profile.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "agent default profile: ", std::string(profile.status().message())));
  }
  absl::StatusOr<ParsedProfile> parsed =
      ParseProfile(profile->text, profile->path);
  if (!parsed.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "agent default profile: ", std::string(parsed.status().message())));
  }
  return absl::OkStatus();
}

// The compile options for this host. The profile is parsed first because
// its listenerPath decides them: NOTIFY then goes to the agent (ExecPlan
// hands it the listener), which --report cannot share, as it needs the one
// listener a filter has for itself.
absl::StatusOr<CompileOptions> LaunchCompileOptions(
    const LaunchRequest& request, const Target& target,
    const ConfigProfile& profile, const ParsedProfile& parsed) {
  CompileOptions options;
  options.target = target;
  options.enosys = request.enosys;
  if (parsed.profile.listener_path.empty()) return options;
  if (request.report) {
    return absl::FailedPreconditionError(
        absl::StrCat(profile.path,
                     ": listenerPath and --report both need the "
                     "filter's one listener"));
  }
  options.resolve.notify_listener = true;
  return options;
}

// The owner of --cache_dir when the cache may serve this launch, else
// nullopt with why not in plan->cache_note. Any trouble with the cache
// means a compile, never a failed launch.
std::optional<uid_t> UsableCacheOwner(const LaunchRequest& request,
                                      LaunchPlan* plan) {
  if (request.cache_dir.empty() || plan->report) return std::nullopt;
  absl::StatusOr<uid_t> owner = TrustedCacheOwner(request);
  if (owner.ok()) return *owner;
  plan->cache_note =
      absl::StrCat("--cache_dir ", request.cache_dir,
                   " not used: ", std::string(owner.status().message()));
  return std::nullopt;
}

// How CompileWithCache uses --cache_dir: the entry for this profile text,
// options and request, whose facts (arch names, default action) a hit
// writes into *plan. No cache (an empty use) without a usable owner.
ProgramCacheUse LaunchCacheUse(const LaunchRequest& request,
                               const ConfigProfile& profile,
                               const CompileOptions& options,
                               LaunchPlan* plan) {
  ProgramCacheUse use;
  const std::optional<uid_t> owner = UsableCacheOwner(request, plan);
  if (!owner.has_value()) return use;
  use.dir = request.cache_dir;
  use.key = LaunchCacheKey(profile.text, options, request);
  use.owner = *owner;
  // A store that fails only costs the next launch a compile.
  if (geteuid() != *owner) {
    use.no_store =
        absl::StrCat("not stored: the folder belongs to uid ", *owner,
                     ", this launcher runs as uid ", geteuid(),
                     " (its owner fills it with --print)");
  }
  use.accept = [plan](const CachedProgram& hit) {
    return ParseLaunchFacts(hit.facts, plan);
  };
  use.facts = [](const CompiledFilter& f) {
    return absl::StrCat(ArchNames(f.policy), "\n",
                        f.policy.default_action.ToString());
  };
  return use;
}

// The program (cached or compiled) and what --print says about it.
void TakeProgram(CacheableCompile got, LaunchPlan* plan) {
  if (got.hit) {
    plan->profile = std::move(got.profile);
    plan->program = std::move(got.hit->program);
    plan->from_cache = true;
    plan->cache_hit_meaning = std::move(got.hit_meaning);
    return;
  }
  plan->filter = *std::move(got.compiled);
  plan->profile = std::move(plan->filter->profile);
  plan->default_action = plan->filter->policy.default_action.ToString();
  plan->arch_names = ArchNames(plan->filter->policy);
  plan->program = std::move(plan->filter->program);
  if (!got.note.empty()) {
    plan->cache_note = absl::StrCat("--cache_dir: ", got.note);
  }
}

// The program of the decided profile, compiled for this host or taken
// from --cache_dir; returns the options it was compiled with.
absl::StatusOr<CompileOptions> PlanProgram(const LaunchRequest& request,
                                           const Target& target,
                                           LaunchPlan* plan) {
  absl::StatusOr<ConfigProfile> profile =
      ReadConfigProfile(request.agent.config_dir, plan->decision.profile_name,
                        ConfigDirOptionsFor(request));
  if (!profile.ok()) return LaunchError(profile.status());
  // Parsed once: the options depend on it, then the compile (or, on a
  // cache hit, the install) uses the same parse.
  absl::StatusOr<ParsedProfile> parsed =
      ParseProfile(profile->text, profile->path, CompileOptions().limits);
  if (!parsed.ok()) return LaunchError(parsed.status());
  absl::StatusOr<CompileOptions> options =
      LaunchCompileOptions(request, target, *profile, *parsed);
  if (!options.ok()) return options.status();
  const ProgramCacheUse use = LaunchCacheUse(request, *profile, *options, plan);
  absl::StatusOr<CacheableCompile> got =
      CompileWithCache(*std::move(parsed), *options, use);
  if (!got.ok()) return LaunchError(got.status());
  TakeProgram(*std::move(got), plan);
  return options;
}

// --report: the supervisor's needs are there, and the guard that keeps
// every process of the task traced is compiled.
absl::Status PlanReportGuard(const CompileOptions& options, LaunchPlan* plan) {
  if (absl::Status s = ProbeReportSupport(); !s.ok()) return LaunchError(s);
  absl::StatusOr<CompiledFilter> guard = CompileProfileText(
      ReportGuardProfile(options.target.native), "--report guard", options);
  if (!guard.ok()) return LaunchError(guard.status());
  plan->report_guard = guard->program;
  return absl::OkStatus();
}

// The program rewritten for the actions this kernel has
// (request.missing_action says how).
absl::Status FitToKernel(const LaunchRequest& request, LaunchPlan* plan) {
  absl::StatusOr<FittedProgram> fitted = FitProgramToKernel(
      plan->program, plan->kernel.actions, request.missing_action);
  if (!fitted.ok()) return LaunchError(fitted.status());
  plan->program = std::move(fitted->program);
  return absl::OkStatus();
}

// Everything a confined launch installs: the program, this kernel's
// support, the --report guard, the program fitted to the kernel.
absl::Status PlanFilter(const LaunchRequest& request, const Target& target,
                        LaunchPlan* plan) {
  absl::StatusOr<CompileOptions> options = PlanProgram(request, target, plan);
  if (!options.ok()) return options.status();
  absl::StatusOr<KernelSupport> kernel = ProbeKernelSupport();
  if (!kernel.ok()) return LaunchError(kernel.status());
  plan->kernel = *kernel;
  if (plan->report) {
    SECCOMPC_RETURN_IF_ERROR(PlanReportGuard(*options, plan));
  }
  return FitToKernel(request, plan);
}

// argv[0] resolved like execvp; its NotFound and PermissionDenied are the
// exit codes 127 and 126.
absl::Status ResolveCommand(const LaunchRequest& request, LaunchPlan* plan) {
  absl::StatusOr<std::string> exec_path =
      FindExecutable(plan->argv[0], request.path_env);
  if (!exec_path.ok()) return exec_path.status();
  plan->exec_path = *exec_path;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SeccompDecision> DecideSeccomp(
    const AgentConfig& agent, const std::optional<SeccompSetting>& task) {
  SeccompDecision d;
  if (!task.has_value()) {
    if (agent.default_profile_name.empty()) {
      d.why = SeccompDecision::Why::kNoDefault;
    } else {
      d.why = SeccompDecision::Why::kAgentDefault;
      d.profile_name = agent.default_profile_name;
    }
    return d;
  }
  const bool unconfined = task->unconfined.value_or(false);
  const bool named = task->profile_name.has_value();
  if (unconfined && named) return absl::InvalidArgumentError(kBothSetMessage);
  if (!unconfined && !named) {
    return absl::InvalidArgumentError(kNeitherSetMessage);
  }
  if (unconfined) {
    d.why = SeccompDecision::Why::kTaskUnconfined;
  } else {
    d.why = SeccompDecision::Why::kTaskProfile;
    d.profile_name = *task->profile_name;
  }
  return d;
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return 0;
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kPermissionDenied:
      return kExitCannotExecute;
    default:
      return kExitLaunchFailed;
  }
}

absl::StatusOr<LaunchPlan> PlanLaunch(const LaunchRequest& request) {
  LaunchPlan plan;
  SECCOMPC_RETURN_IF_ERROR(PlanDecision(request, &plan));
  SECCOMPC_RETURN_IF_ERROR(TakeCommand(request, &plan));
  SECCOMPC_ASSIGN_OR_RETURN(const Target target, LaunchTarget(request));
  plan.caps = target.caps;
  SECCOMPC_RETURN_IF_ERROR(CheckAgentDefaultProfile(request, plan.decision));
  if (plan.decision.confined()) {
    SECCOMPC_RETURN_IF_ERROR(PlanFilter(request, target, &plan));
  }
  SECCOMPC_RETURN_IF_ERROR(ResolveCommand(request, &plan));
  return plan;
}

}  // namespace seccompc

// seccompc: compile seccomp profiles (Docker/OCI JSON) into classic BPF.
//
//   seccompc check PROFILE [--arch A,...] [--caps ...] [--kernel X.Y]
//                  [--strict]
//
// Exit status: 0 valid, 1 invalid profile (or failed compile), 2 usage.
#include <sys/utsname.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/model/policy.h"

ABSL_FLAG(std::string, arch, "",
          "comma-separated target arches, the first one native (default: "
          "this machine's arch plus its archMap sub-arches)");
ABSL_FLAG(std::string, caps, "docker",
          "capabilities the task holds: CAP_X,CAP_Y or none|docker|all");
ABSL_FLAG(std::string, kernel, "",
          "kernel version MAJOR.MINOR for minKernel (default: running kernel)");
ABSL_FLAG(bool, strict, false, "unknown syscall names are errors");

namespace seccompc {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitUsage = 2;

constexpr char kUsage[] =
    "usage: seccompc check PROFILE [--arch A,...] [--caps LIST] "
    "[--kernel X.Y] [--strict]";

int UsageError(const std::string& message) {
  std::fprintf(stderr, "seccompc: %s\n%s\n", message.c_str(), kUsage);
  return kExitUsage;
}

// The target from the command line; usage errors as InvalidArgument.
absl::StatusOr<Target> TargetFromFlags() {
  Target target;
  target.native = NativeArch().id;
  if (const std::string arch = absl::GetFlag(FLAGS_arch); !arch.empty()) {
    absl::StatusOr<std::vector<ArchId>> arches = ParseArchList(arch);
    if (!arches.ok()) return arches.status();
    target.arches = *arches;
    target.native = target.arches.front();
  }
  absl::StatusOr<CapabilitySet> caps =
      ParseCapabilityList(absl::GetFlag(FLAGS_caps));
  if (!caps.ok()) return caps.status();
  target.caps = *caps;
  std::string kernel = absl::GetFlag(FLAGS_kernel);
  if (kernel.empty()) {
    struct utsname u;
    if (uname(&u) != 0) return absl::InternalError("uname failed");
    kernel = u.release;
  }
  absl::StatusOr<KernelVersion> kv = ParseKernelRelease(kernel);
  if (!kv.ok()) return kv.status();
  target.kernel = *kv;
  return target;
}

void PrintWarnings(const std::string& source, const Diagnostics& warnings) {
  for (const Diagnostic& d : warnings) {
    std::fprintf(
        stderr, "%s\n",
        FormatAt(source, d.location, absl::StrCat("warning: ", d.message))
            .c_str());
  }
}

// Per arch: how many syscalls of the table get each action; syscalls whose
// action depends on their arguments are counted apart.
void PrintSummary(const Policy& policy) {
  std::printf("default action: %s\n", policy.default_action.ToString().c_str());
  for (const ArchPolicy& ap : policy.arches) {
    std::map<std::string, int> counts;
    int numbers = 0;
    uint32_t last = UINT32_MAX;
    for (const SyscallDef& def : ap.arch->syscalls) {
      if (def.nr == last) continue;  // aliases share a number
      last = def.nr;
      ++numbers;
      auto it = ap.syscalls.find(def.nr);
      if (it == ap.syscalls.end()) {
        ++counts[policy.default_action.ToString()];
        continue;
      }
      // The decision is argument-free when the rule that would win over
      // all others has no conditions.
      const PolicyRule* top = &it->second.front();
      for (const PolicyRule& r : it->second) {
        if (TakesPrecedence(r.action.kind, top->action.kind) ||
            (r.action.kind == top->action.kind &&
             r.entry_index < top->entry_index)) {
          top = &r;
        }
      }
      if (top->conditions.empty()) {
        ++counts[top->action.ToString()];
      } else {
        ++counts["depends on arguments"];
      }
    }
    std::vector<std::string> parts;
    for (const auto& [action, n] : counts) {
      parts.push_back(absl::StrCat(action, " ", n));
    }
    std::printf("%s (%s): %d syscalls: %s\n",
                std::string(ap.arch->short_name).c_str(),
                std::string(ap.arch->scmp_name).c_str(), numbers,
                absl::StrJoin(parts, ", ").c_str());
  }
}

int Check(const std::vector<std::string>& args) {
  if (args.size() != 1) return UsageError("check takes one PROFILE");
  absl::StatusOr<Target> target = TargetFromFlags();
  if (!target.ok()) return UsageError(std::string(target.status().message()));
  absl::StatusOr<ParsedProfile> parsed = ParseProfileFile(args[0]);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(parsed.status().message()).c_str());
    return kExitInvalid;
  }
  PrintWarnings(args[0], parsed->warnings);
  ResolveOptions options;
  options.strict = absl::GetFlag(FLAGS_strict);
  absl::StatusOr<Resolution> resolved =
      Resolve(parsed->profile, *target, options);
  if (!resolved.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(resolved.status().message()).c_str());
    return kExitInvalid;
  }
  PrintWarnings(args[0], resolved->warnings);
  std::printf("%s: valid\n", args[0].c_str());
  PrintSummary(resolved->policy);
  return kExitOk;
}

// absl exits with status 1 on an unknown flag; usage errors here are 2.
bool AllFlagsKnown(int argc, char** argv, std::string* unknown) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-') continue;
    a = a.substr(a[1] == '-' ? 2 : 1);
    a = a.substr(0, a.find('='));
    if (a.rfind("no", 0) == 0 && absl::FindCommandLineFlag(a.substr(2))) {
      continue;
    }
    if (absl::FindCommandLineFlag(a) == nullptr && a != "help" &&
        a != "helpfull") {
      *unknown = argv[i];
      return false;
    }
  }
  return true;
}

int Main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::string unknown;
  if (!AllFlagsKnown(argc, argv, &unknown)) {
    return UsageError(absl::StrCat("unknown option ", unknown));
  }
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() < 2) return UsageError("missing command");
  const std::string command = rest[1];
  std::vector<std::string> args(rest.begin() + 2, rest.end());
  if (command == "check") return Check(args);
  return UsageError(absl::StrCat("unknown command \"", command, "\""));
}

}  // namespace
}  // namespace seccompc

int main(int argc, char** argv) { return seccompc::Main(argc, argv); }

#include "compiler/cli/diff.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "compiler/analysis/profile_diff.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/util/status_macros.h"

namespace seccompc::cli {
namespace {

using json = nlohmann::json;
constexpr int kExitDiffer = 1;
constexpr int kExitError = 2;
constexpr size_t kRegionsShown = 8;  // per syscall in text output

struct Side {
  ParsedProfile parsed;
  Policy policy;
};

absl::StatusOr<Side> Load(const std::string& path, const Target& target,
                          bool strict) {
  SECCOMPC_ASSIGN_OR_RETURN(ParsedProfile parsed, ParseProfileFile(path));
  // The order lint warns about how libseccomp would read a profile, not
  // about its meaning; under --strict its warnings are errors, so it runs.
  SECCOMPC_ASSIGN_OR_RETURN(
      Resolution resolved,
      Resolve(parsed.profile, target, {.lint_order = strict}));
  Diagnostics all = parsed.warnings;
  all.insert(all.end(), resolved.warnings.begin(), resolved.warnings.end());
  if (strict) SECCOMPC_RETURN_IF_ERROR(StrictError(path, all));
  PrintWarnings(path, all);
  return Side{std::move(parsed), std::move(resolved.policy)};
}

std::string NameOf(const SyscallChange& s) {
  return s.name.empty() ? absl::StrCat("#", s.nr) : s.name;
}

json ResponsibleJson(const Responsible& r) {
  json j;
  j["what"] = r.what;
  if (r.entry_index >= 0) {
    j["entry"] = r.entry_index;
    j["line"] = r.line;
  }
  return j;
}

json ToJson(const ProfileDiff& diff, const std::string& old_path,
            const std::string& new_path) {
  json out;
  out["old"] = old_path;
  out["new"] = new_path;
  out["equal"] = diff.equal();
  out["arches"] = json::array();
  for (const ArchDiff& a : diff.arches) {
    json ja;
    ja["arch"] = std::string(a.arch->short_name);
    ja["in_old"] = a.in_old;
    ja["in_new"] = a.in_new;
    if (a.other_numbers_change) {
      ja["numbers_outside_the_table"] = {{"old", a.other_old.ToString()},
                                         {"new", a.other_new.ToString()}};
    }
    ja["syscalls"] = json::array();
    for (const SyscallChange& s : a.syscalls) {
      json js;
      js["name"] = s.name;
      js["nr"] = s.nr;
      js["argument_free"] = s.argument_free;
      if (s.undecided) js["undecided"] = true;
      js["regions"] = json::array();
      for (const RegionChange& r : s.regions) {
        js["regions"].push_back({{"args", r.description},
                                 {"old", r.old_action.ToString()},
                                 {"new", r.new_action.ToString()},
                                 {"old_by", ResponsibleJson(r.old_by)},
                                 {"new_by", ResponsibleJson(r.new_by)}});
      }
      ja["syscalls"].push_back(std::move(js));
    }
    out["arches"].push_back(std::move(ja));
  }
  return out;
}

void PrintText(const ProfileDiff& diff, const std::string& old_path,
               const std::string& new_path) {
  if (diff.equal()) {
    std::printf("%s and %s have the same meaning\n", old_path.c_str(),
                new_path.c_str());
    return;
  }
  std::printf("--- %s\n+++ %s\n", old_path.c_str(), new_path.c_str());
  for (const ArchDiff& a : diff.arches) {
    const std::string arch(a.arch->short_name);
    if (!a.in_old || !a.in_new) {
      std::printf("%s: %s\n", arch.c_str(),
                  a.in_old ? "only in the old filter (new: KILL_PROCESS)"
                           : "only in the new filter (old: KILL_PROCESS)");
      continue;
    }
    std::printf("%s: %zu syscall(s) change\n", arch.c_str(), a.syscalls.size());
    for (const SyscallChange& s : a.syscalls) {
      if (s.undecided) {
        std::printf(
            "  %s: may change (conditions too complex to compare "
            "exactly)\n",
            NameOf(s).c_str());
        continue;
      }
      if (s.argument_free) {
        const RegionChange& r = s.regions.front();
        std::printf("  %s: %s -> %s  [old: %s; new: %s]\n", NameOf(s).c_str(),
                    r.old_action.ToString().c_str(),
                    r.new_action.ToString().c_str(), r.old_by.what.c_str(),
                    r.new_by.what.c_str());
        continue;
      }
      std::printf("  %s: depends on arguments, %zu region(s) change\n",
                  NameOf(s).c_str(), s.regions.size());
      for (size_t i = 0; i < s.regions.size() && i < kRegionsShown; ++i) {
        const RegionChange& r = s.regions[i];
        std::printf("    %s: %s -> %s  [old: %s; new: %s]\n",
                    r.description.c_str(), r.old_action.ToString().c_str(),
                    r.new_action.ToString().c_str(), r.old_by.what.c_str(),
                    r.new_by.what.c_str());
      }
      if (s.regions.size() > kRegionsShown) {
        std::printf("    ... %zu more region(s) (--json lists all)\n",
                    s.regions.size() - kRegionsShown);
      }
    }
    if (a.other_numbers_change) {
      std::printf("  numbers outside the table: %s -> %s\n",
                  a.other_old.ToString().c_str(),
                  a.other_new.ToString().c_str());
    }
  }
}

}  // namespace

int RunDiff(const std::vector<std::string>& args, const DiffFlags& flags) {
  if (args.size() != 2) return Fail(kExitError, "diff takes OLD and NEW");
  absl::StatusOr<Target> target = ParseHostTarget(TargetTextOf(flags.target));
  if (!target.ok()) return Fail(kExitError, target.status().message());
  absl::StatusOr<Side> old_side = Load(args[0], *target, flags.target.strict);
  if (!old_side.ok()) return Fail(kExitError, old_side.status().message());
  absl::StatusOr<Side> new_side = Load(args[1], *target, flags.target.strict);
  if (!new_side.ok()) return Fail(kExitError, new_side.status().message());
  const ProfileDiff diff =
      DiffPolicies(old_side->parsed.profile, old_side->policy,
                   new_side->parsed.profile, new_side->policy);
  if (flags.json) {
    std::printf("%s\n", ToJson(diff, args[0], args[1]).dump(2).c_str());
  } else {
    PrintText(diff, args[0], args[1]);
  }
  return diff.equal() ? kExitOk : kExitDiffer;
}

}  // namespace seccompc::cli

#include "compiler/cli/resolve_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "compiler/arch/arch.h"
#include "compiler/compile.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/util/status_macros.h"

namespace seccompc::cli {
namespace {

// Key order as written: the output reads like its input.
using Json = nlohmann::ordered_json;

// linux.seccomp's keys in the OCI runtime spec (config-linux.md), top level
// and per syscall entry; Docker's format adds archMap and, per entry,
// comment, includes and excludes.
constexpr const char* kOciTopKeys[] = {
    "defaultAction", "defaultErrnoRet",  "architectures", "flags",
    "listenerPath",  "listenerMetadata", "syscalls"};
constexpr const char* kOciEntryKeys[] = {"names", "action", "errnoRet", "args"};

// The entry index of a parsed entry ("syscalls[12]" -> 12).
absl::StatusOr<size_t> EntryIndex(const SyscallEntry& entry) {
  const std::string& path = entry.location.json_path;
  size_t index = 0;
  const std::string prefix = "syscalls[";
  if (path.rfind(prefix, 0) != 0 || path.back() != ']' ||
      !absl::SimpleAtoi(
          path.substr(prefix.size(), path.size() - prefix.size() - 1),
          &index)) {
    return absl::InternalError(
        absl::StrCat("unexpected location of an entry: ", path));
  }
  return index;
}

absl::StatusOr<std::string> Flatten(const std::string& path,
                                    const ResolveFlags& flags) {
  SECCOMPC_ASSIGN_OR_RETURN(ParsedProfile parsed, ParseProfileFile(path));
  SECCOMPC_ASSIGN_OR_RETURN(Target target,
                            ParseHostTarget(TargetTextOf(flags.target)));
  // Resolving checks what a compile would (arch set, names under
  // --strict) and yields its warnings, which go to stderr as for compile.
  SECCOMPC_ASSIGN_OR_RETURN(
      Resolution resolution,
      Resolve(parsed.profile, target, {.strict = flags.target.strict}));
  Diagnostics warnings = parsed.warnings;
  warnings.insert(warnings.end(), resolution.warnings.begin(),
                  resolution.warnings.end());
  if (flags.target.strict) {
    SECCOMPC_RETURN_IF_ERROR(StrictError(path, warnings));
  }
  PrintWarnings(path, warnings);
  SECCOMPC_ASSIGN_OR_RETURN(std::vector<ArchId> arches,
                            TargetArches(parsed.profile, target));

  // The parser has validated the text; the raw JSON keeps every value as
  // written (names, spelling of actions and operators, numbers).
  SECCOMPC_ASSIGN_OR_RETURN(std::string text,
                            ReadInput(path, JsonLimits{}.max_bytes));
  const Json in = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!in.is_object()) {
    return absl::InternalError(absl::StrCat(path, ": not a JSON object"));
  }
  const bool oci = flags.format == "oci";
  auto kept = [&](const std::string& key, const auto& oci_keys) {
    if (!oci) return true;
    for (const char* k : oci_keys) {
      if (key == k) return true;
    }
    return false;
  };

  Json out = Json::object();
  for (const auto& [key, value] : in.items()) {
    if (key == "archMap" || key == "architectures" || key == "syscalls") {
      continue;
    }
    if (kept(key, kOciTopKeys)) out[key] = value;
  }
  Json arch_names = Json::array();
  for (ArchId a : arches) {
    arch_names.push_back(std::string(GetArch(a).scmp_name));
  }
  out["architectures"] = std::move(arch_names);

  Json syscalls = Json::array();
  const Json& entries = in.contains("syscalls") ? in["syscalls"] : Json{};
  for (const SyscallEntry& entry : parsed.profile.syscalls) {
    if (!EntryApplies(entry, target)) continue;
    SECCOMPC_ASSIGN_OR_RETURN(size_t index, EntryIndex(entry));
    if (!entries.is_array() || index >= entries.size()) {
      return absl::InternalError(
          absl::StrCat("no entry at ", entry.location.json_path));
    }
    Json flat = Json::object();
    for (const auto& [key, value] : entries[index].items()) {
      if (key == "includes" || key == "excludes") continue;
      // Docker's older single "name" becomes the "names" both formats read.
      if (key == "name") {
        flat["names"] = Json::array({value});
        continue;
      }
      if (kept(key, kOciEntryKeys)) flat[key] = value;
    }
    syscalls.push_back(std::move(flat));
  }
  out["syscalls"] = std::move(syscalls);
  return out.dump(2) + "\n";
}

}  // namespace

int RunResolve(const std::vector<std::string>& args,
               const ResolveFlags& flags) {
  if (args.size() != 1) {
    return Fail(kExitUsage, "resolve takes one PROFILE");
  }
  if (flags.format != "oci" && flags.format != "docker") {
    return Fail(kExitUsage,
                absl::StrCat("resolve: --format oci or docker, not \"",
                             flags.format, "\""));
  }
  absl::StatusOr<std::string> text = Flatten(args[0], flags);
  if (!text.ok()) {
    return Fail(text.status().code() == absl::StatusCode::kInvalidArgument ||
                        text.status().code() == absl::StatusCode::kNotFound
                    ? kExitInvalid
                    : kExitUsage,
                text.status().message());
  }
  if (absl::Status s = WriteOutput(flags.output, *text); !s.ok()) {
    return Fail(kExitInvalid, s.message());
  }
  return kExitOk;
}

}  // namespace seccompc::cli

#include "runtime/oci_runtime.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "compiler/bpf/disasm.h"
#include "compiler/compile.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/model/capabilities.h"
#include "compiler/util/read_file.h"
#include "compiler/util/replace_file.h"
#include "compiler/util/status_macros.h"
#include "nlohmann/json.hpp"
#include "runtime/program_cache.h"

namespace seccompc {
namespace {

using ordered_json = nlohmann::ordered_json;

// config.json of a real bundle is a few KiB; profiles inside it tens.
constexpr size_t kMaxConfigBytes = 16 << 20;

// Global flags of runc and crun that take a value (`--root DIR` or
// `--root=DIR`).
bool GlobalFlagTakesValue(const std::string& name) {
  return name == "--root" || name == "--log" || name == "--log-format" ||
         name == "--log-level" || name == "--criu" || name == "--rootless" ||
         name == "--cgroup-manager";
}

// The arches a filter covers on `native` when the profile lists none: what
// Docker's archMap gives the native arch (x86_64: i386 and x32, ...).
std::vector<ArchId> UsualSubArches(ArchId native) {
  switch (native) {
    case ArchId::kX86_64:
      return {ArchId::kX86, ArchId::kX32};
    case ArchId::kAarch64:
      return {ArchId::kArm};
    case ArchId::kMips64:
      return {ArchId::kMips64N32, ArchId::kMips};
    case ArchId::kMipsel64:
      return {ArchId::kMipsel64N32, ArchId::kMipsel};
    case ArchId::kS390x:
      return {ArchId::kS390};
    case ArchId::kPpc64:
      return {ArchId::kPpc};
    default:
      return {};
  }
}

absl::StatusOr<bool> ParseBool(const std::string& value,
                               const std::string& what) {
  const std::string v = absl::AsciiStrToLower(value);
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": expected true or false, got \"", value, "\""));
}

// The capability set the profile is resolved for: the container's bounding
// set (names seccompc does not know cannot appear in includes either).
CapabilitySet BoundingSet(const ordered_json& config) {
  CapabilitySet caps = 0;
  const auto process = config.find("process");
  if (process == config.end() || !process->is_object()) return caps;
  const auto capabilities = process->find("capabilities");
  if (capabilities == process->end() || !capabilities->is_object()) {
    return caps;
  }
  const auto bounding = capabilities->find("bounding");
  if (bounding == capabilities->end() || !bounding->is_array()) return caps;
  for (const ordered_json& name : *bounding) {
    if (!name.is_string()) continue;
    if (std::optional<int> cap = CapabilityFromName(name.get<std::string>())) {
      caps |= CapabilitySet{1} << *cap;
    }
  }
  return caps;
}

// Everything the program depends on, besides this binary (the key's
// first line, program_cache.h).
std::string CacheKey(const ordered_json& seccomp, const CompileOptions& o) {
  CacheKeyParts parts = CompileOptionsKeyParts(o);
  parts.emplace_back(
      "seccomp",
      seccomp.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
  return ProgramCacheKey("seccompc-runtime", parts);
}

}  // namespace

absl::StatusOr<RuntimeInvocation> ParseRuntimeArgs(
    const std::vector<std::string>& args) {
  RuntimeInvocation out;
  out.log_format = "text";
  size_t i = 0;
  // Global flags, up to the command.
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.empty() || a[0] != '-') break;
    const size_t eq = a.find('=');
    const std::string name = a.substr(0, eq);
    if (!GlobalFlagTakesValue(name)) continue;  // --debug, --systemd-cgroup
    std::string value;
    if (eq != std::string::npos) {
      value = a.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("global flag ", name, " needs a value"));
    }
    if (name == "--log") out.log_path = value;
    if (name == "--log-format") out.log_format = value;
  }
  if (i == args.size()) return out;  // --version, --help, nothing
  out.command = args[i++];
  if (out.command != "create" && out.command != "run") return out;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--bundle" || a == "-b") {
      if (i + 1 == args.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat(out.command, ": ", a, " needs a folder"));
      }
      out.bundle = args[++i];
    } else if (absl::StartsWith(a, "--bundle=")) {
      out.bundle = a.substr(9);
    } else if (absl::StartsWith(a, "-b=")) {
      out.bundle = a.substr(3);
    }
  }
  if (out.bundle.empty()) out.bundle = ".";
  return out;
}

absl::StatusOr<RuntimeConfig> ParseRuntimeConfig(const std::string& text,
                                                 const std::string& source,
                                                 RuntimeConfig base) {
  RuntimeConfig config = std::move(base);
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    const std::string where = absl::StrCat(source, ":", line_number);
    if (eq == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": expected key = value, got \"", line, "\""));
    }
    const std::string key(absl::StripAsciiWhitespace(line.substr(0, eq)));
    const std::string value(absl::StripAsciiWhitespace(line.substr(eq + 1)));
    if (key == "delegate") {
      if (value.empty() || value[0] != '/') {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": delegate must be an absolute path"));
      }
      config.delegate = value;
    } else if (key == "cache_dir") {
      if (value == "none") {
        config.cache_dir.clear();
      } else if (value.empty() || value[0] != '/') {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": cache_dir must be an absolute path or none"));
      } else {
        config.cache_dir = value;
      }
    } else if (key == "enosys") {
      SECCOMPC_ASSIGN_OR_RETURN(const bool on, ParseBool(value, where));
      config.enosys = on ? EnosysRule::kRunc : EnosysRule::kOff;
    } else if (key == "strict") {
      SECCOMPC_ASSIGN_OR_RETURN(config.strict, ParseBool(value, where));
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": unknown key \"", key,
                       "\" (known: delegate, enosys, cache_dir, strict)"));
    }
  }
  return config;
}

absl::StatusOr<RuntimeConfig> LoadRuntimeConfig() {
  RuntimeConfig config;
  const char* named = std::getenv("SECCOMPC_RUNTIME_CONFIG");
  const std::string path = named != nullptr ? named : kDefaultRuntimeConfig;
  if (named != nullptr || access(path.c_str(), F_OK) == 0) {
    SECCOMPC_ASSIGN_OR_RETURN(const std::string text,
                              ReadFileLimited(path, 1 << 20));
    SECCOMPC_ASSIGN_OR_RETURN(config, ParseRuntimeConfig(text, path));
  }
  // The environment overrides the file, one key a variable.
  for (auto [variable, key] :
       {std::pair{"SECCOMPC_RUNTIME_DELEGATE", "delegate"},
        std::pair{"SECCOMPC_RUNTIME_CACHE_DIR", "cache_dir"}}) {
    const char* value = std::getenv(variable);
    if (value == nullptr || *value == '\0') continue;
    SECCOMPC_ASSIGN_OR_RETURN(
        config,
        ParseRuntimeConfig(absl::StrCat(key, " = ", value), variable, config));
  }
  if (const char* e = std::getenv("SECCOMPC_RUNTIME_ENOSYS"); e && *e) {
    SECCOMPC_ASSIGN_OR_RETURN(const bool on,
                              ParseBool(e, "SECCOMPC_RUNTIME_ENOSYS"));
    config.enosys = on ? EnosysRule::kRunc : EnosysRule::kOff;
  }
  if (const char* e = std::getenv("SECCOMPC_RUNTIME_STRICT"); e && *e) {
    SECCOMPC_ASSIGN_OR_RETURN(config.strict,
                              ParseBool(e, "SECCOMPC_RUNTIME_STRICT"));
  }
  return config;
}

absl::StatusOr<BundleOutcome> PrepareBundle(const std::string& bundle,
                                            const RuntimeConfig& config,
                                            Diagnostics* warnings) {
  const std::string path = absl::StrCat(bundle, "/config.json");
  SECCOMPC_ASSIGN_OR_RETURN(const std::string text,
                            ReadFileLimited(path, kMaxConfigBytes));
  ordered_json doc = ordered_json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    // The compiler's parser gives the line and column.
    SECCOMPC_RETURN_IF_ERROR(ParseProfile(text, path).status());
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a JSON object"));
  }
  const auto linux = doc.find("linux");
  if (linux == doc.end() || !linux->is_object() ||
      !linux->contains("seccomp") || (*linux)["seccomp"].is_null()) {
    return BundleOutcome::kNoSeccomp;
  }
  if (const auto a = doc.find("annotations");
      a != doc.end() && a->is_object() && a->contains(kBpfAnnotation)) {
    return BundleOutcome::kAlreadyCompiled;
  }
  const ordered_json& seccomp = (*linux)["seccomp"];

  CompileOptions options;
  SECCOMPC_ASSIGN_OR_RETURN(options.target, HostTarget(BoundingSet(doc)));
  options.target.arches = {options.target.native};
  const auto arches =
      seccomp.is_object() ? seccomp.find("architectures") : seccomp.end();
  if ((arches != seccomp.end() && arches->is_array() && !arches->empty()) ||
      (seccomp.is_object() && seccomp.contains("archMap"))) {
    // The profile's own arches; the compiler checks them.
    options.target.arches.clear();
  } else {
    for (ArchId sub : UsualSubArches(options.target.native)) {
      options.target.arches.push_back(sub);
    }
  }
  options.enosys = config.enosys;
  options.resolve.strict = config.strict;
  options.resolve.notify_listener =
      seccomp.is_object() && seccomp.contains("listenerPath") &&
      seccomp["listenerPath"].is_string() &&
      !seccomp["listenerPath"].get<std::string>().empty();
  const bool cache = UsableProgramCacheDir(config.cache_dir);
  const std::string key = cache ? CacheKey(seccomp, options) : "";
  const std::string cache_path =
      cache ? ProgramCachePath(config.cache_dir, key) : "";
  std::optional<std::string> program_b64;
  if (cache) {
    if (std::optional<CachedProgram> hit = LookUpProgram(cache_path, key)) {
      program_b64 = std::move(hit->program_b64);
    }
  }
  const bool hit = program_b64.has_value();
  if (!hit) {
    SECCOMPC_ASSIGN_OR_RETURN(const CompiledFilter compiled,
                              CompileProfileText(text, path, options));
    program_b64 = absl::Base64Escape(SerializeRawProgram(compiled.program));
    if (warnings != nullptr) *warnings = compiled.warnings;
    // A cache that cannot be written only costs the next start a compile.
    if (cache) {
      StoreProgram(cache_path, key, compiled.program).IgnoreError();
    }
  }

  ordered_json& annotations = doc["annotations"];
  if (!annotations.is_object()) {
    if (!annotations.is_null()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": annotations: expected an object"));
    }
    annotations = ordered_json::object();
  }
  annotations[kBpfAnnotation] = *program_b64;
  SECCOMPC_RETURN_IF_ERROR(ReplaceFileAtomically(path, doc.dump()));
  return hit ? BundleOutcome::kFromCache : BundleOutcome::kCompiled;
}

std::string FormatRuntimeLog(const std::string& format,
                             const std::string& message,
                             const std::string& level) {
  char stamp[64];
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct tm tm;
  gmtime_r(&now.tv_sec, &tm);
  const size_t n = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  const std::string time = absl::StrFormat("%sZ", std::string(stamp, n));
  if (format == "json") {
    ordered_json line = {{"level", level}, {"msg", message}, {"time", time}};
    return line.dump(-1, ' ', false, ordered_json::error_handler_t::replace) +
           "\n";
  }
  return absl::StrFormat(
      "time=\"%s\" level=%s msg=%s\n", time, level,
      ordered_json(message).dump(-1, ' ', false,
                                 ordered_json::error_handler_t::replace));
}

}  // namespace seccompc

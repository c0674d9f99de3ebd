#include "runtime/oci_messages.h"

#include <nlohmann/json.hpp>
#include <regex>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "compiler/util/read_file.h"
#include "compiler/version.h"

namespace seccompc {
namespace {

using ordered_json = nlohmann::ordered_json;

// Engines write config.json once; more than this is not a bundle.
constexpr size_t kMaxConfigBytes = 16u << 20;
// Names quoted from an entry before "and N more".
constexpr size_t kNamesQuoted = 6;

ordered_json ReadBundleConfig(const std::string& bundle) {
  absl::StatusOr<std::string> text =
      ReadFileLimited(absl::StrCat(bundle, "/config.json"), kMaxConfigBytes);
  if (!text.ok()) return ordered_json();
  ordered_json doc = ordered_json::parse(*text, nullptr, false);
  return doc.is_object() ? doc : ordered_json();
}

std::string Annotation(const ordered_json& doc, const char* key) {
  const auto a = doc.find("annotations");
  if (a == doc.end() || !a->is_object()) return "";
  const auto v = a->find(key);
  return v != a->end() && v->is_string() ? v->get<std::string>() : "";
}

// The entry as a person wrote it, short: names (the first few) and action.
std::string QuoteEntry(const ordered_json& entry) {
  if (!entry.is_object()) return entry.dump();
  ordered_json quoted = ordered_json::object();
  if (const auto n = entry.find("names"); n != entry.end() && n->is_array()) {
    ordered_json names = ordered_json::array();
    for (size_t i = 0; i < n->size() && i < kNamesQuoted; ++i) {
      names.push_back((*n)[i]);
    }
    if (n->size() > kNamesQuoted) {
      names.push_back(
          absl::StrCat("... and ", n->size() - kNamesQuoted, " more"));
    }
    quoted["names"] = std::move(names);
  }
  for (const char* key : {"action", "errnoRet", "args"}) {
    if (const auto v = entry.find(key); v != entry.end()) quoted[key] = *v;
  }
  return quoted.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace

RuntimeInfoRequest FindInfoRequest(const std::vector<std::string>& args,
                                   const RuntimeInvocation& call) {
  if (!call.command.empty()) return RuntimeInfoRequest::kNone;
  for (const std::string& a : args) {
    if (a == "--version" || a == "-v" || a == "-V") {
      return RuntimeInfoRequest::kVersion;
    }
    if (a == "--help" || a == "-h") return RuntimeInfoRequest::kHelp;
  }
  return RuntimeInfoRequest::kNone;
}

std::string RuntimeVersionHeader(const RuntimeConfig& config) {
  return absl::StrCat("seccompc-runtime version ", SECCOMPC_VERSION_STRING,
                      "\ncompiler: seccompc ", SECCOMPC_VERSION_STRING,
                      "\ndelegate: ", config.delegate, "\n");
}

std::string RuntimeUsage(const RuntimeConfig* config) {
  std::string text = absl::StrCat(
      "usage: seccompc-runtime [GLOBAL FLAGS] COMMAND [FLAGS] [ID]\n"
      "\n"
      "An OCI runtime with runc's command line, in front of another one (the\n"
      "delegate). create and run compile the bundle's linux.seccomp with\n"
      "seccompc into the annotation ",
      kBpfAnnotation,
      " (the delegate installs\n"
      "that program); then every command execs the delegate with the same\n"
      "arguments. A profile that cannot be compiled stops the container; the\n"
      "error goes to stderr and to --log in --log-format.\n"
      "\n"
      "Configuration: ",
      kDefaultRuntimeConfig,
      ", or the file named by\n"
      "$SECCOMPC_RUNTIME_CONFIG; one `key = value` a line, # comments:\n"
      "  delegate = PATH       the runtime to exec (default ",
      kDefaultDelegate,
      ");\n"
      "                        it must read the annotation, as crun does\n"
      "  enosys = true|false   runc's ENOSYS rule for syscalls newer than the\n"
      "                        profile (default true)\n"
      "  cache_dir = DIR|none  compiled programs, reused when the whole key\n"
      "                        matches (default ",
      kDefaultCacheDir,
      ")\n"
      "  strict = true|false   every compiler warning (say, an unknown\n"
      "                        syscall name) stops the container (default "
      "false)\n"
      "Environment, overriding the file: SECCOMPC_RUNTIME_DELEGATE,\n"
      "SECCOMPC_RUNTIME_ENOSYS=0|1, SECCOMPC_RUNTIME_CACHE_DIR,\n"
      "SECCOMPC_RUNTIME_STRICT=0|1. Warnings go to --log.\n");
  if (config != nullptr) {
    absl::StrAppend(
        &text, "\nIn effect: delegate ", config->delegate, ", enosys ",
        config->enosys == EnosysRule::kOff ? "off" : "on", ", cache ",
        config->cache_dir.empty() ? "none" : config->cache_dir, ", strict ",
        config->strict ? "on" : "off", "\n");
  }
  absl::StrAppend(&text, "\nThe delegate's help follows.\n\n");
  return text;
}

ProfileSource FindProfileSource(const std::string& bundle) {
  const ordered_json doc = ReadBundleConfig(bundle);
  ProfileSource source;
  if (doc.is_null()) return source;
  source.file = Annotation(doc, kPodmanSeccompAnnotation);
  if (!source.file.empty() && source.file[0] == '/') {
    source.description = absl::StrCat("profile ", source.file, " (podman)");
    return source;
  }
  source.file.clear();
  // containerd's CRI plugin names the container and its pod; the kubelet's
  // Localhost file itself is not passed on.
  const std::string container =
      Annotation(doc, "io.kubernetes.cri.container-name");
  if (!container.empty()) {
    source.description =
        absl::StrCat("the seccompProfile of container ", container, " of pod ",
                     Annotation(doc, "io.kubernetes.cri.sandbox-namespace"),
                     "/", Annotation(doc, "io.kubernetes.cri.sandbox-name"));
  }
  return source;
}

std::string ExplainProfileError(const std::string& bundle,
                                absl::string_view error) {
  const std::vector<absl::string_view> lines = absl::StrSplit(error, '\n');
  // "CONFIG.json:LINE:COL: linux.seccomp.PATH: MESSAGE"
  static const std::regex kLine(
      R"(^(.*config\.json):([0-9]+):([0-9]+): (linux\.seccomp[^ :]*): (.*)$)");
  std::smatch m;
  const std::string first(lines.front());
  if (!std::regex_match(first, m, kLine)) return std::string(error);
  const std::string json_path = m[4];
  std::string text = absl::StrCat(json_path, ": ", m[5].str());

  // The entry, quoted from the bundle.
  static const std::regex kEntry(R"(^linux\.seccomp\.syscalls\[([0-9]+)\])");
  std::smatch e;
  size_t index = 0;
  const ordered_json doc = ReadBundleConfig(bundle);
  if (std::regex_search(json_path, e, kEntry) &&
      absl::SimpleAtoi(e[1].str(), &index) && !doc.is_null()) {
    const ordered_json* entries = nullptr;
    if (doc.contains("linux") && doc["linux"].is_object() &&
        doc["linux"].contains("seccomp") &&
        doc["linux"]["seccomp"].is_object() &&
        doc["linux"]["seccomp"].contains("syscalls")) {
      entries = &doc["linux"]["seccomp"]["syscalls"];
    }
    if (entries != nullptr && entries->is_array() && index < entries->size()) {
      absl::StrAppend(&text, "; the entry: ", QuoteEntry((*entries)[index]));
    }
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    if (!lines[i].empty()) absl::StrAppend(&text, "; ", lines[i]);
  }

  const ProfileSource source = FindProfileSource(bundle);
  const std::string check = absl::StrContains(error, "error (strict)")
                                ? "seccompc check --strict"
                                : "seccompc check";
  absl::StrAppend(
      &text, " [",
      source.description.empty() ? "the profile" : source.description,
      ", as the engine wrote it into ", m[1].str(), ":", m[2].str(), ":",
      m[3].str(),
      " (linux.seccomp, after the engine resolved includes/excludes: entry "
      "numbers may differ from the file's); ",
      source.file.empty()
          ? absl::StrCat("`", check,
                         " PROFILE` on the profile file shows this error "
                         "with the file's own line and entry")
          : absl::StrCat("`", check, " ", source.file,
                         "` shows this error in the file"),
      "]");
  return text;
}

std::string ProfileWarning(const Diagnostic& warning) {
  return absl::StrCat("seccomp profile warning: ", warning.location.json_path,
                      warning.location.json_path.empty() ? "" : ": ",
                      warning.message);
}

}  // namespace seccompc

#include "runtime/oci/oci_messages.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

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

ordered_json ReadBundleConfig(const std::string& config_path) {
  absl::StatusOr<std::string> text =
      ReadFileLimited(config_path, kMaxConfigBytes);
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

// "CONFIG.json:LINE:COL: linux.seccomp.PATH: MESSAGE", the compiler's form
// of an error in the bundle. (Split by hand: std::regex trips GCC 12's
// maybe-uninitialized warning under ASan.)
struct ErrorLine {
  std::string file, line, column, json_path, message;
};

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

// "linux.seccomp: FILE:LINE:COL: PATH: MESSAGE", as PrepareBundle reports
// a profile error (PATH relative to linux.seccomp), into its parts with
// json_path "linux.seccomp.PATH".
std::optional<ErrorLine> SplitErrorLine(absl::string_view text) {
  if (!absl::ConsumePrefix(&text, "linux.seccomp: ")) return std::nullopt;
  // FILE ends at the first ":LINE:COL: " (a path may hold colons too).
  for (size_t at = text.find(':'); at != absl::string_view::npos;
       at = text.find(':', at + 1)) {
    absl::string_view rest = text.substr(at + 1);
    const size_t colon = rest.find(':');
    const size_t end = rest.find(": ");
    if (colon == absl::string_view::npos || end == absl::string_view::npos ||
        colon > end) {
      continue;
    }
    ErrorLine e;
    e.file = std::string(text.substr(0, at));
    e.line = std::string(rest.substr(0, colon));
    e.column = std::string(rest.substr(colon + 1, end - colon - 1));
    if (!AllDigits(e.line) || !AllDigits(e.column)) continue;
    rest = rest.substr(end + 2);
    const size_t path_end = rest.find(": ");
    if (path_end == absl::string_view::npos) return std::nullopt;
    const absl::string_view path = rest.substr(0, path_end);
    e.json_path = absl::StrCat("linux.seccomp", path.empty() ? "" : ".", path);
    e.message = std::string(rest.substr(path_end + 2));
    return e;
  }
  return std::nullopt;
}

// N of "linux.seccomp.syscalls[N]..." ; nullopt for any other path.
std::optional<size_t> EntryIndex(absl::string_view json_path) {
  constexpr absl::string_view kPrefix = "linux.seccomp.syscalls[";
  if (!absl::ConsumePrefix(&json_path, kPrefix)) return std::nullopt;
  const size_t close = json_path.find(']');
  size_t index = 0;
  if (close == absl::string_view::npos ||
      !absl::SimpleAtoi(json_path.substr(0, close), &index)) {
    return std::nullopt;
  }
  return index;
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
      "  record_dir = DIR|none where containers annotated "
      "io.seccompc.record=NAME\n"
      "                        are recorded into NAME.json (default none: "
      "refused)\n"
      "Environment, overriding the file: SECCOMPC_RUNTIME_DELEGATE,\n"
      "SECCOMPC_RUNTIME_ENOSYS=0|1, SECCOMPC_RUNTIME_CACHE_DIR,\n"
      "SECCOMPC_RUNTIME_STRICT=0|1, SECCOMPC_RUNTIME_RECORD_DIR. Warnings go "
      "to --log.\n");
  if (config != nullptr) {
    absl::StrAppend(
        &text, "\nIn effect: delegate ", config->delegate, ", enosys ",
        config->enosys == EnosysRule::kOff ? "off" : "on", ", cache ",
        config->cache_dir.empty() ? "none" : config->cache_dir, ", strict ",
        config->strict ? "on" : "off", ", recording ",
        config->record_dir.empty() ? "none" : config->record_dir, "\n");
  }
  absl::StrAppend(&text, "\nThe delegate's help follows.\n\n");
  return text;
}

ProfileSource FindProfileSource(const std::string& config_path) {
  const ordered_json doc = ReadBundleConfig(config_path);
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

std::string ExplainProfileError(const std::string& config_path,
                                absl::string_view error) {
  const std::vector<absl::string_view> lines = absl::StrSplit(error, '\n');
  const std::optional<ErrorLine> m = SplitErrorLine(lines.front());
  if (!m) return std::string(error);
  std::string text = absl::StrCat(m->json_path, ": ", m->message);

  // The entry, quoted from the bundle.
  const std::optional<size_t> entry = EntryIndex(m->json_path);
  const size_t index = entry.value_or(0);
  const ordered_json doc = ReadBundleConfig(config_path);
  if (entry && !doc.is_null()) {
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

  const ProfileSource source = FindProfileSource(config_path);
  const std::string check = absl::StrContains(error, "error (strict)")
                                ? "seccompc check --strict"
                                : "seccompc check";
  absl::StrAppend(
      &text, " [",
      source.description.empty() ? "the profile" : source.description,
      ", as the engine wrote it into ", m->file, ":", m->line, ":", m->column,
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

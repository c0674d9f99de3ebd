#include "runtime/oci/oci_runtime.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/types/span.h"
#include "compiler/bpf/disasm.h"
#include "compiler/bpf/verifier.h"
#include "compiler/compile.h"
#include "compiler/frontend/json_document.h"
#include "compiler/frontend/json_reader.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/model/capabilities.h"
#include "compiler/prove/prove.h"
#include "compiler/util/read_file.h"
#include "compiler/util/status_macros.h"
#include "nlohmann/json.hpp"
#include "runtime/cache/compile_cache.h"
#include "runtime/cache/program_cache.h"

namespace seccompc {
namespace {

using ordered_json = nlohmann::ordered_json;

// One option of crun's argp tables.
struct OptionSpec {
  const char* name;  // long name
  char short_name;   // 0: none
  bool takes_value;
};

// crun 1.8's global options (`crun --help`), argp's --help and --usage.
constexpr OptionSpec kGlobalOptions[] = {
    {"cgroup-manager", 0, true},
    {"debug", 0, false},
    {"log", 0, true},
    {"log-format", 0, true},
    {"log-level", 0, true},
    {"root", 0, true},
    {"rootless", 0, true},
    {"systemd-cgroup", 0, false},
    {"version", 'v', false},
    {"version", 'V', false},
    {"help", '?', false},
    {"usage", 0, false},
};

// `crun create --help`; `run` adds --detach.
constexpr OptionSpec kCreateOptions[] = {
    {"bundle", 'b', true},       {"config", 'f', true},
    {"console-socket", 0, true}, {"preserve-fds", 0, true},
    {"no-pivot", 0, false},      {"pid-file", 0, true},
    {"no-subreaper", 0, false},  {"no-new-keyring", 0, false},
    {"help", '?', false},        {"usage", 0, false},
    {"detach", 'd', false},  // run only: the last entry
};

// A long option as getopt_long finds it: the exact name, else the one
// option whose name starts with `name` (two or more: ambiguous).
absl::StatusOr<const OptionSpec*> FindLongOption(
    absl::Span<const OptionSpec> options, absl::string_view name,
    absl::string_view where) {
  const OptionSpec* found = nullptr;
  int prefix_matches = 0;
  for (const OptionSpec& o : options) {
    if (name == o.name) return &o;
    if (!name.empty() && absl::StartsWith(o.name, name) &&
        (found == nullptr || std::strcmp(found->name, o.name) != 0)) {
      found = &o;
      ++prefix_matches;
    }
  }
  if (prefix_matches == 1) return found;
  return absl::InvalidArgumentError(absl::StrCat(
      where, prefix_matches > 1 ? "ambiguous option --" : "unknown option --",
      name));
}

struct GivenOption {
  const OptionSpec* spec;
  std::string value;
};

// argp in ARGP_IN_ORDER mode, as crun runs it: options from args[*i] up to
// the first non-option (or past "--"); `*i` ends at that argument.
// Stops after --help/--usage (argp prints and exits there).
absl::StatusOr<std::vector<GivenOption>> ParseOptions(
    const std::vector<std::string>& args, size_t* i,
    absl::Span<const OptionSpec> options, absl::string_view where) {
  std::vector<GivenOption> given;
  auto value_after =
      [&](absl::string_view name) -> absl::StatusOr<std::string> {
    if (*i + 1 >= args.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "option ", name, " needs a value"));
    }
    return args[++*i];
  };
  auto is_help = [](const OptionSpec* o) {
    return o->short_name == '?' || std::strcmp(o->name, "usage") == 0 ||
           o->short_name == 'v' || o->short_name == 'V';
  };
  for (; *i < args.size(); ++*i) {
    const std::string& a = args[*i];
    if (a == "--") {
      ++*i;
      break;
    }
    if (a.size() < 2 || a[0] != '-') break;  // "-" is an argument too
    if (a[1] == '-') {
      const size_t eq = a.find('=');
      const absl::string_view name =
          absl::string_view(a).substr(2, eq == std::string::npos ? eq : eq - 2);
      SECCOMPC_ASSIGN_OR_RETURN(const OptionSpec* o,
                                FindLongOption(options, name, where));
      GivenOption g{o, ""};
      if (o->takes_value) {
        if (eq != std::string::npos) {
          g.value = a.substr(eq + 1);
        } else {
          SECCOMPC_ASSIGN_OR_RETURN(g.value,
                                    value_after(absl::StrCat("--", o->name)));
        }
      } else if (eq != std::string::npos) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, "option --", o->name, " does not take a value"));
      }
      given.push_back(std::move(g));
      if (is_help(o)) return given;
      continue;
    }
    // A cluster of short options: -dbDIR, -b DIR.
    for (size_t j = 1; j < a.size(); ++j) {
      const OptionSpec* o = nullptr;
      for (const OptionSpec& s : options) {
        if (s.short_name == a[j]) o = &s;
      }
      if (o == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, "unknown option -", a.substr(j, 1)));
      }
      GivenOption g{o, ""};
      const bool value_here = o->takes_value && j + 1 < a.size();
      if (value_here) {
        g.value = a.substr(j + 1);
      } else if (o->takes_value) {
        SECCOMPC_ASSIGN_OR_RETURN(
            g.value, value_after(absl::StrCat("-", a.substr(j, 1))));
      }
      given.push_back(std::move(g));
      if (is_help(o)) return given;
      if (o->takes_value) break;
    }
  }
  return given;
}

absl::StatusOr<bool> ParseBool(const std::string& value,
                               const std::string& what) {
  const std::string v = absl::AsciiStrToLower(value);
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": expected true or false, got \"", value, "\""));
}

// [begin, end) in the config's text.
struct ByteSpan {
  size_t begin = 0;
  size_t end = 0;
};

// What PrepareBundle needs of a config.json, read in one linear pass.
struct ConfigScan {
  bool oci_version = false;
  std::optional<ByteSpan> seccomp;  // linux.seccomp, unless absent or null
  enum class Annotations { kAbsent, kNull, kObject };
  Annotations annotations = Annotations::kAbsent;
  ByteSpan annotations_span;
  size_t annotation_count = 0;
  std::optional<ByteSpan> bpf_annotation;  // the annotation's value
  std::string bpf_annotation_value;        // decoded, when a string
  std::string notify_annotation;  // the first of kCrunNotifyAnnotations
  size_t root_end = 0;            // just after the root's '}'
  CapabilitySet bounding = 0;
};

// Reads a config.json with the compiler's strict JSON reader (duplicate
// keys refused, depth bounded). Keys holding a NUL are refused too: crun
// reads keys as C strings and would see another key than this wrapper.
class ConfigScanner {
 public:
  ConfigScanner(std::string_view text, std::string source,
                const BundleLimits& limits)
      : json_(text, limits.max_depth),
        source_(std::move(source)),
        limits_(limits) {}

  absl::StatusOr<ConfigScan> Scan() {
    ConfigScan scan;
    JsonValue root;
    if (!json_.ReadValue(&root)) return JsonError();
    if (root.kind != JsonKind::kObject) {
      return Error(root.at, "", "expected an OCI config.json object");
    }
    std::string_view key;
    JsonPosition at;
    while (json_.NextMember(&key, &at)) {
      SECCOMPC_RETURN_IF_ERROR(CheckKey(key, at));
      JsonValue v;
      if (key == "ociVersion") {
        if (!json_.ReadValue(&v)) return JsonError();
        if (v.kind != JsonKind::kString) {
          SECCOMPC_RETURN_IF_ERROR(SkipRest(v));
          return Error(v.at, "ociVersion", "expected a string");
        }
        scan.oci_version = true;
      } else if (key == "linux") {
        SECCOMPC_RETURN_IF_ERROR(ScanLinux(&scan));
      } else if (key == "annotations") {
        SECCOMPC_RETURN_IF_ERROR(ScanAnnotations(&scan));
      } else if (key == "process") {
        SECCOMPC_RETURN_IF_ERROR(ScanProcess(&scan));
      } else {
        if (!json_.ReadValue(&v)) return JsonError();
        SECCOMPC_RETURN_IF_ERROR(SkipRest(v));
      }
    }
    if (json_.failed()) return JsonError();
    scan.root_end = json_.offset();
    if (!json_.Finish()) return JsonError();
    return scan;
  }

 private:
  absl::Status JsonError() {
    return absl::InvalidArgumentError(FormatAt(
        source_,
        SourceLocation{"", json_.error_at().line, json_.error_at().column},
        json_.error()));
  }
  absl::Status Error(const JsonPosition& at, std::string_view path,
                     std::string_view message) {
    return absl::InvalidArgumentError(
        FormatAt(source_, SourceLocation{std::string(path), at.line, at.column},
                 message));
  }
  absl::Status CheckKey(std::string_view key, const JsonPosition& at) {
    if (key.find('\0') == std::string_view::npos) return absl::OkStatus();
    return Error(at, "", "a key holding a NUL character (\\u0000)");
  }

  // The rest of `v` (all of a scalar is read already), checking its keys.
  absl::Status SkipRest(const JsonValue& v) {
    if (v.kind == JsonKind::kObject) {
      std::string_view key;
      JsonPosition at;
      while (json_.NextMember(&key, &at)) {
        SECCOMPC_RETURN_IF_ERROR(CheckKey(key, at));
        JsonValue member;
        if (!json_.ReadValue(&member)) return JsonError();
        SECCOMPC_RETURN_IF_ERROR(SkipRest(member));
      }
    } else if (v.kind == JsonKind::kArray) {
      while (json_.NextElement()) {
        JsonValue element;
        if (!json_.ReadValue(&element)) return JsonError();
        SECCOMPC_RETURN_IF_ERROR(SkipRest(element));
      }
    }
    if (json_.failed()) return JsonError();
    return absl::OkStatus();
  }

  absl::Status ScanLinux(ConfigScan* scan) {
    JsonValue linux;
    if (!json_.ReadValue(&linux)) return JsonError();
    if (linux.kind != JsonKind::kObject) return SkipRest(linux);
    std::string_view key;
    JsonPosition at;
    while (json_.NextMember(&key, &at)) {
      SECCOMPC_RETURN_IF_ERROR(CheckKey(key, at));
      JsonValue v;
      if (!json_.ReadValue(&v)) return JsonError();
      if (key != "seccomp") {
        SECCOMPC_RETURN_IF_ERROR(SkipRest(v));
        continue;
      }
      if (v.kind == JsonKind::kNull) continue;  // as crun: no profile
      if (v.kind == JsonKind::kObject) {
        SECCOMPC_RETURN_IF_ERROR(ScanSeccomp());
      } else {
        SECCOMPC_RETURN_IF_ERROR(SkipRest(v));
      }
      scan->seccomp = ByteSpan{v.at.offset, json_.offset()};
    }
    if (json_.failed()) return JsonError();
    return absl::OkStatus();
  }

  // The members of linux.seccomp, just opened. The profile parser would
  // read one holding "linux" or "ociVersion" as a whole config.json and
  // compile its nested profile instead: not a profile, refused.
  absl::Status ScanSeccomp() {
    std::string_view key;
    JsonPosition at;
    while (json_.NextMember(&key, &at)) {
      SECCOMPC_RETURN_IF_ERROR(CheckKey(key, at));
      if (key == "linux" || key == "ociVersion") {
        return Error(at, "linux.seccomp." + std::string(key),
                     "not a member of a seccomp profile");
      }
      JsonValue v;
      if (!json_.ReadValue(&v)) return JsonError();
      SECCOMPC_RETURN_IF_ERROR(SkipRest(v));
    }
    if (json_.failed()) return JsonError();
    return absl::OkStatus();
  }

  absl::Status ScanAnnotations(ConfigScan* scan) {
    JsonValue a;
    if (!json_.ReadValue(&a)) return JsonError();
    if (a.kind == JsonKind::kNull) {
      scan->annotations = ConfigScan::Annotations::kNull;
      scan->annotations_span = ByteSpan{a.at.offset, json_.offset()};
      return absl::OkStatus();
    }
    if (a.kind != JsonKind::kObject) {
      SECCOMPC_RETURN_IF_ERROR(SkipRest(a));
      return Error(a.at, "annotations", "expected an object");
    }
    scan->annotations = ConfigScan::Annotations::kObject;
    std::string_view key;
    JsonPosition at;
    while (json_.NextMember(&key, &at)) {
      SECCOMPC_RETURN_IF_ERROR(CheckKey(key, at));
      if (++scan->annotation_count > limits_.max_annotations) {
        return Error(at, "annotations",
                     absl::StrCat("more than ", limits_.max_annotations,
                                  " annotations"));
      }
      const bool program = key == kBpfAnnotation;
      if (scan->notify_annotation.empty() &&
          absl::c_linear_search(kCrunNotifyAnnotations, key)) {
        scan->notify_annotation = std::string(key);
      }
      JsonValue v;
      if (!json_.ReadValue(&v)) return JsonError();
      if (program && v.kind == JsonKind::kString) {
        scan->bpf_annotation_value = std::string(v.text);
      }
      SECCOMPC_RETURN_IF_ERROR(SkipRest(v));
      if (program) scan->bpf_annotation = ByteSpan{v.at.offset, json_.offset()};
    }
    if (json_.failed()) return JsonError();
    scan->annotations_span = ByteSpan{a.at.offset, json_.offset()};
    return absl::OkStatus();
  }

  // process.capabilities.bounding: the names seccompc knows (others
  // cannot appear in a profile's includes either).
  absl::Status ScanProcess(ConfigScan* scan) {
    JsonValue process;
    if (!json_.ReadValue(&process)) return JsonError();
    if (process.kind != JsonKind::kObject) return SkipRest(process);
    std::string_view key;
    JsonPosition at;
    while (json_.NextMember(&key, &at)) {
      SECCOMPC_RETURN_IF_ERROR(CheckKey(key, at));
      JsonValue v;
      if (!json_.ReadValue(&v)) return JsonError();
      if (key != "capabilities" || v.kind != JsonKind::kObject) {
        SECCOMPC_RETURN_IF_ERROR(SkipRest(v));
        continue;
      }
      std::string_view ckey;
      while (json_.NextMember(&ckey, &at)) {
        SECCOMPC_RETURN_IF_ERROR(CheckKey(ckey, at));
        const bool bounding = ckey == "bounding";
        JsonValue c;
        if (!json_.ReadValue(&c)) return JsonError();
        if (!bounding || c.kind != JsonKind::kArray) {
          SECCOMPC_RETURN_IF_ERROR(SkipRest(c));
          continue;
        }
        while (json_.NextElement()) {
          JsonValue name;
          if (!json_.ReadValue(&name)) return JsonError();
          if (name.kind == JsonKind::kString) {
            if (std::optional<int> cap =
                    CapabilityFromName(std::string(name.text))) {
              scan->bounding |= CapabilitySet{1} << *cap;
            }
          }
          SECCOMPC_RETURN_IF_ERROR(SkipRest(name));
        }
        if (json_.failed()) return JsonError();
      }
      if (json_.failed()) return JsonError();
    }
    if (json_.failed()) return JsonError();
    return absl::OkStatus();
  }

  JsonReader json_;
  std::string source_;
  BundleLimits limits_;
};

// Everything the program depends on besides the compile options and this
// binary (CompileCacheKey): the very bytes compiled.
std::string CacheKey(std::string_view seccomp_text, const CompileOptions& o) {
  return CompileCacheKey("seccompc-runtime", o, {}, "linux.seccomp",
                         seccomp_text);
}

absl::Status WithContext(const absl::Status& s, absl::string_view context) {
  return absl::Status(s.code(), absl::StrCat(context, s.message()));
}

}  // namespace

absl::StatusOr<RuntimeInvocation> ParseRuntimeArgs(
    const std::vector<std::string>& args) {
  RuntimeInvocation out;
  out.log_format = "text";
  size_t i = 0;
  SECCOMPC_ASSIGN_OR_RETURN(const std::vector<GivenOption> globals,
                            ParseOptions(args, &i, kGlobalOptions, ""));
  for (const GivenOption& g : globals) {
    const absl::string_view name = g.spec->name;
    if (name == "log") out.log_path = g.value;
    if (name == "log-format") out.log_format = g.value;
    // crun prints its help or version and exits: no command runs.
    if (name == "help" || name == "usage" || name == "version") return out;
  }
  if (i == args.size()) return out;
  out.command = args[i++];
  if (out.command == "restore") {
    // It starts a container from a bundle without create's path here.
    return absl::InvalidArgumentError(
        "restore is not supported: it would start a container whose "
        "seccomp profile was not compiled");
  }
  if (out.command != "create" && out.command != "run") return out;
  const std::string where = absl::StrCat(out.command, ": ");
  absl::Span<const OptionSpec> options(kCreateOptions);
  if (out.command == "create") options.remove_suffix(1);  // no --detach
  SECCOMPC_ASSIGN_OR_RETURN(const std::vector<GivenOption> given,
                            ParseOptions(args, &i, options, where));
  std::string config_file = "config.json";
  out.bundle = ".";
  for (const GivenOption& g : given) {
    const absl::string_view name = g.spec->name;
    if (name == "help" || name == "usage") {
      out.help = true;
      return out;
    }
    if ((name == "bundle" || name == "config") && g.value.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "--", name, " needs a non-empty value"));
    }
    if (name == "bundle") out.bundle = g.value;
    if (name == "config") config_file = g.value;
  }
  if (args.size() - i != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, "expected exactly one container id after the options, got ",
        args.size() - i, " arguments"));
  }
  // crun reads "config.json" in the bundle; any other name as given, from
  // the current folder when relative.
  out.config = config_file == "config.json"
                   ? absl::StrCat(out.bundle, "/config.json")
                   : config_file;
  return out;
}

namespace {

// One line of runtime.conf into `config`.
absl::Status ParseConfigLine(absl::string_view line, const std::string& where,
                             RuntimeConfig* config) {
  line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
  if (line.empty()) return absl::OkStatus();
  const size_t eq = line.find('=');
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
    config->delegate = value;
  } else if (key == "cache_dir") {
    if (value == "none") {
      config->cache_dir.clear();
    } else if (value.empty() || value[0] != '/') {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": cache_dir must be an absolute path or none"));
    } else {
      config->cache_dir = value;
    }
  } else if (key == "record_dir") {
    if (value == "none") {
      config->record_dir.clear();
    } else if (value.empty() || value[0] != '/') {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": record_dir must be an absolute path or none"));
    } else {
      config->record_dir = value;
    }
  } else if (key == "enosys") {
    SECCOMPC_ASSIGN_OR_RETURN(const bool on, ParseBool(value, where));
    config->enosys = on ? EnosysRule::kRunc : EnosysRule::kOff;
  } else if (key == "strict") {
    SECCOMPC_ASSIGN_OR_RETURN(config->strict, ParseBool(value, where));
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": unknown key \"", key,
                     "\" (known: delegate, enosys, cache_dir, strict, "
                     "record_dir)"));
  }
  return absl::OkStatus();
}

// The file, then the environment; with `problems` set, whatever fails is
// described there and skipped.
absl::StatusOr<RuntimeConfig> LoadConfig(std::vector<std::string>* problems) {
  RuntimeConfig config;
  const char* named = std::getenv("SECCOMPC_RUNTIME_CONFIG");
  const std::string path = named != nullptr ? named : kDefaultRuntimeConfig;
  if (named != nullptr || access(path.c_str(), F_OK) == 0) {
    absl::StatusOr<std::string> text = ReadFileLimited(path, 1 << 20);
    if (!text.ok() && problems == nullptr) return text.status();
    if (!text.ok()) {
      problems->emplace_back(text.status().message());
    } else {
      SECCOMPC_ASSIGN_OR_RETURN(
          config, ParseRuntimeConfig(*text, path, config, problems));
    }
  }
  // The environment overrides the file, one key a variable.
  for (auto [variable, key] :
       {std::pair{"SECCOMPC_RUNTIME_DELEGATE", "delegate"},
        std::pair{"SECCOMPC_RUNTIME_CACHE_DIR", "cache_dir"},
        std::pair{"SECCOMPC_RUNTIME_RECORD_DIR", "record_dir"}}) {
    const char* value = std::getenv(variable);
    if (value == nullptr || *value == '\0') continue;
    SECCOMPC_ASSIGN_OR_RETURN(
        config, ParseRuntimeConfig(absl::StrCat(key, " = ", value), variable,
                                   config, problems));
  }
  if (const char* e = std::getenv("SECCOMPC_RUNTIME_ENOSYS"); e && *e) {
    absl::StatusOr<bool> on = ParseBool(e, "SECCOMPC_RUNTIME_ENOSYS");
    if (!on.ok() && problems == nullptr) return on.status();
    if (on.ok()) {
      config.enosys = *on ? EnosysRule::kRunc : EnosysRule::kOff;
    } else {
      problems->emplace_back(on.status().message());
    }
  }
  if (const char* e = std::getenv("SECCOMPC_RUNTIME_STRICT"); e && *e) {
    absl::StatusOr<bool> on = ParseBool(e, "SECCOMPC_RUNTIME_STRICT");
    if (!on.ok() && problems == nullptr) return on.status();
    if (on.ok()) {
      config.strict = *on;
    } else {
      problems->emplace_back(on.status().message());
    }
  }
  return config;
}

}  // namespace

absl::StatusOr<RuntimeConfig> ParseRuntimeConfig(
    const std::string& text, const std::string& source, RuntimeConfig base,
    std::vector<std::string>* skipped) {
  RuntimeConfig config = std::move(base);
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    RuntimeConfig line_config = config;
    absl::Status status = ParseConfigLine(
        line, absl::StrCat(source, ":", line_number), &line_config);
    if (status.ok()) {
      config = std::move(line_config);
    } else if (skipped != nullptr) {
      skipped->emplace_back(status.message());
    } else {
      return status;
    }
  }
  return config;
}

absl::StatusOr<RuntimeConfig> LoadRuntimeConfig() {
  return LoadConfig(nullptr);
}

RuntimeConfig LoadRuntimeConfigBestEffort(std::vector<std::string>* problems) {
  absl::StatusOr<RuntimeConfig> config = LoadConfig(problems);
  // LoadConfig fails only without `problems`.
  return config.ok() ? *std::move(config) : RuntimeConfig{};
}

namespace {

// Whether a creator's run.oci.seccomp_bpf_data (base64) is proven to mean
// exactly `meaning`: then crun installs the profile's meaning either way
// and the creator's bytes may stay. Anything else (not base64, not a
// program, unverifiable, refuted, undecided) is replaced: fail closed.
bool CreatorsProgramProven(const std::string& b64, const Policy& meaning) {
  std::string raw;
  if (b64.empty() || !absl::Base64Unescape(b64, &raw)) return false;
  absl::StatusOr<Program> program = ParseRawProgram(raw);
  if (!program.ok() || !VerifyProgram(*program).ok()) return false;
  return Prove(meaning, *program).outcome == ProofOutcome::kProved;
}

// Writes `text` over the file at `path` in place, from byte `from` on (the
// bytes before it are unchanged), and truncates when it became shorter.
// Not rename(): on this ext4, mounted with discard, replacing config.json
// frees the old inode's blocks with a synchronous discard that cost more
// than the compile. A reader sees a mix only while we run, and the only
// reader, the delegate, starts after us. O_NOFOLLOW: the bundle's creator
// must not turn our write into one through a symlink elsewhere.
absl::Status WriteConfigInPlace(const std::string& path, absl::string_view text,
                                size_t from) {
  const int fd = open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("open ", path, " for writing: ", std::strerror(errno)));
  }
  absl::Status status;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    status = absl::InternalError(
        absl::StrCat("fstat ", path, ": ", std::strerror(errno)));
  } else if (!S_ISREG(st.st_mode)) {
    status = absl::InternalError(absl::StrCat(path, ": not a regular file"));
  } else if (st.st_nlink != 1) {
    // Written in place, a hard link would carry the write to another name.
    status = absl::InternalError(absl::StrCat(
        path, ": has ", st.st_nlink, " hard links; refusing to write it"));
  }
  from = std::min(from, text.size());
  while (status.ok() && from < text.size()) {
    const ssize_t n = pwrite(fd, text.data() + from, text.size() - from, from);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      status = absl::InternalError(
          absl::StrCat("write ", path, ": ", std::strerror(errno)));
      break;
    }
    from += static_cast<size_t>(n);
  }
  // Only a longer annotation replaced by a shorter one leaves a tail.
  if (status.ok() && static_cast<uint64_t>(st.st_size) > text.size() &&
      ftruncate(fd, static_cast<off_t>(text.size())) != 0) {
    status = absl::InternalError(
        absl::StrCat("truncate ", path, ": ", std::strerror(errno)));
  }
  if (close(fd) != 0 && status.ok()) {
    status = absl::InternalError(
        absl::StrCat("close ", path, ": ", std::strerror(errno)));
  }
  return status;
}

}  // namespace

absl::StatusOr<PreparedBundle> PrepareBundle(const std::string& path,
                                             const RuntimeConfig& config,
                                             const BundleLimits& limits,
                                             Diagnostics* warnings) {
  SECCOMPC_ASSIGN_OR_RETURN(std::string text,
                            ReadFileLimited(path, limits.max_config_bytes));
  return PrepareBundleOfText(path, std::move(text), config, limits, warnings);
}

absl::StatusOr<PreparedBundle> PrepareBundleOfText(const std::string& path,
                                                   std::string text,
                                                   const RuntimeConfig& config,
                                                   const BundleLimits& limits,
                                                   Diagnostics* warnings) {
  SECCOMPC_ASSIGN_OR_RETURN(const ConfigScan scan,
                            ConfigScanner(text, path, limits).Scan());
  // Without ociVersion the compiler's parser reads a document as a profile
  // of its own: a bundle must be an OCI config.
  if (!scan.oci_version) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": no \"ociVersion\": not an OCI runtime config.json"));
  }
  PreparedBundle result;
  if (!scan.seccomp) return result;  // kNoSeccomp
  // crun hands the filter's listener to the socket these name, or loads
  // the named libraries to answer its notifications: either one lets the
  // bundle's creator answer CONTINUE for calls the profile sends to its
  // own agent (listenerPath), which is less filtering than the profile.
  if (!scan.notify_annotation.empty()) {
    return absl::PermissionDeniedError(absl::StrCat(
        path, ": annotations.", scan.notify_annotation,
        ": refused with linux.seccomp: crun would hand the seccomp listener "
        "to what it names; use linux.seccomp.listenerPath"));
  }

  // Exactly the bytes of linux.seccomp are parsed, compiled and keyed.
  // Blanking what precedes them keeps config.json's lines and columns in
  // the parser's messages.
  const std::string_view seccomp_text = std::string_view(text).substr(
      scan.seccomp->begin, scan.seccomp->end - scan.seccomp->begin);
  std::string padded(scan.seccomp->begin, ' ');
  for (size_t i = 0; i < padded.size(); ++i) {
    if (text[i] == '\n') padded[i] = '\n';
  }
  padded.append(seccomp_text);
  absl::StatusOr<ParsedProfile> parsed = ParseProfile(padded, path);
  if (!parsed.ok()) return WithContext(parsed.status(), "linux.seccomp: ");
  const Profile& profile = parsed->profile;

  CompileOptions options;
  SECCOMPC_ASSIGN_OR_RETURN(options.target, HostTarget(scan.bounding));
  // A profile naming arches (architectures or archMap) gets those, which
  // the compiler checks. One naming none gets the native ABI only, as crun
  // and runc build it with libseccomp then: the other ABIs of the machine
  // (i386 and x32 on x86_64) meet the program's unknown-arch action, kill.
  // More filtering than covering them, never less, and a third of the
  // work of compiling and proving x86_64+x86+x32.
  const bool names_arches =
      !profile.architectures.empty() || !profile.arch_map.empty();
  options.target.arches.clear();
  if (!names_arches) options.target.arches = {options.target.native};
  options.enosys = config.enosys;
  options.resolve.strict = config.strict;
  options.resolve.notify_listener = !profile.listener_path.empty();

  ProgramCacheUse use;
  if (UsableProgramCacheDir(config.cache_dir)) {
    use.dir = config.cache_dir;
    use.key = CacheKey(seccomp_text, options);
  }
  absl::StatusOr<CacheableCompile> got =
      CompileWithCache(*std::move(parsed), options, use);
  if (!got.ok()) return WithContext(got.status(), "linux.seccomp: ");
  std::string program_b64;
  if (got->hit) {
    result.outcome = BundleOutcome::kFromCache;
    program_b64 = std::move(got->hit->program_b64);
  } else {
    result.outcome = BundleOutcome::kCompiled;
    program_b64 =
        absl::Base64Escape(SerializeRawProgram(got->compiled->program));
    if (warnings != nullptr) *warnings = got->compiled->warnings;
    // A cache that cannot be written only costs the next start a compile.
    if (!got->note.empty()) {
      result.cache_note =
          absl::StrCat("cache_dir ", config.cache_dir, ": ", got->note);
    }
  }

  // A creator's program that means exactly the profile is kept: the file
  // stays as it is.
  if (scan.bpf_annotation && scan.bpf_annotation_value != program_b64 &&
      CreatorsProgramProven(scan.bpf_annotation_value, got->Meaning())) {
    result.kept_proven_annotation = true;
    result.compile = *std::move(got);
    return result;
  }
  result.compile = *std::move(got);

  // Only the annotation's bytes change; base64 needs no JSON escapes.
  const std::string member =
      absl::StrCat("\"", kBpfAnnotation, "\":\"", program_b64, "\"");
  std::string out;
  out.reserve(text.size() + member.size() + 32);
  size_t first_change = 0;
  auto splice = [&](size_t begin, size_t end, absl::string_view with) {
    first_change = begin;
    absl::StrAppend(&out, absl::string_view(text).substr(0, begin), with,
                    absl::string_view(text).substr(end));
  };
  if (scan.bpf_annotation) {
    result.replaced_annotation = scan.bpf_annotation_value != program_b64;
    splice(scan.bpf_annotation->begin, scan.bpf_annotation->end,
           absl::StrCat("\"", program_b64, "\""));
  } else if (scan.annotations == ConfigScan::Annotations::kObject) {
    const size_t close = scan.annotations_span.end - 1;  // its '}'
    splice(close, close,
           absl::StrCat(scan.annotation_count > 0 ? "," : "", member));
  } else if (scan.annotations == ConfigScan::Annotations::kNull) {
    splice(scan.annotations_span.begin, scan.annotations_span.end,
           absl::StrCat("{", member, "}"));
  } else {
    // The root has members: ociVersion at least.
    const size_t close = scan.root_end - 1;
    splice(close, close, absl::StrCat(",\"annotations\":{", member, "}"));
  }
  SECCOMPC_RETURN_IF_ERROR(WriteConfigInPlace(path, out, first_change));
  return result;
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

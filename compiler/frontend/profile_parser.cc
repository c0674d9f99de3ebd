#include "compiler/frontend/profile_parser.h"

#include <errno.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <new>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/types/span.h"
#include "compiler/arch/errno_numbers.h"
#include "compiler/frontend/json_document.h"
#include "compiler/frontend/json_reader.h"
#include "compiler/model/capabilities.h"
#include "compiler/model/suggest.h"
#include "compiler/util/read_file.h"
#include "compiler/util/status_macros.h"

namespace seccompc {
namespace {

constexpr std::array<std::pair<std::string_view, CmpOp>, 7> kOps = {{
    {"SCMP_CMP_NE", CmpOp::kNe},
    {"SCMP_CMP_LT", CmpOp::kLt},
    {"SCMP_CMP_LE", CmpOp::kLe},
    {"SCMP_CMP_EQ", CmpOp::kEq},
    {"SCMP_CMP_GE", CmpOp::kGe},
    {"SCMP_CMP_GT", CmpOp::kGt},
    {"SCMP_CMP_MASKED_EQ", CmpOp::kMaskedEq},
}};

constexpr std::array<std::pair<std::string_view, uint32_t>, 4> kFlags = {{
    {"SECCOMP_FILTER_FLAG_TSYNC", kFlagTsync},
    {"SECCOMP_FILTER_FLAG_LOG", kFlagLog},
    {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", kFlagSpecAllow},
    {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", kFlagWaitKillableRecv},
}};

// "WHAT (NAME, NAME, ...)" for an error's expectation, built from the
// lookup table itself so that the message lists exactly what is accepted.
std::string OneOf(std::string_view what,
                  const std::vector<std::string_view>& names) {
  // Debian's absl::string_view is not std::string_view: join std::strings.
  const std::vector<std::string> listed(names.begin(), names.end());
  return absl::StrCat(std::string(what), " (", absl::StrJoin(listed, ", "),
                      ")");
}
template <typename T, size_t N>
std::string OneOf(std::string_view what,
                  const std::array<std::pair<std::string_view, T>, N>& table) {
  std::vector<std::string_view> names;
  for (const auto& entry : table) names.push_back(entry.first);
  return OneOf(what, names);
}

using Keys = absl::Span<const std::string_view>;
// Builds a JSON path, called only when a message needs one: profiles may
// hold millions of values, and most paths would never be shown.
using PathFn = absl::FunctionRef<std::string()>;
constexpr std::string_view kProfileKeys[] = {
    "defaultAction", "defaultErrnoRet",  "defaultErrno",
    "architectures", "archMap",          "flags",
    "listenerPath",  "listenerMetadata", "syscalls"};
constexpr std::string_view kEntryKeys[] = {"names",    "name",     "action",
                                           "errnoRet", "errno",    "args",
                                           "comment",  "includes", "excludes"};
constexpr std::string_view kArgKeys[] = {"index", "value", "valueTwo", "op"};
constexpr std::string_view kFilterKeys[] = {"arches", "caps", "minKernel"};
constexpr std::string_view kArchMapKeys[] = {"architecture",
                                             "subArchitectures"};

// Duplicate names warned about one by one per entry; past this, one
// summary (100k copies must not mean 100k warnings).
constexpr size_t kMaxDuplicateNameWarnings = 10;
// Unknown keys warned about one by one per profile; past this, one
// summary (a generated profile may carry one in each of a million
// entries: a million warnings would be most of the work and the output).
constexpr size_t kMaxUnknownKeyWarnings = 100;

absl::string_view Av(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// `s` in double quotes, JSON-escaped (s is already printable).
std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// Hash and equality of an entry's names given by their positions.
struct NamesAt {
  const SyscallNames* names;
  size_t operator()(uint32_t i) const {
    return absl::Hash<absl::string_view>{}(Av((*names)[i]));
  }
  bool operator()(uint32_t a, uint32_t b) const {
    return (*names)[a] == (*names)[b];
  }
};

// A value kept until its object is complete, so that the checks between
// members run in a fixed order whatever order the members come in. Only
// scalars are kept; an object or array where a scalar belongs is kept as
// its kind (for the message) and skipped.
struct Scalar {
  bool present = false;
  JsonKind kind = JsonKind::kNull;
  JsonPosition at;
  std::string text;  // string: the value; number: the token
  JsonValue::NumberForm number_form = JsonValue::NumberForm::kFloat;
  uint64_t unsigned_value = 0;

  // Absent or null (Docker writes "args": null and the like).
  bool given() const { return present && kind != JsonKind::kNull; }
};

std::string TypeName(JsonKind kind, std::string_view text) {
  switch (kind) {
    case JsonKind::kNull:
      return "null";
    case JsonKind::kObject:
      return "an object";
    case JsonKind::kArray:
      return "an array";
    case JsonKind::kString:
      // Quote a bounded excerpt: the value may be megabytes long.
      return absl::StrCat("the string ", Quoted(PrintableExcerpt(text, 60)));
    case JsonKind::kTrue:
      return "true";
    case JsonKind::kFalse:
      return "false";
    case JsonKind::kNumber:
      return absl::StrCat("the number ", PrintableExcerpt(text, 60));
  }
  return "a value of another type";
}

std::string UnknownKeyMessage(std::string_view key, Keys known) {
  std::string out = "unknown key \"";
  out.append(key.data(), key.size());
  out += "\" ignored (known: ";
  for (std::string_view k : known) {
    if (k.data() != known.front().data()) out += ", ";
    out.append(k.data(), k.size());
  }
  out += ")";
  const std::string nearest = Nearest(key, known);
  if (!nearest.empty())
    absl::StrAppend(&out, " (did you mean \"", nearest, "\"?)");
  return out;
}

std::string TypeName(const Scalar& v) { return TypeName(v.kind, v.text); }
std::string TypeName(const JsonValue& v) { return TypeName(v.kind, v.text); }

// What one profile object has read so far: the profile, its warnings, and
// its members that are checked once the object is complete.
struct ProfileState {
  ParsedProfile result;
  std::string path;
  JsonPosition at;
  Scalar default_action, default_errno_ret, default_errno;
  Scalar listener_path, listener_metadata;
  bool architectures_given = false;
  bool arch_map_given = false;
  JsonPosition arch_map_at;
  size_t unknown_keys = 0;            // listed or not
  SourceLocation first_unlisted_key;  // the (kMaxUnknownKeyWarnings+1)th
};

// Reads a profile from JSON events (json_reader.h) into the model, checking
// values as they come and producing errors at the right place. One
// instance reads one document.
class ProfileReader {
 public:
  ProfileReader(std::string_view text, std::string_view source_name,
                const JsonLimits& limits)
      : json_(text, limits.max_depth),
        text_size_(text.size()),
        source_name_(source_name) {}

  absl::StatusOr<ParsedProfile> Read() {
    absl::StatusOr<ParsedProfile> out = ReadRoot();
    // A syntax error anywhere wins over a complaint about the content, as
    // when the whole document was read first.
    if (json_.failed()) return SyntaxError();
    if (!out.ok()) {
      if (!json_.Drain()) return SyntaxError();
      return out.status();
    }
    if (!json_.Finish()) return SyntaxError();
    out->profile.source_name = std::string(source_name_);
    return out;
  }

 private:
  // ---- errors and warnings ----

  SourceLocation Location(const std::string& path, const JsonPosition& at) {
    SourceLocation loc;
    loc.json_path = path;
    loc.line = at.line;
    loc.column = at.column;
    return loc;
  }

  absl::Status SyntaxError() {
    std::string message = json_.error();
    if (json_.error_is_duplicate_key()) {
      absl::StrAppend(
          &message, " in ",
          syntax_path_.empty() ? "the top level object" : syntax_path_);
    }
    SourceLocation loc;
    loc.json_path = syntax_path_;
    loc.line = json_.error_at().line;
    loc.column = json_.error_at().column;
    return absl::InvalidArgumentError(FormatAt(source_name_, loc, message));
  }
  // For a failed read in the object or array at `path`.
  absl::Status Syntax(const std::string& path) {
    syntax_path_ = path;
    return absl::InvalidArgumentError("syntax");  // replaced by Read()
  }

  absl::Status MessageAt(const std::string& path, const JsonPosition& at,
                         std::string_view message) {
    return absl::InvalidArgumentError(
        FormatAt(source_name_, Location(path, at), message));
  }
  absl::Status ErrorAt(const std::string& path, const JsonPosition& at,
                       std::string_view expected, const std::string& got) {
    return MessageAt(path, at,
                     absl::StrCat("expected ", Av(expected),
                                  got.empty() ? "" : ", got ", got));
  }
  void Warn(ProfileState* state, const std::string& path,
            const JsonPosition& at, std::string message) {
    state->result.warnings.push_back(
        Diagnostic{Location(path, at), std::move(message)});
  }

  // The one place unknown keys are reported, into `warnings` and counted
  // in `state` (see kMaxUnknownKeyWarnings); their value is skipped.
  bool UnknownKey(ProfileState* state, Diagnostics* warnings,
                  const std::string& path, std::string_view key,
                  const JsonPosition& at, Keys known) {
    ++state->unknown_keys;
    if (state->unknown_keys <= kMaxUnknownKeyWarnings) {
      warnings->push_back(
          Diagnostic{Location(JsonDocument::MemberPath(path, key), at),
                     UnknownKeyMessage(key, known)});
    } else if (state->unknown_keys == kMaxUnknownKeyWarnings + 1) {
      state->first_unlisted_key =
          Location(JsonDocument::MemberPath(path, key), at);
    }
    return json_.SkipValue();
  }
  bool UnknownKey(ProfileState* state, const std::string& path,
                  std::string_view key, const JsonPosition& at, Keys known) {
    return UnknownKey(state, &state->result.warnings, path, key, at, known);
  }

  // The Scalar that keeps member `key` of an object, among `kept`
  // (name, scalar) pairs; nullptr for other members.
  using KeptMembers =
      std::initializer_list<std::pair<std::string_view, Scalar*>>;
  static Scalar* KeptMember(std::string_view key, KeptMembers kept) {
    for (const auto& [name, scalar] : kept) {
      if (name == key) return scalar;
    }
    return nullptr;
  }

  // Reads the member's value into `out` (skipping containers).
  bool Keep(Scalar* out) {
    JsonValue v;
    if (!json_.ReadValue(&v)) return false;
    out->present = true;
    out->kind = v.kind;
    out->at = v.at;
    out->number_form = v.number_form;
    out->unsigned_value = v.unsigned_value;
    if (v.kind == JsonKind::kString || v.kind == JsonKind::kNumber) {
      out->text.assign(v.text.data(), v.text.size());
    }
    return json_.SkipRest(v);
  }

  // ---- typed checks ----

  absl::Status CheckString(const Scalar& v, PathFn path) {
    if (v.kind != JsonKind::kString) {
      return ErrorAt(path(), v.at, "a string", TypeName(v));
    }
    return absl::OkStatus();
  }
  absl::Status CheckString(const Scalar& v, const std::string& path) {
    return CheckString(v, [&path] { return path; });
  }

  // `path` builds the value's path, only for a message: this runs for
  // every number of a profile that may hold millions.
  absl::StatusOr<uint64_t> GetUnsigned(const Scalar& v, PathFn path,
                                       uint64_t max, std::string_view what) {
    if (v.kind == JsonKind::kNumber &&
        v.number_form == JsonValue::NumberForm::kUnsigned &&
        v.unsigned_value <= max) {
      return v.unsigned_value;
    }
    const std::string expected =
        absl::StrCat(Av(what), ": an integer from 0 to ", max);
    if (v.kind == JsonKind::kNumber &&
        v.number_form == JsonValue::NumberForm::kFloat) {
      return ErrorAt(path(), v.at,
                     absl::StrCat(expected,
                                  " (no fraction, exponent or "
                                  "value beyond 2^64-1)"),
                     TypeName(v));
    }
    return ErrorAt(path(), v.at, expected, TypeName(v));
  }

  absl::StatusOr<const ArchSpec*> GetArch(const JsonValue& v,
                                          const std::string& path,
                                          bool short_names_too) {
    if (v.kind != JsonKind::kString) {
      return ErrorAt(path, v.at, "a string", TypeName(v));
    }
    const ArchSpec* arch = FindArch(v.text);
    if (arch == nullptr || (!short_names_too && arch->scmp_name != v.text)) {
      return ErrorAt(path, v.at,
                     short_names_too
                         ? "an architecture (SCMP_ARCH_X86_64, amd64, ...)"
                         : "an architecture name SCMP_ARCH_*",
                     TypeName(v));
    }
    return arch;
  }

  // Calls `element(value, index)` for each element of an array of strings
  // at `path` (null: none). `v` is the value already read.
  template <typename F>
  absl::Status ForEachString(const JsonValue& v, const std::string& path,
                             std::string_view expected_array, F element) {
    if (v.kind == JsonKind::kNull) return absl::OkStatus();
    if (v.kind != JsonKind::kArray) {
      return WrongType(v, path, expected_array);
    }
    JsonValue e;
    for (size_t i = 0; json_.NextElement(); ++i) {
      if (!json_.ReadValue(&e)) return Syntax(path);
      SECCOMPC_RETURN_IF_ERROR(element(e, i));
    }
    if (json_.failed()) return Syntax(path);
    return absl::OkStatus();
  }

  // For a value of the wrong type at `path`: skips the rest of it (a later
  // syntax error still wins) and says what was expected.
  absl::Status WrongType(const JsonValue& v, const std::string& path,
                         std::string_view expected) {
    if (!json_.SkipRest(v)) return Syntax(path);
    return ErrorAt(path, v.at, expected, TypeName(v));
  }

  // A string element or the error "expected a string" at it.
  absl::Status StringElement(const JsonValue& e, const std::string& path,
                             size_t i) {
    if (e.kind == JsonKind::kString) return absl::OkStatus();
    const std::string epath = JsonDocument::ElementPath(path, i);
    return WrongType(e, epath, "a string");
  }

  // An array of architecture names at `path` (null: none) appended to
  // `out`; `v` is the value already read.
  absl::Status ReadArchNames(const JsonValue& v, const std::string& path,
                             bool short_names_too, std::vector<ArchId>* out) {
    return ForEachString(
        v, path, "an array of architecture names",
        [&](const JsonValue& e, size_t i) -> absl::Status {
          const std::string epath = JsonDocument::ElementPath(path, i);
          if (e.kind != JsonKind::kString && !json_.SkipRest(e)) {
            return Syntax(epath);
          }
          SECCOMPC_ASSIGN_OR_RETURN(const ArchSpec* arch,
                                    GetArch(e, epath, short_names_too));
          out->push_back(arch->id);
          return absl::OkStatus();
        });
  }

  // ---- the document ----

  // The root's "linux" member: when the root is a whole OCI config.json,
  // its .linux.seccomp is the profile.
  struct LinuxMember {
    bool given = false;
    JsonKind kind = JsonKind::kNull;
    JsonPosition at;
    bool seccomp_given = false;
    ProfileState oci;
    absl::Status oci_error;  // about .linux.seccomp, if it is the profile
  };

  absl::StatusOr<ParsedProfile> ReadRoot() {
    JsonValue v;
    if (!json_.ReadValue(&v)) return Syntax("");
    ProfileState root;
    root.path = "";
    root.at = v.at;
    if (v.kind != JsonKind::kObject) {
      return WrongType(v, "", "a seccomp profile object");
    }
    // The root is a profile or a whole OCI config.json (its profile is
    // .linux.seccomp): which one is known when the object is complete.
    Diagnostics root_unknown;
    bool oci_version = false;
    LinuxMember lm;
    lm.oci.path = "linux.seccomp";
    std::string_view key;
    JsonPosition key_at;
    while (json_.NextMember(&key, &key_at)) {
      if (key == "ociVersion") {
        oci_version = true;
        if (!json_.SkipValue()) return Syntax("");
        continue;
      }
      if (key == "linux") {
        SECCOMPC_RETURN_IF_ERROR(ReadLinuxMember(&lm));
        continue;
      }
      SECCOMPC_RETURN_IF_ERROR(
          ReadProfileMember(&root, key, key_at, &root_unknown));
    }
    if (json_.failed()) return Syntax("");

    if (oci_version || (lm.given && !root.default_action.present)) {
      return FinishOciConfig(v, &lm);
    }
    return FinishRootProfile(&root, lm, &root_unknown);
  }

  // The value of the root's "linux" member; its "seccomp" member is read
  // as a profile into lm->oci, its others skipped.
  absl::Status ReadLinuxMember(LinuxMember* lm) {
    lm->given = true;
    JsonValue lv;
    if (!json_.ReadValue(&lv)) return Syntax("");
    lm->kind = lv.kind;
    lm->at = lv.at;
    if (lv.kind != JsonKind::kObject) {
      if (!json_.SkipRest(lv)) return Syntax("");
      return absl::OkStatus();
    }
    std::string_view lkey;
    JsonPosition lkey_at;
    while (json_.NextMember(&lkey, &lkey_at)) {
      if (lkey != "seccomp") {
        if (!json_.SkipValue()) return Syntax("linux");
        continue;
      }
      lm->seccomp_given = true;
      JsonValue sv;
      if (!json_.ReadValue(&sv)) return Syntax("linux");
      lm->oci.at = sv.at;
      if (sv.kind != JsonKind::kObject) {
        if (!json_.SkipRest(sv)) return Syntax("linux");
        lm->oci_error = ErrorAt(lm->oci.path, sv.at, "a seccomp profile object",
                                TypeName(sv));
        continue;
      }
      SECCOMPC_RETURN_IF_ERROR(ReadProfileObject(&lm->oci, nullptr));
    }
    if (json_.failed()) return Syntax("linux");
    return absl::OkStatus();
  }

  // The root `v` is an OCI config.json: its profile is .linux.seccomp.
  absl::StatusOr<ParsedProfile> FinishOciConfig(const JsonValue& v,
                                                LinuxMember* lm) {
    if (lm->kind != JsonKind::kObject) {
      return ErrorAt("", v.at, "an OCI config.json with a \"linux\" object",
                     "");
    }
    if (!lm->seccomp_given) {
      return ErrorAt("linux", lm->at,
                     "a \"seccomp\" member (this OCI config has no "
                     "seccomp profile)",
                     "");
    }
    if (!lm->oci_error.ok()) return lm->oci_error;
    SECCOMPC_RETURN_IF_ERROR(FinishProfile(&lm->oci));
    return std::move(lm->oci.result);
  }

  // The root is the profile; `root_unknown` are its top level's unknown
  // keys.
  absl::StatusOr<ParsedProfile> FinishRootProfile(ProfileState* root,
                                                  const LinuxMember& lm,
                                                  Diagnostics* root_unknown) {
    if (lm.given) {
      // A profile with a "linux" member: an unknown key like any other.
      root_unknown->insert(
          root_unknown->begin(),
          Diagnostic{Location("linux", lm.at),
                     UnknownKeyMessage("linux", kProfileKeys)});
    }
    SECCOMPC_RETURN_IF_ERROR(FinishProfile(root));
    // The top level's own warnings first, as they come first in the text.
    Diagnostics& w = root->result.warnings;
    w.insert(w.begin(), std::make_move_iterator(root_unknown->begin()),
             std::make_move_iterator(root_unknown->end()));
    return std::move(root->result);
  }

  // The members of a profile object just opened.
  absl::Status ReadProfileObject(ProfileState* state, Diagnostics* unknown) {
    std::string_view key;
    JsonPosition key_at;
    while (json_.NextMember(&key, &key_at)) {
      SECCOMPC_RETURN_IF_ERROR(ReadProfileMember(
          state, key, key_at,
          unknown != nullptr ? unknown : &state->result.warnings));
    }
    if (json_.failed()) return Syntax(state->path);
    return absl::OkStatus();
  }

  absl::Status ReadProfileMember(ProfileState* state, std::string_view key,
                                 const JsonPosition& key_at,
                                 Diagnostics* unknown) {
    Profile& p = state->result.profile;
    const std::string& path = state->path;
    if (Scalar* keep = KeptMember(
            key, {{"defaultAction", &state->default_action},
                  {"defaultErrnoRet", &state->default_errno_ret},
                  {"defaultErrno", &state->default_errno},
                  {"listenerPath", &state->listener_path},
                  {"listenerMetadata", &state->listener_metadata}})) {
      if (!Keep(keep)) return Syntax(path);
      return absl::OkStatus();
    }
    if (key == "architectures" || key == "archMap" || key == "flags" ||
        key == "syscalls") {
      const std::string mpath = JsonDocument::MemberPath(path, key);
      JsonValue v;
      if (!json_.ReadValue(&v)) return Syntax(path);
      if (key == "architectures") {
        state->architectures_given = v.kind != JsonKind::kNull;
        return ReadArchNames(v, mpath, false, &p.architectures);
      }
      if (key == "archMap") {
        state->arch_map_given = v.kind != JsonKind::kNull;
        state->arch_map_at = v.at;
        if (v.kind == JsonKind::kNull) return absl::OkStatus();
        return ReadArchMap(state, v, mpath);
      }
      if (key == "flags") return ReadFlags(v, mpath, &p.flags);
      return ReadSyscalls(state, v, mpath);
    }
    if (!UnknownKey(state, unknown, path, key, key_at, kProfileKeys)) {
      return Syntax(path);
    }
    return absl::OkStatus();
  }

  // The profile's "flags" `v` at `mpath`: filter flag names, or'ed into
  // `flags`.
  absl::Status ReadFlags(const JsonValue& v, const std::string& mpath,
                         uint32_t* flags) {
    return ForEachString(v, mpath, "an array of strings",
                         [&](const JsonValue& e, size_t i) -> absl::Status {
                           SECCOMPC_RETURN_IF_ERROR(StringElement(e, mpath, i));
                           bool known = false;
                           for (const auto& [name, bit] : kFlags) {
                             if (name == e.text) {
                               *flags |= bit;
                               known = true;
                             }
                           }
                           if (!known) {
                             return ErrorAt(
                                 JsonDocument::ElementPath(mpath, i), e.at,
                                 OneOf("a filter flag", kFlags), TypeName(e));
                           }
                           return absl::OkStatus();
                         });
  }

  // Room for as many entries as the rest of the text holds if they are
  // the size of the first one, which started at `first_offset`: a
  // profile of a million entries is then not moved and its pages not
  // touched twice (a doubling vector would, and hold both copies at its
  // peak). Reserved pages that stay unused are never touched, so an
  // estimate too high costs address space, not memory; too low, the
  // vector grows as usual.
  //
  // The estimate can be far too high (a small first entry, then megabytes
  // of whitespace): under an address-space limit (RLIMIT_AS) the
  // reservation may fail where the profile itself fits. That is no error:
  // the vector then grows as it would have without the estimate.
  //
  // When the estimate proves too low (a long first entry, as Docker's
  // default list of allowed names), the vector is full again: the same
  // estimate from the average size of the entries read so far, at least
  // doubling, so a small profile grows once or twice instead of a
  // doubling per power of two (each a copy onto fresh pages).
  void ReserveEntries(size_t first_offset, std::vector<SyscallEntry>* out) {
    const size_t bytes = json_.offset() - first_offset;
    const size_t rest = text_size_ - json_.offset();
    const size_t per_entry = std::max<size_t>(bytes / out->size(), 1);
    try {
      out->reserve(out->size() + std::max(rest / per_entry, out->capacity() > 1
                                                                ? out->size()
                                                                : size_t{0}));
    } catch (const std::bad_alloc&) {
    }
  }

  // The profile's "syscalls" `v` at `mpath`: null or an array of entries.
  absl::Status ReadSyscalls(ProfileState* state, const JsonValue& v,
                            const std::string& mpath) {
    std::vector<SyscallEntry>& syscalls = state->result.profile.syscalls;
    if (v.kind == JsonKind::kNull) return absl::OkStatus();
    if (v.kind != JsonKind::kArray) {
      return WrongType(v, mpath, "an array of syscall entries");
    }
    JsonValue e;
    size_t first_offset = 0;
    for (size_t i = 0; json_.NextElement(); ++i) {
      if (!json_.ReadValue(&e)) return Syntax(mpath);
      syscalls.emplace_back();
      SECCOMPC_RETURN_IF_ERROR(ReadEntry(
          state, e, JsonDocument::ElementPath(mpath, i), &syscalls.back()));
      if (i == 0) first_offset = e.at.offset;
      if (i == 0 || syscalls.size() == syscalls.capacity()) {
        ReserveEntries(first_offset, &syscalls);
      }
    }
    if (json_.failed()) return Syntax(mpath);
    return absl::OkStatus();
  }

  // Checks that need the whole profile object.
  absl::Status FinishProfile(ProfileState* state) {
    Profile& p = state->result.profile;
    const std::string& path = state->path;
    if (!state->default_action.present) {
      return MessageAt(path, state->at,
                       "missing required key \"defaultAction\"");
    }
    SECCOMPC_RETURN_IF_ERROR(CheckAction(
        state, path, state->default_action, "defaultAction",
        state->default_errno_ret, "defaultErrnoRet", state->default_errno,
        "defaultErrno", &p.default_action, &p.default_errno_name));
    if (state->architectures_given && state->arch_map_given) {
      return MessageAt(JsonDocument::MemberPath(path, "archMap"),
                       state->arch_map_at,
                       "\"architectures\" and \"archMap\" are both given; "
                       "use one (OCI: architectures, Docker: archMap)");
    }
    for (auto [key, value, out] :
         {std::tuple{"listenerPath", &state->listener_path, &p.listener_path},
          std::tuple{"listenerMetadata", &state->listener_metadata,
                     &p.listener_metadata}}) {
      if (!value->given()) continue;
      SECCOMPC_RETURN_IF_ERROR(
          CheckString(*value, JsonDocument::MemberPath(path, key)));
      *out = value->text;
    }
    if (state->unknown_keys > kMaxUnknownKeyWarnings) {
      state->result.warnings.push_back(
          Diagnostic{state->first_unlisted_key,
                     absl::StrCat(state->unknown_keys - kMaxUnknownKeyWarnings,
                                  " more unknown keys ignored (the first ",
                                  kMaxUnknownKeyWarnings, " are listed)")});
    }
    return absl::OkStatus();
  }

  absl::Status ReadArchMap(ProfileState* state, const JsonValue& v,
                           const std::string& path) {
    if (v.kind != JsonKind::kArray) {
      return WrongType(v, path,
                       "an array of {\"architecture\", \"subArchitectures\"}");
    }
    std::vector<ArchMapEntry>& arch_map = state->result.profile.arch_map;
    JsonValue e;
    for (size_t i = 0; json_.NextElement(); ++i) {
      const std::string epath = JsonDocument::ElementPath(path, i);
      if (!json_.ReadValue(&e)) return Syntax(path);
      if (e.kind != JsonKind::kObject) {
        return WrongType(e, epath,
                         "an object {\"architecture\", \"subArchitectures\"}");
      }
      ArchMapEntry entry;
      Scalar arch;
      SECCOMPC_RETURN_IF_ERROR(ReadArchMapMembers(state, epath, &arch, &entry));
      if (!arch.present) {
        return MessageAt(epath, e.at, "missing required key \"architecture\"");
      }
      SECCOMPC_RETURN_IF_ERROR(
          AddArchMapEntry(arch, JsonDocument::MemberPath(epath, "architecture"),
                          std::move(entry), &arch_map));
    }
    if (json_.failed()) return Syntax(path);
    return absl::OkStatus();
  }

  // The members of the archMap object at `epath`: "architecture" kept in
  // `arch`, "subArchitectures" read into entry->sub_arches.
  absl::Status ReadArchMapMembers(ProfileState* state, const std::string& epath,
                                  Scalar* arch, ArchMapEntry* entry) {
    std::string_view key;
    JsonPosition key_at;
    while (json_.NextMember(&key, &key_at)) {
      if (key == "architecture") {
        if (!Keep(arch)) return Syntax(epath);
      } else if (key == "subArchitectures") {
        const std::string spath = JsonDocument::MemberPath(epath, key);
        JsonValue sv;
        if (!json_.ReadValue(&sv)) return Syntax(epath);
        SECCOMPC_RETURN_IF_ERROR(
            ReadArchNames(sv, spath, false, &entry->sub_arches));
      } else if (!UnknownKey(state, epath, key, key_at, kArchMapKeys)) {
        return Syntax(epath);
      }
    }
    if (json_.failed()) return Syntax(epath);
    return absl::OkStatus();
  }

  // Names `entry`'s arch by `arch` (at `apath`) and appends it to
  // `arch_map`, where that arch must not be yet.
  absl::Status AddArchMapEntry(const Scalar& arch, const std::string& apath,
                               ArchMapEntry entry,
                               std::vector<ArchMapEntry>* arch_map) {
    JsonValue av;
    av.kind = arch.kind;
    av.at = arch.at;
    av.text = arch.text;
    SECCOMPC_ASSIGN_OR_RETURN(const ArchSpec* a, GetArch(av, apath, false));
    entry.arch = a->id;
    for (const ArchMapEntry& earlier : *arch_map) {
      if (earlier.arch == entry.arch) {
        return MessageAt(apath, arch.at,
                         absl::StrCat("architecture ", Av(a->scmp_name),
                                      " appears twice in archMap"));
      }
    }
    arch_map->push_back(std::move(entry));
    return absl::OkStatus();
  }

  // Checks an action and its errno/trace data: `ret` (number) and `name`
  // (containers/common's errno name) of the object at `path`. A name given
  // without a number goes to `errno_name`, for Resolve to number per arch.
  absl::Status CheckAction(ProfileState* state, const std::string& path,
                           const Scalar& action, const char* action_key,
                           const Scalar& ret_in, const char* ret_key,
                           const Scalar& ename_in, const char* name_key,
                           Action* out, std::string* errno_name) {
    // Paths are built only for messages (this runs once per entry).
    auto apath = [&] { return JsonDocument::MemberPath(path, action_key); };
    auto rpath = [&] { return JsonDocument::MemberPath(path, ret_key); };
    auto npath = [&] { return JsonDocument::MemberPath(path, name_key); };
    if (action.kind != JsonKind::kString) {
      return CheckString(action, apath);
    }
    const std::string& name = action.text;
    std::optional<ActionKind> kind = ActionKindFromName(name);
    if (!kind) {
      return ErrorAt(apath(), action.at,
                     OneOf("an action", ActionProfileNames()),
                     TypeName(action));
    }
    out->kind = *kind;
    out->data = 0;
    const Scalar* ret = ret_in.given() ? &ret_in : nullptr;
    const Scalar* ename = ename_in.given() ? &ename_in : nullptr;
    if (!out->TakesData()) {
      return RejectData(path, name, ret, ret_key, ename, name_key);
    }
    const bool is_errno = out->kind == ActionKind::kErrno;
    const uint64_t max = is_errno ? kMaxErrno : kMaxTraceData;
    // ERRNO and TRACE default to EPERM (OCI runtime-spec).
    out->data = EPERM;
    if (ret != nullptr) {
      SECCOMPC_ASSIGN_OR_RETURN(
          const uint64_t n,
          GetUnsigned(*ret, rpath, max,
                      is_errno ? "an errno" : "trace message data"));
      out->data = static_cast<uint32_t>(n);
    }
    if (ename != nullptr) {
      SECCOMPC_RETURN_IF_ERROR(ReadErrnoName(*ename, npath(), name_key, ret,
                                             ret_key, max, out, errno_name));
    }
    if (is_errno && out->data == 0) {
      Warn(state, ret != nullptr ? rpath() : npath(),
           ret != nullptr ? ret->at : ename->at,
           "errno 0 makes the syscall return 0 (success) without running it");
    }
    return absl::OkStatus();
  }

  // An action without data (`name`) given a number `ret` or an errno
  // name `ename`: an error about the first given.
  absl::Status RejectData(const std::string& path, const std::string& name,
                          const Scalar* ret, const char* ret_key,
                          const Scalar* ename, const char* name_key) {
    for (auto [v, key] :
         {std::pair{ret, ret_key}, std::pair{ename, name_key}}) {
      if (v == nullptr) continue;
      return MessageAt(JsonDocument::MemberPath(path, key), v->at,
                       absl::StrCat("\"", key,
                                    "\" is only valid with SCMP_ACT_ERRNO "
                                    "or SCMP_ACT_TRACE, not ",
                                    name));
    }
    return absl::OkStatus();
  }

  // The errno name `ename` at `npath`: an asm-generic name up to `max`,
  // agreeing with the number `ret` if given; into out->data, and into
  // `errno_name` when no number is given.
  absl::Status ReadErrnoName(const Scalar& ename, const std::string& npath,
                             const char* name_key, const Scalar* ret,
                             const char* ret_key, uint64_t max, Action* out,
                             std::string* errno_name) {
    SECCOMPC_RETURN_IF_ERROR(CheckString(ename, npath));
    std::optional<uint32_t> number = AsmGenericErrno(ename.text);
    if (!number) {
      return ErrorAt(npath, ename.at,
                     "an errno name such as \"EPERM\" or \"ENOSYS\"",
                     TypeName(ename));
    }
    if (ret != nullptr && static_cast<uint32_t>(*number) != out->data) {
      return MessageAt(
          npath, ename.at,
          absl::StrCat("\"", name_key, "\" ", ename.text, " (", *number,
                       ") contradicts \"", ret_key, "\" ", out->data));
    }
    if (static_cast<uint64_t>(*number) > max) {
      return ErrorAt(npath, ename.at, absl::StrCat("a value up to ", max),
                     TypeName(ename));
    }
    out->data = *number;
    if (ret == nullptr) *errno_name = ename.text;
    return absl::OkStatus();
  }

  static JsonPosition NameAt(const SyscallEntry& entry, size_t i) {
    JsonPosition at;
    at.line = entry.name_positions[i].line;
    at.column = entry.name_positions[i].column;
    return at;
  }

  absl::Status ReadEntry(ProfileState* state, const JsonValue& v,
                         std::string entry_path, SyscallEntry* entry) {
    if (v.kind != JsonKind::kObject) {
      return WrongType(v, entry_path, "a syscall entry object");
    }
    // The entry keeps its path; one copy per entry is one too many when
    // there are millions.
    entry->location.json_path = std::move(entry_path);
    entry->location.line = v.at.line;
    entry->location.column = v.at.column;
    const std::string& path = entry->location.json_path;
    Scalar action, errno_ret, errno_name, comment, name;
    bool names_given = false;
    JsonPosition names_at;
    bool args_given = false;
    std::string_view key;
    JsonPosition key_at;
    while (json_.NextMember(&key, &key_at)) {
      if (Scalar* keep = KeptMember(key, {{"action", &action},
                                          {"errnoRet", &errno_ret},
                                          {"errno", &errno_name},
                                          {"comment", &comment},
                                          {"name", &name}})) {
        if (!Keep(keep)) return Syntax(path);
        continue;
      }
      if (key == "names") {
        SECCOMPC_RETURN_IF_ERROR(
            ReadEntryNames(path, &names_given, &names_at, entry));
        continue;
      }
      if (key == "args") {
        SECCOMPC_RETURN_IF_ERROR(
            ReadEntryArgs(state, path, &args_given, entry));
        continue;
      }
      if (key == "includes" || key == "excludes") {
        SECCOMPC_RETURN_IF_ERROR(ReadEntryFilter(state, path, key, entry));
        continue;
      }
      if (!UnknownKey(state, path, key, key_at, kEntryKeys)) {
        return Syntax(path);
      }
    }
    if (json_.failed()) return Syntax(path);

    // Checks in a fixed order, whatever the order of the members.
    SECCOMPC_RETURN_IF_ERROR(
        SettleNames(v, path, names_given, names_at, name, entry));
    SECCOMPC_RETURN_IF_ERROR(
        CheckEntryNames(state, path, names_given, names_at, *entry));

    if (!action.present) {
      return MessageAt(path, v.at, "missing required key \"action\"");
    }
    SECCOMPC_RETURN_IF_ERROR(
        CheckAction(state, path, action, "action", errno_ret, "errnoRet",
                    errno_name, "errno", &entry->action, &entry->errno_name));

    if (args_given) WarnSecondConditions(state, path, *entry);
    arg_at_.clear();
    if (comment.given()) {
      SECCOMPC_RETURN_IF_ERROR(
          CheckString(comment, JsonDocument::MemberPath(path, "comment")));
      entry->comment = std::move(comment.text);
    }
    return absl::OkStatus();
  }

  // The value of the entry's "names" member: null (not given) or an array
  // of strings, appended to entry->names.
  absl::Status ReadEntryNames(const std::string& path, bool* names_given,
                              JsonPosition* names_at, SyscallEntry* entry) {
    JsonValue nv;
    if (!json_.ReadValue(&nv)) return Syntax(path);
    *names_given = nv.kind != JsonKind::kNull;
    *names_at = nv.at;
    if (!*names_given) return absl::OkStatus();
    // Paths are built only for messages: an entry may list millions.
    auto npath = [&] { return JsonDocument::MemberPath(path, "names"); };
    if (nv.kind != JsonKind::kArray) {
      return WrongType(nv, npath(), "an array of strings");
    }
    JsonValue e;
    for (size_t i = 0; json_.NextElement(); ++i) {
      if (!json_.ReadValue(&e)) return Syntax(npath());
      if (e.kind != JsonKind::kString) {
        SECCOMPC_RETURN_IF_ERROR(StringElement(e, npath(), i));
      }
      entry->names.emplace_back(e.text);
      entry->name_positions.push_back({e.at.line, e.at.column});
    }
    if (json_.failed()) return Syntax(npath());
    return absl::OkStatus();
  }

  // The value of the entry's "args" member: null or an array of argument
  // conditions, appended to entry->args.
  absl::Status ReadEntryArgs(ProfileState* state, const std::string& path,
                             bool* args_given, SyscallEntry* entry) {
    auto apath = [&] { return JsonDocument::MemberPath(path, "args"); };
    JsonValue av;
    if (!json_.ReadValue(&av)) return Syntax(path);
    if (av.kind == JsonKind::kNull) return absl::OkStatus();
    if (av.kind != JsonKind::kArray) {
      return WrongType(av, apath(), "an array of argument conditions");
    }
    *args_given = true;
    JsonValue e;
    for (size_t i = 0; json_.NextElement(); ++i) {
      if (!json_.ReadValue(&e)) return Syntax(apath());
      ArgCondition c;
      SECCOMPC_RETURN_IF_ERROR(ReadArg(state, e, path, i, &c));
      entry->args.push_back(c);
    }
    if (json_.failed()) return Syntax(apath());
    return absl::OkStatus();
  }

  // The value of the entry's "includes" or "excludes" member (`key`).
  absl::Status ReadEntryFilter(ProfileState* state, const std::string& path,
                               std::string_view key, SyscallEntry* entry) {
    const std::string fpath = JsonDocument::MemberPath(path, key);
    JsonValue fv;
    if (!json_.ReadValue(&fv)) return Syntax(path);
    if (fv.kind == JsonKind::kNull) return absl::OkStatus();
    return ReadFilter(state, fv, fpath,
                      key == "includes" ? &entry->includes : &entry->excludes);
  }

  // Exactly one of "names" (not empty) and "name"; a "name" becomes the
  // entry's one name.
  absl::Status SettleNames(const JsonValue& v, const std::string& path,
                           bool names_given, JsonPosition names_at,
                           const Scalar& name, SyscallEntry* entry) {
    if (names_given && name.given()) {
      return MessageAt(JsonDocument::MemberPath(path, "name"), name.at,
                       "\"name\" and \"names\" are both given; use \"names\"");
    }
    if (!names_given && !name.given()) {
      return MessageAt(path, v.at, "missing required key \"names\"");
    }
    if (names_given) {
      if (entry->names.empty()) {
        return MessageAt(JsonDocument::MemberPath(path, "names"), names_at,
                         "\"names\" is empty: name at least one syscall");
      }
    } else {
      const std::string npath = JsonDocument::MemberPath(path, "name");
      SECCOMPC_RETURN_IF_ERROR(CheckString(name, npath));
      entry->names.push_back(name.text);
      entry->name_positions.push_back({name.at.line, name.at.column});
    }
    entry->single_name = !names_given;
    return absl::OkStatus();
  }

  // An empty name is an error; a name listed twice, a warning (the first
  // kMaxDuplicateNameWarnings; then a count).
  absl::Status CheckEntryNames(ProfileState* state, const std::string& path,
                               bool names_given, JsonPosition names_at,
                               const SyscallEntry& entry) {
    auto names_path = [&] {
      return JsonDocument::MemberPath(path, names_given ? "names" : "name");
    };
    // The names seen so far, by position: 4 bytes a slot where a view took
    // 16 (an entry may list millions of names, and that table was most of
    // the memory and the cache misses of reading them).
    const NamesAt names_at_position{&entry.names};
    absl::flat_hash_set<uint32_t, NamesAt, NamesAt> seen(0, names_at_position,
                                                         names_at_position);
    if (entry.names.size() > 1) seen.reserve(entry.names.size());
    size_t duplicates = 0;
    // Each insert of a long list misses the cache; asking for the slots of
    // a later name ahead overlaps those misses.
    constexpr size_t kPrefetchAhead = 8;
    for (size_t i = 0; i < entry.names.size(); ++i) {
      if (i + kPrefetchAhead < entry.names.size() &&
          entry.names.size() > 1024) {
        seen.prefetch(static_cast<uint32_t>(i + kPrefetchAhead));
      }
      const std::string& n = entry.names[i];
      if (n.empty() || (entry.names.size() > 1 &&
                        !seen.insert(static_cast<uint32_t>(i)).second &&
                        ++duplicates <= kMaxDuplicateNameWarnings)) {
        // Paths only where a message needs one.
        const std::string npath =
            names_given ? JsonDocument::ElementPath(names_path(), i)
                        : names_path();
        if (n.empty()) {
          return MessageAt(npath, NameAt(entry, i),
                           "expected a syscall name, got \"\"");
        }
        Warn(state, npath, NameAt(entry, i),
             absl::StrCat("\"", n, "\" is listed twice in this entry"));
      }
    }
    if (duplicates > kMaxDuplicateNameWarnings) {
      Warn(state, names_path(), names_at,
           absl::StrCat(duplicates - kMaxDuplicateNameWarnings,
                        " more names are listed twice in this entry"));
    }
    return absl::OkStatus();
  }

  // A second condition on one argument: each index's first condition is
  // remembered (6 indexes), so this is linear.
  void WarnSecondConditions(ProfileState* state, const std::string& path,
                            const SyscallEntry& entry) {
    std::array<bool, 6> conditioned{};
    for (size_t i = 0; i < entry.args.size(); ++i) {
      const uint32_t index = entry.args[i].index;
      if (conditioned[index]) {
        Warn(state,
             JsonDocument::ElementPath(JsonDocument::MemberPath(path, "args"),
                                       i),
             arg_at_[i],
             absl::StrCat("a second condition on argument ", index,
                          ": seccompc requires both (AND); runc turns "
                          "conditions on one argument into OR"));
      }
      conditioned[index] = true;
    }
  }

  // The condition args[i] of the entry at `entry_path`.
  absl::Status ReadArg(ProfileState* state, const JsonValue& v,
                       const std::string& entry_path, size_t i,
                       ArgCondition* c) {
    // Built only for messages (this runs once per condition).
    auto path = [&] {
      return JsonDocument::ElementPath(
          JsonDocument::MemberPath(entry_path, "args"), i);
    };
    if (v.kind != JsonKind::kObject) {
      return WrongType(v, path(), "an argument condition {index, value, op}");
    }
    arg_at_.push_back(v.at);
    Scalar index, value, value_two, op;
    std::string_view key;
    JsonPosition key_at;
    while (json_.NextMember(&key, &key_at)) {
      if (Scalar* keep = KeptMember(key, {{"index", &index},
                                          {"value", &value},
                                          {"valueTwo", &value_two},
                                          {"op", &op}})) {
        if (!Keep(keep)) return Syntax(path());
      } else if (!UnknownKey(state, path(), key, key_at, kArgKeys)) {
        return Syntax(path());
      }
    }
    if (json_.failed()) return Syntax(path());
    for (auto [required, scalar] :
         {std::pair{"index", &index}, std::pair{"op", &op}}) {
      if (!scalar->present) {
        return MessageAt(
            path(), v.at,
            absl::StrCat("missing required key \"", required, "\""));
      }
    }
    SECCOMPC_ASSIGN_OR_RETURN(
        const uint64_t n,
        GetUnsigned(
            index, [&] { return JsonDocument::MemberPath(path(), "index"); }, 5,
            "an argument index"));
    c->index = static_cast<uint32_t>(n);
    SECCOMPC_RETURN_IF_ERROR(ReadOp(
        op, [&] { return JsonDocument::MemberPath(path(), "op"); }, c));
    if (!value.present) {
      return MessageAt(path(), v.at, "missing required key \"value\"");
    }
    return ReadArgValues(state, v, path, value, value_two, c);
  }

  // The condition's "op" at `oppath()`: one of kOps, into c->op.
  absl::Status ReadOp(const Scalar& op, PathFn oppath, ArgCondition* c) {
    SECCOMPC_RETURN_IF_ERROR(CheckString(op, oppath));
    for (const auto& [name, cmp] : kOps) {
      if (name == op.text) {
        c->op = cmp;
        return absl::OkStatus();
      }
    }
    return ErrorAt(oppath(), op.at, OneOf("an operator", kOps), TypeName(op));
  }

  // The "value" (present) and "valueTwo" of the condition `v` at `path()`,
  // whose op is read; warns where valueTwo is ignored or makes
  // SCMP_CMP_MASKED_EQ never hold.
  absl::Status ReadArgValues(ProfileState* state, const JsonValue& v,
                             PathFn path, const Scalar& value,
                             const Scalar& value_two, ArgCondition* c) {
    SECCOMPC_ASSIGN_OR_RETURN(
        c->value,
        GetUnsigned(
            value, [&] { return JsonDocument::MemberPath(path(), "value"); },
            UINT64_MAX, "an unsigned 64-bit value"));
    if (value_two.given()) {
      auto tpath = [&] { return JsonDocument::MemberPath(path(), "valueTwo"); };
      SECCOMPC_ASSIGN_OR_RETURN(c->value_two,
                                GetUnsigned(value_two, tpath, UINT64_MAX,
                                            "an unsigned 64-bit value"));
      if (c->op != CmpOp::kMaskedEq && c->value_two != 0) {
        Warn(state, tpath(), value_two.at,
             "valueTwo is only used by SCMP_CMP_MASKED_EQ; ignored");
      }
    }
    if (c->op == CmpOp::kMaskedEq && (c->value_two & ~c->value) != 0) {
      Warn(state, path(), v.at,
           absl::StrCat("SCMP_CMP_MASKED_EQ can never hold: valueTwo ",
                        c->value_two, " has bits outside the mask ", c->value));
    }
    return absl::OkStatus();
  }

  absl::Status ReadFilter(ProfileState* state, const JsonValue& v,
                          const std::string& path, EntryFilter* f) {
    if (v.kind != JsonKind::kObject) {
      return WrongType(v, path, "an object {arches, caps, minKernel}");
    }
    Scalar min_kernel;
    std::string_view key;
    JsonPosition key_at;
    while (json_.NextMember(&key, &key_at)) {
      if (key == "minKernel") {
        if (!Keep(&min_kernel)) return Syntax(path);
        continue;
      }
      if (key == "arches" || key == "caps") {
        const std::string mpath = JsonDocument::MemberPath(path, key);
        JsonValue mv;
        if (!json_.ReadValue(&mv)) return Syntax(path);
        if (key == "arches") {
          SECCOMPC_RETURN_IF_ERROR(ReadArchNames(mv, mpath, true, &f->arches));
          continue;
        }
        SECCOMPC_RETURN_IF_ERROR(ForEachString(
            mv, mpath, "an array of strings",
            [&](const JsonValue& e, size_t i) -> absl::Status {
              SECCOMPC_RETURN_IF_ERROR(StringElement(e, mpath, i));
              std::optional<int> cap = CapabilityFromName(e.text);
              if (!cap) {
                return ErrorAt(JsonDocument::ElementPath(mpath, i), e.at,
                               "a capability name such as \"CAP_SYS_ADMIN\"",
                               TypeName(e));
              }
              f->caps.push_back(*cap);
              return absl::OkStatus();
            }));
        continue;
      }
      if (!UnknownKey(state, path, key, key_at, kFilterKeys)) {
        return Syntax(path);
      }
    }
    if (json_.failed()) return Syntax(path);
    if (min_kernel.given()) {
      const std::string kpath = JsonDocument::MemberPath(path, "minKernel");
      SECCOMPC_RETURN_IF_ERROR(CheckString(min_kernel, kpath));
      std::optional<KernelVersion> kv = ParseKernelVersion(min_kernel.text);
      if (!kv) {
        return ErrorAt(kpath, min_kernel.at,
                       "a kernel version \"MAJOR.MINOR\" such as \"4.8\"",
                       TypeName(min_kernel));
      }
      f->min_kernel = kv;
    }
    return absl::OkStatus();
  }

  static std::optional<KernelVersion> ParseKernelVersion(const std::string& s) {
    std::vector<absl::string_view> parts = absl::StrSplit(s, '.');
    if (parts.size() != 2) return std::nullopt;
    KernelVersion kv;
    for (absl::string_view p : parts) {
      if (p.empty() || p.size() > 4) return std::nullopt;
      for (char c : p) {
        if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
          return std::nullopt;
        }
      }
    }
    if (!absl::SimpleAtoi(parts[0], &kv.major) ||
        !absl::SimpleAtoi(parts[1], &kv.minor)) {
      return std::nullopt;
    }
    return kv;
  }

  JsonReader json_;
  size_t text_size_;
  std::string_view source_name_;
  std::string syntax_path_;           // where the last read failed
  std::vector<JsonPosition> arg_at_;  // the current entry's args
};

}  // namespace

absl::StatusOr<ParsedProfile> ParseProfile(std::string_view text,
                                           std::string_view source_name,
                                           const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(source_name), ": file is ", text.size(),
                     " bytes; profiles are limited to ", limits.max_bytes));
  }
  return ProfileReader(text, source_name, limits).Read();
}

absl::StatusOr<ParsedProfile> ParseProfileFile(const std::string& path,
                                               const JsonLimits& limits) {
  SECCOMPC_ASSIGN_OR_RETURN(const std::string text,
                            ReadFileLimited(path, limits.max_bytes));
  return ParseProfile(text, path, limits);
}

}  // namespace seccompc

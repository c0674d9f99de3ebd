#include "compiler/frontend/profile_parser.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "compiler/model/capabilities.h"
#include "compiler/model/suggest.h"

namespace seccompc {
namespace {

using json = nlohmann::json;

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

std::string TypeName(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      // Quote a bounded excerpt: the value may be megabytes long.
      return absl::StrCat(
          "the string ",
          json(PrintableExcerpt(v.get_ref<const std::string&>(), 60)).dump());
    case json::value_t::boolean:
      return v.get<bool>() ? "true" : "false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return absl::StrCat("the number ", v.dump());
    case json::value_t::number_float:
      return absl::StrCat("the number ", v.dump());
    default:
      return "a value of another type";
  }
}

// Walks a JsonDocument, checking values and producing errors at the right
// place. One instance parses one profile.
class ProfileReader {
 public:
  explicit ProfileReader(const JsonDocument& doc) : doc_(doc) {}

  absl::StatusOr<ParsedProfile> Read() {
    const json& root = doc_.root();
    std::string path;
    const json* seccomp = &root;
    if (root.is_object() &&
        (root.contains("ociVersion") ||
         (root.contains("linux") && !root.contains("defaultAction")))) {
      // A whole OCI config.json: the profile is .linux.seccomp.
      const json* linux = Member(root, "", "linux");
      if (linux == nullptr || !linux->is_object()) {
        return ErrorAt("", "an OCI config.json with a \"linux\" object");
      }
      seccomp = Member(*linux, "linux", "seccomp");
      if (seccomp == nullptr) {
        return ErrorAt("linux",
                       "a \"seccomp\" member (this OCI config has no "
                       "seccomp profile)");
      }
      path = "linux.seccomp";
    }
    absl::Status s = ReadProfile(*seccomp, path);
    if (!s.ok()) return s;
    result_.profile.source_name = doc_.source_name();
    return std::move(result_);
  }

 private:
  // ---- errors and warnings ----

  absl::Status ErrorAt(const std::string& path, std::string_view expected,
                       const json* got = nullptr) {
    std::string message = absl::StrCat("expected ", std::string(expected));
    if (got != nullptr) absl::StrAppend(&message, ", got ", TypeName(*got));
    return absl::InvalidArgumentError(
        FormatAt(doc_.source_name(), doc_.Locate(path), message));
  }
  absl::Status MessageAt(const std::string& path, std::string_view message) {
    return absl::InvalidArgumentError(
        FormatAt(doc_.source_name(), doc_.Locate(path), message));
  }
  void Warn(const std::string& path, std::string message) {
    result_.warnings.push_back(
        Diagnostic{doc_.Locate(path), std::move(message)});
  }

  const json* Member(const json& object, const std::string& path,
                     std::string_view key) {
    (void)path;
    auto it = object.find(std::string(key));
    return it == object.end() ? nullptr : &*it;
  }

  // Warns about keys that are not in `known`.
  void CheckKeys(const json& object, const std::string& path,
                 std::initializer_list<std::string_view> known) {
    for (auto it = object.begin(); it != object.end(); ++it) {
      bool found = false;
      for (std::string_view k : known) found = found || k == it.key();
      if (!found) {
        Warn(JsonDocument::MemberPath(path, it.key()),
             absl::StrCat(
                 "unknown key \"", it.key(), "\" ignored (known: ",
                 absl::StrJoin(known, ", ",
                               [](std::string* out, std::string_view k) {
                                 out->append(k.data(), k.size());
                               }),
                 ")", DidYouMean(it.key(), known)));
      }
    }
  }

  // ---- typed accessors ----

  absl::StatusOr<std::string> GetString(const json& v,
                                        const std::string& path) {
    if (!v.is_string()) return ErrorAt(path, "a string", &v);
    return v.get<std::string>();
  }

  absl::StatusOr<uint64_t> GetUnsigned(const json& v, const std::string& path,
                                       uint64_t max, std::string_view what) {
    const std::string expected =
        absl::StrCat(std::string(what), ": an integer from 0 to ", max);
    if (v.is_number_unsigned()) {
      const uint64_t n = v.get<uint64_t>();
      if (n > max) return ErrorAt(path, expected, &v);
      return n;
    }
    if (v.is_number_integer()) {
      // Negative (non-negative integers are number_unsigned).
      return ErrorAt(path, expected, &v);
    }
    if (v.is_number_float()) {
      return ErrorAt(path,
                     absl::StrCat(expected,
                                  " (no fraction, exponent or "
                                  "value beyond 2^64-1)"),
                     &v);
    }
    return ErrorAt(path, expected, &v);
  }

  // Arrays may be null where Docker writes `"args": null`.
  absl::StatusOr<std::vector<std::string>> GetStringArray(
      const json& v, const std::string& path) {
    std::vector<std::string> out;
    if (v.is_null()) return out;
    if (!v.is_array()) return ErrorAt(path, "an array of strings", &v);
    out.reserve(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        return ErrorAt(JsonDocument::ElementPath(path, i), "a string", &v[i]);
      }
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }

  absl::StatusOr<const ArchSpec*> GetArch(const json& v,
                                          const std::string& path,
                                          bool short_names_too) {
    absl::StatusOr<std::string> name = GetString(v, path);
    if (!name.ok()) return name.status();
    const ArchSpec* arch = FindArch(*name);
    if (arch == nullptr || (!short_names_too && arch->scmp_name != *name)) {
      return ErrorAt(path,
                     short_names_too
                         ? "an architecture (SCMP_ARCH_X86_64, amd64, ...)"
                         : "an architecture name SCMP_ARCH_*",
                     &v);
    }
    return arch;
  }

  // ---- the profile ----

  absl::Status ReadProfile(const json& v, const std::string& path) {
    if (!v.is_object()) return ErrorAt(path, "a seccomp profile object", &v);
    CheckKeys(
        v, path,
        {"defaultAction", "defaultErrnoRet", "defaultErrno", "architectures",
         "archMap", "flags", "listenerPath", "listenerMetadata", "syscalls"});
    Profile& p = result_.profile;

    const json* action = Member(v, path, "defaultAction");
    if (action == nullptr) {
      return MessageAt(path, "missing required key \"defaultAction\"");
    }
    absl::Status s = ReadAction(v, path, "defaultAction", "defaultErrnoRet",
                                "defaultErrno", &p.default_action);
    if (!s.ok()) return s;

    const json* architectures = Member(v, path, "architectures");
    const json* arch_map = Member(v, path, "archMap");
    if (architectures != nullptr && !architectures->is_null() &&
        arch_map != nullptr && !arch_map->is_null()) {
      return MessageAt(JsonDocument::MemberPath(path, "archMap"),
                       "\"architectures\" and \"archMap\" are both given; "
                       "use one (OCI: architectures, Docker: archMap)");
    }
    if (architectures != nullptr && !architectures->is_null()) {
      const std::string apath = JsonDocument::MemberPath(path, "architectures");
      if (!architectures->is_array()) {
        return ErrorAt(apath, "an array of architecture names", architectures);
      }
      for (size_t i = 0; i < architectures->size(); ++i) {
        absl::StatusOr<const ArchSpec*> a = GetArch(
            (*architectures)[i], JsonDocument::ElementPath(apath, i), false);
        if (!a.ok()) return a.status();
        p.architectures.push_back((*a)->id);
      }
    }
    if (arch_map != nullptr && !arch_map->is_null()) {
      s = ReadArchMap(*arch_map, JsonDocument::MemberPath(path, "archMap"));
      if (!s.ok()) return s;
    }

    if (const json* flags = Member(v, path, "flags");
        flags != nullptr && !flags->is_null()) {
      const std::string fpath = JsonDocument::MemberPath(path, "flags");
      absl::StatusOr<std::vector<std::string>> names =
          GetStringArray(*flags, fpath);
      if (!names.ok()) return names.status();
      for (size_t i = 0; i < names->size(); ++i) {
        bool known = false;
        for (const auto& [name, bit] : kFlags) {
          if (name == (*names)[i]) {
            p.flags |= bit;
            known = true;
          }
        }
        if (!known) {
          return ErrorAt(JsonDocument::ElementPath(fpath, i),
                         "a filter flag (SECCOMP_FILTER_FLAG_TSYNC, _LOG, "
                         "_SPEC_ALLOW, _WAIT_KILLABLE_RECV)",
                         &(*flags)[i]);
        }
      }
    }
    for (auto [key, out] :
         {std::pair{"listenerPath", &p.listener_path},
          std::pair{"listenerMetadata", &p.listener_metadata}}) {
      if (const json* m = Member(v, path, key); m != nullptr && !m->is_null()) {
        absl::StatusOr<std::string> str =
            GetString(*m, JsonDocument::MemberPath(path, key));
        if (!str.ok()) return str.status();
        *out = *std::move(str);
      }
    }

    if (const json* syscalls = Member(v, path, "syscalls");
        syscalls != nullptr && !syscalls->is_null()) {
      const std::string spath = JsonDocument::MemberPath(path, "syscalls");
      if (!syscalls->is_array()) {
        return ErrorAt(spath, "an array of syscall entries", syscalls);
      }
      p.syscalls.reserve(syscalls->size());
      for (size_t i = 0; i < syscalls->size(); ++i) {
        SyscallEntry entry;
        s = ReadEntry((*syscalls)[i], JsonDocument::ElementPath(spath, i),
                      &entry);
        if (!s.ok()) return s;
        p.syscalls.push_back(std::move(entry));
      }
    }
    return absl::OkStatus();
  }

  absl::Status ReadArchMap(const json& v, const std::string& path) {
    if (!v.is_array()) {
      return ErrorAt(
          path, "an array of {\"architecture\", \"subArchitectures\"}", &v);
    }
    absl::flat_hash_set<ArchId> seen;
    for (size_t i = 0; i < v.size(); ++i) {
      const std::string epath = JsonDocument::ElementPath(path, i);
      const json& e = v[i];
      if (!e.is_object()) {
        return ErrorAt(
            epath, "an object {\"architecture\", \"subArchitectures\"}", &e);
      }
      CheckKeys(e, epath, {"architecture", "subArchitectures"});
      const json* arch = Member(e, epath, "architecture");
      if (arch == nullptr) {
        return MessageAt(epath, "missing required key \"architecture\"");
      }
      ArchMapEntry entry;
      absl::StatusOr<const ArchSpec*> a = GetArch(
          *arch, JsonDocument::MemberPath(epath, "architecture"), false);
      if (!a.ok()) return a.status();
      entry.arch = (*a)->id;
      if (!seen.insert(entry.arch).second) {
        return MessageAt(
            JsonDocument::MemberPath(epath, "architecture"),
            absl::StrCat("architecture ", std::string((*a)->scmp_name),
                         " appears twice in archMap"));
      }
      if (const json* subs = Member(e, epath, "subArchitectures");
          subs != nullptr && !subs->is_null()) {
        const std::string spath =
            JsonDocument::MemberPath(epath, "subArchitectures");
        if (!subs->is_array()) {
          return ErrorAt(spath, "an array of architecture names", subs);
        }
        for (size_t j = 0; j < subs->size(); ++j) {
          absl::StatusOr<const ArchSpec*> sub =
              GetArch((*subs)[j], JsonDocument::ElementPath(spath, j), false);
          if (!sub.ok()) return sub.status();
          entry.sub_arches.push_back((*sub)->id);
        }
      }
      result_.profile.arch_map.push_back(std::move(entry));
    }
    return absl::OkStatus();
  }

  // Reads `action_key` and its errno/trace data from `ret_key` (number) and
  // `name_key` (containers/common's errno name) of `object`.
  absl::Status ReadAction(const json& object, const std::string& path,
                          const char* action_key, const char* ret_key,
                          const char* name_key, Action* out) {
    const std::string apath = JsonDocument::MemberPath(path, action_key);
    const json& av = object.at(action_key);
    absl::StatusOr<std::string> name = GetString(av, apath);
    if (!name.ok()) return name.status();
    std::optional<ActionKind> kind = ActionKindFromName(*name);
    if (!kind) {
      return ErrorAt(apath,
                     "an action (SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, "
                     "SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, "
                     "SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, "
                     "SCMP_ACT_NOTIFY)",
                     &av);
    }
    out->kind = *kind;
    out->data = 0;
    const json* ret = Member(object, path, ret_key);
    if (ret != nullptr && ret->is_null()) ret = nullptr;
    const json* ename = Member(object, path, name_key);
    if (ename != nullptr && ename->is_null()) ename = nullptr;
    const std::string rpath = JsonDocument::MemberPath(path, ret_key);
    const std::string npath = JsonDocument::MemberPath(path, name_key);
    if (!out->TakesData()) {
      if (ret != nullptr) {
        return MessageAt(rpath, absl::StrCat("\"", ret_key,
                                             "\" is only valid "
                                             "with SCMP_ACT_ERRNO or "
                                             "SCMP_ACT_TRACE, not ",
                                             *name));
      }
      if (ename != nullptr) {
        return MessageAt(npath, absl::StrCat("\"", name_key,
                                             "\" is only valid "
                                             "with SCMP_ACT_ERRNO or "
                                             "SCMP_ACT_TRACE, not ",
                                             *name));
      }
      return absl::OkStatus();
    }
    const bool is_errno = out->kind == ActionKind::kErrno;
    const uint64_t max = is_errno ? kMaxErrno : kMaxTraceData;
    // ERRNO and TRACE default to EPERM (OCI runtime-spec).
    out->data = EPERM;
    if (ret != nullptr) {
      absl::StatusOr<uint64_t> n = GetUnsigned(
          *ret, rpath, max, is_errno ? "an errno" : "trace message data");
      if (!n.ok()) return n.status();
      out->data = static_cast<uint32_t>(*n);
    }
    if (ename != nullptr) {
      absl::StatusOr<std::string> en = GetString(*ename, npath);
      if (!en.ok()) return en.status();
      std::optional<int> number = ErrnoFromName(*en);
      if (!number) {
        return ErrorAt(npath, "an errno name such as \"EPERM\" or \"ENOSYS\"",
                       ename);
      }
      if (ret != nullptr && static_cast<uint32_t>(*number) != out->data) {
        return MessageAt(
            npath, absl::StrCat("\"", name_key, "\" ", *en, " (", *number,
                                ") contradicts \"", ret_key, "\" ", out->data));
      }
      if (static_cast<uint64_t>(*number) > max) {
        return ErrorAt(npath, absl::StrCat("a value up to ", max), ename);
      }
      out->data = static_cast<uint32_t>(*number);
    }
    if (is_errno && out->data == 0) {
      Warn(ret != nullptr ? rpath : npath,
           "errno 0 makes the syscall return 0 (success) without running it");
    }
    return absl::OkStatus();
  }

  absl::Status ReadEntry(const json& v, const std::string& path,
                         SyscallEntry* entry) {
    if (!v.is_object()) return ErrorAt(path, "a syscall entry object", &v);
    entry->location = doc_.Locate(path);
    CheckKeys(v, path,
              {"names", "name", "action", "errnoRet", "errno", "args",
               "comment", "includes", "excludes"});
    const json* names = Member(v, path, "names");
    if (names != nullptr && names->is_null()) names = nullptr;
    const json* name = Member(v, path, "name");
    if (name != nullptr && name->is_null()) name = nullptr;
    if (names != nullptr && name != nullptr) {
      return MessageAt(JsonDocument::MemberPath(path, "name"),
                       "\"name\" and \"names\" are both given; use \"names\"");
    }
    if (names == nullptr && name == nullptr) {
      return MessageAt(path, "missing required key \"names\"");
    }
    if (names != nullptr) {
      const std::string npath = JsonDocument::MemberPath(path, "names");
      absl::StatusOr<std::vector<std::string>> list =
          GetStringArray(*names, npath);
      if (!list.ok()) return list.status();
      if (list->empty()) {
        return MessageAt(npath,
                         "\"names\" is empty: name at least one syscall");
      }
      entry->names = *std::move(list);
    } else {
      absl::StatusOr<std::string> one =
          GetString(*name, JsonDocument::MemberPath(path, "name"));
      if (!one.ok()) return one.status();
      entry->names.push_back(*std::move(one));
    }
    absl::flat_hash_set<std::string_view> seen;
    const std::string names_path =
        JsonDocument::MemberPath(path, names != nullptr ? "names" : "name");
    entry->name_locations.reserve(entry->names.size());
    for (size_t i = 0; i < entry->names.size(); ++i) {
      const std::string& n = entry->names[i];
      const std::string npath = names != nullptr
                                    ? JsonDocument::ElementPath(names_path, i)
                                    : names_path;
      if (n.empty())
        return MessageAt(npath, "expected a syscall name, got \"\"");
      entry->name_locations.push_back(doc_.Locate(npath));
      if (!seen.insert(n).second) {
        Warn(npath, absl::StrCat("\"", n, "\" is listed twice in this entry"));
      }
    }

    if (Member(v, path, "action") == nullptr) {
      return MessageAt(path, "missing required key \"action\"");
    }
    absl::Status s =
        ReadAction(v, path, "action", "errnoRet", "errno", &entry->action);
    if (!s.ok()) return s;

    if (const json* args = Member(v, path, "args");
        args != nullptr && !args->is_null()) {
      const std::string apath = JsonDocument::MemberPath(path, "args");
      if (!args->is_array()) {
        return ErrorAt(apath, "an array of argument conditions", args);
      }
      for (size_t i = 0; i < args->size(); ++i) {
        ArgCondition c;
        s = ReadArg((*args)[i], JsonDocument::ElementPath(apath, i), &c);
        if (!s.ok()) return s;
        entry->args.push_back(c);
      }
      for (size_t i = 0; i < entry->args.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
          if (entry->args[i].index == entry->args[j].index) {
            Warn(JsonDocument::ElementPath(apath, i),
                 absl::StrCat("a second condition on argument ",
                              entry->args[i].index,
                              ": seccompc requires both (AND); runc turns "
                              "conditions on one argument into OR"));
            break;
          }
        }
      }
    }
    if (const json* c = Member(v, path, "comment");
        c != nullptr && !c->is_null()) {
      absl::StatusOr<std::string> str =
          GetString(*c, JsonDocument::MemberPath(path, "comment"));
      if (!str.ok()) return str.status();
      entry->comment = *std::move(str);
    }
    for (auto [key, out] : {std::pair{"includes", &entry->includes},
                            std::pair{"excludes", &entry->excludes}}) {
      if (const json* f = Member(v, path, key); f != nullptr && !f->is_null()) {
        s = ReadFilter(*f, JsonDocument::MemberPath(path, key), out);
        if (!s.ok()) return s;
      }
    }
    return absl::OkStatus();
  }

  absl::Status ReadArg(const json& v, const std::string& path,
                       ArgCondition* c) {
    if (!v.is_object()) {
      return ErrorAt(path, "an argument condition {index, value, op}", &v);
    }
    CheckKeys(v, path, {"index", "value", "valueTwo", "op"});
    for (const char* required : {"index", "op"}) {
      if (Member(v, path, required) == nullptr) {
        return MessageAt(
            path, absl::StrCat("missing required key \"", required, "\""));
      }
    }
    absl::StatusOr<uint64_t> index =
        GetUnsigned(v.at("index"), JsonDocument::MemberPath(path, "index"), 5,
                    "an argument index");
    if (!index.ok()) return index.status();
    c->index = static_cast<uint32_t>(*index);
    const std::string oppath = JsonDocument::MemberPath(path, "op");
    absl::StatusOr<std::string> op = GetString(v.at("op"), oppath);
    if (!op.ok()) return op.status();
    bool known = false;
    for (const auto& [name, value] : kOps) {
      if (name == *op) {
        c->op = value;
        known = true;
      }
    }
    if (!known) {
      return ErrorAt(oppath,
                     "an operator (SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, "
                     "SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT, "
                     "SCMP_CMP_MASKED_EQ)",
                     &v.at("op"));
    }
    const json* value = Member(v, path, "value");
    if (value == nullptr) {
      return MessageAt(path, "missing required key \"value\"");
    }
    absl::StatusOr<uint64_t> n =
        GetUnsigned(*value, JsonDocument::MemberPath(path, "value"), UINT64_MAX,
                    "an unsigned 64-bit value");
    if (!n.ok()) return n.status();
    c->value = *n;
    if (const json* two = Member(v, path, "valueTwo");
        two != nullptr && !two->is_null()) {
      const std::string tpath = JsonDocument::MemberPath(path, "valueTwo");
      absl::StatusOr<uint64_t> t =
          GetUnsigned(*two, tpath, UINT64_MAX, "an unsigned 64-bit value");
      if (!t.ok()) return t.status();
      c->value_two = *t;
      if (c->op != CmpOp::kMaskedEq && c->value_two != 0) {
        Warn(tpath, "valueTwo is only used by SCMP_CMP_MASKED_EQ; ignored");
      }
    }
    if (c->op == CmpOp::kMaskedEq && (c->value_two & ~c->value) != 0) {
      Warn(path,
           absl::StrCat("SCMP_CMP_MASKED_EQ can never hold: valueTwo ",
                        c->value_two, " has bits outside the mask ", c->value));
    }
    return absl::OkStatus();
  }

  absl::Status ReadFilter(const json& v, const std::string& path,
                          EntryFilter* f) {
    if (!v.is_object()) {
      return ErrorAt(path, "an object {arches, caps, minKernel}", &v);
    }
    CheckKeys(v, path, {"arches", "caps", "minKernel"});
    if (const json* arches = Member(v, path, "arches");
        arches != nullptr && !arches->is_null()) {
      const std::string apath = JsonDocument::MemberPath(path, "arches");
      if (!arches->is_array()) {
        return ErrorAt(apath, "an array of architecture names", arches);
      }
      for (size_t i = 0; i < arches->size(); ++i) {
        absl::StatusOr<const ArchSpec*> a =
            GetArch((*arches)[i], JsonDocument::ElementPath(apath, i), true);
        if (!a.ok()) return a.status();
        f->arches.push_back((*a)->id);
      }
    }
    if (const json* caps = Member(v, path, "caps");
        caps != nullptr && !caps->is_null()) {
      const std::string cpath = JsonDocument::MemberPath(path, "caps");
      absl::StatusOr<std::vector<std::string>> names =
          GetStringArray(*caps, cpath);
      if (!names.ok()) return names.status();
      for (size_t i = 0; i < names->size(); ++i) {
        std::optional<int> cap = CapabilityFromName((*names)[i]);
        if (!cap) {
          return ErrorAt(JsonDocument::ElementPath(cpath, i),
                         "a capability name such as \"CAP_SYS_ADMIN\"",
                         &(*caps)[i]);
        }
        f->caps.push_back(*cap);
      }
    }
    if (const json* mk = Member(v, path, "minKernel");
        mk != nullptr && !mk->is_null()) {
      const std::string kpath = JsonDocument::MemberPath(path, "minKernel");
      absl::StatusOr<std::string> s = GetString(*mk, kpath);
      if (!s.ok()) return s.status();
      std::optional<KernelVersion> kv = ParseKernelVersion(*s);
      if (!kv) {
        return ErrorAt(kpath,
                       "a kernel version \"MAJOR.MINOR\" such as \"4.8\"", mk);
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

  const JsonDocument& doc_;
  ParsedProfile result_;
};

}  // namespace

std::optional<int> ErrnoFromName(std::string_view name) {
  for (int e = 1; e <= static_cast<int>(kMaxErrno); ++e) {
    const char* n = strerrorname_np(e);
    if (n != nullptr && name == n) return e;
  }
  return std::nullopt;
}

absl::StatusOr<ParsedProfile> ParseProfile(std::string_view text,
                                           std::string_view source_name,
                                           const JsonLimits& limits) {
  absl::StatusOr<JsonDocument> doc =
      JsonDocument::Parse(text, source_name, limits);
  if (!doc.ok()) return doc.status();
  return ProfileReader(*doc).Read();
}

absl::StatusOr<std::string> ReadFileLimited(const std::string& path,
                                            size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the type check
  // below refuses anything but a regular file.
  const int fd =
      open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    const std::string message =
        absl::StrCat(path, ": cannot open: ", strerror(err));
    return err == ENOENT ? absl::NotFoundError(message)
                         : absl::InvalidArgumentError(message);
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    const char* kind = S_ISDIR(st.st_mode)    ? "a directory"
                       : S_ISFIFO(st.st_mode) ? "a FIFO"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                       : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
                           ? "a device"
                           : "not a regular file";
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a regular file (", kind, ")"));
  }
  std::string text;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      close(fd);
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": cannot read: ", strerror(err)));
    }
    if (n == 0) break;
    if (text.size() + static_cast<size_t>(n) > max_bytes) {
      close(fd);
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": larger than ", max_bytes, " bytes; refusing to parse"));
    }
    text.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return text;
}

absl::StatusOr<ParsedProfile> ParseProfileFile(const std::string& path,
                                               const JsonLimits& limits) {
  absl::StatusOr<std::string> text = ReadFileLimited(path, limits.max_bytes);
  if (!text.ok()) return text.status();
  return ParseProfile(*text, path, limits);
}

}  // namespace seccompc

#include "compiler/analysis/mesos_compat.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "absl/strings/str_cat.h"

namespace seccompc {
namespace {

using json = nlohmann::json;
constexpr uint32_t kEperm = 1;

// The last syscall number each arch had in Linux 4.15 (see the header).
struct Cutoff {
  ArchId arch;
  uint32_t last_nr;
};
constexpr Cutoff kLinux415[] = {
    {ArchId::kX86_64, 332},  {ArchId::kX86, 384},   {ArchId::kArm, 397},
    {ArchId::kAarch64, 291}, {ArchId::kS390x, 380}, {ArchId::kPpc64, 383},
};
constexpr uint32_t kArmPrivateBase = 0xf0000;

bool ArchKnownToLibseccomp233(ArchId a) {
  if (IsMips(a)) return true;
  switch (a) {
    case ArchId::kX86:
    case ArchId::kX86_64:
    case ArchId::kX32:
    case ArchId::kArm:
    case ArchId::kAarch64:
    case ArchId::kPpc:
    case ArchId::kPpc64:
    case ArchId::kPpc64le:
    case ArchId::kS390:
    case ArchId::kS390x:
      return true;
    default:
      return false;
  }
}

bool MesosAction(ActionKind k) {
  return k == ActionKind::kKillThread || k == ActionKind::kTrap ||
         k == ActionKind::kErrno || k == ActionKind::kTrace ||
         k == ActionKind::kAllow;
}

// Line and column of the first `"key"` in `text` (1-based), for top-level
// keys the model keeps no position of.
SourceLocation LocateKey(std::string_view text, std::string_view key,
                         std::string path) {
  SourceLocation loc;
  loc.json_path = std::move(path);
  const std::string quoted = absl::StrCat("\"", std::string(key), "\"");
  const size_t at = text.find(quoted);
  if (at == std::string_view::npos) return loc;
  loc.line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      line_start = i + 1;
    }
  }
  loc.column = static_cast<int>(at - line_start) + 1;
  return loc;
}

// The seccomp object of a profile or of an OCI config.json.
const json* SeccompObject(const json& doc) {
  if (!doc.is_object()) return nullptr;
  auto linux_it = doc.find("linux");
  if (linux_it != doc.end() && linux_it->is_object()) {
    auto s = linux_it->find("seccomp");
    if (s != linux_it->end() && s->is_object()) return &*s;
  }
  return &doc;
}

bool Has(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && !it->is_null();
}

}  // namespace

bool KnownToLibseccomp233(std::string_view name) {
  for (const Cutoff& c : kLinux415) {
    const ArchSpec& arch = GetArch(c.arch);
    std::optional<uint32_t> nr = arch.Lookup(name);
    if (!nr) continue;
    if (*nr <= c.last_nr) return true;
    if (c.arch == ArchId::kArm && *nr >= kArmPrivateBase) return true;
  }
  return false;
}

std::vector<MesosFinding> CheckMesosCompat(std::string_view text,
                                           const Profile& profile) {
  std::vector<MesosFinding> out;
  auto reject = [&out](SourceLocation loc, std::string m) {
    out.push_back({MesosFinding::Kind::kRejects, std::move(loc), std::move(m)});
  };
  auto change = [&out](SourceLocation loc, std::string m) {
    out.push_back({MesosFinding::Kind::kChanges, std::move(loc), std::move(m)});
  };
  const json doc = json::parse(text.begin(), text.end(), nullptr,
                               /*allow_exceptions=*/false);
  const json* seccomp = SeccompObject(doc);
  if (seccomp == nullptr) return out;  // the parser accepted it: cannot be

  // Top level.
  if (!Has(*seccomp, "archMap")) {
    reject(LocateKey(text,
                     Has(*seccomp, "architectures") ? "architectures"
                                                    : "defaultAction",
                     "archMap"),
           Has(*seccomp, "architectures")
               ? "no \"archMap\": Mesos requires it and does not read OCI's "
                 "\"architectures\""
               : "no \"archMap\": Mesos requires it");
  }
  const Action& def = profile.default_action;
  const SourceLocation def_loc =
      LocateKey(text, "defaultAction", "defaultAction");
  if (!MesosAction(def.kind)) {
    reject(def_loc, absl::StrCat("default action ", def.ToString(),
                                 " is not one Mesos knows (KILL, TRAP, "
                                 "ERRNO, TRACE, ALLOW)"));
  }
  if (def.kind == ActionKind::kErrno && def.data != kEperm) {
    const char* key =
        Has(*seccomp, "defaultErrnoRet") ? "defaultErrnoRet" : "defaultErrno";
    change(LocateKey(text, key, key),
           absl::StrCat("Mesos ignores \"", key, "\": the default action ",
                        def.ToString(), " becomes ERRNO(1) (EPERM)"));
  }
  for (const ArchMapEntry& m : profile.arch_map) {
    std::vector<ArchId> ids = m.sub_arches;
    ids.insert(ids.begin(), m.arch);
    for (ArchId id : ids) {
      if (ArchKnownToLibseccomp233(id)) continue;
      const ArchSpec& a = GetArch(id);
      reject(LocateKey(text, a.scmp_name, "archMap"),
             absl::StrCat("architecture ", std::string(a.scmp_name),
                          " is unknown to libseccomp 2.3.3: Mesos rejects "
                          "the profile"));
    }
  }

  // Entries.
  const json* syscalls = nullptr;
  if (auto it = seccomp->find("syscalls");
      it != seccomp->end() && it->is_array()) {
    syscalls = &*it;
  }
  for (size_t e = 0; e < profile.syscalls.size(); ++e) {
    const SyscallEntry& entry = profile.syscalls[e];
    const json* raw =
        syscalls != nullptr && e < syscalls->size() ? &(*syscalls)[e] : nullptr;
    if (raw != nullptr && raw->is_object()) {
      std::vector<std::string> missing;
      for (const char* key : {"includes", "excludes", "args"}) {
        if (!Has(*raw, key)) missing.push_back(absl::StrCat("\"", key, "\""));
      }
      if (Has(*raw, "name") && !Has(*raw, "names")) {
        missing.push_back("\"names\" (Mesos does not read \"name\")");
      }
      if (!missing.empty()) {
        std::string list;
        for (const std::string& k : missing) {
          absl::StrAppend(&list, list.empty() ? "" : ", ", k);
        }
        reject(entry.location,
               absl::StrCat("missing ", list, ": Mesos requires ",
                            missing.size() == 1 ? "it" : "them",
                            " on every entry (write {} or [] when empty)"));
      }
    }
    const Action& a = entry.action;
    if (!MesosAction(a.kind)) {
      reject(entry.location,
             absl::StrCat("action ", a.ToString(),
                          " is not one Mesos knows (KILL, TRAP, ERRNO, TRACE, "
                          "ALLOW)"));
    }
    if (a.kind == ActionKind::kErrno && a.data != kEperm) {
      change(entry.location,
             absl::StrCat("Mesos ignores the errno: ", a.ToString(),
                          " becomes ERRNO(1) (EPERM)"));
    }
    for (const auto& [filter, what] :
         {std::pair{&entry.includes, "includes"},
          std::pair{&entry.excludes, "excludes"}}) {
      if (filter->min_kernel) {
        change(entry.location,
               absl::StrCat(
                   "Mesos ignores ", what, ".minKernel ",
                   filter->min_kernel->major, ".", filter->min_kernel->minor,
                   std::string_view(what) == "includes"
                       ? ": the entry applies on every kernel"
                       : ": the entry is never excluded by kernel version"));
      }
      for (ArchId id : filter->arches) {
        if (ArchKnownToLibseccomp233(id)) continue;
        reject(entry.location, absl::StrCat(what, ".arches names ",
                                            std::string(GetArch(id).scmp_name),
                                            ", unknown to libseccomp 2.3.3"));
      }
    }
    for (size_t n = 0; n < entry.names.size(); ++n) {
      if (KnownToLibseccomp233(entry.names[n])) continue;
      reject(entry.NameLocation(n),
             absl::StrCat("syscall \"", entry.names[n],
                          "\" is unknown to libseccomp 2.3.3 (newer than "
                          "Linux 4.15, or in no table): Mesos rejects the "
                          "profile"));
    }
    // libseccomp refuses a rule with the default action; in Mesos terms
    // every ERRNO is EPERM, so ERRNO(38) under an ERRNO(1) default counts.
    const bool same_as_default =
        a.kind == def.kind &&
        (a.kind == ActionKind::kErrno || a.data == def.data);
    if (same_as_default && MesosAction(a.kind)) {
      reject(entry.location,
             absl::StrCat("action ", a.ToString(),
                          a.kind == ActionKind::kErrno && a.data != def.data
                              ? " is, as Mesos reads ERRNO (always EPERM), "
                              : " is ",
                          "the default action: libseccomp refuses such a "
                          "rule and Mesos fails"));
    }
  }
  return out;
}

}  // namespace seccompc

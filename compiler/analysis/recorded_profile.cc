#include "compiler/analysis/recorded_profile.h"

#include <linux/seccomp.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "compiler/codegen/decision.h"
#include "compiler/reference/evaluate.h"

namespace seccompc {
namespace {

using ojson = nlohmann::ordered_json;

struct Variant {
  std::string name;
  std::vector<uint32_t> indices;
  std::vector<uint64_t> values;
  friend bool operator<(const Variant& a, const Variant& b) {
    return std::tie(a.name, a.indices, a.values) <
           std::tie(b.name, b.indices, b.values);
  }
};

ojson ArgsJson(const Variant& v) {
  ojson args = ojson::array();
  for (size_t i = 0; i < v.indices.size(); ++i) {
    args.push_back({{"index", v.indices[i]},
                    {"value", v.values[i]},
                    {"op", "SCMP_CMP_EQ"}});
  }
  return args;
}

std::string Describe(const Variant& v) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < v.indices.size(); ++i) {
    parts.push_back(
        absl::StrFormat("arg%u == 0x%x", v.indices[i], v.values[i]));
  }
  return parts.empty()
             ? v.name
             : absl::StrCat(v.name, "(", absl::StrJoin(parts, ", "), ")");
}

// The warning for a call whose arguments went past the recording's bounds.
std::string UnpinnedWarning(const ArchSpec& arch, const std::string& name,
                            const Recording::Seen& seen) {
  std::vector<std::string> args;
  for (uint32_t i : seen.unpinned) args.push_back(absl::StrCat("arg", i));
  return absl::StrCat(
      std::string(arch.short_name), " ", name.empty() ? "?" : name,
      ": more than ", kMaxPinnedValuesPerArgument,
      " distinct values of one argument or ", kMaxRecordedTuplesPerSyscall,
      " argument tuples were seen; the profile allows it whatever ",
      absl::StrJoin(args, ", "), (args.size() == 1 ? " is" : " are"));
}

// Entries allowing `names` (argument-free) and `variants`.
void AppendEntries(const std::set<std::string>& names,
                   const std::set<Variant>& variants,
                   const std::string& comment, ojson* syscalls) {
  if (!names.empty()) {
    syscalls->push_back(
        {{"comment", comment},
         {"names", std::vector<std::string>(names.begin(), names.end())},
         {"action", "SCMP_ACT_ALLOW"}});
  }
  for (const Variant& v : variants) {
    syscalls->push_back({{"comment", comment},
                         {"names", {v.name}},
                         {"action", "SCMP_ACT_ALLOW"},
                         {"args", ArgsJson(v)}});
  }
}

}  // namespace

const std::vector<uint32_t>& Recording::IndicesFor(const ArchSpec& arch,
                                                   uint32_t nr) {
  const Key key{arch.id, nr};
  auto it = indices_cache_.find(key);
  if (it != indices_cache_.end()) return it->second;
  std::set<uint32_t> indices;
  for (const Policy* reference : references_) {
    if (reference == nullptr) continue;
    const ArchPolicy* ap = reference->FindArch(arch.id);
    if (ap == nullptr) continue;
    auto rules = ap->syscalls.find(nr);
    if (rules == ap->syscalls.end()) continue;
    const Decision d =
        DecideSyscall(rules->second, reference->default_action, WidthOf(arch));
    for (const DecisionRule& r : d.rules) {
      for (const ArgCondition& c : r.conditions) indices.insert(c.index);
    }
  }
  return indices_cache_[key] =
             std::vector<uint32_t>(indices.begin(), indices.end());
}

bool Recording::Add(uint32_t audit_arch, uint32_t nr, const uint64_t args[6]) {
  ++total_;
  const ArchSpec* arch = AbiOf(audit_arch, nr);
  if (arch == nullptr || !arch->has_table()) {
    ++unknown_arch_calls_;
    return false;
  }
  auto [it, first] = calls_.try_emplace(Key{arch->id, nr});
  Seen& seen = it->second;
  if (first) {
    seen.indices = IndicesFor(*arch, nr);
    seen.distinct.resize(seen.indices.size());
  }
  std::vector<uint64_t> values;
  values.reserve(seen.indices.size());
  for (size_t k = 0; k < seen.indices.size(); ++k) {
    // What the policy compares (policy.h: the low word on 32-bit ABIs).
    values.push_back(ArgumentValue(*arch, args[seen.indices[k]]));
    seen.distinct[k].insert(values.back());
  }
  if (seen.values.insert(std::move(values)).second) Bound(&seen);
  return true;
}

void Recording::Bound(Seen* seen) {
  auto past_bound = [seen] {
    if (seen->values.size() > kMaxRecordedTuplesPerSyscall) return true;
    for (const std::set<uint64_t>& d : seen->distinct) {
      if (d.size() > kMaxPinnedValuesPerArgument) return true;
    }
    return false;
  };
  while (!seen->indices.empty() && past_bound()) {
    size_t drop = 0;
    for (size_t k = 1; k < seen->distinct.size(); ++k) {
      if (seen->distinct[k].size() > seen->distinct[drop].size()) drop = k;
    }
    seen->unpinned.push_back(seen->indices[drop]);
    seen->indices.erase(seen->indices.begin() + drop);
    seen->distinct.erase(seen->distinct.begin() + drop);
    std::set<std::vector<uint64_t>> projected;
    for (std::vector<uint64_t> tuple : seen->values) {
      tuple.erase(tuple.begin() + drop);
      projected.insert(std::move(tuple));
    }
    seen->values = std::move(projected);
  }
  std::sort(seen->unpinned.begin(), seen->unpinned.end());
}

RecordedProfile ProfileFromRecording(const Recording& recording,
                                     const RecordOptions& options) {
  RecordedProfile out;
  std::set<std::string> names;
  std::set<Variant> variants;
  std::vector<ArchId> abis;
  for (const auto& [key, seen] : recording.calls()) {
    const ArchSpec& arch = GetArch(key.arch);
    if (std::find(abis.begin(), abis.end(), key.arch) == abis.end()) {
      abis.push_back(key.arch);
    }
    const std::string name(arch.NameOf(key.nr));
    if (name.empty()) {
      out.warnings.push_back(absl::StrCat(
          std::string(arch.short_name), " syscall number ", key.nr,
          " has no name in the tables; Docker's format cannot name it, so "
          "it stays denied"));
      continue;
    }
    if (!seen.unpinned.empty()) {
      out.warnings.push_back(UnpinnedWarning(arch, name, seen));
    }
    if (seen.indices.empty()) {
      names.insert(name);
      continue;
    }
    for (const std::vector<uint64_t>& values : seen.values) {
      variants.insert(Variant{name, seen.indices, values});
    }
  }
  // A name allowed without conditions needs no conditional variants.
  for (auto it = variants.begin(); it != variants.end();) {
    it = names.count(it->name) ? variants.erase(it) : std::next(it);
  }
  ojson profile;
  profile["defaultAction"] = "SCMP_ACT_ERRNO";
  profile["defaultErrnoRet"] = options.default_errno;
  ojson sub = ojson::array();
  for (ArchId a : abis) {
    if (a != options.native) sub.push_back(std::string(GetArch(a).scmp_name));
  }
  profile["archMap"] = ojson::array(
      {{{"architecture", std::string(GetArch(options.native).scmp_name)},
        {"subArchitectures", sub}}});
  ojson syscalls = ojson::array();
  AppendEntries(names, variants, "recorded by seccompc record", &syscalls);
  profile["syscalls"] = std::move(syscalls);
  out.json = profile.dump(2) + "\n";
  return out;
}

absl::StatusOr<RecordedProfile> ExtendBaseProfile(const Recording& recording,
                                                  std::string_view base_text,
                                                  const Policy& base_policy) {
  RecordedProfile out;
  ojson base = ojson::parse(base_text.begin(), base_text.end(), nullptr,
                            /*allow_exceptions=*/false);
  if (base.is_discarded() || !base.is_object()) {
    return absl::InvalidArgumentError("the base profile is not a JSON object");
  }
  ojson* target = &base;
  if (base.contains("linux") && base["linux"].is_object() &&
      base["linux"].contains("seccomp")) {
    target = &base["linux"]["seccomp"];
  }
  std::set<std::string> names;
  std::set<Variant> variants;
  for (const auto& [key, seen] : recording.calls()) {
    const ArchSpec& arch = GetArch(key.arch);
    const std::string name(arch.NameOf(key.nr));
    if (base_policy.FindArch(key.arch) == nullptr) {
      out.warnings.push_back(absl::StrCat(
          "the base's filter does not cover ", std::string(arch.short_name),
          ", which the workload used (", name.empty() ? "?" : name,
          "); add it to archMap"));
      continue;
    }
    if (!seen.unpinned.empty() && !name.empty()) {
      // The values past the bound are gone: allow the call whatever the
      // unpinned arguments are (the base's explicit denials still win, the
      // stricter match).
      out.warnings.push_back(UnpinnedWarning(arch, name, seen));
      names.insert(name);
      continue;
    }
    for (const std::vector<uint64_t>& values : seen.values) {
      seccomp_data data{};
      data.arch = arch.audit_arch;
      data.nr = static_cast<int>(key.nr);
      for (size_t i = 0; i < seen.indices.size(); ++i) {
        data.args[seen.indices[i]] = values[i];
      }
      const Verdict v = Evaluate(base_policy, data);
      if (v.action.kind == ActionKind::kAllow ||
          v.action.kind == ActionKind::kLog) {
        continue;
      }
      const Variant variant{name, seen.indices, values};
      if (name.empty()) {
        out.warnings.push_back(absl::StrCat(
            std::string(arch.short_name), " syscall number ", key.nr,
            " has no name in the tables; it stays denied"));
        continue;
      }
      if (v.reason == Verdict::Reason::kRule) {
        out.warnings.push_back(absl::StrCat(
            Describe(variant), " on ", std::string(arch.short_name),
            " is denied (", v.action.ToString(), ") by the base's syscalls[",
            v.entry_index,
            "], which an added entry cannot override; edit that entry"));
        continue;
      }
      if (seen.indices.empty()) {
        names.insert(name);
      } else {
        variants.insert(variant);
      }
    }
  }
  for (const std::string& n : names) out.additions.push_back(n);
  for (const Variant& v : variants) out.additions.push_back(Describe(v));
  if (!target->contains("syscalls") || !(*target)["syscalls"].is_array()) {
    (*target)["syscalls"] = ojson::array();
  }
  AppendEntries(names, variants, "added by seccompc record",
                &(*target)["syscalls"]);
  out.json = base.dump(2) + "\n";
  return out;
}

}  // namespace seccompc

#include "compiler/analysis/profile_merge.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace seccompc {
namespace {

using ojson = nlohmann::ordered_json;

// One allowed variant of a syscall: argument index -> value, all ANDed.
using Pins = std::map<uint32_t, uint64_t>;

struct SyscallAllowance {
  bool unconditioned = false;
  std::set<Pins> pinned;
};

absl::Status EntryError(const MergeInput& in, size_t i,
                        const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat(
      in.name, ": syscalls[", i, "]: ", why,
      "; merge takes recorded profiles (ALLOW entries pinning arguments "
      "with SCMP_CMP_EQ)"));
}

// Pins of one entry, or why the entry is not a recorded one.
absl::StatusOr<Pins> EntryPins(const MergeInput& in, size_t i,
                               const ojson& entry) {
  if (entry.value("action", "") != "SCMP_ACT_ALLOW") {
    return EntryError(in, i, "its action is not SCMP_ACT_ALLOW");
  }
  for (const char* key : {"includes", "excludes"}) {
    if (entry.contains(key) &&
        !(entry[key].is_object() && entry[key].empty())) {
      return EntryError(in, i, absl::StrCat("it has ", key));
    }
  }
  Pins pins;
  if (!entry.contains("args") || entry["args"].is_null()) return pins;
  if (!entry["args"].is_array()) return EntryError(in, i, "args is no array");
  for (const ojson& a : entry["args"]) {
    if (!a.is_object() || a.value("op", "") != "SCMP_CMP_EQ" ||
        !a.contains("index") || !a["index"].is_number_unsigned() ||
        !a.contains("value") || !a["value"].is_number_unsigned() ||
        a["index"].get<uint64_t>() > 5) {
      return EntryError(in, i, "an argument is not an SCMP_CMP_EQ pin");
    }
    const uint32_t index = a["index"].get<uint32_t>();
    const uint64_t value = a["value"].get<uint64_t>();
    // Two pins on one index with different values never hold together:
    // the entry allows nothing, so it adds nothing to the union.
    auto [it, inserted] = pins.emplace(index, value);
    if (!inserted && it->second != value) return Pins{{6, 0}};
  }
  return pins;
}

// Unpins every argument of `name` with more distinct values than `bound`.
void ApplyBound(const std::string& name, size_t bound,
                SyscallAllowance* allowance,
                std::vector<std::string>* unpinned) {
  std::map<uint32_t, std::set<uint64_t>> values;
  for (const Pins& p : allowance->pinned) {
    for (const auto& [index, value] : p) values[index].insert(value);
  }
  std::set<uint32_t> dropped;
  for (const auto& [index, seen] : values) {
    if (seen.size() > bound) {
      dropped.insert(index);
      unpinned->push_back(absl::StrCat(name, " arg", index, ": ", seen.size(),
                                       " distinct values (bound ", bound,
                                       "): left unpinned"));
    }
  }
  if (dropped.empty()) return;
  std::set<Pins> kept;
  for (Pins p : allowance->pinned) {
    for (uint32_t index : dropped) p.erase(index);
    if (p.empty()) {
      allowance->unconditioned = true;
    } else {
      kept.insert(std::move(p));
    }
  }
  allowance->pinned = std::move(kept);
}

}  // namespace

absl::StatusOr<MergedProfile> MergeRecordedProfiles(
    const std::vector<MergeInput>& inputs, size_t max_values_per_argument) {
  if (inputs.empty()) return absl::InvalidArgumentError("nothing to merge");
  ojson merged;
  std::vector<std::string> sub_arches;
  std::map<std::string, SyscallAllowance> allowances;
  for (const MergeInput& in : inputs) {
    ojson doc = ojson::parse(in.text.begin(), in.text.end(), nullptr,
                             /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
      return absl::InvalidArgumentError(
          absl::StrCat(in.name, ": not a JSON object"));
    }
    for (const char* key : {"archMap", "syscalls"}) {
      if (!doc.contains(key) || !doc[key].is_array()) {
        return absl::InvalidArgumentError(
            absl::StrCat(in.name, ": no ", key, " array (not a recording)"));
      }
    }
    if (doc["archMap"].size() != 1 || !doc["archMap"][0].is_object()) {
      return absl::InvalidArgumentError(absl::StrCat(
          in.name, ": archMap must have one native arch, as record writes"));
    }
    const ojson& arch = doc["archMap"][0];
    if (merged.is_null()) {
      // The first input sets what all must share.
      merged["defaultAction"] = doc.value("defaultAction", ojson());
      if (doc.contains("defaultErrnoRet")) {
        merged["defaultErrnoRet"] = doc["defaultErrnoRet"];
      }
      merged["archMap"] =
          ojson::array({{{"architecture", arch.value("architecture", ojson())},
                         {"subArchitectures", ojson::array()}}});
    }
    for (const char* key : {"defaultAction", "defaultErrnoRet"}) {
      const ojson mine = doc.contains(key) ? doc[key] : ojson();
      const ojson first = merged.contains(key) ? merged[key] : ojson();
      if (mine != first) {
        return absl::InvalidArgumentError(
            absl::StrCat(in.name, ": ", key, " ", mine.dump(), " differs from ",
                         inputs[0].name, "'s ", first.dump(),
                         "; merging would change what the others deny"));
      }
    }
    if (arch.value("architecture", ojson()) !=
        merged["archMap"][0]["architecture"]) {
      return absl::InvalidArgumentError(absl::StrCat(
          in.name, ": its native arch differs from ", inputs[0].name, "'s"));
    }
    if (arch.contains("subArchitectures") &&
        arch["subArchitectures"].is_array()) {
      for (const ojson& s : arch["subArchitectures"]) {
        if (!s.is_string()) continue;
        const std::string sub = s.get<std::string>();
        if (std::find(sub_arches.begin(), sub_arches.end(), sub) ==
            sub_arches.end()) {
          sub_arches.push_back(sub);
        }
      }
    }
    const ojson& syscalls = doc["syscalls"];
    for (size_t i = 0; i < syscalls.size(); ++i) {
      const ojson& entry = syscalls[i];
      if (!entry.is_object() || !entry.contains("names") ||
          !entry["names"].is_array()) {
        return EntryError(in, i, "it has no names");
      }
      absl::StatusOr<Pins> pins = EntryPins(in, i, entry);
      if (!pins.ok()) return pins.status();
      if (pins->count(6)) continue;  // never holds (see EntryPins)
      for (const ojson& n : entry["names"]) {
        if (!n.is_string()) return EntryError(in, i, "a name is no string");
        SyscallAllowance& a = allowances[n.get<std::string>()];
        if (pins->empty()) {
          a.unconditioned = true;
        } else {
          a.pinned.insert(*pins);
        }
      }
    }
  }
  MergedProfile out;
  for (auto& [name, allowance] : allowances) {
    if (!allowance.unconditioned) {
      ApplyBound(name, max_values_per_argument, &allowance, &out.unpinned);
    }
  }
  merged["archMap"][0]["subArchitectures"] = sub_arches;
  ojson syscalls = ojson::array();
  std::vector<std::string> free_names;
  for (const auto& [name, allowance] : allowances) {
    if (allowance.unconditioned) free_names.push_back(name);
  }
  const std::string comment = "merged by seccompc merge";
  if (!free_names.empty()) {
    syscalls.push_back({{"comment", comment},
                        {"names", free_names},
                        {"action", "SCMP_ACT_ALLOW"}});
  }
  for (const auto& [name, allowance] : allowances) {
    if (allowance.unconditioned) continue;
    for (const Pins& p : allowance.pinned) {
      ojson args = ojson::array();
      for (const auto& [index, value] : p) {
        args.push_back(
            {{"index", index}, {"value", value}, {"op", "SCMP_CMP_EQ"}});
      }
      syscalls.push_back({{"comment", comment},
                          {"names", {name}},
                          {"action", "SCMP_ACT_ALLOW"},
                          {"args", std::move(args)}});
    }
  }
  merged["syscalls"] = std::move(syscalls);
  out.json = merged.dump(2) + "\n";
  return out;
}

}  // namespace seccompc

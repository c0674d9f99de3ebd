#include "compiler/analysis/profile_diff.h"

#include <linux/seccomp.h>

#include <algorithm>
#include <bitset>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "compiler/codegen/decision.h"
#include "compiler/reference/evaluate.h"

namespace seccompc {
namespace {

constexpr uint64_t kMax64 = ~uint64_t{0};

// A set of values of one argument that no condition on it tells apart.
struct Cell {
  uint64_t lo = 0, hi = kMax64;    // interval
  uint64_t mask = 0, pattern = 0;  // value & mask == pattern
  uint64_t value = 0;              // a member
};

// The smallest x >= lo with (x & mask) == pattern, if any.
std::optional<uint64_t> MinWithPattern(uint64_t lo, uint64_t mask,
                                       uint64_t pattern) {
  if ((lo & mask) == pattern) return lo;
  // x agrees with lo above bit i, has 1 at i where lo has 0, and is as small
  // as possible below i; the lowest such i gives the smallest x.
  for (int i = 0; i < 64; ++i) {
    const uint64_t bit = uint64_t{1} << i;
    const uint64_t above = i == 63 ? 0 : ~((bit << 1) - 1);
    if (lo & bit) continue;
    if ((mask & bit) && !(pattern & bit)) continue;
    if (((lo ^ pattern) & mask & above) != 0) continue;
    return (lo & above) | bit | (pattern & (bit - 1));
  }
  return std::nullopt;
}

// The cells of one argument under `conds` (all on that argument); empty
// when masks test too many bits.
std::vector<Cell> CellsOf(const std::vector<ArgCondition>& conds) {
  std::set<uint64_t> starts = {0};
  uint64_t mask = 0;
  auto cut = [&starts](uint64_t v) { starts.insert(v); };
  for (const ArgCondition& c : conds) {
    switch (c.op) {
      case CmpOp::kEq:
      case CmpOp::kNe:
        cut(c.value);
        if (c.value != kMax64) cut(c.value + 1);
        break;
      case CmpOp::kLt:
      case CmpOp::kGe:
        cut(c.value);
        break;
      case CmpOp::kLe:
      case CmpOp::kGt:
        if (c.value != kMax64) cut(c.value + 1);
        break;
      case CmpOp::kMaskedEq:
        mask |= c.value;
        break;
    }
  }
  if (std::bitset<64>(mask).count() > kMaxMaskBits) return {};
  std::vector<Cell> out;
  std::vector<uint64_t> s(starts.begin(), starts.end());
  for (size_t i = 0; i < s.size(); ++i) {
    const uint64_t lo = s[i];
    const uint64_t hi = i + 1 < s.size() ? s[i + 1] - 1 : kMax64;
    // Every sub-pattern of the mask bits.
    uint64_t p = 0;
    do {
      std::optional<uint64_t> x = MinWithPattern(lo, mask, p);
      if (x && *x <= hi) out.push_back(Cell{lo, hi, mask, p, *x});
      p = (p - mask) & mask;
    } while (p != 0);
  }
  return out;
}

std::string Hex(uint64_t v) { return absl::StrFormat("0x%x", v); }

std::string Describe(int index, const Cell& c) {
  std::vector<std::string> parts;
  const std::string arg = absl::StrCat("arg", index);
  if (c.lo == c.hi) return absl::StrCat(arg, " == ", Hex(c.lo));
  if (c.lo != 0 && c.hi == kMax64) {
    parts.push_back(absl::StrCat(arg, " >= ", Hex(c.lo)));
  } else if (c.lo == 0 && c.hi != kMax64) {
    parts.push_back(absl::StrCat(arg, " <= ", Hex(c.hi)));
  } else if (c.lo != 0 || c.hi != kMax64) {
    parts.push_back(
        absl::StrCat(arg, " in [", Hex(c.lo), ", ", Hex(c.hi), "]"));
  }
  if (c.mask != 0) {
    parts.push_back(
        absl::StrCat(arg, " & ", Hex(c.mask), " == ", Hex(c.pattern)));
  }
  return absl::StrJoin(parts, " && ");
}

Responsible WhoDecided(const Profile& profile, const Policy& policy,
                       const ArchSpec& arch, uint32_t nr,
                       const uint64_t args[6]) {
  seccomp_data data{};
  data.arch = arch.audit_arch;
  data.nr = static_cast<int>(nr);
  for (int i = 0; i < 6; ++i) data.args[i] = args[i];
  const Verdict v = Evaluate(policy, data);
  Responsible r;
  switch (v.reason) {
    case Verdict::Reason::kRule: {
      r.entry_index = v.entry_index;
      const SyscallEntry& e = profile.syscalls[v.entry_index];
      r.line = e.location.line;
      r.what =
          absl::StrCat("syscalls[", v.entry_index, "] (line ", r.line, ")");
      break;
    }
    case Verdict::Reason::kDefault:
      r.what = "default action";
      break;
    default:
      r.what = "ABI not in the filter";
  }
  return r;
}

// x86_64 and x32 share AUDIT_ARCH_X86_64: bit 30 of nr says which ABI a
// number belongs to, so the other one's rules never decide it.
bool Reachable(const ArchSpec& arch, uint32_t nr) {
  return AbiOf(arch.audit_arch, nr) == &arch;
}

const ArchPolicy* FindArchPolicy(const Policy& p, ArchId id) {
  for (const ArchPolicy& a : p.arches) {
    if (a.arch->id == id) return &a;
  }
  return nullptr;
}

// Compares one syscall number; true when something changes.
bool DiffSyscall(const Profile& old_profile, const Policy& old_policy,
                 const Decision& d_old, const Profile& new_profile,
                 const Policy& new_policy, const Decision& d_new,
                 const ArchSpec& arch, uint32_t nr, SyscallChange* out) {
  out->nr = nr;
  out->name = std::string(arch.NameOf(nr));
  if (d_old == d_new) return false;
  std::map<uint32_t, std::vector<ArgCondition>> by_index;
  for (const Decision* d : {&d_old, &d_new}) {
    for (const DecisionRule& r : d->rules) {
      for (const ArgCondition& c : r.conditions) by_index[c.index].push_back(c);
    }
  }
  std::vector<std::pair<uint32_t, std::vector<Cell>>> axes;
  size_t combos = 1;
  for (const auto& [index, conds] : by_index) {
    std::vector<Cell> cells = CellsOf(conds);
    if (cells.empty() || combos * cells.size() > kMaxCells) {
      out->argument_free = false;
      out->undecided = true;
      return true;
    }
    combos *= cells.size();
    axes.emplace_back(index, std::move(cells));
  }
  out->argument_free = axes.empty();
  // Walk the cross product of the cells like an odometer.
  std::vector<size_t> pos(axes.size(), 0);
  for (;;) {
    uint64_t args[6] = {};
    for (size_t a = 0; a < axes.size(); ++a) {
      args[axes[a].first] = axes[a].second[pos[a]].value;
    }
    const Action before = d_old.Evaluate(args);
    const Action after = d_new.Evaluate(args);
    if (before != after) {
      RegionChange r;
      std::vector<std::string> parts;
      for (size_t a = 0; a < axes.size(); ++a) {
        std::string d =
            Describe(static_cast<int>(axes[a].first), axes[a].second[pos[a]]);
        if (!d.empty()) parts.push_back(std::move(d));
      }
      r.description =
          parts.empty() ? "any arguments" : absl::StrJoin(parts, " && ");
      std::copy(args, args + 6, r.example);
      r.old_action = before;
      r.new_action = after;
      r.old_by = WhoDecided(old_profile, old_policy, arch, nr, args);
      r.new_by = WhoDecided(new_profile, new_policy, arch, nr, args);
      out->regions.push_back(std::move(r));
    }
    size_t a = 0;
    while (a < axes.size() && ++pos[a] == axes[a].second.size()) pos[a++] = 0;
    if (a == axes.size()) break;
  }
  return !out->regions.empty();
}

}  // namespace

ProfileDiff DiffPolicies(const Profile& old_profile, const Policy& old_policy,
                         const Profile& new_profile, const Policy& new_policy) {
  ProfileDiff diff;
  std::vector<ArchId> ids;
  for (const Policy* p : {&old_policy, &new_policy}) {
    for (const ArchPolicy& a : p->arches) {
      if (std::find(ids.begin(), ids.end(), a.arch->id) == ids.end()) {
        ids.push_back(a.arch->id);
      }
    }
  }
  for (ArchId id : ids) {
    const ArchPolicy* a_old = FindArchPolicy(old_policy, id);
    const ArchPolicy* a_new = FindArchPolicy(new_policy, id);
    ArchDiff ad;
    ad.arch = &GetArch(id);
    ad.in_old = a_old != nullptr;
    ad.in_new = a_new != nullptr;
    if (!ad.in_old || !ad.in_new) {
      diff.arches.push_back(std::move(ad));
      continue;
    }
    std::set<uint32_t> numbers;
    for (const SyscallDef& d : ad.arch->syscalls) numbers.insert(d.nr);
    for (const ArchPolicy* a : {a_old, a_new}) {
      for (const auto& [nr, rules] : a->syscalls) numbers.insert(nr);
    }
    for (uint32_t nr : numbers) {
      if (!Reachable(*ad.arch, nr)) continue;
      // The ENOSYS rule, when the policies have it, decides before any rule.
      const Decision d_old =
          DecideNumber(*a_old, nr, old_policy.default_action);
      const Decision d_new =
          DecideNumber(*a_new, nr, new_policy.default_action);
      SyscallChange change;
      if (DiffSyscall(old_profile, old_policy, d_old, new_profile, new_policy,
                      d_new, *ad.arch, nr, &change)) {
        ad.syscalls.push_back(std::move(change));
      }
    }
    if (old_policy.default_action != new_policy.default_action) {
      ad.other_numbers_change = true;
      ad.other_old = old_policy.default_action;
      ad.other_new = new_policy.default_action;
    }
    if (!ad.syscalls.empty() || ad.other_numbers_change) {
      diff.arches.push_back(std::move(ad));
    }
  }
  return diff;
}

}  // namespace seccompc

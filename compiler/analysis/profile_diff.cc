#include "compiler/analysis/profile_diff.h"

#include <linux/seccomp.h>

#include <algorithm>
#include <bitset>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "compiler/codegen/decision.h"
#include "compiler/reference/evaluate.h"
#include "compiler/util/radix_sort.h"

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
  // Sorted once at the end: a tree insert per constant was most of a
  // diff's own time on 10^5 rules.
  std::vector<uint64_t> s = {0};
  s.reserve(2 * conds.size() + 1);
  uint64_t mask = 0;
  auto cut = [&s](uint64_t v) { s.push_back(v); };
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
  // A diff cuts an argument at two points per condition of both sides:
  // millions of mostly small values for 10^5 rules (radix_sort.h).
  std::vector<uint64_t> scratch;
  StableSortByKey(
      &s, [](uint64_t v) { return v; }, &scratch);
  s.erase(std::unique(s.begin(), s.end()), s.end());
  std::vector<Cell> out;
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

// The first of an ordered list of rules whose conditions all hold, for
// many argument vectors: a diff evaluates every cell of the argument space,
// and a profile can have 10^5 rules on one syscall, so scanning the rules
// per cell would be quadratic. A rule with one condition is indexed by its
// argument (EQ and MASKED_EQ by value, bounds by sorted thresholds, NE by
// its few first values): O(log n) per lookup. Rules with several
// conditions are scanned in order, only as far as the best indexed match.
// The meaning is ArgCondition::Holds on the argument as compared (its low
// word when `low_words`).
class FirstMatch {
 public:
  static constexpr size_t kNone = ~size_t{0};
  // Up to this many rules, scanning them is faster than the index.
  static constexpr size_t kWorthIndexing = 32;

  FirstMatch(const std::vector<const std::vector<ArgCondition>*>& rules,
             bool low_words)
      : low_words_(low_words), conditions_(rules) {
    for (size_t pos = 0; pos < rules.size(); ++pos) {
      const std::vector<ArgCondition>& conds = *rules[pos];
      if (conds.empty()) {
        always_ = std::min(always_, pos);
      } else if (conds.size() == 1) {
        Index(conds[0], pos);
      } else {
        scanned_.push_back(pos);
      }
    }
    for (uint32_t i = 0; i < 6; ++i) {
      Axis& axis = axes_[i];
      if (!axis.eq.empty() || !axis.masked.empty() || !axis.lower.empty() ||
          !axis.upper.empty() || !axis.ne.empty()) {
        active_.push_back(i);
      }
      std::sort(axis.lower.begin(), axis.lower.end());
      for (size_t i = 1; i < axis.lower.size(); ++i) {
        axis.lower[i].second =
            std::min(axis.lower[i].second, axis.lower[i - 1].second);
      }
      std::sort(axis.upper.begin(), axis.upper.end());
      for (size_t i = axis.upper.size(); i-- > 1;) {
        axis.upper[i - 1].second =
            std::min(axis.upper[i - 1].second, axis.upper[i].second);
      }
    }
  }

  // The position of the first rule that holds for `args`, or kNone.
  size_t Find(const uint64_t args[6]) const {
    size_t best = always_;
    for (uint32_t i : active_) {
      const Axis& axis = axes_[i];
      const uint64_t v = Value(args[i]);
      if (auto it = axis.eq.find(v); it != axis.eq.end()) {
        best = std::min(best, it->second);
      }
      for (const auto& [mask, patterns] : axis.masked) {
        if (auto it = patterns.find(v & mask); it != patterns.end()) {
          best = std::min(best, it->second);
        }
      }
      // lower: holds when v >= bound; the prefix minimum up to v.
      auto lo = std::upper_bound(
          axis.lower.begin(), axis.lower.end(), v,
          [](uint64_t x, const std::pair<uint64_t, size_t>& b) {
            return x < b.first;
          });
      if (lo != axis.lower.begin())
        best = std::min(best, std::prev(lo)->second);
      // upper: holds when v <= bound; the suffix minimum from v.
      auto up = std::lower_bound(axis.upper.begin(), axis.upper.end(), v,
                                 [](const std::pair<uint64_t, size_t>& b,
                                    uint64_t x) { return b.first < x; });
      if (up != axis.upper.end()) best = std::min(best, up->second);
      // ne: distinct values in rule order; the first unequal one holds.
      for (const auto& [value, pos] : axis.ne) {
        if (pos >= best) break;
        if (value != v) {
          best = pos;
          break;
        }
      }
    }
    for (size_t pos : scanned_) {
      if (pos >= best) break;
      bool holds = true;
      for (const ArgCondition& c : *conditions_[pos]) {
        if (!c.Holds(Value(args[c.index]))) {
          holds = false;
          break;
        }
      }
      if (holds) return pos;
    }
    return best;
  }

 private:
  struct Axis {
    absl::flat_hash_map<uint64_t, size_t> eq;  // value -> first position
    std::map<uint64_t, absl::flat_hash_map<uint64_t, size_t>> masked;
    std::vector<std::pair<uint64_t, size_t>> lower;  // v >= bound
    std::vector<std::pair<uint64_t, size_t>> upper;  // v <= bound
    std::vector<std::pair<uint64_t, size_t>> ne;     // first per value
  };

  uint64_t Value(uint64_t raw) const {
    return low_words_ ? raw & 0xFFFFFFFFu : raw;
  }

  static void KeepFirst(absl::flat_hash_map<uint64_t, size_t>* m, uint64_t k,
                        size_t pos) {
    m->try_emplace(k, pos);  // positions come in increasing order
  }

  void Index(const ArgCondition& c, size_t pos) {
    Axis& axis = axes_[c.index];
    switch (c.op) {
      case CmpOp::kEq:
        KeepFirst(&axis.eq, c.value, pos);
        break;
      case CmpOp::kMaskedEq:
        if ((c.value_two & ~c.value) == 0) {  // else it never holds
          KeepFirst(&axis.masked[c.value], c.value_two, pos);
        }
        break;
      case CmpOp::kGe:
        axis.lower.emplace_back(c.value, pos);
        break;
      case CmpOp::kGt:
        if (c.value != kMax64) axis.lower.emplace_back(c.value + 1, pos);
        break;
      case CmpOp::kLe:
        axis.upper.emplace_back(c.value, pos);
        break;
      case CmpOp::kLt:
        if (c.value != 0) axis.upper.emplace_back(c.value - 1, pos);
        break;
      case CmpOp::kNe:
        // The first rule of each value; once two values are kept, one of
        // them holds for every argument, so a later NE never decides.
        if (axis.ne.size() < 2 &&
            (axis.ne.empty() || axis.ne[0].first != c.value)) {
          axis.ne.emplace_back(c.value, pos);
        }
        break;
    }
  }

  const bool low_words_;
  const std::vector<const std::vector<ArgCondition>*> conditions_;
  Axis axes_[6];
  std::vector<uint32_t> active_;  // axes with an indexed rule
  size_t always_ = kNone;
  std::vector<size_t> scanned_;
};

// The conditions of a decision's rules, in order.
std::vector<const std::vector<ArgCondition>*> ConditionsOf(const Decision& d) {
  std::vector<const std::vector<ArgCondition>*> out;
  out.reserve(d.rules.size());
  for (const DecisionRule& r : d.rules) out.push_back(&r.conditions);
  return out;
}

// A decision evaluated through a FirstMatch index (Decision::Evaluate's
// meaning).
class FastDecision {
 public:
  explicit FastDecision(const Decision& d)
      : decision_(d), index_(ConditionsOf(d), d.width == ArgWidth::k32) {}
  Action Evaluate(const uint64_t args[6]) const {
    if (decision_.rules.size() <= FirstMatch::kWorthIndexing) {
      return decision_.Evaluate(args);
    }
    const size_t pos = index_.Find(args);
    return pos == FirstMatch::kNone ? decision_.fallback
                                    : decision_.rules[pos].action;
  }

 private:
  const Decision& decision_;
  FirstMatch index_;
};

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

Responsible ByEntry(const Profile& profile, int entry_index) {
  Responsible r;
  r.entry_index = entry_index;
  const SyscallEntry& e = profile.syscalls[entry_index];
  r.line = e.location.line;
  r.what = absl::StrCat("syscalls[", entry_index, "] (line ", r.line, ")");
  return r;
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
    case Verdict::Reason::kRule:
      return ByEntry(profile, v.entry_index);
    case Verdict::Reason::kDefault:
      r.what = "default action";
      break;
    default:
      r.what = "ABI not in the filter";
  }
  return r;
}

// WhoDecided for many argument vectors of one syscall: the reference
// evaluator's choice (highest precedence, then earliest entry) is the
// first match in the rules sorted that way, found through a FirstMatch
// index. Where the ENOSYS stub or a missing ABI decides, and wherever the
// indexed rule's action is not the expected one (the decision's), the
// reference evaluator answers.
class FastResponsible {
 public:
  FastResponsible(const Profile& profile, const Policy& policy,
                  const ArchSpec& arch, uint32_t nr)
      : profile_(profile),
        policy_(policy),
        arch_(arch),
        nr_(nr),
        rules_(SortedRules(policy, arch, nr)),
        index_(ConditionsOf(rules_), ArgumentsAre32Bit(arch)) {}

  Responsible Find(const uint64_t args[6], const Action& expected) const {
    const ArchPolicy* ap = policy_.FindArch(arch_.id);
    if (ap == nullptr || ap->StubAction(nr_).has_value() ||
        rules_.size() <= FirstMatch::kWorthIndexing) {
      return WhoDecided(profile_, policy_, arch_, nr_, args);
    }
    const size_t pos = index_.Find(args);
    if (pos == FirstMatch::kNone) {
      if (policy_.default_action != expected) {
        return WhoDecided(profile_, policy_, arch_, nr_, args);
      }
      Responsible r;
      r.what = "default action";
      return r;
    }
    if (rules_[pos]->action != expected) {
      return WhoDecided(profile_, policy_, arch_, nr_, args);
    }
    return ByEntry(profile_, rules_[pos]->entry_index);
  }

 private:
  static std::vector<const PolicyRule*> SortedRules(const Policy& policy,
                                                    const ArchSpec& arch,
                                                    uint32_t nr) {
    std::vector<const PolicyRule*> out;
    const ArchPolicy* ap = policy.FindArch(arch.id);
    if (ap == nullptr) return out;
    auto it = ap->syscalls.find(nr);
    if (it == ap->syscalls.end()) return out;
    for (const PolicyRule& r : it->second) out.push_back(&r);
    std::stable_sort(out.begin(), out.end(),
                     [](const PolicyRule* a, const PolicyRule* b) {
                       if (a->action.kind != b->action.kind) {
                         return TakesPrecedence(a->action.kind, b->action.kind);
                       }
                       return a->entry_index < b->entry_index;
                     });
    return out;
  }
  static std::vector<const std::vector<ArgCondition>*> ConditionsOf(
      const std::vector<const PolicyRule*>& rules) {
    std::vector<const std::vector<ArgCondition>*> out;
    out.reserve(rules.size());
    for (const PolicyRule* r : rules) out.push_back(&r->conditions);
    return out;
  }

  const Profile& profile_;
  const Policy& policy_;
  const ArchSpec& arch_;
  const uint32_t nr_;
  const std::vector<const PolicyRule*> rules_;
  const FirstMatch index_;
};

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
  if (d_old.rules.size() + d_new.rules.size() > 1024) {
    // Room for every condition on each argument the first rules test (a
    // profile of 10^5 rules tests one or two).
    for (const Decision* d : {&d_old, &d_new}) {
      for (const ArgCondition& c : d->rules.front().conditions) {
        by_index[c.index].reserve(d_old.rules.size() + d_new.rules.size());
      }
    }
  }
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
  const FastDecision fast_old(d_old);
  const FastDecision fast_new(d_new);
  std::optional<FastResponsible> who_old, who_new;  // built at first change
  // Walk the cross product of the cells like an odometer.
  std::vector<size_t> pos(axes.size(), 0);
  for (;;) {
    uint64_t args[6] = {};
    for (size_t a = 0; a < axes.size(); ++a) {
      args[axes[a].first] = axes[a].second[pos[a]].value;
    }
    const Action before = fast_old.Evaluate(args);
    const Action after = fast_new.Evaluate(args);
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
      if (!who_old.has_value()) {
        who_old.emplace(old_profile, old_policy, arch, nr);
        who_new.emplace(new_profile, new_policy, arch, nr);
      }
      r.old_by = who_old->Find(args, before);
      r.new_by = who_new->Find(args, after);
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

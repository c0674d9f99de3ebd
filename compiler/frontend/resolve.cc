#include "compiler/frontend/resolve.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "compiler/arch/errno_numbers.h"
#include "compiler/frontend/json_document.h"
#include "compiler/model/suggest.h"
#include "compiler/util/radix_sort.h"
#include "compiler/util/status_macros.h"

namespace seccompc {
namespace {

bool Contains(const std::vector<ArchId>& v, ArchId a) {
  return std::find(v.begin(), v.end(), a) != v.end();
}

bool Holds(CapabilitySet caps, int cap) {
  return (caps >> cap) & CapabilitySet{1};
}

// Docker's includes: every listed condition must hold.
bool IncludesHold(const EntryFilter& f, const Target& t) {
  if (!f.arches.empty() && !Contains(f.arches, t.native)) return false;
  for (int cap : f.caps) {
    if (!Holds(t.caps, cap)) return false;
  }
  if (f.min_kernel && t.kernel < *f.min_kernel) return false;
  return true;
}

// Docker's excludes: any listed condition drops the entry.
bool ExcludesHold(const EntryFilter& f, const Target& t) {
  if (Contains(f.arches, t.native)) return true;
  for (int cap : f.caps) {
    if (Holds(t.caps, cap)) return true;
  }
  return f.min_kernel && t.kernel >= *f.min_kernel;
}

uint64_t Mix(uint64_t h, uint64_t v) {
  // splitmix64's finalizer over the running value: cheap and well spread.
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

// What a rule says (action and conditions) as a hash; per rule, so it is
// kept cheap (absl::HashOf per field costs several times more).
size_t HashRuleContent(const Action& action, const ArgConditions& conditions) {
  uint64_t h = Mix(static_cast<uint64_t>(action.kind), action.data);
  h = Mix(h, conditions.size());
  for (const ArgCondition& c : conditions) {
    h = Mix(h, (uint64_t{c.index} << 8) | static_cast<uint64_t>(c.op));
    h = Mix(h, c.value);
    h = Mix(h, c.value_two);
  }
  return static_cast<size_t>(h);
}

// Whether two entries say the same: equal actions (as written) and
// conditions.
bool SameContent(const SyscallEntry& a, const SyscallEntry& b) {
  return a.action == b.action && a.args == b.args;
}

// Whether some value of one argument satisfies every condition in `conds`
// (all on that argument). Exact for the comparison operators; with masks
// it only proves emptiness in the obvious cases and otherwise says yes.
bool Satisfiable(const std::vector<const ArgCondition*>& conds) {
  uint64_t lo = 0;
  uint64_t hi = UINT64_MAX;
  std::optional<uint64_t> eq;
  std::vector<uint64_t> ne;
  std::vector<const ArgCondition*> masks;
  // Bits the masks seen so far fix, and their values: two masks conflict
  // exactly when they fix a common bit differently (linear, not pairwise).
  uint64_t fixed_bits = 0;
  uint64_t fixed_values = 0;
  for (const ArgCondition* c : conds) {
    switch (c->op) {
      case CmpOp::kEq:
        if (eq && *eq != c->value) return false;
        eq = c->value;
        break;
      case CmpOp::kNe:
        ne.push_back(c->value);
        break;
      case CmpOp::kLt:
        if (c->value == 0) return false;
        hi = std::min(hi, c->value - 1);
        break;
      case CmpOp::kLe:
        hi = std::min(hi, c->value);
        break;
      case CmpOp::kGt:
        if (c->value == UINT64_MAX) return false;
        lo = std::max(lo, c->value + 1);
        break;
      case CmpOp::kGe:
        lo = std::max(lo, c->value);
        break;
      case CmpOp::kMaskedEq:
        if ((c->value_two & ~c->value) != 0) return false;
        if ((fixed_values ^ c->value_two) & fixed_bits & c->value) {
          return false;
        }
        fixed_bits |= c->value;
        fixed_values |= c->value_two;
        masks.push_back(c);
        break;
    }
  }
  if (lo > hi) return false;
  if (eq) {
    if (*eq < lo || *eq > hi) return false;
    if (std::find(ne.begin(), ne.end(), *eq) != ne.end()) return false;
    for (const ArgCondition* m : masks) {
      if (!m->Holds(*eq)) return false;
    }
    return true;
  }
  if (!masks.empty()) return true;
  // Only a range minus some points: empty when the points cover it.
  std::sort(ne.begin(), ne.end());
  ne.erase(std::unique(ne.begin(), ne.end()), ne.end());
  uint64_t covered = 0;
  for (uint64_t v : ne) covered += (v >= lo && v <= hi);
  return hi - lo >= covered;
}

// Whether one syscall invocation can match both rules. `conds` is scratch
// space, kept by the caller: the order lint calls this for millions of
// pairs, and a fresh vector each time was a heap allocation per pair.
bool MayBothMatch(const PolicyRule& a, const PolicyRule& b,
                  std::vector<const ArgCondition*>* scratch) {
  std::vector<const ArgCondition*>& conds = *scratch;
  for (uint32_t index = 0; index < 6; ++index) {
    conds.clear();
    for (const PolicyRule* r : {&a, &b}) {
      for (const ArgCondition& c : r->conditions) {
        if (c.index == index) conds.push_back(&c);
      }
    }
    if (!conds.empty() && !Satisfiable(conds)) return false;
  }
  return true;
}

// Unknown names warned about one by one; past this, a count.
constexpr size_t kMaxUnknownNameWarnings = 100;
// Past this many names, Resolve() keeps each known name's numbers.
constexpr size_t kNamesBeforeCaching = 4096;
// A number with this many rules tracks their contents in a hash set.
constexpr size_t kRulesBeforeSet = 8;

// Work (rule pairs plus the conditions they compare) the order-dependence
// lint may spend per Resolve(): it is a warning, and a hostile profile must
// not make it quadratic.
constexpr size_t kOrderLintBudget = size_t{1} << 22;

// The rules of one syscall that can only match together with few others:
// two rules with EQ conditions on one argument and different values never
// both hold (MayBothMatch says no without a look at their other
// conditions). The argument is the one most rules test with EQ; the rules
// with such a condition are grouped by its value, so that the order lint
// compares a rule only with the later rules of its group and those without
// an EQ on that argument: linear for 10^5 rules that each test one ioctl
// request, where every pair was compared before.
class ClashCandidates {
 public:
  static constexpr size_t kNone = ~size_t{0};

  // Groups `rules` (forgetting the last rules grouped; the buffers stay,
  // so that one instance serves every syscall and arch of a Resolve).
  void Group(const std::vector<const PolicyRule*>& rules) {
    grouped_.clear();
    ungrouped_.clear();
    slot_of_.assign(rules.size(), kNone);
    const std::optional<uint32_t> index = MostTestedWithEq(rules);
    if (!index) return;  // no grouping: every later rule is a candidate
    for (size_t pos = 0; pos < rules.size(); ++pos) {
      const ArgCondition* eq = nullptr;
      for (const ArgCondition& c : rules[pos]->conditions) {
        if (c.op == CmpOp::kEq && c.index == *index) {
          eq = &c;
          break;
        }
      }
      if (eq == nullptr) {
        ungrouped_.push_back(pos);
      } else {
        grouped_.emplace_back(eq->value, pos);
      }
    }
    SortGrouped();
    for (size_t slot = 0; slot < grouped_.size(); ++slot) {
      slot_of_[grouped_[slot].second] = slot;
    }
  }

  // Calls `test(j)` for the positions j > i of the rules that may match
  // together with rule i, in increasing order, until it returns false.
  template <typename F>
  void ForEachAfter(size_t i, F test) const {
    if (slot_of_[i] == kNone) {
      for (size_t j = i + 1; j < slot_of_.size(); ++j) {
        if (!test(j)) return;
      }
      return;
    }
    const uint64_t value = grouped_[slot_of_[i]].first;
    size_t g = slot_of_[i] + 1;
    size_t u = static_cast<size_t>(
        std::upper_bound(ungrouped_.begin(), ungrouped_.end(), i) -
        ungrouped_.begin());
    for (;;) {
      const size_t from_group =
          g < grouped_.size() && grouped_[g].first == value ? grouped_[g].second
                                                            : kNone;
      const size_t from_rest = u < ungrouped_.size() ? ungrouped_[u] : kNone;
      if (from_group == kNone && from_rest == kNone) return;
      const size_t j = std::min(from_group, from_rest);
      if (j == from_group) {
        ++g;
      } else {
        ++u;
      }
      if (!test(j)) return;
    }
  }

 private:
  // The argument index most of the first rules test with EQ (a sample:
  // any index gives the same warnings, the best one the fewest pairs),
  // nullopt when fewer than two do.
  static std::optional<uint32_t> MostTestedWithEq(
      const std::vector<const PolicyRule*>& rules) {
    constexpr size_t kSample = 256;
    size_t with_eq[6] = {};
    for (size_t pos = 0; pos < rules.size() && pos < kSample; ++pos) {
      uint32_t counted = 0;  // one bit per argument index
      for (const ArgCondition& c : rules[pos]->conditions) {
        if (c.op != CmpOp::kEq || c.index >= 6 || (counted >> c.index) & 1) {
          continue;
        }
        counted |= 1u << c.index;
        ++with_eq[c.index];
      }
    }
    const size_t* best =
        std::max_element(std::begin(with_eq), std::end(with_eq));
    if (*best < 2) return std::nullopt;
    return static_cast<uint32_t>(best - std::begin(with_eq));
  }

  // Sorts grouped_ (built in position order) by value, then position: a
  // stable sort by value (radix_sort.h; a comparison sort of 10^5 pairs
  // per syscall and arch was a third of the lint).
  void SortGrouped() {
    StableSortByKey(
        &grouped_, [](const std::pair<uint64_t, size_t>& g) { return g.first; },
        &buffer_);
  }

  std::vector<std::pair<uint64_t, size_t>> grouped_;  // (EQ value, position)
  std::vector<std::pair<uint64_t, size_t>> buffer_;   // for SortGrouped
  std::vector<size_t> ungrouped_;                     // positions, sorted
  std::vector<size_t> slot_of_;  // position -> index in grouped_, or kNone
};

// What the order lint reuses from one syscall and arch to the next.
struct OrderLintBuffers {
  std::vector<const PolicyRule*> rules;
  std::vector<const ArgCondition*> conditions;
  ClashCandidates candidates;
};

// Warns where libseccomp or runc would read the profile differently: one
// syscall invocation matched by entries with different actions, at least
// one of them with argument conditions (libseccomp keeps the last rule
// without arguments and drops or reorders the others). Returns false when
// `*budget` ran out before every syscall was checked.
bool WarnOrderDependence(const Profile& profile, const ArchPolicy& arch,
                         size_t* budget, OrderLintBuffers* buffers,
                         Diagnostics* warnings) {
  std::vector<const PolicyRule*>& distinct = buffers->rules;
  std::vector<const ArgCondition*>& scratch = buffers->conditions;
  const ClashCandidates& candidates = buffers->candidates;
  for (const auto& [nr, rules] : arch.syscalls) {
    if (rules.size() < 2) continue;
    bool any_conditions = false;
    bool mixed_actions = false;
    for (const PolicyRule& r : rules) {
      any_conditions = any_conditions || !r.conditions.empty();
      mixed_actions = mixed_actions || !(r.action == rules.front().action);
    }
    if (!any_conditions || !mixed_actions) continue;
    // The Resolver adds one rule per entry content, so equal rules are
    // rare (entries whose actions differ only until resolved: NOTIFY and
    // ERRNO(ENOSYS)), and a copy changes no warning: a rule that clashes
    // with the copy clashes with its original, which comes first.
    distinct.clear();
    for (const PolicyRule& r : rules) distinct.push_back(&r);
    buffers->candidates.Group(distinct);
    bool out_of_budget = false;
    for (size_t i = 0; i < distinct.size(); ++i) {
      const PolicyRule& a = *distinct[i];
      const PolicyRule* clash = nullptr;
      candidates.ForEachAfter(i, [&](size_t j) {
        const PolicyRule& b = *distinct[j];
        if (a.action == b.action ||
            (a.conditions.empty() && b.conditions.empty())) {
          return true;
        }
        const size_t work = 1 + a.conditions.size() + b.conditions.size();
        if (*budget < work) {
          out_of_budget = true;
          return false;
        }
        *budget -= work;
        if (MayBothMatch(a, b, &scratch)) clash = &b;
        return clash == nullptr;
      });
      if (out_of_budget) return false;
      if (clash == nullptr) continue;
      warnings->push_back(Diagnostic{
          profile.syscalls[a.entry_index].location,
          absl::StrCat(std::string(arch.arch->NameOf(nr)), " (",
                       std::string(arch.arch->short_name),
                       ") can be matched by syscalls[", a.entry_index, "] ",
                       a.action.ToString(), " and syscalls[",
                       clash->entry_index, "] ", clash->action.ToString(),
                       " at once, with argument conditions; seccompc applies "
                       "the match of highest precedence, libseccomp's result "
                       "depends on entry order")});
      break;  // one warning per syscall and arch
    }
  }
  return true;
}

}  // namespace

bool EntryApplies(const SyscallEntry& entry, const Target& target) {
  return IncludesHold(entry.includes, target) &&
         !ExcludesHold(entry.excludes, target);
}

absl::StatusOr<std::vector<ArchId>> TargetArches(const Profile& profile,
                                                 const Target& target) {
  std::vector<ArchId> out;
  auto add = [&out](ArchId a) {
    if (!Contains(out, a)) out.push_back(a);
  };
  if (!target.arches.empty()) {
    for (ArchId a : target.arches) add(a);
  } else {
    add(target.native);
    for (const ArchMapEntry& e : profile.arch_map) {
      if (e.arch != target.native) continue;
      for (ArchId sub : e.sub_arches) add(sub);
    }
    for (ArchId a : profile.architectures) add(a);
  }
  // Two arches with one AUDIT_ARCH value could not be told apart, except
  // x86_64 and x32 (the x32 bit in nr).
  for (size_t i = 0; i < out.size(); ++i) {
    const ArchSpec& a = GetArch(out[i]);
    if (!a.has_table()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "no syscall table for ", std::string(a.scmp_name),
          " (Debian ships no UAPI headers for it); it cannot be a target"));
    }
    for (size_t j = 0; j < i; ++j) {
      const ArchSpec& b = GetArch(out[j]);
      if (a.audit_arch == b.audit_arch && a.nr_marker_bit == b.nr_marker_bit) {
        return absl::InvalidArgumentError(absl::StrCat(
            std::string(a.scmp_name), " and ", std::string(b.scmp_name),
            " share an AUDIT_ARCH value; a filter cannot cover "
            "both"));
      }
    }
  }
  return out;
}

// The constant of `c` that is no 32-bit value (policy.h: its high word is
// neither 0 nor the sign extension of its low word), which makes `c` never
// hold on 32-bit ABIs; nullopt when there is none.
std::optional<uint64_t> ConstantPast32Bits(const ArgCondition& c) {
  if (!ConstantOn32BitAbi(c.value)) return c.value;
  if (c.op == CmpOp::kMaskedEq && !ConstantOn32BitAbi(c.value_two)) {
    return c.value_two;
  }
  return std::nullopt;
}

// Warns once per entry and argument whose condition never holds on the
// 32-bit ABIs in `abis` ("x86, arm") because of its constant: a rule
// written for 64-bit hosts that silently vanishes on 32-bit ones.
void Warn32BitConstants(const SyscallEntry& entry, const std::string& abis,
                        Diagnostics* warnings) {
  for (size_t i = 0; i < entry.args.size(); ++i) {
    const std::optional<uint64_t> constant = ConstantPast32Bits(entry.args[i]);
    if (!constant) continue;
    SourceLocation loc = entry.location;
    loc.json_path = absl::StrCat(loc.json_path, ".args[", i, "]");
    warnings->push_back(Diagnostic{
        loc,
        absl::StrCat("constant 0x", absl::Hex(*constant),
                     " is not a 32-bit value (nor one sign-extended to 64 "
                     "bits); on ",
                     abis,
                     " (arguments are 32 bits) this condition never holds, so "
                     "the entry never matches there")});
  }
}

namespace {

// One Resolve call: the policy being built and what is kept across the
// profile's entries (policy_compiler.cc style: one short method per step).
class Resolver {
 public:
  Resolver(const Profile& profile, const Target& target,
           const ResolveOptions& options, const std::vector<ArchId>& arches)
      : profile_(profile),
        target_(target),
        options_(options),
        like_(profile.syscalls.size(), -1),
        many_rules_(arches.size()),
        looked_up_(arches.size()) {
    StartPolicy(arches);
  }

  absl::StatusOr<Resolution> Run() {
    FindEqualEntries();
    for (size_t e = 0; e < profile_.syscalls.size(); ++e) {
      if (like_[e] < 0) continue;  // does not apply to the target
      SECCOMPC_RETURN_IF_ERROR(AddEntry(e));
    }
    MoveRulesToPolicy();
    WarnUnwarnedUnknown();
    if (options_.lint_order) WarnOrderDependences();
    return std::move(out_);
  }

 private:
  static constexpr int kMaxSuggestions = 32;

  // The one place NOTIFY is decided (policy.h): without a listener that
  // answers, USER_NOTIF could be answered by a filter the task stacks, so
  // it becomes what the kernel answers when no listener exists: ENOSYS
  // (the arch's own number).
  // An errno the profile named ("errno": "ENOSYS") takes the arch's own
  // number; the parser accepted only asm-generic names, which every arch
  // has (errno_numbers_test).
  Action ActionOn(const Action& a, const ArchSpec& arch,
                  const std::string& errno_name) const {
    if (a.kind == ActionKind::kUserNotif && !options_.notify_listener) {
      return Action{ActionKind::kErrno, EnosysErrno(arch)};
    }
    if (!errno_name.empty()) {
      if (std::optional<uint32_t> n = ErrnoFromName(arch.id, errno_name)) {
        return Action{a.kind, *n};
      }
    }
    return a;
  }

  // The default action, the flags and one empty ArchPolicy per arch.
  void StartPolicy(const std::vector<ArchId>& arches) {
    // A number gets a slot only when a name maps to it, so a profile's
    // names bound the slots: reserving them up front spares a small
    // profile the doubling copies of `numbers` (and the fresh pages they
    // touch in a short-lived process, as on a cache hit).
    // Counting stops past any arch's table, so a profile of a million
    // entries is not walked once more for it.
    constexpr size_t kEnoughNames = size_t{1} << 12;
    size_t names = 0;
    for (const SyscallEntry& entry : profile_.syscalls) {
      names += entry.names.size();
      if (names >= kEnoughNames) break;
    }
    Policy& policy = out_.policy;
    policy.default_action =
        ActionOn(profile_.default_action, GetArch(arches.front()),
                 profile_.default_errno_name);
    policy.flags = profile_.flags;
    for (ArchId id : arches) {
      ArchPolicy ap;
      ap.arch = &GetArch(id);
      policy.arches.push_back(std::move(ap));
      const ArchSpec& arch = GetArch(id);
      ArchRules& rules = rules_.emplace_back();
      if (arch.has_table()) {
        rules.first_nr = arch.syscalls.front().nr;
        rules.slot_of.assign(arch.max_nr - rules.first_nr + 1, -1);
        rules.numbers.reserve(std::min(names, rules.slot_of.size()));
      }
    }
  }

  // The rules of number `nr` on arch `a`, an empty list when it has none
  // yet. Valid until the next call.
  std::vector<PolicyRule>& RulesOf(size_t a, uint32_t nr) {
    ArchRules& rules = rules_[a];
    const uint32_t offset = nr - rules.first_nr;
    if (nr < rules.first_nr || offset >= rules.slot_of.size()) {
      return out_.policy.arches[a].syscalls[nr];
    }
    int& slot = rules.slot_of[offset];
    if (slot < 0) {
      slot = static_cast<int>(rules.numbers.size());
      rules.numbers.emplace_back();
    }
    return rules.numbers[slot];
  }

  // Hands the rules collected by RulesOf() to the policy, in number order.
  void MoveRulesToPolicy() {
    for (size_t a = 0; a < rules_.size(); ++a) {
      ArchRules& rules = rules_[a];
      auto& syscalls = out_.policy.arches[a].syscalls;
      for (size_t offset = 0; offset < rules.slot_of.size(); ++offset) {
        const int slot = rules.slot_of[offset];
        if (slot < 0) continue;
        syscalls.emplace_hint(syscalls.end(),
                              rules.first_nr + static_cast<uint32_t>(offset),
                              std::move(rules.numbers[slot]));
      }
    }
  }

  // Sorts (hash, entry) pairs. Past a few thousand, first by the hash's
  // top bits in one counting pass (linear), then each bucket: a comparison
  // sort of a million pairs was half the cost of a profile of few distinct
  // contents (every equal hash compared again at every level).
  static void SortByHash(std::vector<std::pair<size_t, int>>* pairs) {
    constexpr size_t kSortDirectly = 4096;
    if (pairs->size() <= kSortDirectly) {
      std::sort(pairs->begin(), pairs->end());
      return;
    }
    constexpr int kBucketBits = 16;
    constexpr int kShift = 64 - kBucketBits;
    std::vector<size_t> start((size_t{1} << kBucketBits) + 1, 0);
    for (const auto& p : *pairs) ++start[(uint64_t{p.first} >> kShift) + 1];
    for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    std::vector<std::pair<size_t, int>> sorted(pairs->size());
    std::vector<size_t> next(start.begin(), start.end() - 1);
    for (const auto& p : *pairs)
      sorted[next[uint64_t{p.first} >> kShift]++] = p;
    for (size_t b = 0; b + 1 < start.size(); ++b) {
      if (start[b + 1] - start[b] > 1) {
        std::sort(sorted.begin() + start[b], sorted.begin() + start[b + 1]);
      }
    }
    *pairs = std::move(sorted);
  }

  // like_[e] for every entry: the first entry that applies to the target
  // with the content of entry e, or -1 when e does not apply. Entries are
  // sorted by the hash of their content and compared within runs of equal
  // hashes: sequential passes, where a hash map of a million entries cost
  // a cache miss or two per entry (a sixth of a 64 MiB profile's check).
  void FindEqualEntries() {
    const std::vector<SyscallEntry>& entries = profile_.syscalls;
    std::vector<std::pair<size_t, int>> by_hash;  // (content hash, entry)
    by_hash.reserve(entries.size());
    for (size_t e = 0; e < entries.size(); ++e) {
      if (!EntryApplies(entries[e], target_)) continue;
      by_hash.emplace_back(HashRuleContent(entries[e].action, entries[e].args),
                           static_cast<int>(e));
    }
    SortByHash(&by_hash);
    std::vector<int> firsts;  // of each content in the current run
    for (size_t run = 0; run < by_hash.size();) {
      size_t end = run;
      while (end < by_hash.size() && by_hash[end].first == by_hash[run].first) {
        ++end;
      }
      // In entry order within the run: the first of each content is seen
      // before its copies.
      firsts.clear();
      for (size_t k = run; k < end; ++k) {
        const int e = by_hash[k].second;
        int like = e;
        for (int first : firsts) {
          if (SameContent(entries[first], entries[e])) {
            like = first;
            break;
          }
        }
        if (like == e) firsts.push_back(e);
        like_[e] = like;
      }
      run = end;
    }
  }

  // Adds the rules of entry `e`, which applies to the target, for each of
  // its names; reports its unknown names and its 32-bit constants.
  absl::Status AddEntry(size_t e) {
    const SyscallEntry& entry = profile_.syscalls[e];
    const int this_like = like_[e];
    std::string abis_32bit;  // 32-bit ABIs the entry applies to
    for (size_t n = 0; n < entry.names.size(); ++n) {
      bool in_some_table = false;
      const int64_t* nrs = NumbersOf(entry.names[n], &in_some_table);
      if (nrs != nullptr) AddRules(e, this_like, nrs, &abis_32bit);
      if (in_some_table) continue;
      SECCOMPC_RETURN_IF_ERROR(ReportUnknown(entry, n));
    }
    // Once per content: a profile that repeats itself gets one warning.
    if (!abis_32bit.empty() && this_like == static_cast<int>(e)) {
      Warn32BitConstants(entry, abis_32bit, &out_.warnings);
    }
    return absl::OkStatus();
  }

  // The numbers of `name`, one per arch (-1: none on that arch), or null
  // when no arch of the target has it (it may have all -1). Sets
  // `*in_some_table` when some arch's table, of the target or not, has the
  // name: each name is searched in the tables once (a profile may name
  // millions of unknown ones).
  const int64_t* NumbersOf(const std::string& name, bool* in_some_table) {
    if (++names_seen_ > kNamesBeforeCaching) {
      return CachedNumbersOf(name, in_some_table);
    }
    bool any = false;
    for (size_t a = 0; a < out_.policy.arches.size(); ++a) {
      std::optional<uint32_t> nr = out_.policy.arches[a].arch->Lookup(name);
      looked_up_[a] = nr ? int64_t{*nr} : int64_t{-1};
      any = any || nr.has_value();
    }
    *in_some_table = any || IsSyscallNameOfAnyArch(name);
    return any ? looked_up_.data() : nullptr;
  }

  // NumbersOf once a profile has named many syscalls: each known name's
  // numbers are looked up once and kept.
  const int64_t* CachedNumbersOf(const std::string& name, bool* in_some_table) {
    const absl::string_view key(name.data(), name.size());
    auto slot = name_slot_.find(key);
    if (slot == name_slot_.end() && IsSyscallNameOfAnyArch(name)) {
      // At most the tables' size: only known names are kept.
      slot = name_slot_.emplace(key, name_nrs_.size()).first;
      for (const ArchPolicy& ap : out_.policy.arches) {
        std::optional<uint32_t> nr = ap.arch->Lookup(name);
        name_nrs_.push_back(nr ? int64_t{*nr} : int64_t{-1});
      }
    }
    *in_some_table = slot != name_slot_.end();
    return slot != name_slot_.end() ? &name_nrs_[slot->second] : nullptr;
  }

  // Adds entry `e`'s rule under `nrs` on each arch that has a number,
  // unless an equal rule is there; notes the 32-bit ABIs in `abis_32bit`.
  void AddRules(size_t e, int this_like, const int64_t* nrs,
                std::string* abis_32bit) {
    const SyscallEntry& entry = profile_.syscalls[e];
    for (size_t a = 0; a < out_.policy.arches.size(); ++a) {
      if (nrs[a] < 0) continue;
      const ArchSpec& arch = *out_.policy.arches[a].arch;
      if (ArgumentsAre32Bit(arch) && !entry.args.empty()) {
        NoteAbi(arch, abis_32bit);
      }
      const uint32_t nr = static_cast<uint32_t>(nrs[a]);
      std::vector<PolicyRule>& rules = RulesOf(a, nr);
      if (HasRuleLike(a, nr, rules, this_like, e)) continue;
      rules.push_back(PolicyRule{
          std::vector<ArgCondition>(entry.args.begin(), entry.args.end()),
          ActionOn(entry.action, arch, entry.errno_name), static_cast<int>(e)});
    }
  }

  // Appends `arch`'s short name to the list `abis` ("x86, arm") once.
  static void NoteAbi(const ArchSpec& arch, std::string* abis) {
    if (absl::StrContains(*abis, std::string(arch.short_name))) return;
    absl::StrAppend(abis, abis->empty() ? "" : ", ",
                    std::string(arch.short_name));
  }

  // Whether `rules` (syscall `nr` on arch `a`) hold one with the content
  // `like`, which entry `e` brings. When `e` is the first entry of its
  // content, only `e` itself can have added such a rule (a name given
  // twice), and it would be the last one: no set is needed, so a profile
  // of distinct rules never builds them. Otherwise few rules: look; many:
  // a set, brought up to date with the rules added since the last look.
  bool HasRuleLike(size_t a, uint32_t nr, const std::vector<PolicyRule>& rules,
                   int like, size_t e) {
    if (like == static_cast<int>(e)) {
      return !rules.empty() && rules.back().entry_index == like;
    }
    if (rules.size() < kRulesBeforeSet) {
      bool seen = false;
      for (const PolicyRule& r : rules) {
        seen = seen || like_[r.entry_index] == like;
      }
      return seen;
    }
    LikesOfNumber& likes = many_rules_[a][nr];
    for (; likes.rules_in_set < rules.size(); ++likes.rules_in_set) {
      likes.set.insert(like_[rules[likes.rules_in_set].entry_index]);
    }
    return likes.set.contains(like);
  }

  // Name `n` of `entry` is in no arch's table: an error when strict, else
  // a warning (one per name up to a point; then only counted).
  absl::Status ReportUnknown(const SyscallEntry& entry, size_t n) {
    const std::string& name = entry.names[n];
    // Suggestions cost a table scan: for the first few mentions only.
    const bool suggest = ++unknown_names_ <= kMaxSuggestions;
    if (!options_.strict) {
      // One warning per name up to a point; then a count (a hostile
      // profile may name millions). Decided before any text is built:
      // most mentions of such a profile end here.
      if (warned_unknown_.size() >= kMaxUnknownNameWarnings) {
        if (!warned_unknown_.contains(name)) ++unwarned_unknown_;
        return absl::OkStatus();
      }
      if (!warned_unknown_.insert(name).second) return absl::OkStatus();
    }
    const std::string message =
        absl::StrCat("unknown syscall \"", name, "\" (in no arch's table)",
                     suggest ? DidYouMeanSyscall(name) : std::string(),
                     options_.strict ? "" : "; skipped");
    if (options_.strict) {
      return absl::InvalidArgumentError(
          FormatAt(profile_.source_name, entry.NameLocation(n), message));
    }
    out_.warnings.push_back(Diagnostic{entry.NameLocation(n), message});
    return absl::OkStatus();
  }

  void WarnUnwarnedUnknown() {
    if (unwarned_unknown_ == 0) return;
    out_.warnings.push_back(Diagnostic{
        SourceLocation{},
        absl::StrCat(unwarned_unknown_,
                     " more mentions of unknown syscall names skipped "
                     "without a warning each")});
  }

  void WarnOrderDependences() {
    size_t lint_budget = kOrderLintBudget;
    OrderLintBuffers buffers;
    for (const ArchPolicy& ap : out_.policy.arches) {
      if (!WarnOrderDependence(profile_, ap, &lint_budget, &buffers,
                               &out_.warnings)) {
        out_.warnings.push_back(Diagnostic{
            SourceLocation{},
            "too many argument rules with different actions to check "
            "whether entry order matters to libseccomp; not checked "
            "further"});
        return;
      }
    }
  }

  const Profile& profile_;
  const Target& target_;
  const ResolveOptions& options_;
  Resolution out_;

  // Per arch, the rules being collected, by number: a profile names its
  // syscalls in no particular order, and a lookup in a table indexed by
  // number is several times cheaper than one in the policy's btree (they
  // move there once, in order, by MoveRulesToPolicy).
  struct ArchRules {
    uint32_t first_nr = 0;     // the table's lowest number
    std::vector<int> slot_of;  // [nr - first_nr]: index in numbers, or -1
    std::vector<std::vector<PolicyRule>> numbers;
  };
  std::vector<ArchRules> rules_;

  absl::flat_hash_set<std::string> warned_unknown_;
  int unknown_names_ = 0;
  size_t unwarned_unknown_ = 0;  // mentions past kMaxUnknownNameWarnings
  // Entries equal in action and conditions give equal rules, and a
  // syscall needs only the first of equal rules (it wins among equals): a
  // profile that repeats itself must not multiply the work downstream.
  // like_[e]: the first entry with the content of entry e (see
  // FindEqualEntries).
  std::vector<int> like_;
  // Per arch, for numbers with many rules: the contents of their first
  // `rules_in_set` rules.
  struct LikesOfNumber {
    absl::flat_hash_set<int> set;
    size_t rules_in_set = 0;
  };
  std::vector<absl::flat_hash_map<uint32_t, LikesOfNumber>> many_rules_;
  // Once a profile has named many syscalls, each known name's numbers
  // (-1: none on that arch) are looked up once and kept.
  size_t names_seen_ = 0;
  absl::flat_hash_map<absl::string_view, size_t> name_slot_;
  std::vector<int64_t> name_nrs_;
  std::vector<int64_t> looked_up_;
};

}  // namespace

absl::StatusOr<Resolution> Resolve(const Profile& profile, const Target& target,
                                   const ResolveOptions& options) {
  SECCOMPC_ASSIGN_OR_RETURN(const std::vector<ArchId> arches,
                            TargetArches(profile, target));
  return Resolver(profile, target, options, arches).Run();
}

}  // namespace seccompc

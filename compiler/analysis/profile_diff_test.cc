// DiffPolicies against brute force: on random policies and random edits of
// them, every reported region really changes the verdict (at its example
// arguments) and every syscall where sampled arguments change the verdict
// is reported. Equivalent rewrites (rules reordered) diff as equal.
#include "compiler/analysis/profile_diff.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "compiler/codegen/test_policies.h"
#include "compiler/reference/evaluate.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

Profile ProfileFor(const Policy& a, const Policy& b) {
  int entries = 0;
  for (const Policy* p : {&a, &b}) {
    for (const ArchPolicy& ap : p->arches) {
      for (const auto& [nr, rules] : ap.syscalls) {
        for (const PolicyRule& r : rules) {
          entries = std::max(entries, r.entry_index + 1);
        }
      }
    }
  }
  Profile profile;
  profile.syscalls.resize(entries);
  return profile;
}

// A copy of `p` with one edit that usually changes its meaning.
Policy Edit(const Policy& p, std::mt19937_64& rng) {
  Policy out = p;
  ArchPolicy& ap = out.arches[rng() % out.arches.size()];
  if (ap.syscalls.empty() || rng() % 8 == 0) {
    out.default_action = RandomAction(rng);
    return out;
  }
  auto it = ap.syscalls.begin();
  std::advance(it, rng() % ap.syscalls.size());
  std::vector<PolicyRule>& rules = it->second;
  PolicyRule& rule = rules[rng() % rules.size()];
  switch (rng() % 3) {
    case 0:
      rule.action = RandomAction(rng);
      break;
    case 1:
      if (rule.conditions.empty()) {
        rule.conditions.push_back(RandomCondition(rng));
      } else {
        rule.conditions[rng() % rule.conditions.size()] = RandomCondition(rng);
      }
      break;
    default:
      rules.erase(rules.begin() + (&rule - rules.data()));
      if (rules.empty()) ap.syscalls.erase(it);
  }
  return out;
}

// Entry indices made unique, keeping the order of ties: in a profile one
// entry has one action (RandomPolicy may give two rules of one entry
// different actions, and then the order of the rules decides).
Policy UniqueEntries(const Policy& p) {
  Policy out = p;
  for (ArchPolicy& ap : out.arches) {
    for (auto& [nr, rules] : ap.syscalls) {
      for (size_t i = 0; i < rules.size(); ++i) {
        rules[i].entry_index = rules[i].entry_index * 64 + static_cast<int>(i);
      }
    }
  }
  return out;
}

// The same meaning: rules listed in another order (precedence and entry
// indices decide, not the order in the vector).
Policy Reorder(const Policy& p, std::mt19937_64& rng) {
  Policy out = p;
  for (ArchPolicy& ap : out.arches) {
    for (auto& [nr, rules] : ap.syscalls) {
      std::shuffle(rules.begin(), rules.end(), rng);
    }
  }
  return out;
}

std::vector<PolicyRule> RulesOf(const Policy& p, ArchId arch, uint32_t nr) {
  const ArchPolicy* ap = p.FindArch(arch);
  if (ap == nullptr) return {};
  auto it = ap->syscalls.find(nr);
  return it == ap->syscalls.end() ? std::vector<PolicyRule>{} : it->second;
}

void CheckAgainstBruteForce(const Policy& a, const Policy& b,
                            std::mt19937_64& rng, int* differing) {
  const Profile profile = ProfileFor(a, b);
  const ProfileDiff diff = DiffPolicies(profile, a, profile, b);
  std::map<std::pair<ArchId, uint32_t>, const SyscallChange*> reported;
  for (const ArchDiff& ad : diff.arches) {
    ASSERT_TRUE(ad.in_old && ad.in_new);
    for (const SyscallChange& s : ad.syscalls) {
      reported[{ad.arch->id, s.nr}] = &s;
      if (s.undecided) continue;
      ASSERT_FALSE(s.regions.empty());
      for (const RegionChange& r : s.regions) {
        ArgVector args;
        std::copy(r.example, r.example + 6, args.begin());
        const seccomp_data d = MakeData(ad.arch->audit_arch, s.nr, args);
        EXPECT_EQ(Evaluate(a, d).action.ToString(), r.old_action.ToString())
            << ad.arch->short_name << " nr " << s.nr << " " << r.description;
        EXPECT_EQ(Evaluate(b, d).action.ToString(), r.new_action.ToString())
            << ad.arch->short_name << " nr " << s.nr << " " << r.description;
        EXPECT_NE(r.old_action, r.new_action);
        // The entry named on each side is the reference evaluator's.
        for (const auto& [policy, by] :
             {std::pair(&a, &r.old_by), std::pair(&b, &r.new_by)}) {
          const Verdict v = Evaluate(*policy, d);
          EXPECT_EQ(by->entry_index,
                    v.reason == Verdict::Reason::kRule ? v.entry_index : -1)
              << ad.arch->short_name << " nr " << s.nr << " " << r.description;
        }
      }
    }
  }
  for (const ArchPolicy& ap : a.arches) {
    std::set<uint32_t> numbers;
    for (const Policy* p : {&a, &b}) {
      for (const auto& [nr, rules] : p->FindArch(ap.arch->id)->syscalls) {
        numbers.insert(nr);
      }
    }
    numbers.insert(ap.arch->max_nr + 1);  // no rules on either side
    for (uint32_t nr : numbers) {
      // x86_64/x32 numbers of the other ABI are decided by that ABI.
      const bool x32_number = (nr & 0x40000000) != 0;
      if ((ap.arch->id == ArchId::kX32 && !x32_number) ||
          (ap.arch->id == ArchId::kX86_64 && x32_number)) {
        continue;
      }
      std::vector<PolicyRule> rules = RulesOf(a, ap.arch->id, nr);
      std::vector<PolicyRule> more = RulesOf(b, ap.arch->id, nr);
      rules.insert(rules.end(), more.begin(), more.end());
      bool differs = false;
      for (const ArgVector& args : InterestingArgs(rules, rng, 64)) {
        const seccomp_data d = MakeData(ap.arch->audit_arch, nr, args);
        if (Evaluate(a, d).action != Evaluate(b, d).action) differs = true;
      }
      const bool listed = reported.count({ap.arch->id, nr}) > 0;
      if (!differs) continue;
      ++*differing;
      if (nr > ap.arch->max_nr && rules.empty()) {
        // Numbers past the table without rules are summarized.
        bool summarized = false;
        for (const ArchDiff& ad : diff.arches) {
          summarized |= ad.arch == ap.arch && ad.other_numbers_change;
        }
        EXPECT_TRUE(summarized) << ap.arch->short_name;
      } else {
        EXPECT_TRUE(listed) << ap.arch->short_name << " nr " << nr;
      }
    }
  }
}

TEST(ProfileDiffTest, EditsAgreeWithBruteForce) {
  std::mt19937_64 rng(20261129);
  int differing = 0;
  for (int i = 0; i < 300; ++i) {
    const Policy a = RandomPolicy(rng);
    const Policy b = Edit(a, rng);
    CheckAgainstBruteForce(a, b, rng, &differing);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(differing, 100);  // the edits do change meanings
}

// Syscalls with more rules than FirstMatch::kWorthIndexing: the indexed
// evaluation (EQ, MASKED_EQ, bounds and NE of one condition; rules of two
// conditions scanned) agrees with the reference evaluator.
TEST(ProfileDiffTest, ManyRulesAgreeWithBruteForce) {
  std::mt19937_64 rng(20261207);
  RandomPolicyOptions options;
  options.max_syscalls_per_arch = 3;
  options.max_rules_per_syscall = 120;
  options.max_conditions_per_rule = 2;
  int differing = 0;
  for (int i = 0; i < 40; ++i) {
    const Policy a = RandomPolicy(rng, options);
    const Policy b = Edit(a, rng);
    CheckAgainstBruteForce(a, b, rng, &differing);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(differing, 10);
}

// A diff of profiles with 200k argument entries takes seconds, not the
// minutes of evaluating every rule in every cell (quadratic). The deadline
// is generous for a loaded machine: measured 6 s (fastbuild, two busy
// cores), where the old cell-by-rule evaluation took 54 s for 50k entries.
TEST(ProfileDiffTest, TwoHundredThousandArgumentEntriesUnderADeadline) {
  constexpr int kEntries = 200000;
  constexpr uint32_t kNumbers[] = {41, 135, 16, 72};  // socket, ...
  auto make = [&](bool shifted) {
    Policy p;
    p.default_action = Action{ActionKind::kErrno, 1};
    ArchPolicy ap;
    ap.arch = &GetArch(ArchId::kX86_64);
    for (int i = 0; i < kEntries; ++i) {
      PolicyRule r;
      // Every tenth value moves by one in the new profile.
      const uint64_t value = 2 * uint64_t(i) + (shifted && i % 10 == 0);
      r.conditions.push_back(ArgCondition{0, CmpOp::kEq, value, 0});
      r.action = Action{ActionKind::kAllow, 0};
      r.entry_index = i;
      ap.syscalls[kNumbers[i % 4]].push_back(std::move(r));
    }
    p.arches.push_back(std::move(ap));
    return p;
  };
  const Policy a = make(false);
  const Policy b = make(true);
  const Profile profile = ProfileFor(a, b);
  const auto start = std::chrono::steady_clock::now();
  const ProfileDiff diff = DiffPolicies(profile, a, profile, b);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf("diff of %d argument entries: %.2f s\n", kEntries, seconds);
  EXPECT_LT(seconds, 30.0);
  ASSERT_EQ(diff.arches.size(), 1u);
  ASSERT_EQ(diff.arches[0].syscalls.size(), 2u);  // even i: two numbers
  size_t regions = 0;
  for (const SyscallChange& c : diff.arches[0].syscalls) {
    EXPECT_FALSE(c.undecided);
    regions += c.regions.size();
  }
  EXPECT_EQ(regions, 2u * kEntries / 10);  // each moved value: two cells
  const RegionChange& first = diff.arches[0].syscalls[0].regions[0];
  EXPECT_EQ(first.description, "arg0 == 0x14");  // ioctl, entry 10
  EXPECT_EQ(first.old_by.entry_index, 10);
  EXPECT_EQ(first.new_by.entry_index, -1);
}

// Thousands of EQ rules on full 64-bit constants: the argument's cut
// points are sorted by bytes (every byte differs), and one moved constant
// is exactly two changed cells.
TEST(ProfileDiffTest, ManyFullWidthConstantsCutExactly) {
  std::mt19937_64 rng(7);
  constexpr int kRules = 3000;
  constexpr int kMoved = 7;
  const uint64_t moved_to = rng();
  auto make = [&](bool moved) {
    std::mt19937_64 values(11);
    Policy p;
    p.default_action = Action{ActionKind::kErrno, 1};
    ArchPolicy ap;
    ap.arch = &GetArch(ArchId::kX86_64);
    for (int i = 0; i < kRules; ++i) {
      PolicyRule r;
      const uint64_t value = values();
      r.conditions.push_back(ArgCondition{
          0, CmpOp::kEq, moved && i == kMoved ? moved_to : value, 0});
      r.action = Action{i % 2 ? ActionKind::kTrap : ActionKind::kAllow, 0};
      r.entry_index = i;
      ap.syscalls[16].push_back(std::move(r));
    }
    p.arches.push_back(std::move(ap));
    return p;
  };
  const Policy a = make(false);
  const Policy b = make(true);
  const Profile profile = ProfileFor(a, b);
  const ProfileDiff diff = DiffPolicies(profile, a, profile, b);
  ASSERT_EQ(diff.arches.size(), 1u);
  ASSERT_EQ(diff.arches[0].syscalls.size(), 1u);
  const SyscallChange& change = diff.arches[0].syscalls[0];
  ASSERT_EQ(change.regions.size(), 2u);
  const uint64_t old_value =
      a.arches[0].syscalls.at(16)[kMoved].conditions[0].value;
  std::set<uint64_t> changed;
  for (const RegionChange& r : change.regions) changed.insert(r.example[0]);
  EXPECT_EQ(changed, (std::set<uint64_t>{old_value, moved_to}));

  // KILL from a cut on: every cell from there on changes, the gaps
  // between the constants included (a cut point out of order would lose
  // cells).
  const uint64_t from = uint64_t{1} << 63;
  Policy killing = a;
  PolicyRule kill;
  kill.conditions.push_back(ArgCondition{0, CmpOp::kGe, from, 0});
  kill.action = Action{ActionKind::kKillProcess, 0};
  kill.entry_index = kRules;
  killing.arches[0].syscalls[16].push_back(kill);
  std::set<uint64_t> cuts = {from};
  for (const PolicyRule& r : a.arches[0].syscalls.at(16)) {
    const uint64_t v = r.conditions[0].value;
    if (v >= from) cuts.insert(v);
    if (v + 1 >= from && v != ~uint64_t{0}) cuts.insert(v + 1);
  }
  const ProfileDiff killed =
      DiffPolicies(ProfileFor(a, killing), a, ProfileFor(a, killing), killing);
  ASSERT_EQ(killed.arches.size(), 1u);
  ASSERT_EQ(killed.arches[0].syscalls.size(), 1u);
  EXPECT_EQ(killed.arches[0].syscalls[0].regions.size(), cuts.size());
}

TEST(ProfileDiffTest, ReorderedRulesAreEqual) {
  std::mt19937_64 rng(7);
  int undecided = 0;
  for (int i = 0; i < 300; ++i) {
    const Policy a = UniqueEntries(RandomPolicy(rng));
    const Policy b = Reorder(a, rng);
    const Profile profile = ProfileFor(a, b);
    const ProfileDiff diff = DiffPolicies(profile, a, profile, b);
    for (const ArchDiff& ad : diff.arches) {
      for (const SyscallChange& c : ad.syscalls) {
        if (c.undecided) {
          ++undecided;  // masks over too many bits: "may change"
          continue;
        }
        ADD_FAILURE() << "round " << i << " " << ad.arch->short_name << " nr "
                      << c.nr << (c.undecided ? " undecided" : "")
                      << (c.regions.empty() ? "" : c.regions[0].description);
      }
    }
  }
  EXPECT_LT(undecided, 20);  // RandomPolicy draws wide random masks
}

TEST(ProfileDiffTest, IdenticalIsEqualAndArchOnOneSide) {
  std::mt19937_64 rng(3);
  const Policy a = RandomPolicy(rng);
  const Profile profile = ProfileFor(a, a);
  EXPECT_TRUE(DiffPolicies(profile, a, profile, a).equal());
  Policy fewer = a;
  if (fewer.arches.size() > 1) {
    fewer.arches.pop_back();
    const ProfileDiff d = DiffPolicies(profile, a, profile, fewer);
    ASSERT_EQ(d.arches.size(), 1u);
    EXPECT_TRUE(d.arches[0].in_old);
    EXPECT_FALSE(d.arches[0].in_new);
  }
}

}  // namespace
}  // namespace seccompc

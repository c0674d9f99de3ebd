// The semantic difference of two resolved profiles: per ABI, every syscall
// whose verdict changes, and for verdicts that depend on arguments the
// argument regions that change, with the entries responsible on each side.
//
// Two profiles are compared through the code generator's decision stage
// (codegen/decision.h): a syscall whose canonical Decisions are equal is
// unchanged. Otherwise the argument space is cut into cells that no
// condition of either side can tell apart (per argument: the intervals
// between comparison constants, times every pattern of the bits any mask
// tests), and both Decisions are evaluated on one value of each cell. That
// is exact: reordered entries, split or merged entries give no difference.
// When the cells would be too many (masks testing more than kMaxMaskBits
// bits, or more than kMaxCells combinations), the syscall is reported as
// "may differ" instead. Each cell finds its first matching rule through an
// index of the rules (by value for EQ and MASKED_EQ, by sorted bounds for
// LT/LE/GT/GE), so a diff is O(n log n) in the rules and cells, not n^2.
//
//   ProfileDiff d = DiffPolicies(old_profile, old_policy, new_profile,
//                                new_policy);
//   if (d.equal()) ...
#ifndef SECCOMPC_COMPILER_ANALYSIS_PROFILE_DIFF_H_
#define SECCOMPC_COMPILER_ANALYSIS_PROFILE_DIFF_H_

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/arch/arch.h"
#include "compiler/model/action.h"
#include "compiler/model/policy.h"
#include "compiler/model/profile.h"

namespace seccompc {

inline constexpr int kMaxMaskBits = 16;
inline constexpr size_t kMaxCells = 1 << 18;

// Which entry decided a verdict: an index into Profile::syscalls, or -1 for
// the default action (or an ABI not in the filter).
struct Responsible {
  int entry_index = -1;
  int line = 0;
  std::string what;  // "syscalls[3] (line 40)", "default action", ...
};

// One region of the argument space with one verdict on each side.
struct RegionChange {
  std::string description;  // "arg0 == 0x26", "arg0 & 0x7e020000 == 0x0"
  uint64_t example[6] = {};
  Action old_action;
  Action new_action;
  Responsible old_by;
  Responsible new_by;
};

struct SyscallChange {
  uint32_t nr = 0;
  std::string name;                   // "" when the table has none
  bool argument_free = true;          // one verdict for every argument
  bool undecided = false;             // too many cells to compare exactly
  std::vector<RegionChange> regions;  // argument_free: exactly one
};

struct ArchDiff {
  const ArchSpec* arch = nullptr;
  bool in_old = true;
  bool in_new = true;
  std::vector<SyscallChange> syscalls;  // by number
  // The verdict of numbers outside the table (and without rules) changes.
  bool other_numbers_change = false;
  Action other_old;
  Action other_new;
};

struct ProfileDiff {
  std::vector<ArchDiff> arches;  // only arches with a change
  bool equal() const { return arches.empty(); }
};

ProfileDiff DiffPolicies(const Profile& old_profile, const Policy& old_policy,
                         const Profile& new_profile, const Policy& new_policy);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ANALYSIS_PROFILE_DIFF_H_

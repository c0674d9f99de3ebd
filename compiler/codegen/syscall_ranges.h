// The dispatch on seccomp_data.nr as a list of ranges.
//
// Once a filter knows seccomp_data.arch, the answer depends on nr through a
// piecewise function over the whole u32 space. An ArchGroup is everything
// that shares one AUDIT_ARCH value (normally one ABI; x86_64 together with
// x32, told apart by bit 30 of nr). BuildRanges() cuts 0..0xFFFFFFFF into
// maximal SyscallRanges whose numbers share one Decision:
//   - on AUDIT_ARCH_X86_64, numbers with bit 30 set belong to x32 and the
//     others to x86_64; an ABI missing from the target gets KILL_PROCESS;
//   - numbers without rules (missing from the table, past its end) get the
//     policy's default action;
//   - numbers the ABI's ENOSYS stub covers (policy.h) get ERRNO(ENOSYS).
// Decisions are interned in a DecisionTable so ranges compare them by id.
//
//   DecisionTable decisions;
//   for (const ArchGroup& g : GroupByAuditArch(policy))
//     std::vector<SyscallRange> r = BuildRanges(g, policy.default_action,
//                                               &decisions);
#ifndef SECCOMPC_COMPILER_CODEGEN_SYSCALL_RANGES_H_
#define SECCOMPC_COMPILER_CODEGEN_SYSCALL_RANGES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "compiler/arch/arch.h"
#include "compiler/codegen/decision.h"
#include "compiler/model/policy.h"

namespace seccompc {

// Interned decisions; ids are dense from 0.
class DecisionTable {
 public:
  int Intern(const Decision& decision);
  const Decision& Get(int id) const { return decisions_[id]; }
  size_t size() const { return decisions_.size(); }

 private:
  std::vector<Decision> decisions_;
  absl::flat_hash_map<Decision, int> ids_;
  // The argument-free decisions, which are most numbers' and few: found by
  // a scan of their actions instead of hashing a Decision.
  std::vector<std::pair<Action, int>> constant_ids_;
};

struct SyscallRange {
  uint32_t first = 0;  // inclusive
  uint32_t last = 0;   // inclusive
  int decision = -1;   // id in a DecisionTable

  bool is_single() const { return first == last; }
  friend bool operator==(const SyscallRange& a, const SyscallRange& b) {
    return a.first == b.first && a.last == b.last && a.decision == b.decision;
  }
};

// The ABIs that share one AUDIT_ARCH value, as the policy lists them.
struct ArchGroup {
  uint32_t audit_arch = 0;
  std::vector<const ArchPolicy*> abis;  // one, or x86_64 and/or x32
  // The ABI whose byte order and name the group's code uses.
  const ArchSpec& spec() const { return *abis.front()->arch; }
};

// Groups in the policy's order (the native arch first).
std::vector<ArchGroup> GroupByAuditArch(const Policy& policy);

// Maximal ranges covering 0..0xFFFFFFFF in order, neighbours always differ.
std::vector<SyscallRange> BuildRanges(const ArchGroup& group,
                                      const Action& default_action,
                                      DecisionTable* decisions);

// The ABIs whose syscalls the kernel's constant-action cache can answer
// without running the filter: the native one (the policy's first) and its
// cached compat ABI (CachedCompatAbiOf, compiler/arch/abi_family.h: i386 on
// x86_64). Never x32 (engines.md §4, reference.md §3).
std::vector<ArchId> CachedAbis(const Policy& policy);

// How much each range matters to the search that finds it: the summed
// weight of the table's syscalls in it whose decision may allow (1 each,
// or `frequency` by name when given, plus 1 so unseen ones still count;
// x32 numbers at a tenth), plus a small constant per range so that no
// range is free to bury. Syscalls of `cached_abis` whose decision is an
// argument-free ALLOW weigh nothing: the cache answers them, the filter
// never runs for them.
std::vector<double> RangeWeights(
    absl::Span<const SyscallRange> ranges, const ArchGroup& group,
    const DecisionTable& decisions,
    const absl::flat_hash_map<std::string, double>& frequency,
    absl::Span<const ArchId> cached_abis = {});

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_SYSCALL_RANGES_H_

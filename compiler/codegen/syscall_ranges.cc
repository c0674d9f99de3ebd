#include "compiler/codegen/syscall_ranges.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "compiler/arch/abi_family.h"

namespace seccompc {
namespace {

// A stretch of numbers decided by one ABI (or by nobody: KILL_PROCESS).
struct Segment {
  uint32_t first;
  uint32_t last;
  const ArchPolicy* abi;  // nullptr: ABI not in the target
};

std::vector<Segment> SegmentsOf(const ArchGroup& group) {
  const ArchPolicy* x86_64 = nullptr;
  const ArchPolicy* x32 = nullptr;
  for (const ArchPolicy* abi : group.abis) {
    if (abi->arch->id == ArchId::kX86_64) x86_64 = abi;
    if (abi->arch->id == ArchId::kX32) x32 = abi;
  }
  if (group.audit_arch != GetArch(ArchId::kX86_64).audit_arch) {
    return {{0, 0xFFFFFFFF, group.abis.front()}};
  }
  // The x32 bit (bit 30) splits the u32 space into four alternating
  // quarters: clear in the first and third, set in the second and fourth.
  constexpr uint32_t kQuarter = kX32SyscallBit;
  return {{0 * kQuarter, 1 * kQuarter - 1, x86_64},
          {1 * kQuarter, 2 * kQuarter - 1, x32},
          {2 * kQuarter, 3 * kQuarter - 1, x86_64},
          {3 * kQuarter, 0xFFFFFFFF, x32}};
}

void Append(std::vector<SyscallRange>* ranges, uint32_t first, uint32_t last,
            int decision) {
  if (!ranges->empty() && ranges->back().decision == decision &&
      ranges->back().last + 1 == first) {
    ranges->back().last = last;
    return;
  }
  ranges->push_back({first, last, decision});
}

// The numbers the ABI's ENOSYS stub decides, as intervals inside `segment`.
std::vector<std::pair<uint32_t, uint32_t>> StubIntervals(
    const Segment& segment) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  const ArchPolicy& abi = *segment.abi;
  if (abi.enosys_nr_zero && segment.first == 0) out.push_back({0, 0});
  if (abi.enosys_above && *abi.enosys_above < segment.last) {
    const uint32_t first = std::max(segment.first, *abi.enosys_above + 1);
    out.push_back({first, segment.last});
  }
  return out;
}

// Replaces the decisions of [first, last] in the sorted, gap-free `ranges`.
void Overlay(std::vector<SyscallRange>* ranges, uint32_t first, uint32_t last,
             int decision) {
  std::vector<SyscallRange> out;
  for (const SyscallRange& r : *ranges) {
    if (r.last < first || r.first > last) {
      out.push_back(r);
      continue;
    }
    if (r.first < first) out.push_back({r.first, first - 1, r.decision});
    if (r.first <= first) out.push_back({first, last, decision});
    if (r.last > last) out.push_back({last + 1, r.last, r.decision});
  }
  ranges->clear();
  for (const SyscallRange& r : out) Append(ranges, r.first, r.last, r.decision);
}

}  // namespace

int DecisionTable::Intern(const Decision& decision) {
  // ConstantDecision's form (width k64, decision.h); another width goes
  // through the map like every decision with rules.
  const bool constant =
      decision.is_argument_free() && decision.width == ArgWidth::k64;
  if (constant) {
    for (const auto& [action, id] : constant_ids_) {
      if (action == decision.fallback) return id;
    }
  }
  auto [it, inserted] = ids_.try_emplace(decision, decisions_.size());
  if (inserted) {
    decisions_.push_back(decision);
    if (constant) constant_ids_.push_back({decision.fallback, it->second});
  }
  return it->second;
}

std::vector<ArchGroup> GroupByAuditArch(const Policy& policy) {
  std::vector<ArchGroup> groups;
  for (const ArchPolicy& abi : policy.arches) {
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const ArchGroup& g) {
          return g.audit_arch == abi.arch->audit_arch;
        });
    if (it == groups.end()) {
      groups.push_back({abi.arch->audit_arch, {&abi}});
    } else {
      it->abis.push_back(&abi);
    }
  }
  return groups;
}

std::vector<SyscallRange> BuildRanges(const ArchGroup& group,
                                      const Action& default_action,
                                      DecisionTable* decisions) {
  const int kill =
      decisions->Intern(ConstantDecision(Action{ActionKind::kKillProcess, 0}));
  const int fallback = decisions->Intern(ConstantDecision(default_action));
  std::vector<SyscallRange> ranges;
  for (const Segment& segment : SegmentsOf(group)) {
    if (segment.abi == nullptr) {
      Append(&ranges, segment.first, segment.last, kill);
      continue;
    }
    std::vector<SyscallRange> own;  // this segment's ranges
    uint32_t next = segment.first;  // first number not yet covered
    bool done = false;
    for (auto it = segment.abi->syscalls.lower_bound(segment.first);
         it != segment.abi->syscalls.end() && it->first <= segment.last; ++it) {
      const uint32_t nr = it->first;
      if (nr > next) Append(&own, next, nr - 1, fallback);
      Append(&own, nr, nr,
             decisions->Intern(DecideSyscall(it->second, default_action,
                                             WidthOf(*segment.abi->arch))));
      if (nr == segment.last) {
        done = true;
        break;
      }
      next = nr + 1;
    }
    if (!done) Append(&own, next, segment.last, fallback);
    const std::vector<std::pair<uint32_t, uint32_t>> stub =
        StubIntervals(segment);
    if (!stub.empty()) {
      const int enosys = decisions->Intern(ConstantDecision(
          Action{ActionKind::kErrno, EnosysErrno(*segment.abi->arch)}));
      for (const auto& [first, last] : stub) {
        Overlay(&own, first, last, enosys);
      }
    }
    for (const SyscallRange& r : own) {
      Append(&ranges, r.first, r.last, r.decision);
    }
  }
  return ranges;
}

std::vector<ArchId> CachedAbis(const Policy& policy) {
  std::vector<ArchId> out;
  if (policy.arches.empty()) return out;
  const ArchId native = policy.arches.front().arch->id;
  out.push_back(native);
  if (std::optional<ArchId> compat = CachedCompatAbiOf(native)) {
    out.push_back(*compat);
  }
  return out;
}

std::vector<double> RangeWeights(
    absl::Span<const SyscallRange> ranges, const ArchGroup& group,
    const DecisionTable& decisions,
    const absl::flat_hash_map<std::string, double>& frequency,
    absl::Span<const ArchId> cached_abis) {
  // Frequencies are scaled so that their mean over the table is about 1,
  // keeping them comparable with the per-range constant.
  double scale = 1;
  if (!frequency.empty()) {
    double total = 0;
    for (const auto& [name, count] : frequency) total += count;
    if (total > 0) scale = frequency.size() / total;
  }
  constexpr double kPerRange = 0.05;
  std::vector<double> weights(ranges.size(), kPerRange);
  // Decision::MayAllow per decision id, asked once each (-1: not yet).
  std::vector<int8_t> may_allow(decisions.size(), -1);
  for (const ArchPolicy* abi : group.abis) {
    // x32 is rarely used and never cached; it should not cost x86_64 depth.
    const double abi_scale = abi->arch->nr_marker_bit != 0 ? 0.02 : 1.0;
    const bool cached = std::find(cached_abis.begin(), cached_abis.end(),
                                  abi->arch->id) != cached_abis.end();
    uint32_t previous = 0;
    bool first = true;
    auto range = ranges.end();  // the range of the previous number
    for (const SyscallDef& def : abi->arch->syscalls) {
      if (!first && def.nr == previous) continue;  // aliases count once
      first = false;
      previous = def.nr;
      // The table is sorted by number, so the range of def.nr is found by
      // walking on from the previous one (a search when it lies behind).
      if (range == ranges.end() || def.nr < range->first) {
        range = std::upper_bound(
            ranges.begin(), ranges.end(), def.nr,
            [](uint32_t nr, const SyscallRange& r) { return nr < r.first; });
        if (range == ranges.begin()) continue;
        --range;
      }
      while (range != ranges.end() && range->last < def.nr) ++range;
      if (range == ranges.end() || def.nr < range->first) continue;
      const auto it = range;
      const Decision& decision = decisions.Get(it->decision);
      int8_t& allows = may_allow[it->decision];
      if (allows < 0) allows = decision.MayAllow() ? 1 : 0;
      if (allows == 0) continue;
      if (cached && decision.is_argument_free()) continue;  // never filtered
      double w = 1;
      if (!frequency.empty()) {
        auto f =
            frequency.find(absl::string_view(def.name.data(), def.name.size()));
        w = 1 + (f == frequency.end() ? 0 : f->second * scale);
      }
      weights[it - ranges.begin()] += w * abi_scale;
    }
  }
  return weights;
}

}  // namespace seccompc

#include "compiler/codegen/test_policies.h"

#include <algorithm>
#include <cstring>

namespace seccompc {
namespace {

constexpr ArchId kCandidateArches[] = {
    ArchId::kX86_64, ArchId::kX86,   ArchId::kX32,  ArchId::kAarch64,
    ArchId::kArm,    ArchId::kS390x, ArchId::kMips,
};

uint64_t Pick(std::mt19937_64& rng, std::initializer_list<uint64_t> values) {
  std::uniform_int_distribution<size_t> d(0, values.size() - 1);
  return *(values.begin() + d(rng));
}

uint64_t BoundaryConstant(std::mt19937_64& rng) {
  const uint64_t r32 = rng() & 0xFFFFFFFF;
  const uint64_t base = Pick(
      rng, {0, 1, 0xFFFFFFFF, 0x100000000, ~uint64_t{0}, r32, rng(), r32 << 32,
            (r32 << 32) | 0xFFFFFFFF, 0x80000000, 0x7FFFFFFFFFFFFFFF, 42});
  switch (rng() % 4) {
    case 0:
      return base - 1;
    case 1:
      return base + 1;
    case 2:
      // A negative int sign-extended, as a 64-bit program writes -1 or
      // AT_FDCWD: on 32-bit ABIs it means its low word (model/policy.h).
      if (base >= 0x80000000 && base <= 0xFFFFFFFF) {
        return base | 0xFFFFFFFF00000000;
      }
      return base;
    default:
      return base;
  }
}

}  // namespace

Action RandomAction(std::mt19937_64& rng) {
  Action a;
  a.kind = static_cast<ActionKind>(rng() % 8);
  if (a.kind == ActionKind::kErrno) a.data = rng() % (kMaxErrno + 1);
  if (a.kind == ActionKind::kTrace) a.data = rng() % (kMaxTraceData + 1);
  // Allow is what most real rules say; make it common.
  if (rng() % 3 == 0) a = Action{ActionKind::kAllow, 0};
  return a;
}

ArgCondition RandomCondition(std::mt19937_64& rng) {
  ArgCondition c;
  c.index = rng() % 6;
  c.op = static_cast<CmpOp>(rng() % 7);
  c.value = BoundaryConstant(rng);
  if (c.op == CmpOp::kMaskedEq) {
    // Mostly satisfiable (value_two inside the mask), sometimes not.
    c.value_two = rng() % 5 == 0 ? BoundaryConstant(rng)
                                 : (BoundaryConstant(rng) & c.value);
  }
  return c;
}

Policy RandomPolicy(std::mt19937_64& rng, const RandomPolicyOptions& options) {
  Policy policy;
  policy.default_action = RandomAction(rng);
  std::vector<ArchId> arches;
  for (ArchId id : kCandidateArches) {
    if (rng() % 2 == 0) arches.push_back(id);
  }
  if (arches.empty()) arches.push_back(kCandidateArches[rng() % 7]);
  // The native arch (x86_64) first when present, the rest shuffled.
  std::shuffle(arches.begin(), arches.end(), rng);
  std::stable_partition(arches.begin(), arches.end(),
                        [](ArchId id) { return id == ArchId::kX86_64; });
  int entry = 0;
  for (ArchId id : arches) {
    ArchPolicy ap;
    ap.arch = &GetArch(id);
    const int syscalls = rng() % (options.max_syscalls_per_arch + 1);
    for (int s = 0; s < syscalls; ++s) {
      uint32_t nr;
      if (ap.arch->has_table() && rng() % 8 != 0) {
        nr = ap.arch->syscalls[rng() % ap.arch->syscalls.size()].nr;
      } else {
        // Numbers outside the table too: the policy may name any.
        nr = ap.arch->nr_base + ap.arch->nr_marker_bit + rng() % 600;
      }
      std::vector<PolicyRule>& rules = ap.syscalls[nr];
      const int count = 1 + rng() % options.max_rules_per_syscall;
      for (int r = 0; r < count; ++r) {
        PolicyRule rule;
        rule.action = RandomAction(rng);
        rule.entry_index = (rng() % 4 == 0) ? entry : entry + 1 + rng() % 8;
        ++entry;
        const int conditions = rng() % (options.max_conditions_per_rule + 1);
        for (int c = 0; c < conditions; ++c) {
          rule.conditions.push_back(RandomCondition(rng));
        }
        rules.push_back(std::move(rule));
      }
    }
    // Sometimes an ENOSYS stub, also below numbers with rules (the stub
    // decides first) and on number 0 of any ABI.
    if (rng() % 4 == 0) {
      ap.enosys_above = ap.arch->nr_base + ap.arch->nr_marker_bit +
                        static_cast<uint32_t>(rng() % 600);
      ap.enosys_nr_zero = rng() % 2 == 0;
    }
    policy.arches.push_back(std::move(ap));
  }
  return policy;
}

std::vector<uint64_t> Neighbours(uint64_t c) {
  std::vector<uint64_t> out;
  const uint64_t hi = c >> 32, lo = c & 0xFFFFFFFF;
  for (int64_t dh : {-1, 0, 1}) {
    for (int64_t dl : {-1, 0, 1}) {
      const uint64_t h = (hi + dh) & 0xFFFFFFFF, l = (lo + dl) & 0xFFFFFFFF;
      out.push_back((h << 32) | l);
    }
  }
  return out;
}

std::vector<ArgVector> InterestingArgs(const std::vector<PolicyRule>& rules,
                                       std::mt19937_64& rng, int count) {
  // Candidate values per argument index.
  std::vector<uint64_t> candidates[6];
  for (auto& v : candidates) {
    v = {0, 0xFFFFFFFF, 0x100000000, ~uint64_t{0}};
  }
  for (const PolicyRule& rule : rules) {
    for (const ArgCondition& c : rule.conditions) {
      for (uint64_t v : Neighbours(c.value)) candidates[c.index].push_back(v);
      if (c.op == CmpOp::kMaskedEq) {
        candidates[c.index].push_back(c.value_two);
        candidates[c.index].push_back(c.value_two | ~c.value);
        candidates[c.index].push_back(c.value_two ^ (c.value & (0 - c.value)));
      }
    }
  }
  std::vector<ArgVector> out;
  for (int i = 0; i < count; ++i) {
    ArgVector args;
    for (int a = 0; a < 6; ++a) {
      args[a] =
          rng() % 8 == 0 ? rng() : candidates[a][rng() % candidates[a].size()];
    }
    out.push_back(args);
  }
  return out;
}

seccomp_data MakeData(uint32_t audit_arch, uint32_t nr, const ArgVector& args) {
  seccomp_data data;
  std::memset(&data, 0, sizeof(data));
  data.nr = static_cast<int>(nr);
  data.arch = audit_arch;
  for (int i = 0; i < 6; ++i) data.args[i] = args[i];
  return data;
}

const ArchSpec* SpecForAuditArch(const Policy& policy, uint32_t audit_arch) {
  for (const ArchPolicy& ap : policy.arches) {
    if (ap.arch->audit_arch == audit_arch) return ap.arch;
  }
  return nullptr;
}

}  // namespace seccompc

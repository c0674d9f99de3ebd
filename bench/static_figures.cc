#include "bench/static_figures.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <set>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "compiler/arch/arch.h"
#include "compiler/arch/seccomp_data_layout.h"
#include "compiler/bpf/cache.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/codegen/decision.h"
#include "compiler/codegen/syscall_ranges.h"
#include "compiler/reference/evaluate.h"
#include "compiler/util/status_macros.h"

namespace seccompc {
namespace {

constexpr size_t kMaxMismatchExamples = 5;

class Accumulator {
 public:
  void Add(size_t executed) {
    ++count_;
    sum_ += executed;
    max_ = std::max(max_, executed);
  }
  ExecutedFigures Get() const {
    return {count_, count_ ? static_cast<double>(sum_) / count_ : 0, max_};
  }

 private:
  size_t count_ = 0;
  size_t sum_ = 0;
  size_t max_ = 0;
};

// The ABIs an x86-64 (or arm64) kernel prepares cache bitmaps for: the
// native one and its compat ABI (bpf/cache.h).
bool KernelCaches(const ArchSpec& abi) {
  if (abi.nr_marker_bit != 0) return false;
  const ArchSpec& native = NativeArch();
  if (abi.id == native.id) return true;
  return (native.id == ArchId::kX86_64 && abi.id == ArchId::kX86) ||
         (native.id == ArchId::kAarch64 && abi.id == ArchId::kArm);
}

// Whether `nr` belongs to `abi` when several ABIs share its AUDIT_ARCH
// value (x86_64 and x32 split on bit 30, whether x32 is in the target or
// not).
bool BelongsTo(const ArchSpec& abi, uint32_t nr) {
  if (abi.nr_marker_bit != 0) return (nr & abi.nr_marker_bit) != 0;
  for (const ArchSpec& other : AllArches()) {
    if (other.audit_arch == abi.audit_arch && other.nr_marker_bit != 0 &&
        (nr & other.nr_marker_bit) != 0) {
      return false;
    }
  }
  return true;
}

std::vector<uint32_t> ProbedNumbers(const ArchSpec& abi) {
  std::vector<uint32_t> out;
  for (uint64_t nr = abi.nr_base; nr <= abi.max_nr; ++nr) {
    out.push_back(static_cast<uint32_t>(nr));
  }
  const uint32_t past[] = {
      abi.max_nr + 1,        abi.max_nr + 64,
      kX32SyscallBit - 1,    kX32SyscallBit | (kX32SyscallBit - 1),
      0x80000000u | 0x1000u, 0xffffffffu};
  for (uint32_t nr : past) {
    if (nr > abi.max_nr && BelongsTo(abi, nr)) out.push_back(nr);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Argument vectors around each condition's constants: the constant, its
// neighbours, the masked value, and the words swapped.
std::vector<std::array<uint64_t, 6>> ArgumentVectors(
    const std::vector<PolicyRule>& rules, std::mt19937_64* rng) {
  std::vector<std::array<uint64_t, 6>> out;
  out.push_back({});
  for (const PolicyRule& rule : rules) {
    std::array<uint64_t, 6> all_hold{};
    for (const ArgCondition& c : rule.conditions) {
      const uint64_t v = c.value;
      const uint64_t candidates[] = {v,
                                     v - 1,
                                     v + 1,
                                     c.value_two,
                                     c.value_two | ~v,
                                     v | (uint64_t{1} << 32),
                                     (v << 32) | (v >> 32),
                                     ~uint64_t{0}};
      for (uint64_t x : candidates) {
        std::array<uint64_t, 6> args{};
        args[c.index] = x;
        out.push_back(args);
      }
      all_hold[c.index] = c.op == CmpOp::kMaskedEq ? c.value_two : v;
    }
    out.push_back(all_hold);
  }
  for (int i = 0; i < 4; ++i) {
    std::array<uint64_t, 6> args;
    for (uint64_t& a : args) a = (*rng)() >> ((*rng)() % 64);
    out.push_back(args);
  }
  return out;
}

}  // namespace

size_t LowerBound(size_t ranges) {
  size_t comparisons = 0;
  while ((size_t{1} << comparisons) < ranges) ++comparisons;
  return 2 + 1 + comparisons + 1;
}

absl::StatusOr<FilterFigures> MeasureFilter(
    const Program& program, const Policy& policy,
    const absl::flat_hash_map<std::string, double>& frequency,
    const absl::flat_hash_map<std::string, double>& workload) {
  FilterFigures out;
  out.instructions = program.size();
  std::mt19937_64 rng(20261123);

  // R per AUDIT_ARCH group, from the canonical decisions.
  DecisionTable decisions;
  absl::flat_hash_map<uint32_t, size_t> ranges_by_audit_arch;
  for (const ArchGroup& group : GroupByAuditArch(policy)) {
    ranges_by_audit_arch[group.audit_arch] =
        BuildRanges(group, policy.default_action, &decisions).size();
  }

  for (const ArchPolicy& ap : policy.arches) {
    const ArchSpec& abi = *ap.arch;
    AbiFigures fig;
    fig.abi = std::string(abi.short_name);
    fig.ranges = ranges_by_audit_arch[abi.audit_arch];
    fig.lower_bound = LowerBound(fig.ranges);
    fig.kernel_caches = KernelCaches(abi);

    // One run of the program and the oracle; returns instructions executed.
    auto run =
        [&](uint32_t nr,
            const std::array<uint64_t, 6>& args) -> absl::StatusOr<size_t> {
      seccomp_data logical{};
      logical.nr = static_cast<int>(nr);
      logical.arch = abi.audit_arch;
      for (int i = 0; i < 6; ++i) logical.args[i] = args[i];
      ExecutionStats stats;
      SECCOMPC_ASSIGN_OR_RETURN(
          const uint32_t ret,
          RunProgram(program, AsLaidOutFor(logical, abi), &stats));
      const Verdict expected = Evaluate(policy, logical);
      std::optional<Action> got = ActionFromRet(ret);
      ++out.checked;
      if (!got.has_value() || *got != expected.action) {
        Mismatch m;
        m.abi = fig.abi;
        m.nr = nr;
        m.description = absl::StrFormat(
            "%s nr %u (%s) args[0..2]=%#x,%#x,%#x: filter %s, policy %s",
            fig.abi, nr, std::string(abi.NameOf(nr)), args[0], args[1], args[2],
            got.has_value() ? got->ToString() : absl::StrFormat("ret %#x", ret),
            expected.action.ToString());
        if (out.mismatches++ < kMaxMismatchExamples) {
          out.mismatch_examples.push_back(m.description);
        }
        out.mismatch_list.push_back(std::move(m));
      }
      return stats.instructions_executed;
    };

    Accumulator all, allowed, without_args;
    // Table syscalls, and every number (holes too), ALLOWed whatever args.
    absl::btree_set<uint32_t> argument_free_allow, allows_whatever_args;
    for (uint32_t nr : ProbedNumbers(abi)) {
      auto it = ap.syscalls.find(nr);
      const bool has_rules = it != ap.syscalls.end();
      const Decision decision = DecideNumber(ap, nr, policy.default_action);
      SECCOMPC_ASSIGN_OR_RETURN(const size_t executed, run(nr, {}));
      all.Add(executed);
      if (decision.is_argument_free()) without_args.Add(executed);
      const bool argument_free_allows =
          decision.is_argument_free() &&
          decision.fallback.kind == ActionKind::kAllow;
      if (argument_free_allows) allows_whatever_args.insert(nr);
      const bool in_table = !abi.NameOf(nr).empty();
      if (in_table) {
        const Verdict v = Evaluate(policy, [&] {
          seccomp_data d{};
          d.nr = static_cast<int>(nr);
          d.arch = abi.audit_arch;
          return d;
        }());
        if (v.action.kind == ActionKind::kAllow) allowed.Add(executed);
        if (argument_free_allows) argument_free_allow.insert(nr);
      }
      if (has_rules && !decision.is_argument_free()) {
        for (const auto& args : ArgumentVectors(it->second, &rng)) {
          SECCOMPC_RETURN_IF_ERROR(run(nr, args).status());
        }
      }
    }
    fig.all = all.Get();
    fig.allowed = allowed.Get();
    fig.without_arg_rules = without_args.Get();

    double weight_sum = 0, weighted = 0;
    for (const auto& [name, weight] : frequency) {
      std::optional<uint32_t> nr = abi.Lookup(name);
      if (!nr.has_value()) continue;
      SECCOMPC_ASSIGN_OR_RETURN(const size_t executed, run(*nr, {}));
      weight_sum += weight;
      weighted += weight * executed;
    }
    fig.weighted_mean = weight_sum > 0 ? weighted / weight_sum : 0;

    fig.argument_free_allow = argument_free_allow.size();
    absl::flat_hash_set<uint32_t> cached;
    if (fig.kernel_caches) {
      for (uint32_t nr : CacheAllowedSyscalls(program, abi)) {
        cached.insert(nr);
        if (argument_free_allow.contains(nr)) ++fig.cache_eligible;
        if (!allows_whatever_args.contains(nr)) ++fig.cached_but_not_allowed;
      }
    }
    double calls = 0, filtered = 0, filtered_insns = 0;
    for (const auto& [name, count] : workload) {
      std::optional<uint32_t> nr = abi.Lookup(name);
      if (!nr.has_value()) continue;
      calls += count;
      if (cached.contains(*nr)) continue;  // the filter never runs
      SECCOMPC_ASSIGN_OR_RETURN(const size_t executed, run(*nr, {}));
      filtered += count;
      filtered_insns += count * static_cast<double>(executed);
    }
    fig.workload_filtered_share = calls > 0 ? filtered / calls : 0;
    fig.per_filter_running_call = filtered > 0 ? filtered_insns / filtered : 0;
    out.abis.push_back(std::move(fig));
  }
  return out;
}

}  // namespace seccompc

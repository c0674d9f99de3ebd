#include "compiler/analysis/program_metrics.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "compiler/arch/seccomp_data_layout.h"
#include "compiler/bpf/cache.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/codegen/decision.h"

namespace seccompc {
namespace {

// Instructions executed for `nr` with zero arguments; -1 if the run fails.
int Executed(const Program& program, uint32_t audit_arch, uint32_t nr) {
  seccomp_data data;
  std::memset(&data, 0, sizeof(data));
  data.arch = audit_arch;
  data.nr = static_cast<int>(nr);
  ExecutionStats stats;
  if (!RunProgram(program, data, &stats).ok()) return -1;
  return static_cast<int>(stats.instructions_executed);
}

// The most instructions any of a few argument vectors around the rules'
// constants executes for `nr`.
int WorstArgumentPath(const Program& program, const ArchSpec& arch, uint32_t nr,
                      const std::vector<PolicyRule>& rules) {
  std::vector<uint64_t> candidates[6];
  for (const PolicyRule& r : rules) {
    for (const ArgCondition& c : r.conditions) {
      for (uint64_t k : {c.value, c.value_two}) {
        for (uint64_t lo : {k - 1, k, k + 1}) {
          for (uint64_t hi : {uint64_t{0}, uint64_t{1}, k >> 32}) {
            candidates[c.index].push_back((hi << 32) | (lo & 0xFFFFFFFF));
          }
        }
      }
    }
  }
  size_t combinations = 1;
  for (auto& c : candidates) {
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
    if (c.empty()) c.push_back(0);
    combinations *= c.size();
  }
  constexpr size_t kMaxRuns = 20000;
  const size_t step = combinations > kMaxRuns ? combinations / kMaxRuns : 1;
  int worst = 0;
  for (size_t i = 0; i < combinations; i += step) {
    seccomp_data data;
    std::memset(&data, 0, sizeof(data));
    data.arch = arch.audit_arch;
    data.nr = static_cast<int>(nr);
    size_t rest = i;
    for (int a = 0; a < 6; ++a) {
      data.args[a] = candidates[a][rest % candidates[a].size()];
      rest /= candidates[a].size();
    }
    ExecutionStats stats;
    if (!RunProgram(program, AsLaidOutFor(data, arch), &stats).ok()) continue;
    worst = std::max(worst, static_cast<int>(stats.instructions_executed));
  }
  return worst;
}

}  // namespace

std::vector<AbiMetrics> MeasureProgram(
    const Policy& policy, const Program& program,
    const absl::flat_hash_map<std::string, double>& frequency) {
  std::vector<AbiMetrics> out;
  for (const ArchPolicy& abi : policy.arches) {
    const ArchSpec& arch = *abi.arch;
    AbiMetrics m;
    m.name = std::string(arch.short_name);
    m.cacheable_abi = arch.nr_marker_bit == 0;
    // Table numbers (aliases once), then everything up to past the dense
    // part of the table.
    std::vector<uint32_t> nrs;
    std::vector<std::string_view> names;
    for (const SyscallDef& def : arch.syscalls) {
      if (!nrs.empty() && nrs.back() == def.nr) continue;
      nrs.push_back(def.nr);
      names.push_back(def.name);
    }
    double total_executed = 0, total_frequency = 0, weighted = 0,
           arg_executed = 0;
    for (size_t i = 0; i < nrs.size(); ++i) {
      const Decision d = DecideNumber(abi, nrs[i], policy.default_action);
      const int executed = Executed(program, arch.audit_arch, nrs[i]);
      if (!d.is_argument_free()) {
        ++m.with_argument_rules;
        arg_executed += executed;
        const int worst =
            WorstArgumentPath(program, arch, nrs[i], abi.syscalls.at(nrs[i]));
        if (worst > m.worst_executed_argument_rules) {
          m.worst_executed_argument_rules = worst;
          m.worst_argument_syscall = std::string(names[i]);
        }
        continue;
      }
      if (d.fallback.kind != ActionKind::kAllow) continue;
      ++m.allowed;
      total_executed += executed;
      m.max_executed_allowed = std::max(m.max_executed_allowed, executed);
      if (m.cacheable_abi && IsCacheAllowed(program, arch.audit_arch, nrs[i])) {
        ++m.cache_eligible;
      }
      auto f = frequency.find(std::string(names[i]));
      if (f != frequency.end()) {
        weighted += f->second * executed;
        total_frequency += f->second;
      }
    }
    if (m.allowed > 0) m.mean_executed_allowed = total_executed / m.allowed;
    if (total_frequency > 0) {
      m.frequency_weighted_executed = weighted / total_frequency;
    }
    if (m.with_argument_rules > 0) {
      m.mean_executed_argument_rules = arg_executed / m.with_argument_rules;
    }
    const uint32_t dense_end = arch.nr_base + 1100;
    for (uint32_t nr = arch.nr_base; nr <= dense_end; ++nr) nrs.push_back(nr);
    for (uint32_t nr : nrs) {
      if (!DecideNumber(abi, nr, policy.default_action).is_argument_free()) {
        continue;
      }
      m.max_executed_argument_free = std::max(
          m.max_executed_argument_free, Executed(program, arch.audit_arch, nr));
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace seccompc

// Prints the static figures (static_figures.h) of every benchmark profile
// as Markdown tables: seccompc as the CLI compiles, seccompc weighted by the
// server frequency table, seccompc with the balanced instead of the optimal
// nr search (cheaper to compile), and libseccomp's tree and list when
// linked. Then
// the performance targets (bench/README.md) for the profiles they are set for.
// A report, not a test: it exits 0 whatever the figures, non-zero only when
// something cannot be built.
//
//   bazel run -c opt --define=with_libseccomp=1 //bench:static_report
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/bench_profiles.h"
#include "bench/libseccomp_peer.h"
#include "bench/static_figures.h"
#include "compiler/arch/arch.h"
#include "compiler/codegen/syscall_frequency.h"
#include "compiler/compile.h"

namespace seccompc {
namespace {

struct NamedFilter {
  std::string name;
  Program program;
};

std::string CacheCell(const AbiFigures& a) {
  if (!a.kernel_caches) return "n/a";
  std::string cell =
      absl::StrFormat("%d/%d", a.cache_eligible, a.argument_free_allow);
  if (a.cached_but_not_allowed > 0) {
    cell += absl::StrFormat(" (%d WRONG)", a.cached_but_not_allowed);
  }
  return cell;
}

void PrintTable(
    const std::vector<std::pair<std::string, FilterFigures>>& rows) {
  absl::PrintF(
      "| filter | insns | ABI | mean all | max all | mean allowed | max "
      "allowed | weighted mean | max no-arg | cached / arg-free ALLOW | "
      "trace calls filtered | per filter-running call | R | "
      "LB | mean all − LB | mismatches |\n");
  absl::PrintF(
      "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
  for (const auto& [name, f] : rows) {
    for (const AbiFigures& a : f.abis) {
      absl::PrintF(
          "| %s | %d | %s | %.2f | %d | %.2f | %d | %.2f | %d | %s | %.2f%% | "
          "%.2f | %d | %d | %+.2f | %d/%d |\n",
          name, f.instructions, a.abi, a.all.mean, a.all.max, a.allowed.mean,
          a.allowed.max, a.weighted_mean, a.without_arg_rules.max, CacheCell(a),
          100 * a.workload_filtered_share, a.per_filter_running_call, a.ranges,
          a.lower_bound, a.all.mean - static_cast<double>(a.lower_bound),
          f.mismatches, f.checked);
    }
  }
}

// Sorts a filter's disagreements with the policy by cause: syscalls the
// libseccomp rule set had to leave out, samples no real call can produce,
// and the rest (shown).
std::string DescribeMismatches(
    const std::string& filter, const FilterFigures& f,
    const std::set<std::pair<std::string, uint32_t>>& unknown_to_libseccomp) {
  if (f.mismatches == 0) return "";
  size_t unknown = 0;
  std::set<std::string> unknown_names;
  std::vector<std::string> other;
  for (const Mismatch& m : f.mismatch_list) {
    if (unknown_to_libseccomp.count({m.abi, m.nr})) {
      ++unknown;
      unknown_names.insert(m.abi + ":" +
                           std::string(FindArch(m.abi)->NameOf(m.nr)));
    } else {
      other.push_back(m.description);
    }
  }
  std::string out = absl::StrFormat(
      "%s disagrees with the policy on %d of %d samples: %d on syscalls the "
      "rule set left out (%s), %d other%s\n",
      filter, f.mismatches, f.checked, unknown,
      absl::StrJoin(unknown_names, " "), other.size(),
      other.empty() ? "." : ":");
  for (size_t i = 0; i < other.size() && i < 8; ++i) {
    out += "  - " + other[i] + "\n";
  }
  return out;
}

// The performance targets (set for Docker's default; reported for every
// profile). Its libseccomp reference figures (1246 instructions, 14.9 executed
// on average for an allowed syscall, 24 at most) are those of the x86_64 ABI,
// so the per-ABI targets are judged on each ABI and listed.
void PrintTargets(const std::string& profile, const FilterFigures& f) {
  std::string allowed_means, no_arg_maxes, lb_distances, missed_allowed,
      missed_no_arg, missed_lb;
  size_t cached = 0, argfree = 0;
  for (const AbiFigures& a : f.abis) {
    const double lb_distance = a.all.mean - static_cast<double>(a.lower_bound);
    allowed_means += absl::StrFormat(" %s %.2f", a.abi, a.allowed.mean);
    no_arg_maxes += absl::StrFormat(" %s %d", a.abi, a.without_arg_rules.max);
    lb_distances += absl::StrFormat(" %s %+.2f", a.abi, lb_distance);
    if (a.allowed.mean > 10) missed_allowed += " " + a.abi;
    if (a.without_arg_rules.max > 14) missed_no_arg += " " + a.abi;
    if (lb_distance > 2) missed_lb += " " + a.abi;
    if (a.kernel_caches) {
      cached += a.cache_eligible;
      argfree += a.argument_free_allow;
    }
  }
  auto verdict = [](const std::string& missed) {
    return missed.empty() ? std::string("met") : "MISSED on" + missed;
  };
  absl::PrintF("\nTargets for %s (seccompc as the CLI compiles):\n\n", profile);
  absl::PrintF("- total program %d instructions (<= 600): %s\n", f.instructions,
               f.instructions <= 600 ? "met" : "MISSED");
  absl::PrintF("- mean executed over allowed syscalls (<= 10):%s: %s\n",
               allowed_means, verdict(missed_allowed));
  absl::PrintF("- max executed over numbers without arg rules (<= 14):%s: %s\n",
               no_arg_maxes, verdict(missed_no_arg));
  absl::PrintF(
      "- argument-free ALLOW syscalls cache-eligible (native + i386) %d/%d: "
      "%s\n",
      cached, argfree, cached == argfree ? "met" : "MISSED");
  absl::PrintF(
      "- mean executed over all numbers minus the lower bound (<= 2):%s: %s\n",
      lb_distances, verdict(missed_lb));
  absl::PrintF("- program and policy agree on %d/%d samples: %s\n",
               f.checked - f.mismatches, f.checked,
               f.mismatches == 0 ? "yes" : "NO");
}

int Main() {
  absl::StatusOr<std::vector<BenchProfile>> profiles = BenchProfiles();
  if (!profiles.ok()) {
    absl::FPrintF(stderr, "%s\n", profiles.status().ToString().c_str());
    return 1;
  }
  const auto frequency = FrequencyMap(ServerSyscallFrequency());
  absl::PrintF(
      "Target x86_64 + x86 + x32, Docker's default capabilities, kernel 6.1. "
      "Frequency table: %s. libseccomp: %s.\n",
      FrequencyTableIsMeasured() ? "measured (server_frequency.inc)"
                                 : "built-in stand-in",
      LibseccompVersion().c_str());
  absl::StatusOr<WorkloadTrace> trace = LoadWorkloadTrace();
  if (!trace.ok()) {
    absl::FPrintF(stderr, "%s\n", trace.status().ToString());
    return 1;
  }
  for (const BenchProfile& p : *profiles) {
    // As the CLI compiles (server-weighted, cache-aware), then the same
    // with uniform weights, then the search as it was before the cache
    // was taken into account (uniform, every syscall weighted).
    absl::StatusOr<CompiledFilter> plain =
        CompileProfileText(p.text, p.path, BenchCompileOptions());
    CompileOptions uniform_options = BenchCompileOptions();
    uniform_options.codegen.weighting = CodegenOptions::Weighting::kUniform;
    absl::StatusOr<CompiledFilter> uniform =
        CompileProfileText(p.text, p.path, uniform_options);
    CompileOptions before_options = uniform_options;
    before_options.codegen.cache_aware = false;
    absl::StatusOr<CompiledFilter> before =
        CompileProfileText(p.text, p.path, before_options);
    // The search compile_time shows to be ~15x cheaper to plan.
    CompileOptions balanced_options = BenchCompileOptions();
    balanced_options.codegen.search.max_optimal_ranges = 0;
    absl::StatusOr<CompiledFilter> balanced =
        CompileProfileText(p.text, p.path, balanced_options);
    for (const absl::StatusOr<CompiledFilter>* c :
         {&plain, &uniform, &before, &balanced}) {
      if (!c->ok()) {
        absl::FPrintF(stderr, "%s: %s\n", p.name, c->status().ToString());
        return 1;
      }
    }
    std::vector<NamedFilter> filters = {
        {"seccompc", plain->program},
        {"seccompc (uniform weights)", uniform->program},
        {"seccompc (uniform, not cache-aware: before)", before->program},
        {"seccompc (balanced search)", balanced->program}};
    std::string notes;
    std::set<std::pair<std::string, uint32_t>> unknown_to_libseccomp;
    if (LibseccompAvailable()) {
      absl::StatusOr<LibseccompRuleSet> rules = TranslatePolicy(plain->policy);
      if (!rules.ok()) {
        notes += "libseccomp: " + rules.status().ToString() + "\n";
      } else {
        notes += absl::StrFormat(
            "libseccomp rule set: %d seccomp_rule_add_array calls; skipped %d "
            "rules whose action is the default action, %d whose name "
            "libseccomp numbers differently or lacks.\n",
            rules->calls(), rules->skipped_default_action,
            rules->skipped_unknown_name);
        unknown_to_libseccomp.insert(rules->unknown_numbers.begin(),
                                     rules->unknown_numbers.end());
        for (auto [name, layout] :
             {std::pair{"libseccomp tree", LibseccompLayout::kTree},
              std::pair{"libseccomp list", LibseccompLayout::kList}}) {
          absl::StatusOr<Program> program =
              BuildLibseccompProgram(*rules, layout);
          if (!program.ok()) {
            notes +=
                std::string(name) + ": " + program.status().ToString() + "\n";
            continue;
          }
          filters.push_back({name, *std::move(program)});
        }
      }
    } else {
      notes +=
          "libseccomp rows absent: rebuild with --define=with_libseccomp=1.\n";
    }
    std::vector<std::pair<std::string, FilterFigures>> rows;
    for (const NamedFilter& filter : filters) {
      absl::StatusOr<FilterFigures> f =
          MeasureFilter(filter.program, plain->policy, frequency, *trace);
      if (!f.ok()) {
        absl::FPrintF(stderr, "%s / %s: %s\n", p.name.c_str(),
                      filter.name.c_str(), f.status().ToString().c_str());
        return 1;
      }
      notes += DescribeMismatches(filter.name, *f, unknown_to_libseccomp);
      rows.push_back({filter.name, *std::move(f)});
    }
    absl::PrintF("\n### %s\n\n", p.name.c_str());
    PrintTable(rows);
    if (!notes.empty()) absl::PrintF("\n%s", notes.c_str());
    PrintTargets(p.name, rows.front().second);
  }
  return 0;
}

}  // namespace
}  // namespace seccompc

int main() { return seccompc::Main(); }

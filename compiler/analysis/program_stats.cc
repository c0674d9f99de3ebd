// Prints what the back end makes of a profile: program size, search shape,
// instructions executed per syscall, cache eligibility, generation time.
//
//   bazel run -c opt //compiler/analysis:program_stats --
//       --profile=$PWD/profiles/default.json
// Defaults are the Docker comparison target: x86_64 + x86 + x32, Docker's
// default capabilities, kernel 6.1.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "compiler/analysis/program_metrics.h"
#include "compiler/codegen/codegen.h"
#include "compiler/codegen/syscall_frequency.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/model/target.h"

ABSL_FLAG(std::string, profile, "", "profile JSON to compile");
ABSL_FLAG(std::string, arches, "x86_64,x86,x32", "filter arches, native first");
ABSL_FLAG(std::string, caps,
          "CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FSETID,CAP_FOWNER,CAP_MKNOD,"
          "CAP_NET_RAW,CAP_SETGID,CAP_SETUID,CAP_SETFCAP,CAP_SETPCAP,"
          "CAP_NET_BIND_SERVICE,CAP_SYS_CHROOT,CAP_KILL,CAP_AUDIT_WRITE",
          "capabilities the task holds");
ABSL_FLAG(std::string, kernel, "6.1", "kernel version");
ABSL_FLAG(bool, frequency, false,
          "weight the nr search by the measured server syscall frequency");
ABSL_FLAG(bool, optimize, true, "run the optimizer passes");
ABSL_FLAG(int, timing_runs, 200, "GenerateProgram runs to time");

namespace seccompc {
namespace {

int Main() {
  const std::string path = absl::GetFlag(FLAGS_profile);
  if (path.empty()) {
    std::fprintf(stderr, "--profile is required\n");
    return 2;
  }
  absl::StatusOr<ParsedProfile> parsed = ParseProfileFile(path);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.status().ToString().c_str());
    return 1;
  }
  TargetText text;
  text.arches = absl::GetFlag(FLAGS_arches);
  text.caps = absl::GetFlag(FLAGS_caps);
  text.kernel = absl::GetFlag(FLAGS_kernel);
  absl::StatusOr<Target> parsed_target = ParseTarget(text, Target{});
  if (!parsed_target.ok()) {
    std::fprintf(stderr, "bad --arches, --caps or --kernel: %s\n",
                 std::string(parsed_target.status().message()).c_str());
    return 2;
  }
  const Target target = *std::move(parsed_target);
  absl::StatusOr<Resolution> resolved = Resolve(parsed->profile, target);
  if (!resolved.ok()) {
    std::fprintf(stderr, "%s\n", resolved.status().ToString().c_str());
    return 1;
  }
  const Policy& policy = resolved->policy;

  CodegenOptions options;
  options.optimize = absl::GetFlag(FLAGS_optimize);
  if (absl::GetFlag(FLAGS_frequency)) {
    options.syscall_frequency = FrequencyMap(ServerSyscallFrequency());
  }
  absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, options);
  if (!out.ok()) {
    std::fprintf(stderr, "%s\n", out.status().ToString().c_str());
    return 1;
  }
  const int runs = std::max(1, absl::GetFlag(FLAGS_timing_runs));
  // Wall time suffers from other load on the machine; CPU time less so.
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  for (int i = 0; i < runs; ++i) {
    if (!GenerateProgram(policy, options).ok()) return 1;
  }
  const double cpu_micros = 1e6 *
                            static_cast<double>(std::clock() - cpu_start) /
                            CLOCKS_PER_SEC / runs;
  const double micros = std::chrono::duration<double, std::micro>(
                            std::chrono::steady_clock::now() - start)
                            .count() /
                        runs;

  const ProgramStats& s = out->stats;
  std::printf("profile:            %s\n", path.c_str());
  std::printf(
      "instructions:       %zu (laid out %zu, %zu DAG nodes, %d "
      "optimizer rounds)\n",
      s.instructions, s.unoptimized_instructions, s.dag_nodes,
      s.optimizer_rounds);
  std::printf("generation time:    %.1f us wall, %.1f us CPU (mean of %d)\n",
              micros, cpu_micros, runs);
  for (const ArchDispatchStats& a : s.arches) {
    std::printf(
        "dispatch %-14s %3zu ranges, %3zu decisions, depth %d, "
        "%.2f expected comparisons%s\n",
        a.name.c_str(), a.ranges, a.decisions, a.search_depth,
        a.expected_comparisons,
        a.optimal_search ? "" : " (optimum bent to the depth limit)");
  }
  const auto frequency = FrequencyMap(ServerSyscallFrequency());
  for (const AbiMetrics& m : MeasureProgram(policy, out->program, frequency)) {
    std::printf(
        "%-7s allowed (arg-free) %3d: mean %.2f, max %d executed; "
        "server-weighted mean %.2f; max over arg-free numbers %d; ",
        m.name.c_str(), m.allowed, m.mean_executed_allowed,
        m.max_executed_allowed, m.frequency_weighted_executed,
        m.max_executed_argument_free);
    if (m.cacheable_abi) {
      std::printf("cache-eligible %d/%d (%.1f%%); ", m.cache_eligible,
                  m.allowed,
                  m.allowed ? 100.0 * m.cache_eligible / m.allowed : 100.0);
    } else {
      std::printf("never cached (nr marker); ");
    }
    std::printf(
        "arg rules %d (mean %.2f executed, zero args; worst path %d, %s)\n",
        m.with_argument_rules, m.mean_executed_argument_rules,
        m.worst_executed_argument_rules, m.worst_argument_syscall.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace seccompc

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return seccompc::Main();
}

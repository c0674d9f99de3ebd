// What a compiled filter costs at run time, per ABI of its policy.
//
// MeasureProgram() runs the program in the interpreter for every syscall of
// every ABI's table (arguments all zero) and reports, for the syscalls
// whose decision is an argument-free ALLOW, how many instructions they
// execute and whether the kernel's constant-action cache takes them; and
// for every number whose decision ignores the arguments (table numbers,
// the numbers past the table, ...) the most instructions executed. It backs
// the program_stats tool and the back end's performance tests.
//
//   std::vector<AbiMetrics> m = MeasureProgram(policy, program, {});
#ifndef SECCOMPC_COMPILER_ANALYSIS_PROGRAM_METRICS_H_
#define SECCOMPC_COMPILER_ANALYSIS_PROGRAM_METRICS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "compiler/bpf/bpf.h"
#include "compiler/model/policy.h"

namespace seccompc {

struct AbiMetrics {
  std::string name;  // "amd64"
  int allowed = 0;   // table syscalls whose decision is argument-free ALLOW
  double mean_executed_allowed = 0;
  int max_executed_allowed = 0;
  // Weighted by the frequency table (names); 0 without one.
  double frequency_weighted_executed = 0;
  // Over every argument-free number tried (allowed or not).
  int max_executed_argument_free = 0;
  int cache_eligible = 0;  // of `allowed`; ABIs with a nr marker: never
  bool cacheable_abi = false;
  int with_argument_rules = 0;  // table syscalls whose decision reads args
  double mean_executed_argument_rules = 0;  // with all-zero arguments
  // The most instructions any argument vector tried executes for one
  // syscall with argument rules (values on and next to every constant of
  // its rules, word by word, in every combination up to a bound), and that
  // syscall's name.
  int worst_executed_argument_rules = 0;
  std::string worst_argument_syscall;
};

std::vector<AbiMetrics> MeasureProgram(
    const Policy& policy, const Program& program,
    const absl::flat_hash_map<std::string, double>& frequency);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ANALYSIS_PROGRAM_METRICS_H_

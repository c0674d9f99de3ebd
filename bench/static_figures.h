// What a filter costs without running it in the kernel: its size, how many
// instructions it executes per syscall number, which syscalls the kernel's
// constant-action cache lets skip it, and how far it is from the least any
// filter for the same policy must execute.
//
// MeasureFilter() runs the program in our interpreter (bpf/interpreter.h)
// once per probed number of each ABI of the policy, with all arguments 0:
//   - every number of the ABI's table span [nr_base, max_nr] (holes
//     included) plus a few past its end (max_nr+1, max_nr+64, and the far
//     ends of the u32 space that belong to the ABI);
//   - "allowed": the table's syscalls the policy ALLOWs for zero args;
//   - "weighted": the table's syscalls weighted by a frequency map (by name,
//     looked up in each ABI's own table; syscall_frequency.h);
//   - "without arg rules": numbers whose decision ignores the arguments;
//   - "per filter-running call": a measured workload's calls (by name, as
//     the frequency map) that the kernel's cache does not answer, weighted
//     by their counts: what the filter costs where it runs at all.
// Cache figures come from the kernel's emulator (bpf/cache.h), for the ABIs
// an x86-64 kernel caches (the native one and i386 compat; never x32).
//
// Lower bound, per ABI: a filter must load arch and nr, compare arch at
// least once, tell apart R ranges of equal decisions over nr (the maximal
// ranges of codegen/syscall_ranges.h, which merge numbers whose canonical
// decisions are equal), which takes ceil(log2 R) comparisons on the worst
// path of any binary decision tree, and return: 2 + 1 + ceil(log2 R) + 1.
// It bounds the worst path, not the mean: a tree shaped for the common
// numbers may average below it.
//
// Finally every probe, and for numbers with argument rules a set of argument
// vectors around each condition's constants, is decided by the reference
// evaluator (reference/evaluate.h) too; disagreements are counted and
// described, so a peer filter that means something else is visible.
//
//   absl::StatusOr<FilterFigures> f = MeasureFilter(program, policy, freq);
#ifndef SECCOMPC_BENCH_STATIC_FIGURES_H_
#define SECCOMPC_BENCH_STATIC_FIGURES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "compiler/bpf/bpf.h"
#include "compiler/model/policy.h"

namespace seccompc {

struct ExecutedFigures {
  size_t count = 0;
  double mean = 0;
  size_t max = 0;
};

struct AbiFigures {
  std::string abi;                    // "amd64"
  ExecutedFigures all;                // every probed number
  ExecutedFigures allowed;            // table syscalls allowed for zero args
  ExecutedFigures without_arg_rules;  // probes whose decision ignores args
  double weighted_mean = 0;           // by the frequency map
  // Over a measured workload's calls (MeasureFilter's `workload`): the
  // share that runs the filter (not answered by the kernel's cache; every
  // x32 call) and the instructions each of those executes, weighted.
  double workload_filtered_share = 0;
  double per_filter_running_call = 0;
  bool kernel_caches = false;         // native or compat ABI of the host
  size_t argument_free_allow = 0;     // table numbers ALLOWed whatever args
  size_t cache_eligible = 0;          // of those, the kernel's cache skips
  size_t cached_but_not_allowed = 0;  // would be a wrong cache entry; 0
  size_t ranges = 0;                  // R
  size_t lower_bound = 0;             // 2 + 1 + ceil(log2 R) + 1
};

// One sample on which the program and Evaluate() disagree.
struct Mismatch {
  std::string abi;  // short name
  uint32_t nr = 0;
  std::string description;
};

struct FilterFigures {
  size_t instructions = 0;
  std::vector<AbiFigures> abis;  // the policy's order
  size_t checked = 0;            // (number, args) samples compared
  size_t mismatches = 0;         // program and Evaluate() disagree
  std::vector<std::string> mismatch_examples;  // the first few
  std::vector<Mismatch> mismatch_list;         // all of them
};

// The ranges' worst-path bound; see above.
size_t LowerBound(size_t ranges);

// `workload`: x86_64 syscall name -> calls (looked up in each ABI's own
// table, as `frequency`); empty: the workload figures stay 0.
absl::StatusOr<FilterFigures> MeasureFilter(
    const Program& program, const Policy& policy,
    const absl::flat_hash_map<std::string, double>& frequency,
    const absl::flat_hash_map<std::string, double>& workload = {});

}  // namespace seccompc

#endif  // SECCOMPC_BENCH_STATIC_FIGURES_H_

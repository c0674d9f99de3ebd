// The back end: a Policy (policy.h) -> an optimized, verified seccomp
// program.
//
// The program has three layers:
//   1. `ld [arch]`, then one JEQ per AUDIT_ARCH value of the target, the
//      native arch first; any other arch returns KILL_PROCESS.
//   2. `ld [nr]`, then a search over nr ranges with equal decisions
//      (syscall_ranges.h), shaped to minimize the expected comparisons for
//      the syscalls that may be allowed (range_search.h), weighted by the
//      measured server table (default), uniformly, or by
//      CodegenOptions::syscall_frequency. Only JGE/JEQ K on nr run
//      before an argument-free answer, so the kernel's constant-action cache
//      can mark every argument-free ALLOW syscall of the native and compat
//      arch.
//   3. Per range, the decision (decision.h): exact argument checks (64-bit;
//      the low word alone on 32-bit ABIs, model/policy.h) in rule order,
//      then the fallback (arg_check.h), each argument word loaded and
//      tested once per path (known_words.h).
// The code is built as a shared DAG and laid out with forward jumps only
// (filter_dag.h), then cleaned up by the optimizer passes (optimizer.h). The
// result is always checked by VerifyProgram(); a program the kernel would
// refuse (over BPF_MAXINSNS instructions, or any verifier complaint) is an
// error, never returned.
//
//   absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, {});
//   if (!out.ok()) return out.status();
//   Program program = std::move(out->program);
#ifndef SECCOMPC_COMPILER_CODEGEN_CODEGEN_H_
#define SECCOMPC_COMPILER_CODEGEN_CODEGEN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "compiler/bpf/bpf.h"
#include "compiler/codegen/range_search.h"
#include "compiler/model/policy.h"

namespace seccompc {

struct CodegenOptions {
  // Run the optimizer passes over the laid-out program.
  bool optimize = true;
  // How the nr search weighs the syscalls that may be allowed:
  //   kServer   by the measured server table (syscall_frequency.h);
  //   kUniform  all the same.
  // A non-empty `syscall_frequency` (relative call frequency by x86_64
  // syscall name; other ABIs look their own names up) overrides both.
  enum class Weighting { kUniform, kServer };
  Weighting weighting = Weighting::kServer;
  absl::flat_hash_map<std::string, double> syscall_frequency;
  // Syscalls the kernel's constant-action cache answers without running
  // the filter (argument-free ALLOW on the native ABI, and i386 on x86_64;
  // never x32) weigh nothing in the search.
  bool cache_aware = true;
  RangeSearchOptions search;
};

// The nr dispatch of one AUDIT_ARCH value.
struct ArchDispatchStats {
  std::string name;  // "amd64+x32"
  uint32_t audit_arch = 0;
  size_t ranges = 0;                // maximal ranges with equal decisions
  size_t decisions = 0;             // distinct decisions among them
  int search_depth = 0;             // most nr comparisons on any path
  double expected_comparisons = 0;  // weighted mean over the ranges' weights
  // False when the depth limit bent the optimum (or, for very many ranges,
  // a balanced tree was used instead).
  bool optimal_search = false;
};

struct ProgramStats {
  size_t instructions = 0;
  size_t unoptimized_instructions = 0;  // as laid out, before the passes
  size_t dag_nodes = 0;
  int optimizer_rounds = 0;
  std::vector<ArchDispatchStats> arches;  // in dispatch order
};

struct GeneratedProgram {
  Program program;
  ProgramStats stats;
};

// Errors: ResourceExhausted when the program would exceed BPF_MAXINSNS (or
// the policy has so many distinct argument conditions that it must), so
// the caller can tell the user to simplify the profile; InvalidArgument
// when arches sharing an AUDIT_ARCH value differ in byte order; Internal
// when the program fails VerifyProgram() (a compiler bug). Thread-safe: no
// shared mutable state.
absl::StatusOr<GeneratedProgram> GenerateProgram(const Policy& policy,
                                                 const CodegenOptions& options);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_CODEGEN_H_

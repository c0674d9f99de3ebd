// The profiles and the target every benchmark in bench/ uses.
//
// Profiles: the project's profiles/default.json and, when present, each
// real-world profile (*.json in the folder SECCOMPC_REALWORLD_DIR names,
// else in the one tests/profile_files.h finds beside the checkout);
// absent, they are skipped without a word. Target: x86_64 with its x86 and x32
// sub-arches, Docker's default capabilities, kernel 6.1.
//
//   for (const BenchProfile& p : BenchProfiles()) ... p.text ...
#ifndef SECCOMPC_BENCH_BENCH_PROFILES_H_
#define SECCOMPC_BENCH_BENCH_PROFILES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "compiler/compile.h"

namespace seccompc {

struct BenchProfile {
  std::string name;  // "default", "moby-default", ...
  std::string path;
  std::string text;  // the file's contents, read once
};

// In order: default first, then the real-world ones by file name. Fails
// only when profiles/default.json cannot be read.
absl::StatusOr<std::vector<BenchProfile>> BenchProfiles();

// x86_64 + x86 + x32, Docker's default capabilities, kernel 6.1, codegen
// as the CLI runs it (CodegenOptions' defaults: server-weighted,
// cache-aware search).
CompileOptions BenchCompileOptions();

// A syscall workload: x86_64 syscall name -> calls.
using WorkloadTrace = absl::flat_hash_map<std::string, double>;
// bench/workload_trace.tsv (tools/record_workload_trace.sh), from the
// runfiles.
absl::StatusOr<WorkloadTrace> LoadWorkloadTrace();

}  // namespace seccompc

#endif  // SECCOMPC_BENCH_BENCH_PROFILES_H_

// Small policies whose compiled listings are pinned in testdata/*.golden,
// one per byte order and dispatch shape: x86_64 (with x32 and i386), aarch64,
// s390x (big-endian). Shared by golden_test and the update_goldens tool.
//
// Regenerate after an intended change of the generated code:
//   bazel run //compiler/codegen:update_goldens
// and review the diff of compiler/codegen/testdata/.
#ifndef SECCOMPC_COMPILER_CODEGEN_GOLDEN_POLICIES_H_
#define SECCOMPC_COMPILER_CODEGEN_GOLDEN_POLICIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/model/policy.h"

namespace seccompc {

struct GoldenPolicy {
  std::string name;  // testdata/<name>.golden
  Policy policy;
};

std::vector<GoldenPolicy> GoldenPolicies();

// The listing a golden file holds: a header naming the policy, then
// Disassemble() of the generated program.
absl::StatusOr<std::string> GoldenListing(const GoldenPolicy& golden);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_GOLDEN_POLICIES_H_

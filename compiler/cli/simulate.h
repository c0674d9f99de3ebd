// `seccompc simulate`: the verdict of a profile (or of a compiled program)
// for one syscall, or for a batch of cases, in a form scripts can assert.
//
//   seccompc simulate PROFILE|PROGRAM.bpf --syscall NAME|NR [--args A0,...]
//       [--abi ABI] [--expect ACTION] [--json] [TARGET]
//   seccompc simulate PROFILE|PROGRAM.bpf --batch CASES [--json] [TARGET]
//
// A profile is compiled for TARGET and the compiled program's answer must
// agree with the reference evaluator; a program (raw sock_filter bytes or
// their base64, "-" for stdin) is judged by the interpreter alone.
// Batch file: a case table, one case a line, `ABI SYSCALL [ARG0 ...] ->
// ACTION` (the grammar: compiler/analysis/case_table.h), e.g.
//   x86_64 personality 0xffffffff -> ERRNO(1)
//   x32 read -> ALLOW
// Exit: 0 every verdict as expected, 1 a different verdict (or an invalid
// input), 2 usage.
#ifndef SECCOMPC_COMPILER_CLI_SIMULATE_H_
#define SECCOMPC_COMPILER_CLI_SIMULATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/analysis/case_table.h"
#include "compiler/arch/arch.h"
#include "compiler/cli/common.h"
#include "compiler/model/action.h"

namespace seccompc::cli {

struct SimulateFlags {
  std::string syscall;
  std::string args;    // "A0,A1,..." in C syntax
  std::string abi;     // "" = the target's native arch
  std::string expect;  // "" = no expectation
  std::string batch;   // a case file ("-" for stdin)
  bool json = false;
  TargetFlags target;
};

int RunSimulate(const std::vector<std::string>& args,
                const SimulateFlags& flags);

// "1,,2" and "-x" are errors; at most 6 values.
absl::StatusOr<std::vector<uint64_t>> ParseArgList(absl::string_view list);

}  // namespace seccompc::cli

#endif  // SECCOMPC_COMPILER_CLI_SIMULATE_H_

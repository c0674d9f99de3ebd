// `seccompc diff OLD NEW [TARGET] [--json]`: what changes in meaning from
// one profile to the other, per ABI (compiler/analysis/profile_diff.h).
// Exit: 0 same meaning, 1 different, 2 any error (like diff(1)).
#ifndef SECCOMPC_COMPILER_CLI_DIFF_H_
#define SECCOMPC_COMPILER_CLI_DIFF_H_

#include <string>
#include <vector>

#include "compiler/cli/common.h"

namespace seccompc::cli {

struct DiffFlags {
  bool json = false;
  TargetFlags target;
};

int RunDiff(const std::vector<std::string>& args, const DiffFlags& flags);

}  // namespace seccompc::cli

#endif  // SECCOMPC_COMPILER_CLI_DIFF_H_

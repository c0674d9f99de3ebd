// `seccompc merge A.json B.json ... -o OUT.json`: one profile allowing what
// the recordings allowed, pins kept (compiler/analysis/profile_merge.h).
// Arguments left unpinned by the bound (kMaxPinnedValuesPerArgument) are
// reported on stderr. Exit: 0 written; 1 an input cannot be merged; 2
// usage.
#ifndef SECCOMPC_COMPILER_CLI_MERGE_H_
#define SECCOMPC_COMPILER_CLI_MERGE_H_

#include <string>
#include <vector>

#include "compiler/cli/common.h"

namespace seccompc::cli {

struct MergeFlags {
  std::string output;  // "-" = stdout
};

int RunMerge(const std::vector<std::string>& args, const MergeFlags& flags);

}  // namespace seccompc::cli

#endif  // SECCOMPC_COMPILER_CLI_MERGE_H_

// `seccompc prove PROFILE PROGRAM [TARGET]`: whether a program (raw
// sock_filter bytes, their base64, or "-" for stdin; written by seccompc or
// by anything else) means the profile compiled for TARGET, for every input
// (compiler/prove). Exit 0 proved, 1 refuted, 2 usage error or undecided.
// A refutation prints one line that `seccompc simulate` takes back:
//
//   counterexample: x86_64 41 0x2 0x1 0x0 0x0 0x0 0x0
//   program: ALLOW
//   profile: ERRNO(1) (syscalls[12])
//
// so that `seccompc simulate PROFILE --abi x86_64 --syscall 41 --args
// 0x2,0x1,0x0,0x0,0x0,0x0 TARGET` and the same on PROGRAM disagree. An
// input whose arch value no ABI has prints `counterexample: arch 0x...`
// instead (simulate cannot express it).
#ifndef SECCOMPC_COMPILER_CLI_PROVE_H_
#define SECCOMPC_COMPILER_CLI_PROVE_H_

#include <string>
#include <vector>

#include "compiler/cli/common.h"
#include "compiler/prove/prove.h"

namespace seccompc::cli {

struct ProveFlags {
  TargetFlags target;
};

int RunProve(const std::vector<std::string>& args, const ProveFlags& flags);

// The lines above, for a refutation.
std::string CounterexampleLines(const Counterexample& c);

}  // namespace seccompc::cli

#endif  // SECCOMPC_COMPILER_CLI_PROVE_H_

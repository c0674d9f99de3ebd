// Peephole passes over a linear seccomp program, run to a fixed point.
//
// Each pass is a small function that rewrites a program the verifier
// accepts into an equivalent one the verifier accepts (same result for
// every seccomp_data, no longer, every jump still forward and within its
// 8-bit or 32-bit reach) and says whether it changed anything:
//   RemoveUnreachable         instructions no path reaches;
//   ThreadJumps               a jump to a JA goes to the JA's target; a
//                             branch to the same test on the same A takes
//                             that test's known outcome;
//   SimplifySameTargetBranches  jt == jf becomes a JA;
//   RemoveFallthroughJumps    JA 0;
//   ReplaceJumpsToReturn      JA to a RET becomes that RET (not in programs
//                             that read scratch memory: see the .cc);
//   MergeIdenticalReturns     branches to a RET go to the last identical
//                             RET in reach, so duplicates fall dead;
//   RemoveRedundantLoads      `ld [x]` where every path in already holds
//                             word x in A (a forward dataflow; ALU and
//                             other loads clobber A).
// Optimize() runs them all until none changes anything.
//
//   OptimizerStats stats = Optimize(&program);
#ifndef SECCOMPC_COMPILER_CODEGEN_OPTIMIZER_H_
#define SECCOMPC_COMPILER_CODEGEN_OPTIMIZER_H_

#include <cstddef>

#include "compiler/bpf/bpf.h"

namespace seccompc {

bool RemoveUnreachable(Program* program);
bool ThreadJumps(Program* program);
bool SimplifySameTargetBranches(Program* program);
bool RemoveFallthroughJumps(Program* program);
bool ReplaceJumpsToReturn(Program* program);
bool MergeIdenticalReturns(Program* program);
bool RemoveRedundantLoads(Program* program);

struct OptimizerStats {
  size_t instructions_before = 0;
  size_t instructions_after = 0;
  int rounds = 0;  // rounds that changed something
};

OptimizerStats Optimize(Program* program);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_OPTIMIZER_H_

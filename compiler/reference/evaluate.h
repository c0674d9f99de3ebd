// The reference evaluator: the meaning of a Policy (policy.h), written
// straight from its rules with no BPF in it. It is the oracle every test of
// the back end compares compiled programs against, so it stays simple.
// On purpose it shares no ABI logic with the code generator: it tells x86_64
// from x32 with its own copy of the x32 bit (evaluate.cc) rather than
// compiler/arch's AbiOf, so that a mistake there shows up as a mismatch
// instead of being made twice.
#ifndef SECCOMPC_COMPILER_REFERENCE_EVALUATE_H_
#define SECCOMPC_COMPILER_REFERENCE_EVALUATE_H_

#include <linux/seccomp.h>

#include "compiler/model/action.h"
#include "compiler/model/policy.h"

namespace seccompc {

struct Verdict {
  enum class Reason {
    kRule,         // a rule matched; entry_index says which entry
    kEnosysStub,   // the ENOSYS stub decided before the rules (policy.h)
    kDefault,      // arch known, no rule matched
    kUnknownArch,  // data.arch is not in the target
    kForeignAbi,   // AUDIT_ARCH_X86_64 with/without the x32 bit, that ABI
                   // not in the target
  };
  Action action;
  Reason reason = Reason::kDefault;
  int entry_index = -1;  // for kRule: index in Profile::syscalls
};

Verdict Evaluate(const Policy& policy, const seccomp_data& data);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_REFERENCE_EVALUATE_H_

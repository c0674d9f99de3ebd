// A Policy is a Profile resolved for one target: includes/excludes applied
// for the target's native arch, capabilities and kernel, names mapped to
// numbers per arch. It is what the back end compiles and what the reference
// evaluator (evaluate.h) interprets.
//
// Meaning (the contract shared by evaluate.h and the code generator):
//  - `data.arch` selects an ArchPolicy by AUDIT_ARCH value; none: KILL_PROCESS.
//    x86_64 and x32 share AUDIT_ARCH_X86_64: a number with bit 30 set
//    belongs to x32, any other to x86_64; the one not in the target gets
//    KILL_PROCESS.
//  - For a number, every rule whose conditions all hold matches (AND). The
//    result is the matching action of highest kernel precedence
//    (KILL_PROCESS > KILL_THREAD > TRAP > ERRNO > USER_NOTIF > TRACE > LOG >
//    ALLOW); among matches of that kind, the earliest entry wins. No match,
//    or a number without rules (missing from the table, past its end): the
//    default action.
//  - ENOSYS stub (runc's rule, compiler/frontend/enosys.h): when an ABI has
//    `enosys_above`, a number above it gets ERRNO(ENOSYS) before any rule;
//    with `enosys_nr_zero` (s390, s390x) so does number 0.
// Unlike libseccomp (a later rule without args replaces earlier arg rules,
// an arg rule after it is dropped) and runc (two conditions on one arg index
// become OR), this does not depend on the order of entries.
#ifndef SECCOMPC_COMPILER_MODEL_POLICY_H_
#define SECCOMPC_COMPILER_MODEL_POLICY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/btree_map.h"
#include "compiler/arch/arch.h"
#include "compiler/model/action.h"
#include "compiler/model/profile.h"

namespace seccompc {

struct PolicyRule {
  std::vector<ArgCondition> conditions;  // all must hold; empty: always
  Action action;
  int entry_index = -1;  // index in Profile::syscalls, for messages
};

struct ArchPolicy {
  const ArchSpec* arch = nullptr;
  // Only numbers with at least one rule; rules in profile (entry) order.
  absl::btree_map<uint32_t, std::vector<PolicyRule>> syscalls;
  // The ENOSYS stub on this ABI (see above); nullopt/false: none.
  std::optional<uint32_t> enosys_above;
  bool enosys_nr_zero = false;

  // ERRNO(ENOSYS) when the stub decides `nr`, before any rule; else nullopt.
  std::optional<Action> StubAction(uint32_t nr) const;
};

struct Policy {
  Action default_action;
  // The target's arches; the native one first. At most one per AUDIT_ARCH
  // value, except x86_64 with x32.
  std::vector<ArchPolicy> arches;
  uint32_t flags = 0;  // FilterFlag bits from the profile

  const ArchPolicy* FindArch(ArchId id) const;
};

// ENOSYS as the ABI's processes read it: 89 on mips, 251 on parisc, else 38.
uint32_t EnosysErrno(const ArchSpec& arch);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_MODEL_POLICY_H_

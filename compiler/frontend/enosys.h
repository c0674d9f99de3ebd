// The ENOSYS rule: syscalls newer than the profile fail with ENOSYS instead
// of getting the default action, so that libc falls back (clone3 -> clone,
// faccessat2 -> faccessat, statx -> fstatat).
//
// kRunc is runc's rule (libcontainer/seccomp/patchbpf/enosys_linux.go),
// computed from the resolved Policy:
//  - nothing when the default action is ALLOW, LOG or TRACE, or is already
//    ERRNO(ENOSYS);
//  - per ABI of the target (x86_64 and x32 apart), the greatest number any
//    rule names, whatever its action; numbers above it get ERRNO(ENOSYS).
//    An ABI whose greatest number is 0 or that names none gets no stub
//    (runc skips both);
//  - on s390 and s390x, with a stub, number 0 (the multiplexer that unknown
//    large numbers end up in) gets ERRNO(ENOSYS) too.
// The stub decides before the profile's rules (policy.h). runc calls the
// rule approximate: a syscall numbered below the greatest one but added
// later (close_range) still gets the default action.
//
//   Policy policy = Resolve(...)->policy;
//   AddEnosysRule(EnosysRule::kRunc, &policy);
#ifndef SECCOMPC_COMPILER_FRONTEND_ENOSYS_H_
#define SECCOMPC_COMPILER_FRONTEND_ENOSYS_H_

#include "compiler/model/policy.h"

namespace seccompc {

enum class EnosysRule {
  kOff,   // the default action for every number without rules
  kRunc,  // runc's stub, as above
};

// Sets each ABI's `enosys_above` / `enosys_nr_zero` by `rule` (kOff clears
// them).
void AddEnosysRule(EnosysRule rule, Policy* policy);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_FRONTEND_ENOSYS_H_

#include "compiler/frontend/enosys.h"

#include <optional>

namespace seccompc {
namespace {

// runc's isAllowAction: a tracer or a logging profile should see new
// syscalls themselves.
bool Permissive(const Action& action) {
  return action.kind == ActionKind::kAllow || action.kind == ActionKind::kLog ||
         action.kind == ActionKind::kTrace;
}

}  // namespace

void AddEnosysRule(EnosysRule rule, Policy* policy) {
  for (ArchPolicy& abi : policy->arches) {
    abi.enosys_above = std::nullopt;
    abi.enosys_nr_zero = false;
    if (rule == EnosysRule::kOff || Permissive(policy->default_action) ||
        policy->default_action ==
            Action{ActionKind::kErrno, EnosysErrno(*abi.arch)}) {
      continue;
    }
    if (abi.syscalls.empty()) continue;
    const uint32_t greatest = abi.syscalls.rbegin()->first;
    if (greatest == 0) continue;
    abi.enosys_above = greatest;
    abi.enosys_nr_zero =
        abi.arch->id == ArchId::kS390 || abi.arch->id == ArchId::kS390x;
  }
}

}  // namespace seccompc

#include "compiler/model/policy.h"

#include "compiler/arch/errno_numbers.h"

namespace seccompc {

const ArchPolicy* Policy::FindArch(ArchId id) const {
  for (const ArchPolicy& a : arches) {
    if (a.arch->id == id) return &a;
  }
  return nullptr;
}

std::optional<Action> ArchPolicy::StubAction(uint32_t nr) const {
  if ((enosys_above && nr > *enosys_above) || (enosys_nr_zero && nr == 0)) {
    return Action{ActionKind::kErrno, EnosysErrno(*arch)};
  }
  return std::nullopt;
}

uint32_t EnosysErrno(const ArchSpec& arch) {
  // Every ABI's table has ENOSYS (errno_numbers_test); 38 is asm-generic's.
  return ErrnoFromName(arch.id, "ENOSYS").value_or(38);
}

}  // namespace seccompc

#include "compiler/model/policy.h"

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
  if (IsMips(arch.id)) return 89;  // arch/mips/include/uapi/asm/errno.h
  switch (arch.id) {
    case ArchId::kParisc:
    case ArchId::kParisc64:
      return 251;  // arch/parisc/include/uapi/asm/errno.h
    default:
      return 38;  // asm-generic/errno.h
  }
}

}  // namespace seccompc

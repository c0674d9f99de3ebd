#include "compiler/model/policy.h"

namespace seccompc {

const ArchPolicy* Policy::FindArch(ArchId id) const {
  for (const ArchPolicy& a : arches) {
    if (a.arch->id == id) return &a;
  }
  return nullptr;
}

}  // namespace seccompc

#include <asm/unistd_64.h>

#include "compiler/arch/native_lists.h"

namespace seccompc {

absl::Span<const NativeSyscall> NativeUnistd64() {
  static constexpr NativeSyscall kList[] = {
#include "compiler/arch/native_unistd_64.inc"
  };
  return kList;
}

}  // namespace seccompc

#include <asm/unistd_32.h>

#include "compiler/arch/native_lists.h"

namespace seccompc {

absl::Span<const NativeSyscall> NativeUnistd32() {
  static constexpr NativeSyscall kList[] = {
#include "compiler/arch/native_unistd_32.inc"
  };
  return kList;
}

}  // namespace seccompc

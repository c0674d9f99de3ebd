// <asm/unistd_x32.h> expects <asm/unistd.h> to have defined the x32 bit, but
// <asm/unistd.h> would also pull in the native (64-bit) numbers.
#define __X32_SYSCALL_BIT 0x40000000
#include <asm/unistd_x32.h>

#include "compiler/arch/native_lists.h"

namespace seccompc {

absl::Span<const NativeSyscall> NativeUnistdX32() {
  static constexpr NativeSyscall kList[] = {
#include "compiler/arch/native_unistd_x32.inc"
  };
  return kList;
}

}  // namespace seccompc

// The host's installed UAPI syscall numbers (linux-libc-dev), one list per
// x86 ABI, for native_headers_test. Each list lives in its own translation
// unit because the three headers define the same __NR_ names differently.
#ifndef SECCOMPC_COMPILER_ARCH_NATIVE_LISTS_H_
#define SECCOMPC_COMPILER_ARCH_NATIVE_LISTS_H_

#include <cstdint>
#include <string_view>

#include "absl/types/span.h"

namespace seccompc {

struct NativeSyscall {
  std::string_view name;
  uint32_t nr;
};

absl::Span<const NativeSyscall> NativeUnistd64();   // <asm/unistd_64.h>
absl::Span<const NativeSyscall> NativeUnistdX32();  // <asm/unistd_x32.h>
absl::Span<const NativeSyscall> NativeUnistd32();   // <asm/unistd_32.h>

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ARCH_NATIVE_LISTS_H_

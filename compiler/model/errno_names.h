// Errno names as profiles spell them (containers/common's `errno`/
// `defaultErrno`: "EPERM", "ENOSYS", ...), looked up in the C library's
// own table so that every name glibc knows is accepted.
//
//   std::optional<int> e = ErrnoFromName("ENOSYS");  // 38
#ifndef SECCOMPC_COMPILER_MODEL_ERRNO_NAMES_H_
#define SECCOMPC_COMPILER_MODEL_ERRNO_NAMES_H_

#include <optional>
#include <string_view>

namespace seccompc {

// The errno number (1..kMaxErrno) named `name`; nullopt if unknown.
std::optional<int> ErrnoFromName(std::string_view name);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_MODEL_ERRNO_NAMES_H_

#include "compiler/model/errno_names.h"

#include <string.h>

#include "compiler/model/action.h"

namespace seccompc {

std::optional<int> ErrnoFromName(std::string_view name) {
  for (int e = 1; e <= static_cast<int>(kMaxErrno); ++e) {
    const char* n = strerrorname_np(e);
    if (n != nullptr && name == n) return e;
  }
  return std::nullopt;
}

}  // namespace seccompc

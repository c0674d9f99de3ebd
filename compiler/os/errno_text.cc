#include "compiler/os/errno_text.h"

#include <string.h>

#include "absl/strings/str_cat.h"

namespace seccompc {

std::string ErrnoText(int err) {
  char buffer[256];
  // The GNU strerror_r: returns the message, in `buffer` or static.
  return strerror_r(err, buffer, sizeof buffer);
}

std::string ErrnoNameAndText(int err) {
  const char* name = strerrorname_np(err);
  return absl::StrCat(name != nullptr ? name : absl::StrCat("errno ", err),
                      " (", ErrnoText(err), ")");
}

std::string CallError(absl::string_view call, int err) {
  return absl::StrCat(call, ": ", ErrnoText(err));
}

}  // namespace seccompc

#include "runtime/launch/path_lookup.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace seccompc {

absl::StatusOr<std::string> FindExecutable(const std::string& name,
                                           const std::string& path_env) {
  if (name.empty()) return absl::NotFoundError("empty command name");
  auto check = [](const std::string& path) -> int {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return errno;
    if (!S_ISREG(st.st_mode)) return EACCES;
    if (access(path.c_str(), X_OK) != 0) return errno;
    return 0;
  };
  if (name.find('/') != std::string::npos) {
    const int err = check(name);
    if (err == 0) return name;
    const std::string msg = absl::StrCat(name, ": ", std::strerror(err));
    return err == ENOENT || err == ENOTDIR ? absl::NotFoundError(msg)
                                           : absl::PermissionDeniedError(msg);
  }
  const std::string path = path_env.empty() ? "/bin:/usr/bin" : path_env;
  bool denied = false;
  for (absl::string_view dir : absl::StrSplit(path, ':')) {
    const std::string candidate =
        dir.empty() ? name : absl::StrCat(std::string(dir), "/", name);
    const int err = check(candidate);
    if (err == 0) {
      return dir.empty() ? absl::StrCat("./", name) : candidate;
    }
    if (err == EACCES) denied = true;
  }
  if (denied) {
    return absl::PermissionDeniedError(
        absl::StrCat(name, ": found in PATH but not executable"));
  }
  return absl::NotFoundError(absl::StrCat(name, ": command not found"));
}

}  // namespace seccompc

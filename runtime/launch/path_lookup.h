// execvp's command lookup, done before anything is installed so that a
// missing command fails the launch while nothing runs (launch.h).
#ifndef SECCOMPC_RUNTIME_LAUNCH_PATH_LOOKUP_H_
#define SECCOMPC_RUNTIME_LAUNCH_PATH_LOOKUP_H_

#include <string>

#include "absl/status/statusor.h"

namespace seccompc {

// execvp's lookup without running anything: a name with '/' is used as is;
// otherwise the first entry of `path_env` ("" = unset: /bin:/usr/bin)
// holding an executable regular file (an empty entry is the current
// folder). NotFound if none; PermissionDenied if only non-executable ones
// exist.
absl::StatusOr<std::string> FindExecutable(const std::string& name,
                                           const std::string& path_env);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_LAUNCH_PATH_LOOKUP_H_

// The Mesos agent's seccomp config folder (--seccomp_config_dir): profile
// names are read INSIDE it only. Absolute names, `..` components and
// symlinks leading out are refused; the file is opened with openat2
// RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS (symlinks that stay inside are
// followed), or, where openat2 fails with ENOSYS (before 5.6) or EPERM (a
// filter refusing it), one component at a time with O_NOFOLLOW, which
// refuses every symlink. Like sshd and sudo, folders and files others could
// write are refused too. Mesos itself checks neither.
#ifndef SECCOMPC_RUNTIME_LAUNCH_CONFIG_DIR_H_
#define SECCOMPC_RUNTIME_LAUNCH_CONFIG_DIR_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace seccompc {

// A profile read from the config folder.
struct ConfigProfile {
  std::string path;  // config_dir/name, for messages
  std::string text;
};

struct ConfigDirOptions {
  size_t max_bytes = 64u << 20;
  // Skip the ownership and permission checks (--allow_insecure_config_dir).
  bool allow_insecure = false;
  // Open component by component even where openat2 exists (tests).
  bool force_component_walk = false;
};

// Reads `name` inside `config_dir`, refusing anything that would leave it:
// InvalidArgument (bad name, symlink on the component walk, not a regular
// file, too large), NotFound, PermissionDenied (resolves outside the
// folder), FailedPrecondition (no folder given, cannot open or stat), each
// with a message naming the name, the folder and the reason. Names with control
// characters, non-regular files (directories, FIFOs, devices) and files over
// max_bytes are refused without blocking (opened O_NONBLOCK, read with
// compiler/util's ReadRegularFd). It refuses (PermissionDenied) a profile,
// the config folder, a folder between them or a folder above the config
// folder that is owned by someone other than root (this process's euid
// included: its tasks run as that uid and could rewrite the profile for
// the next launch), or writable by its group or everyone (a root-owned sticky
// folder above the config folder, like /tmp, is fine), unless
// options.allow_insecure.
absl::StatusOr<ConfigProfile> ReadConfigProfile(
    const std::string& config_dir, const std::string& name,
    const ConfigDirOptions& options = {});

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_LAUNCH_CONFIG_DIR_H_

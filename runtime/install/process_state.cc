#include "runtime/install/process_state.h"

#include <dirent.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "compiler/util/status_macros.h"

namespace seccompc {
namespace {

struct CapSets {
  CapabilitySet effective = 0;
  CapabilitySet permitted = 0;
  CapabilitySet inheritable = 0;
};

absl::StatusOr<CapSets> GetCaps() {
  __user_cap_header_struct header;
  std::memset(&header, 0, sizeof(header));
  header.version = _LINUX_CAPABILITY_VERSION_3;
  header.pid = 0;
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
  std::memset(data, 0, sizeof(data));
  if (syscall(SYS_capget, &header, data) != 0) {
    return absl::InternalError(absl::StrCat("capget: ", std::strerror(errno)));
  }
  CapSets sets;
  sets.effective =
      data[0].effective | (static_cast<CapabilitySet>(data[1].effective) << 32);
  sets.permitted =
      data[0].permitted | (static_cast<CapabilitySet>(data[1].permitted) << 32);
  sets.inheritable = data[0].inheritable |
                     (static_cast<CapabilitySet>(data[1].inheritable) << 32);
  return sets;
}

}  // namespace

absl::StatusOr<int> ThreadCount() {
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("opendir(/proc/self/task): ", std::strerror(errno)));
  }
  int count = 0;
  while (dirent* e = readdir(dir)) {
    if (e->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count;
}

absl::StatusOr<CapabilitySet> BoundingCapabilities() {
  CapabilitySet set = 0;
  for (int cap = 0; cap < 64; ++cap) {
    int r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
    if (r < 0) {
      if (errno == EINVAL) break;  // past the kernel's last capability
      return absl::InternalError(
          absl::StrCat("prctl(PR_CAPBSET_READ): ", std::strerror(errno)));
    }
    if (r == 1) set |= CapabilitySet{1} << cap;
  }
  return set;
}

namespace {

// The ambient set among `candidates`, one prctl per candidate (the kernel
// has no call that returns the whole set).
absl::StatusOr<CapabilitySet> AmbientCapabilities(CapabilitySet candidates) {
  CapabilitySet ambient = 0;
  for (int cap = 0; cap < 64; ++cap) {
    if (((candidates >> cap) & 1) == 0) continue;
    const int r = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0);
    if (r < 0) {
      if (errno == EINVAL) break;  // past the last capability (or < 4.3)
      return absl::InternalError(
          absl::StrCat("prctl(PR_CAP_AMBIENT): ", std::strerror(errno)));
    }
    if (r == 1) ambient |= CapabilitySet{1} << cap;
  }
  return ambient;
}

}  // namespace

absl::StatusOr<CapabilitySet> CapabilitiesAfterExec() {
  SECCOMPC_ASSIGN_OR_RETURN(const CapSets sets, GetCaps());
  const int securebits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
  if (securebits < 0) {
    return absl::InternalError(
        absl::StrCat("prctl(PR_GET_SECUREBITS): ", std::strerror(errno)));
  }
  uid_t ruid, euid, suid;
  if (getresuid(&ruid, &euid, &suid) != 0) {
    return absl::InternalError(
        absl::StrCat("getresuid: ", std::strerror(errno)));
  }
  const bool root =
      (ruid == 0 || euid == 0) && (securebits & (1 << SECURE_NOROOT)) == 0;
  // The kernel keeps the ambient set inside permitted and inheritable
  // (capabilities(7)), so only those are asked: none at all for a task
  // without capabilities, where asking all 41 was most of a launch's
  // system calls. For root the ambient set adds nothing to inheritable.
  if (!root) return AmbientCapabilities(sets.permitted & sets.inheritable);
  SECCOMPC_ASSIGN_OR_RETURN(const CapabilitySet bounding,
                            BoundingCapabilities());
  return (bounding | sets.inheritable) & sets.permitted;
}

absl::StatusOr<CapabilitySet> EffectiveCapabilities() {
  SECCOMPC_ASSIGN_OR_RETURN(const CapSets sets, GetCaps());
  return sets.effective;
}

absl::StatusOr<CapabilitySet> PermittedCapabilities() {
  SECCOMPC_ASSIGN_OR_RETURN(const CapSets sets, GetCaps());
  return sets.permitted;
}

}  // namespace seccompc

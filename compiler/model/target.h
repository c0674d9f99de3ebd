// The target a profile is compiled for, and the one parser of its textual
// options (the CLI's --arch/--caps/--kernel, the C API's and the launcher's
// equivalents).
//
// A target is what Docker evaluates a profile against when it starts a
// container: the native arch (the machine the filter runs on), the arches
// the filter covers, the capabilities the task holds, and the kernel
// (Resolve, compiler/frontend/resolve.h, says how each is used).
//
//   Target t;
//   t.arches = *ParseArchList("x86_64,x86,x32");
//   t.native = t.arches.front();
//   t.caps = *ParseCapabilityList("docker");
//   t.kernel = *ParseKernelRelease("6.1");
#ifndef SECCOMPC_COMPILER_MODEL_TARGET_H_
#define SECCOMPC_COMPILER_MODEL_TARGET_H_

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/arch/arch.h"
#include "compiler/model/capabilities.h"
#include "compiler/model/profile.h"

namespace seccompc {

struct Target {
  ArchId native = ArchId::kX86_64;
  std::vector<ArchId> arches;  // empty: derived from the profile
  CapabilitySet caps = 0;
  KernelVersion kernel{6, 1};
};

// "x86_64,x86,x32", "SCMP_ARCH_X86_64,..." or any case of either -> ids;
// InvalidArgument for an unknown or empty list.
absl::StatusOr<std::vector<ArchId>> ParseArchList(std::string_view list);
// "CAP_SYS_ADMIN,CAP_NET_RAW" (the CAP_ prefix optional, any case), or the
// presets "none" (or ""), "docker" (Docker's default set), "all".
absl::StatusOr<CapabilitySet> ParseCapabilityList(std::string_view list);
// "6.1" or a `uname -r` release like "6.18.4-foo" (major.minor taken).
absl::StatusOr<KernelVersion> ParseKernelRelease(std::string_view release);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_MODEL_TARGET_H_

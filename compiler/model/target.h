// The target a profile is compiled for, and the one parser of its textual
// options (the CLI's --arch/--caps/--kernel, the C API's seccompc_options,
// the launcher's --caps, the verdict test's and the benchmarks' flags).
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
// or, the same from text over this machine's defaults:
//   TargetText text;
//   text.arches = "x86_64,x86,x32";
//   text.kernel = "6.1";
//   absl::StatusOr<Target> t = ParseHostTarget(text,
//   DockerDefaultCapabilities());
#ifndef SECCOMPC_COMPILER_MODEL_TARGET_H_
#define SECCOMPC_COMPILER_MODEL_TARGET_H_

#include <optional>
#include <string>
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

// A target as every front door spells it. An absent field keeps the value
// of the target it is parsed over (ParseTarget), so "not given" and "given
// empty" stay apart: an empty caps list means no capabilities, an empty
// arch list is an error.
struct TargetText {
  std::optional<std::string> arches;  // ParseArchList; the first is native
  std::optional<std::string> caps;    // ParseCapabilityList
  std::optional<std::string> kernel;  // ParseKernelRelease
};

// `base` with each field `text` gives parsed into it; a given arch list
// also makes its first arch the native one. InvalidArgument from the field
// parsers above.
absl::StatusOr<Target> ParseTarget(const TargetText& text, Target base);

// The machine this runs on: its native arch (the sub-arches come from the
// profile's archMap), the running kernel's version (uname), and `caps`.
absl::StatusOr<Target> HostTarget(CapabilitySet caps);

// ParseTarget over HostTarget(caps) (`caps` counts only when text.caps is
// absent); uname is asked only when text.kernel is absent.
absl::StatusOr<Target> ParseHostTarget(const TargetText& text,
                                       CapabilitySet caps = 0);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_MODEL_TARGET_H_

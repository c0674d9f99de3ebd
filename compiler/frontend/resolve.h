// Profile -> Policy for one target.
//
// A target is what Docker evaluates a profile against when it starts a
// container: the native arch (the machine the filter runs on), the arches
// the filter covers, the capabilities the task holds, and the kernel.
//  - Arch set: `Target::arches` if given; else the native arch, plus the
//    sub-architectures of the native arch's `archMap` entry, plus
//    `architectures`.
//  - An entry is kept when its `includes` hold (native arch listed, ALL caps
//    held, kernel >= minKernel) and its `excludes` do not (native arch
//    listed, ANY cap held, kernel >= minKernel). As in Docker, the arch test
//    looks at the NATIVE arch, not at each arch of the filter.
//  - SCMP_ACT_NOTIFY (entries and default) becomes ERRNO(ENOSYS) unless
//    ResolveOptions::notify_listener.
//  - Names map to numbers per arch. A name no arch knows is skipped with a
//    warning, or is an error under `strict`; a name some arches lack is
//    simply absent on those.
#ifndef SECCOMPC_COMPILER_FRONTEND_RESOLVE_H_
#define SECCOMPC_COMPILER_FRONTEND_RESOLVE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/arch/arch.h"
#include "compiler/model/capabilities.h"
#include "compiler/model/diagnostic.h"
#include "compiler/model/policy.h"
#include "compiler/model/profile.h"
#include "compiler/model/target.h"

namespace seccompc {

struct ResolveOptions {
  bool strict = false;  // unknown syscall names are errors
  // The caller will install the filter with SECCOMP_FILTER_FLAG_NEW_LISTENER
  // and hand the fd to an agent that answers. Only then does SCMP_ACT_NOTIFY
  // stay USER_NOTIF; otherwise it becomes ERRNO(ENOSYS) (policy.h says why).
  bool notify_listener = false;
  // Warn where entry order would matter to libseccomp or runc. A caller
  // that only compares meanings (`seccompc diff` without --strict) skips
  // it: on a large profile it is a sixth of Resolve.
  bool lint_order = true;
};

struct Resolution {
  Policy policy;
  Diagnostics warnings;
};

// InvalidArgument when the arch set is unusable (see TargetArches) or, under
// `strict`, for the first unknown syscall name ("FILE:LINE:COL: PATH: ...").
// Warnings (unknown names, 32-bit constants, entry order that would matter
// to libseccomp) come back in Resolution::warnings.
absl::StatusOr<Resolution> Resolve(const Profile& profile, const Target& target,
                                   const ResolveOptions& options = {});

// Whether `entry` is part of the filter for `target`: its includes hold and
// its excludes do not (as above). `seccompc resolve` flattens with it.
bool EntryApplies(const SyscallEntry& entry, const Target& target);

// The filter's arch set for `target`, without duplicates: `target.arches`
// in their order when given (callers put the native arch first), else the
// native arch first. InvalidArgument for an arch without a syscall table or
// two arches sharing an AUDIT_ARCH value (x86_64 with x32 excepted).
absl::StatusOr<std::vector<ArchId>> TargetArches(const Profile& profile,
                                                 const Target& target);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_FRONTEND_RESOLVE_H_

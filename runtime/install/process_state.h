// Facts about the calling process that decide how a filter is compiled and
// installed: its thread count (for TSYNC), its capability sets (for the
// profile's includes/excludes.caps and for skipping no_new_privs).
//
// Capabilities come from the kernel directly (prctl(PR_CAPBSET_READ),
// capget(2)), not from /proc, so they work where /proc is not mounted.
#ifndef SECCOMPC_RUNTIME_INSTALL_PROCESS_STATE_H_
#define SECCOMPC_RUNTIME_INSTALL_PROCESS_STATE_H_

#include "absl/status/statusor.h"
#include "compiler/model/capabilities.h"

namespace seccompc {

// Threads of this process, from /proc/self/task; an error when /proc is not
// readable (callers then assume "more than one", the safe side for TSYNC).
absl::StatusOr<int> ThreadCount();

// The capability bounding set: every capability this process or anything it
// execs can ever hold. Resolving for it hands an unprivileged task entries
// meant for privileged ones, so it is used only when asked for (the C
// API's SECCOMPC_CAPS_BOUNDING_SET); seccomp-launch and the C API default
// to the narrower CapabilitiesAfterExec() below.
absl::StatusOr<CapabilitySet> BoundingCapabilities();

// The capabilities a task this process execs will hold (its permitted set
// after execve), which is what a launcher resolves a profile's
// includes/excludes.caps for: under root (real or effective uid 0, without
// SECBIT_NOROOT) the bounding set plus the inheritable and ambient sets;
// for anyone else the ambient set (usually empty; file capabilities do not
// count, since the launcher sets no_new_privs). Either way no more than this
// process's permitted set, which no_new_privs keeps exec from exceeding.
absl::StatusOr<CapabilitySet> CapabilitiesAfterExec();

// The effective / permitted sets (capget).
absl::StatusOr<CapabilitySet> EffectiveCapabilities();
absl::StatusOr<CapabilitySet> PermittedCapabilities();

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_INSTALL_PROCESS_STATE_H_

// Merging recordings without widening (seccompc merge).
//
// Each input is a profile as `seccompc record` writes it: ALLOW entries,
// each either argument-free or pinning arguments with SCMP_CMP_EQ, over
// one default action. The merge allows a call when some input allowed it:
// per syscall, the union of the argument tuples the inputs pinned. A
// syscall is written without conditions only where some input allowed it
// without conditions, or where one argument took more distinct values than
// `max_values_per_argument` (then that argument alone is left unpinned, and
// the merge reports it). Anything else (other actions, other operators,
// includes/excludes, different default actions or native arches) is an
// error: merging it could allow more than every input did, or less.
#ifndef SECCOMPC_COMPILER_ANALYSIS_PROFILE_MERGE_H_
#define SECCOMPC_COMPILER_ANALYSIS_PROFILE_MERGE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/analysis/recording_bounds.h"

namespace seccompc {

// The bound on pinned values per argument: past it, one entry per value
// makes the filter long (one comparison per value) for a set that is
// likely open-ended (fds, addresses), so the argument is left unpinned and
// reported. 64 covers every flag or family set seen in the recordings of
// tests/tools (clone's flags: a handful; socket families: a few). It is
// kMaxPinnedValuesPerArgument (recording_bounds.h), the bound `record` uses.

struct MergeInput {
  std::string name;  // for messages (the path)
  std::string text;  // the profile's JSON
};

struct MergedProfile {
  std::string json;
  // One line per argument left unpinned by the bound, e.g.
  // "ioctl arg1: 80 distinct values (bound 64): left unpinned".
  std::vector<std::string> unpinned;
};

absl::StatusOr<MergedProfile> MergeRecordedProfiles(
    const std::vector<MergeInput>& inputs,
    size_t max_values_per_argument = kMaxPinnedValuesPerArgument);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ANALYSIS_PROFILE_MERGE_H_

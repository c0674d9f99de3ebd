// How many argument values a recorded profile pins, for `record` (and
// `record --base`) and `merge` alike: past these bounds an argument is left
// unpinned and the tool says so, so that a recorded or merged profile always
// stays small enough to compile.
#ifndef SECCOMPC_COMPILER_ANALYSIS_RECORDING_BOUNDS_H_
#define SECCOMPC_COMPILER_ANALYSIS_RECORDING_BOUNDS_H_

#include <cstddef>

namespace seccompc {

// Distinct values of one argument of one (ABI, syscall).
inline constexpr size_t kMaxPinnedValuesPerArgument = 64;
// Distinct argument tuples of one (ABI, syscall) in a recording.
inline constexpr size_t kMaxRecordedTuplesPerSyscall = 256;

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ANALYSIS_RECORDING_BOUNDS_H_

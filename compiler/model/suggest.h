// "Did you mean" for misspelled profile keys and syscall names: the nearest
// candidate by edit distance, when it is near enough to be a likely typo.
//
//   DidYouMean("arg", {"names", "action", "args"})
//       -> " (did you mean \"args\"?)"
//   NearestSyscallName("opennat") -> "openat"
#ifndef SECCOMPC_COMPILER_MODEL_SUGGEST_H_
#define SECCOMPC_COMPILER_MODEL_SUGGEST_H_

#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/types/span.h"

namespace seccompc {

// Damerau-Levenshtein (optimal string alignment) distance, ASCII
// case-insensitive: a transposition of neighbours counts 1.
int EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `word` when its distance is at most a third of
// the word's length (at least 1, at most 3) and it is not `word` itself;
// ties go to the first candidate. "" when none is near enough.
std::string Nearest(std::string_view word,
                    absl::Span<const std::string_view> candidates);
std::string Nearest(std::string_view word,
                    std::initializer_list<std::string_view> candidates);

// The nearest name in any arch's syscall table ("" if none is near).
std::string NearestSyscallName(std::string_view name);

// " (did you mean \"X\"?)" for the nearest candidate, "" when none.
std::string DidYouMean(std::string_view word,
                       std::initializer_list<std::string_view> candidates);
std::string DidYouMeanSyscall(std::string_view name);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_MODEL_SUGGEST_H_

// The one way both provers (prove.h) turn an input they found into a
// Counterexample: the meaning decided concretely (DecideMeaning) and the
// program run concretely (the interpreter), so that a counterexample is
// never only the word of the symbolic reasoning that found it.
//
//   std::optional<Counterexample> c =
//       ConfirmCounterexample(policy, program, words, ret);
//   if (!c) ... an internal error of the prover: undecided, never refuted
#ifndef SECCOMPC_COMPILER_PROVE_COUNTEREXAMPLE_H_
#define SECCOMPC_COMPILER_PROVE_COUNTEREXAMPLE_H_

#include <linux/filter.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/types/span.h"
#include "compiler/model/policy.h"
#include "compiler/prove/meaning.h"
#include "compiler/prove/prove.h"

namespace seccompc {

// The input whose variables (decision_diagram.h) are `bits` (one byte per
// variable, 0 or 1).
InputWords WordsOfBits(const std::vector<uint8_t>& bits);

// The counterexample `words`, on which the prover found that `program`
// returns `program_ret`; nullopt unless the interpreter returns
// `program_ret` on it and the meaning differs.
std::optional<Counterexample> ConfirmCounterexample(
    const Policy& policy, absl::Span<const sock_filter> program,
    const InputWords& words, uint32_t program_ret);

// The reason given when ConfirmCounterexample() fails.
inline constexpr char kUnconfirmedCounterexample[] =
    "internal error: a counterexample did not reproduce concretely";

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_PROVE_COUNTEREXAMPLE_H_

// The interval prover: a fast and exact proof for the programs the code
// generator emits, tried first by Prove() (prove.h). It answers for every
// input, like the general prover, but only for programs made of
//   LD [word] (BPF_ABS), ALU AND #k, JA, JEQ/JGT/JGE/JSET #k, RET #k,
// without an AND of nr or arch; anything else is kNotApplicable, and
// Prove() falls back on the general prover.
//
// Why it is exact: every branch compares one input word with a constant,
// so the inputs that follow one path from the entry are a product of one
// set per word. A path keeps the arch word's and the nr word's sets as
// sorted interval lists, and the other 14 words' set as a decision diagram
// (decision_diagram.h, where it never uses the nr and arch variables);
// A is a constant, nr, arch, or one other word under an AND mask. A branch
// on nr or arch splits the intervals (a JSET whose mask would cut them into
// too many is not applicable); one on another word restricts the diagram.
// Paths that meet with the same A and two of the three factors equal merge
// (the union of products that differ in one factor is a product: the two
// failing edges into the next rule of a 64-bit argument chain, or numbers
// that share an argument check); others stay apart, within a budget of
// states. A RET checks each path on arrival.
//
// At a RET #k the meaning must be k on the whole product: per arch value
// of the target in the arch set, per ABI (SelectAbi) and nr interval, the
// ENOSYS stub's runs, each named number's rules (a value leaf, or their
// diagram over the argument words, compared with the path's diagram) and
// the unnamed numbers between them (the default action); arch values
// outside the target are killed. The work is in program paths and named
// numbers; programs without argument checks make no diagram node beyond
// the leaves. A difference becomes a concrete input that the interpreter
// and DecideMeaning() confirm (counterexample.h).
//
//   IntervalProof p = ProveByIntervals(policy, program, options);
//   if (p.outcome == FastOutcome::kNotApplicable) ... the general prover ...
#ifndef SECCOMPC_COMPILER_PROVE_INTERVAL_PROVER_H_
#define SECCOMPC_COMPILER_PROVE_INTERVAL_PROVER_H_

#include <linux/filter.h>

#include <optional>
#include <string>

#include "absl/types/span.h"
#include "compiler/model/policy.h"
#include "compiler/prove/prove.h"

namespace seccompc {

enum class FastOutcome {
  kProved,
  kRefuted,  // with a confirmed counterexample
  // The program is outside the supported shapes or the budget; the reason
  // says which. Not an answer: the caller asks the general prover.
  kNotApplicable,
  // A counterexample did not reproduce concretely: a bug of this prover,
  // final and never proved (fail closed).
  kInternalError,
};

struct IntervalProof {
  FastOutcome outcome = FastOutcome::kNotApplicable;
  std::optional<Counterexample> counterexample;  // with kRefuted
  std::string reason;  // with kNotApplicable and kInternalError
  ProofStats stats;
};

// `program` must have passed VerifyProgram() (Prove() checks it).
IntervalProof ProveByIntervals(const Policy& meaning,
                               absl::Span<const sock_filter> program,
                               const ProveOptions& options);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_PROVE_INTERVAL_PROVER_H_

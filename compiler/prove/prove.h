// The prover: decides whether a classic-BPF seccomp program means exactly
// a Policy, for every possible input, and says which of three it is:
//  - kProved: for every seccomp_data (every 2^32 arch value, every 2^32 nr,
//    instruction_pointer, six 64-bit arguments, high words of 32-bit ABIs'
//    arguments included) the program returns the 32-bit value the meaning
//    (meaning.h, from compiler/model/policy.h) returns;
//  - kRefuted: a concrete input on which they differ, with both returns and
//    the deciding entry;
//  - kUndecided: the prover could not model something exactly (an
//    unverifiable program, a branch or a RET A on a value it does not
//    track, such as a product of two inputs) or ran out of its work budget;
//    the reason says which. It never answers kProved by default.
//
// Method: two provers, both exact over the whole input space; the first
// that applies answers (ProveOptions::method can force either).
//  - The interval prover (interval_prover.h), for the shapes the code
//    generator emits (loads, AND #k, jumps against constants, RET #k):
//    the inputs of one path are a product of a set of arch values and a
//    set of nr values (interval lists, split exactly by each comparison)
//    and a decision diagram over the other words; at each RET the meaning
//    is read per arch value, ABI, ENOSYS run and named number, so the cost
//    is in paths and named numbers, with diagram work only for argument
//    checks. Anything else is left to:
//  - the general prover: symbolic simulation of the loop-free program,
//    instruction by instruction in order (every jump goes forward). Every
//    set of inputs and every bit of A, X and M[] is a decision diagram
//    over the 512 input bits (decision_diagram.h), so loads, ALU
//    operations and comparisons are exact. Paths that reach an instruction
//    with the same registers (after dropping dead ones) merge; too many
//    different ones merge into one state whose registers are chosen by
//    path. At each RET, the set of inputs that reach it is checked against
//    the meaning's diagram: any member on which the meaning returns
//    another value is a counterexample.
// Both confirm a counterexample concretely (interpreter and DecideMeaning)
// before answering kRefuted, and read the policy through meaning.h.
//
// It depends on the model, arch and instruction decoding only: neither the
// code generator nor compiler/reference, so it judges both.
//
//   ProofResult r = Prove(policy, program, ProveOptions{});
//   if (r.outcome == ProofOutcome::kRefuted) ... r.counterexample->data ...
//   absl::Status s = ProofStatus(r);  // one call for pipelines
#ifndef SECCOMPC_COMPILER_PROVE_PROVE_H_
#define SECCOMPC_COMPILER_PROVE_PROVE_H_

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "compiler/model/action.h"
#include "compiler/model/policy.h"

namespace seccompc {

enum class ProofOutcome { kProved, kRefuted, kUndecided };

struct Counterexample {
  // The input as the ABI sees it: args are the registers' 64-bit values
  // (what `seccompc simulate --args` takes).
  seccomp_data data;
  // The same input as the kernel lays it out for its arch, which is what
  // the program reads (equal to `data` on little-endian arches).
  seccomp_data raw;
  const ArchSpec* abi = nullptr;  // nullptr: the arch is not in the target
  uint32_t program_ret = 0;
  Action meaning;        // what the policy means
  int entry_index = -1;  // the deciding entry of the profile; -1: none
  bool by_stub = false;  // the ENOSYS stub decided the meaning
};

// How to prove: kAuto tries the interval prover (interval_prover.h) and
// falls back on the general one when the program is outside its shapes;
// the others force one (tests). A forced interval prover that does not
// apply answers kUndecided.
enum class ProofMethod { kAuto, kGeneral, kIntervals };

struct ProveOptions {
  ProofMethod method = ProofMethod::kAuto;
  // Work budget: decision-diagram nodes, and states simulated.
  size_t max_nodes = size_t{1} << 21;
  size_t max_states = size_t{1} << 16;
  // Different register states kept apart at one instruction before they
  // are merged into one.
  size_t max_states_per_instruction = 8;
};

struct ProofStats {
  size_t nodes = 0;
  size_t states = 0;
  // Which prover answered: kGeneral or kIntervals.
  ProofMethod method = ProofMethod::kGeneral;
};

struct ProofResult {
  ProofOutcome outcome = ProofOutcome::kUndecided;
  std::optional<Counterexample> counterexample;  // with kRefuted
  std::string reason;                            // with kUndecided
  ProofStats stats;
};

ProofResult Prove(const Policy& meaning, absl::Span<const sock_filter> program,
                  const ProveOptions& options = ProveOptions{});

// "arch x86_64 (x86_64) nr 41 args 0x2,0x1,0,0,0,0: program returns
// ALLOW, the profile means ERRNO(1) (syscalls[3])".
std::string DescribeCounterexample(const Counterexample& c);

// OK when proved; FailedPrecondition with the counterexample when refuted;
// Unknown with the reason when undecided.
absl::Status ProofStatus(const ProofResult& result);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_PROVE_PROVE_H_

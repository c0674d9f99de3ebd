// The properties the fuzzers check, as plain functions, so that the
// libFuzzer targets (built with clang, see build_fuzzers.sh) and the corpus
// regression test (built by Bazel with gcc, also under --config=asan) run
// exactly the same checks on the same inputs.
//
// Both return OK when the input was handled as the contract says, and a
// status describing the violation otherwise; the fuzzers abort() on a
// violation so that libFuzzer saves the input as a crasher.
//
//  - CheckParserInvariant: ParseProfile() either succeeds or returns
//    InvalidArgument (ResourceExhausted is tolerated too) whose message is
//    non-empty and starts with the source name, as documented in
//    profile_parser.h ("FILE:LINE:COL: ...").
//  - CheckCompileInvariant: for every target of CompileTargets(),
//    CompileProfileText() either fails with a non-empty, non-Internal error,
//    or returns a program that VerifyProgram() accepts and that agrees with
//    the reference evaluator (Evaluate) on a few hundred seccomp_data per
//    arch: syscall numbers and argument values derived from the policy's
//    own rules and constants, plus pseudo-random ones seeded by the input;
//    on 32-bit ABIs each argument vector also with junk high words, and
//    the reference's verdict unchanged when every constant that is a
//    32-bit value is spelled the other way (0xffffff9c vs
//    0xffffffffffffff9c: sign extension, model/policy.h).
//  - CheckProofInvariant: for every target of CompileTargets(), the
//    compiler's program is proved to mean the policy (compiler/prove); and
//    the same program with a fault a code generator could make (the first
//    comparison on an argument with its branches swapped) is refuted, with
//    a counterexample that the interpreter and the reference reproduce;
//    both by the default method (the interval prover) and by the general
//    prover forced (prove.h), so the two cannot drift apart unnoticed.
#ifndef SECCOMPC_FUZZ_FUZZ_INVARIANTS_H_
#define SECCOMPC_FUZZ_FUZZ_INVARIANTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "compiler/compile.h"

namespace seccompc {

// The source name every check passes to the parser.
inline constexpr std::string_view kFuzzSourceName = "fuzz.json";

absl::Status CheckParserInvariant(std::string_view text);

struct FuzzTarget {
  std::string name;
  CompileOptions options;
};

// x86_64 with x86 and x32 (little-endian, three ABIs, Docker caps),
// s390x with its archMap sub-arches (big-endian, no caps, older kernel),
// and aarch64 with every other 32-bit ABI.
std::vector<FuzzTarget> CompileTargets();

// `samples_per_arch` bounds the seccomp_data checked per arch of a target.
absl::Status CheckCompileInvariant(std::string_view text,
                                   int samples_per_arch = 300);

// The semantic half of CheckCompileInvariant for one compiled filter: the
// verifier accepts f.program and it agrees with Evaluate(f.policy) on the
// sampled inputs (pseudo-random choices seeded by `seed`).
absl::Status CheckCompiledFilter(const CompiledFilter& f, uint64_t seed,
                                 int samples_per_arch = 300);

absl::Status CheckProofInvariant(std::string_view text);

// `program` with the jt/jf of its first conditional jump on an argument
// word swapped; nullopt when no jump tests an argument.
std::optional<Program> FlipFirstArgumentComparison(const Program& program);

}  // namespace seccompc

#endif  // SECCOMPC_FUZZ_FUZZ_INVARIANTS_H_

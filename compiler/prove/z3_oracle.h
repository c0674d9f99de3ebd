// A second, independent oracle for the prover, for tests only: an SMT
// solver (Z3) decides whether a classic-BPF program and a Policy return the
// same 32-bit value for every seccomp_data.
//
// Both sides are Z3 bit-vector terms over the same 16 symbolic 32-bit words
// (seccomp_data as the program reads it with LD W ABS):
//  - the program: the loop-free program unrolled instruction by instruction,
//    A, X and M[] merged with if-then-else where paths join; every opcode
//    seccomp accepts, with the interpreter's semantics (DIV by X == 0 ends
//    the program with 0, shifts by X use X & 31, LEN is 64);
//  - the meaning: written again from compiler/model/policy.h, sharing no code
//    with the prover's meaning, compiler/reference or the code generator
//    (only the arch tables' data and the errno numbers): arch dispatch with
//    the x32 bit on AUDIT_ARCH_X86_64, the ENOSYS stub, rules by kernel
//    precedence derived from the SECCOMP_RET_* values, arguments read in the
//    ABI's byte order, low words and 32-bit constants on 32-bit ABIs.
// Then `program != meaning` is checked: unsat means equal for every input.
//
//   Z3Oracle oracle(policy, /*timeout_ms=*/10000);
//   OracleResult r = oracle.Check(program);
//   if (r.answer == OracleAnswer::kDiffer) ... r.raw, r.program_ret ...
#ifndef SECCOMPC_COMPILER_PROVE_Z3_ORACLE_H_
#define SECCOMPC_COMPILER_PROVE_Z3_ORACLE_H_

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/types/span.h"
#include "compiler/model/policy.h"

namespace seccompc {

enum class OracleAnswer {
  kEqual,        // unsat: equal for every input
  kDiffer,       // sat: raw is an input on which they differ
  kUnknown,      // the solver gave up (timeout)
  kUnsupported,  // a program the encoding does not model (reason says why)
};

struct OracleResult {
  OracleAnswer answer = OracleAnswer::kUnknown;
  std::string reason;  // with kUnknown and kUnsupported
  // With kDiffer: the model's input as the program reads it, and both
  // terms' values in the model.
  seccomp_data raw{};
  uint32_t program_ret = 0;
  uint32_t meaning_ret = 0;
  double seconds = 0;
};

class Z3Oracle {
 public:
  // The meaning's term is built once; every Check reuses it.
  Z3Oracle(const Policy& policy, unsigned timeout_ms);
  ~Z3Oracle();
  Z3Oracle(const Z3Oracle&) = delete;
  Z3Oracle& operator=(const Z3Oracle&) = delete;

  OracleResult Check(absl::Span<const sock_filter> program);

  // The meaning's return value for one input (for tests of the encoding).
  uint32_t MeaningOn(const seccomp_data& raw);
  // The program term's value for one input; nullopt for a program the
  // encoding does not model.
  std::optional<uint32_t> ProgramOn(absl::Span<const sock_filter> program,
                                    const seccomp_data& raw);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_PROVE_Z3_ORACLE_H_

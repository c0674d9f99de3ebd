// libFuzzer target: arbitrary bytes compiled for the targets of
// CompileTargets(); each program must be proved to mean its policy, and the
// same program with one argument comparison flipped must be refuted with a
// counterexample that reproduces (CheckProofInvariant in fuzz_invariants.h).
// Built by build_fuzzers.sh.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz/fuzz_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (absl::Status s = seccompc::CheckProofInvariant(text); !s.ok()) {
    std::fprintf(stderr, "invariant violated: %s\n", s.ToString().c_str());
    std::abort();
  }
  return 0;
}

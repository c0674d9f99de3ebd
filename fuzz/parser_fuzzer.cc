// libFuzzer target: arbitrary bytes through the profile parser
// (CheckParserInvariant in fuzz_invariants.h). Built by build_fuzzers.sh.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz/fuzz_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (absl::Status s = seccompc::CheckParserInvariant(text); !s.ok()) {
    std::fprintf(stderr, "invariant violated: %s\n", s.ToString().c_str());
    std::abort();
  }
  return 0;
}

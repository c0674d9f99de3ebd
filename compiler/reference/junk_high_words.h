// Test support: the high words a 64-bit task can leave in the argument
// registers of a 32-bit ABI call (int 0x80). seccomp_data shows them; the
// compat syscall ignores them (model/policy.h). Every differential test
// feeds 32-bit ABIs these variants of its inputs.
//
//   for (const seccomp_data& v : WithJunkHighWords(d, rng)) Check(v);
#ifndef SECCOMPC_COMPILER_REFERENCE_JUNK_HIGH_WORDS_H_
#define SECCOMPC_COMPILER_REFERENCE_JUNK_HIGH_WORDS_H_

#include <linux/seccomp.h>

#include <cstdint>
#include <random>
#include <vector>

namespace seccompc {

// `d` with the high word of every argument set to each of 0, 1, 0x80000000
// and 0xffffffff (the low words kept), plus one variant with a random high
// word per argument.
inline std::vector<seccomp_data> WithJunkHighWords(const seccomp_data& d,
                                                   std::mt19937_64& rng) {
  std::vector<seccomp_data> out;
  for (uint64_t high : {0x0ull, 0x1ull, 0x80000000ull, 0xffffffffull}) {
    seccomp_data v = d;
    for (auto& a : v.args) a = (a & 0xffffffffull) | (high << 32);
    out.push_back(v);
  }
  seccomp_data v = d;
  for (auto& a : v.args) a = (a & 0xffffffffull) | (rng() << 32);
  out.push_back(v);
  return out;
}

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_REFERENCE_JUNK_HIGH_WORDS_H_

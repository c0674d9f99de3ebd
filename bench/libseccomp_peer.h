// libseccomp 2.5 as the comparison peer of the benchmarks: the same rule
// set, built into a filter by the library every other runtime uses.
//
// Only bench/ links libseccomp, and only when built with
// `--define=with_libseccomp=1`; without it this header's functions report
// Unimplemented (libseccomp_absent.cc) and the benchmarks leave the
// libseccomp rows out.
//
// The rule set is OUR resolved Policy, translated per ABI (not the profile
// re-read the way runc does), so that both compilers start from the same
// decisions: for each ABI of the policy a context with only that ABI, one
// seccomp_rule_add_array() per (number, rule), then seccomp_merge() of
// those contexts and seccomp_export_bpf(). Numbers go in as libseccomp's
// native (x86_64) numbers or pseudo-numbers for the name, which libseccomp
// translates per ABI itself, as it does for runc; a name whose libseccomp
// number differs from ours is skipped and counted. libseccomp refuses rules
// whose action equals the default action; those are skipped and counted
// too (in our semantics they matter only when they outrank another
// matching rule). What the two programs mean is then compared by running
// them (static_figures.h), so any remaining difference is reported, not
// assumed away.
//
//   absl::StatusOr<LibseccompRuleSet> rules = TranslatePolicy(policy);
//   absl::StatusOr<Program> tree =
//       BuildLibseccompProgram(*rules, LibseccompLayout::kTree);
#ifndef SECCOMPC_BENCH_LIBSECCOMP_PEER_H_
#define SECCOMPC_BENCH_LIBSECCOMP_PEER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/bpf/bpf.h"
#include "compiler/model/policy.h"

namespace seccompc {

// SCMP_FLTATR_CTL_OPTIMIZE: 1 is libseccomp's default (a list of syscall
// checks ordered by priority), 2 its binary tree.
enum class LibseccompLayout { kList = 1, kTree = 2 };

// One seccomp_rule_add_array() call, in libseccomp's own terms.
struct LibseccompCall {
  int syscall = 0;      // native number or negative pseudo-number
  uint32_t action = 0;  // SCMP_ACT_* (equal to the kernel's RET value)
  struct Cmp {
    unsigned arg;
    int op;  // enum scmp_compare
    uint64_t datum_a;
    uint64_t datum_b;
  };
  std::vector<Cmp> cmps;
};

struct LibseccompAbi {
  uint32_t arch_token = 0;  // SCMP_ARCH_*
  std::string name;
  std::vector<LibseccompCall> calls;
};

struct LibseccompRuleSet {
  uint32_t default_action = 0;
  std::vector<LibseccompAbi> abis;  // the policy's order, native first
  // Rules left out, and why (libseccomp cannot take them as given).
  int skipped_default_action = 0;  // action == default action
  int skipped_unknown_name = 0;    // libseccomp lacks the name or numbers
                                   // it differently
  // The (ABI short name, number) pairs of those.
  std::vector<std::pair<std::string, uint32_t>> unknown_numbers;
  int calls() const {
    int n = 0;
    for (const LibseccompAbi& abi : abis)
      n += static_cast<int>(abi.calls.size());
    return n;
  }
};

// True when this build links libseccomp.
bool LibseccompAvailable();
// "2.5.4" (the linked library's version), or why it is absent.
std::string LibseccompVersion();

absl::StatusOr<LibseccompRuleSet> TranslatePolicy(const Policy& policy);

// Builds the filter from scratch (init, rules, merge, export) and returns
// the exported program.
absl::StatusOr<Program> BuildLibseccompProgram(const LibseccompRuleSet& rules,
                                               LibseccompLayout layout);

}  // namespace seccompc

#endif  // SECCOMPC_BENCH_LIBSECCOMP_PEER_H_

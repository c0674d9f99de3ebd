// Test support for the back end: seeded random policies, the argument
// vectors worth trying against them, and the seccomp_data a filter sees.
//
// RandomPolicy() draws an arch set among x86_64, x86, x32, aarch64, arm,
// s390x and mips (big-endian), a default action, and per arch a handful of
// syscalls with overlapping rules of every action and 0-3 conditions of
// every operator, with constants at word boundaries (0, 2^32-1, 2^32,
// 2^64-1, ...) and their neighbours. InterestingArgs() returns argument
// vectors that sit on and next to every constant of a syscall's rules, word
// by word, plus random ones.
//
//   std::mt19937_64 rng(seed);
//   Policy policy = RandomPolicy(rng);
//   // What a filter for `arch` reads (big-endian arches swap the words):
//   seccomp_data raw = AsLaidOutFor(MakeData(audit_arch, nr, args), *arch);
#ifndef SECCOMPC_COMPILER_CODEGEN_TEST_POLICIES_H_
#define SECCOMPC_COMPILER_CODEGEN_TEST_POLICIES_H_

#include <linux/seccomp.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "compiler/arch/arch.h"
#include "compiler/arch/seccomp_data_layout.h"
#include "compiler/model/policy.h"

namespace seccompc {

using ArgVector = std::array<uint64_t, 6>;

struct RandomPolicyOptions {
  int max_syscalls_per_arch = 12;
  int max_rules_per_syscall = 4;
  int max_conditions_per_rule = 3;
};

Policy RandomPolicy(std::mt19937_64& rng,
                    const RandomPolicyOptions& options = {});

// A random action of any kind (errno / trace data random where taken).
Action RandomAction(std::mt19937_64& rng);

// A condition of a random operator on a boundary-ish constant.
ArgCondition RandomCondition(std::mt19937_64& rng);

// Argument vectors on and around every constant in `rules`, and random ones.
std::vector<ArgVector> InterestingArgs(const std::vector<PolicyRule>& rules,
                                       std::mt19937_64& rng, int count);

// Values on and next to a 64-bit constant, per 32-bit word.
std::vector<uint64_t> Neighbours(uint64_t c);

// seccomp_data with `nr`, `arch`, `args` as the kernel means them.
seccomp_data MakeData(uint32_t audit_arch, uint32_t nr, const ArgVector& args);

// The spec for an AUDIT_ARCH value among the policy's arches, or nullptr.
const ArchSpec* SpecForAuditArch(const Policy& policy, uint32_t audit_arch);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_TEST_POLICIES_H_

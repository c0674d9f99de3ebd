// The meaning of a Policy (compiler/model/policy.h), written a second time
// and independently of compiler/reference and of the code generator: as a
// decision diagram from the 512 input bits of seccomp_data to the 32-bit
// value the filter must return (MeaningDiagram), and as a plain function of
// one input that also names the deciding entry (DecideMeaning), for
// counterexamples.
//
// Both read seccomp_data as the kernel lays it out for the arch it names
// (a big-endian arch's args[i] has its high word first), so that program
// words and meaning words are the same variables.
//
//   DecisionDiagram dd(1 << 22);
//   NodeId meaning = MeaningDiagram(policy, &dd);  // value leaves
//   MeaningVerdict v = DecideMeaning(policy, words);
#ifndef SECCOMPC_COMPILER_PROVE_MEANING_H_
#define SECCOMPC_COMPILER_PROVE_MEANING_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "compiler/model/action.h"
#include "compiler/model/policy.h"
#include "compiler/prove/decision_diagram.h"

namespace seccompc {

// The action for an arch the target does not have (policy.h).
inline constexpr ActionKind kBadArchAction = ActionKind::kKillProcess;

// seccomp_data as 16 words in the kernel's layout for its arch.
using InputWords = std::array<uint32_t, kWords>;

struct MeaningVerdict {
  Action action;
  const ArchPolicy* abi = nullptr;  // nullptr: no ABI of the target
  int entry_index = -1;             // the deciding entry; -1: none
  bool by_stub = false;             // the ENOSYS stub decided
};

MeaningVerdict DecideMeaning(const Policy& policy, const InputWords& words);

// The diagram of DecideMeaning(...).action.ToRet(); kFalse when `dd` ran
// out of nodes (check dd->exhausted()).
NodeId MeaningDiagram(const Policy& policy, DecisionDiagram* dd);

// The ABI of `policy` that decides calls with these arch and nr words, or
// nullptr (policy.h: x86_64 and x32 share an arch value, the x32 bit of nr
// tells them apart). The x32 bit is the only bit of nr it reads: it is
// constant on each quarter of the nr space (kAbiSplits).
const ArchPolicy* SelectAbi(const Policy& policy, uint32_t arch, uint32_t nr);
inline constexpr std::array<uint32_t, 3> kAbiSplits = {0x40000000, 0x80000000,
                                                       0xC0000000};

// The pieces of this reading that both provers share (prove.h), so that
// they read the policy once:

// ERRNO(ENOSYS) when the ABI's ENOSYS stub decides number `nr` before any
// rule; nullopt otherwise.
std::optional<Action> EnosysStub(const ArchPolicy& abi, uint32_t nr);

// Calls `run(lo, hi, stub)` for consecutive runs covering [first, last] on
// each of which EnosysStub() is constant: `stub` is its action there, or
// nullptr where the stub does not decide. In increasing order.
template <typename Run>
void ForEachStubRun(const ArchPolicy& abi, uint32_t first, uint32_t last,
                    Run run);

// The action of a number's rules (ArchPolicy::syscalls) when no argument
// can change it: the rule that wins first (kernel precedence, then entry
// order) has no conditions. nullopt when arguments may decide.
std::optional<Action> ArgumentFreeAction(const std::vector<PolicyRule>& rules);

// The return value of a number's rules as a function of the arguments of
// ABI `arch` (a value-leaf diagram over the argument words).
NodeId RulesDiagram(DecisionDiagram* dd, const ArchSpec& arch,
                    const std::vector<PolicyRule>& rules,
                    const Action& default_action);

// ---- Implementation of the template above ----

template <typename Run>
void ForEachStubRun(const ArchPolicy& abi, uint32_t first, uint32_t last,
                    Run run) {
  for (uint64_t lo = first; lo <= last;) {
    uint64_t hi = last;
    // The stub's answer changes only after 0 and after enosys_above.
    if (abi.enosys_nr_zero && lo == 0) hi = 0;
    if (abi.enosys_above && lo <= *abi.enosys_above) {
      hi = std::min<uint64_t>(hi, *abi.enosys_above);
    }
    const std::optional<Action> stub =
        EnosysStub(abi, static_cast<uint32_t>(lo));
    run(static_cast<uint32_t>(lo), static_cast<uint32_t>(hi),
        stub ? &*stub : nullptr);
    lo = hi + 1;
  }
}

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_PROVE_MEANING_H_

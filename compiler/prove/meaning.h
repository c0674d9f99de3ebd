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

#include <array>
#include <cstdint>

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
// tells them apart).
const ArchPolicy* SelectAbi(const Policy& policy, uint32_t arch, uint32_t nr);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_PROVE_MEANING_H_

// Argument checks: a Decision (decision.h) as FilterDag nodes.
//
// A condition compares a 64-bit argument, which classic BPF sees as two
// 32-bit words (at ArchSpec::ArgHighOffset/ArgLowOffset: the byte order
// decides which is where). Every comparison is exact: it decides on the
// high word first and looks at the low word only when the high words are
// equal (GT: hi > c.hi holds, hi == c.hi compares lo, else fails); a
// comparison that a single word settles exactly (GE with a zero low word,
// LE with an all-ones low word, ...) loads one word only. MASKED_EQ tests
// (word & mask) == value per word with ALU AND, or with JSET when the value
// is 0 or the mask a single bit, which keeps A holding the loaded word.
// Rules are tried in the decision's order, conditions of one rule in
// sequence (AND), and the fallback ends the chain. With width k32 (32-bit
// ABIs, policy.h) the argument is the low word alone: one load and one test
// per condition, no high-word code at all. The chain is then rebuilt by
// SpecializeOnKnownWords (known_words.h), so that a word is loaded and a
// test made once per path (five EQ rules on one argument test its high
// word once).
//
//   NodeId code = DecisionNode(&dag, arch, decision);
#ifndef SECCOMPC_COMPILER_CODEGEN_ARG_CHECK_H_
#define SECCOMPC_COMPILER_CODEGEN_ARG_CHECK_H_

#include "compiler/arch/arch.h"
#include "compiler/codegen/decision.h"
#include "compiler/codegen/filter_dag.h"
#include "compiler/model/profile.h"

namespace seccompc {

// Code that goes to `if_holds` when `condition` holds for the argument
// (of `width`) and to `if_not` otherwise. Loads the argument's words itself.
NodeId ConditionNode(FilterDag* dag, const ArchSpec& arch,
                     const ArgCondition& condition, ArgWidth width,
                     NodeId if_holds, NodeId if_not);

// Code that returns the decision's action for any arguments.
NodeId DecisionNode(FilterDag* dag, const ArchSpec& arch,
                    const Decision& decision);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_ARG_CHECK_H_

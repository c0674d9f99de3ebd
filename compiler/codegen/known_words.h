// A pass over argument-check code in a FilterDag: what earlier tests on a
// path have proven about each argument word is used to skip later tests
// and loads on that path.
//
// DecisionNode() (arg_check.h) builds each rule's conditions on their own:
// five `arg0 == K` rules reload and retest the high word five times. On a
// path, though, a test that already went one way fixes the word's range
// (JEQ true: one value; JGT/JGE: a bound; JEQ false: a hole), and A still
// holds the word last loaded. SpecializeOnKnownWords() rebuilds the code
// from `root` with those facts: a test they decide is replaced by the
// branch it must take, a load of the word A already holds is dropped, and a
// load whose value no test reads before the next load or return is
// dropped. Each (node, facts) pair is built once. Every rewrite keeps A's
// value at each kept instruction equal to what the original had, so the
// original node is always a correct fallback: the pass returns to it when
// a budget of new nodes is spent or an instruction is not understood.
//
//   // `chain`: the rules' ConditionNode()s in sequence, as DecisionNode()
//   // builds them before it calls this.
//   NodeId code = SpecializeOnKnownWords(&dag, chain);
#ifndef SECCOMPC_COMPILER_CODEGEN_KNOWN_WORDS_H_
#define SECCOMPC_COMPILER_CODEGEN_KNOWN_WORDS_H_

#include "compiler/codegen/filter_dag.h"

namespace seccompc {

// The code from `root` (which starts with A not holding an argument word)
// with tests and loads that earlier tests decide removed.
NodeId SpecializeOnKnownWords(FilterDag* dag, NodeId root);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_KNOWN_WORDS_H_

// The decision for one syscall number: which rules to try, in which order.
//
// policy.h defines a syscall's result as "the matching rule of highest
// kernel precedence, earliest entry first among equals, else the default".
// That is the same as trying the rules one after another, sorted by
// (precedence, entry index), and taking the first whose conditions all
// hold. A Decision is that ordered list in canonical form, so that two
// numbers that behave the same compare equal (the range builder merges
// neighbours with equal decisions, and the code generator shares their
// code):
//   - conditions that always hold are dropped, rules with a condition that
//     never holds are dropped, conditions are sorted and deduplicated;
//   - the first rule without conditions becomes the fallback and every rule
//     after it is dead;
//   - trailing rules whose action equals the fallback are dropped.
//
//   Decision d = DecideSyscall(rules, policy.default_action);
//   if (d.is_argument_free()) ... d.fallback is the answer for every arg ...
#ifndef SECCOMPC_COMPILER_CODEGEN_DECISION_H_
#define SECCOMPC_COMPILER_CODEGEN_DECISION_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "compiler/model/action.h"
#include "compiler/model/policy.h"
#include "compiler/model/profile.h"

namespace seccompc {

// What a condition says about every possible 64-bit argument.
enum class ConditionTruth { kAlways, kNever, kDepends };
ConditionTruth TruthOf(const ArgCondition& condition);

struct DecisionRule {
  std::vector<ArgCondition> conditions;  // non-empty, sorted, all must hold
  Action action;

  friend bool operator==(const DecisionRule& a, const DecisionRule& b) {
    return a.action == b.action && a.conditions == b.conditions;
  }
};

struct Decision {
  std::vector<DecisionRule> rules;  // the first whose conditions hold wins
  Action fallback;                  // when none does

  bool is_argument_free() const { return rules.empty(); }
  // True when some argument vector gets SECCOMP_RET_ALLOW.
  bool MayAllow() const;
  // The result for one argument vector.
  Action Evaluate(const uint64_t args[6]) const;

  friend bool operator==(const Decision& a, const Decision& b) {
    return a.fallback == b.fallback && a.rules == b.rules;
  }
  friend bool operator!=(const Decision& a, const Decision& b) {
    return !(a == b);
  }
  template <typename H>
  friend H AbslHashValue(H h, const Decision& d) {
    h = H::combine(std::move(h), d.fallback, d.rules.size());
    for (const DecisionRule& r : d.rules) {
      h = H::combine(std::move(h), r.action, r.conditions.size());
      for (const ArgCondition& c : r.conditions) {
        h = H::combine(std::move(h), c.index, c.op, c.value, c.value_two);
      }
    }
    return h;
  }
};

// The canonical decision for a number with these rules (may be empty) under
// `default_action`.
Decision DecideSyscall(absl::Span<const PolicyRule> rules,
                       const Action& default_action);

// A decision that ignores the arguments.
inline Decision ConstantDecision(const Action& action) {
  return Decision{{}, action};
}

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_DECISION_H_

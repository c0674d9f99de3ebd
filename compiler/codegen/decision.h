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
// On ABIs that decide on 32-bit arguments (ArgumentsAre32Bit, policy.h) the
// decision has width k32: each constant is read as a 32-bit value
// (ConstantOn32BitAbi: -1 is 0xFFFFFFFF; a condition with a constant that
// is none, such as `NE 2^32`, never holds and its rule is dropped), so the
// code generator never needs a high word.
//
//   Decision d = DecideSyscall(rules, policy.default_action, ArgWidth::k64);
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

// The arguments a decision compares: 64-bit values, or (32-bit ABIs) the
// low 32 bits of the register.
enum class ArgWidth : uint8_t { k64, k32 };
inline ArgWidth WidthOf(const ArchSpec& arch) {
  return ArgumentsAre32Bit(arch) ? ArgWidth::k32 : ArgWidth::k64;
}

// What a condition says about every possible argument of that width.
enum class ConditionTruth { kAlways, kNever, kDepends };
ConditionTruth TruthOf(const ArgCondition& condition,
                       ArgWidth width = ArgWidth::k64);

// For a condition that depends (TruthOf(c, k32) == kDepends): the condition
// with the same meaning on 32-bit arguments, its constants replaced by the
// 32-bit values they mean there (below 2^32).
ArgCondition NarrowTo32Bits(const ArgCondition& condition);

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
  ArgWidth width = ArgWidth::k64;   // k32: constants fit 32 bits

  bool is_argument_free() const { return rules.empty(); }
  // True when some argument vector gets SECCOMP_RET_ALLOW.
  bool MayAllow() const;
  // The result for one argument vector (register contents: with width k32
  // only their low words count).
  Action Evaluate(const uint64_t args[6]) const;

  friend bool operator==(const Decision& a, const Decision& b) {
    return a.fallback == b.fallback && a.width == b.width && a.rules == b.rules;
  }
  friend bool operator!=(const Decision& a, const Decision& b) {
    return !(a == b);
  }
  template <typename H>
  friend H AbslHashValue(H h, const Decision& d) {
    h = H::combine(std::move(h), d.fallback, d.width, d.rules.size());
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
// `default_action`, for arguments of `width` (WidthOf(arch)).
Decision DecideSyscall(absl::Span<const PolicyRule> rules,
                       const Action& default_action, ArgWidth width);

// A decision that ignores the arguments. Width does not matter for it, so
// it is always k64: one constant decision per action.
inline Decision ConstantDecision(const Action& action) {
  return Decision{{}, action, ArgWidth::k64};
}

// What the generated program decides for number `nr` of `abi`: the ENOSYS
// stub where it covers nr (it wins over every rule, policy.h), else
// DecideSyscall over nr's rules (none: the default action). The one
// per-number view for tools that summarise, compare or measure programs.
Decision DecideNumber(const ArchPolicy& abi, uint32_t nr,
                      const Action& default_action);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_DECISION_H_

#include "compiler/codegen/decision.h"

#include <algorithm>
#include <tuple>

namespace seccompc {
namespace {

constexpr uint64_t kMax64 = ~uint64_t{0};

bool ConditionLess(const ArgCondition& a, const ArgCondition& b) {
  return std::tie(a.index, a.op, a.value, a.value_two) <
         std::tie(b.index, b.op, b.value, b.value_two);
}

}  // namespace

ConditionTruth TruthOf(const ArgCondition& c) {
  switch (c.op) {
    case CmpOp::kLt:
      return c.value == 0 ? ConditionTruth::kNever : ConditionTruth::kDepends;
    case CmpOp::kGe:
      return c.value == 0 ? ConditionTruth::kAlways : ConditionTruth::kDepends;
    case CmpOp::kGt:
      return c.value == kMax64 ? ConditionTruth::kNever
                               : ConditionTruth::kDepends;
    case CmpOp::kLe:
      return c.value == kMax64 ? ConditionTruth::kAlways
                               : ConditionTruth::kDepends;
    case CmpOp::kMaskedEq:
      // Bits of value_two outside the mask can never be matched.
      if ((c.value_two & ~c.value) != 0) return ConditionTruth::kNever;
      if (c.value == 0) return ConditionTruth::kAlways;  // 0 == 0
      return ConditionTruth::kDepends;
    case CmpOp::kEq:
    case CmpOp::kNe:
      return ConditionTruth::kDepends;
  }
  return ConditionTruth::kDepends;
}

bool Decision::MayAllow() const {
  if (fallback.kind == ActionKind::kAllow) return true;
  for (const DecisionRule& r : rules) {
    if (r.action.kind == ActionKind::kAllow) return true;
  }
  return false;
}

Action Decision::Evaluate(const uint64_t args[6]) const {
  for (const DecisionRule& r : rules) {
    bool holds = true;
    for (const ArgCondition& c : r.conditions) {
      if (!c.Holds(args[c.index])) {
        holds = false;
        break;
      }
    }
    if (holds) return r.action;
  }
  return fallback;
}

Decision DecideSyscall(absl::Span<const PolicyRule> rules,
                       const Action& default_action) {
  std::vector<const PolicyRule*> order;
  order.reserve(rules.size());
  for (const PolicyRule& r : rules) order.push_back(&r);
  // Stable: rules of one entry keep their order, as the evaluator's
  // "earliest wins" does.
  std::stable_sort(order.begin(), order.end(),
                   [](const PolicyRule* a, const PolicyRule* b) {
                     return std::tie(a->action.kind, a->entry_index) <
                            std::tie(b->action.kind, b->entry_index);
                   });

  Decision decision;
  decision.fallback = default_action;
  for (const PolicyRule* r : order) {
    DecisionRule rule;
    rule.action = r->action;
    bool never = false;
    for (const ArgCondition& c : r->conditions) {
      ConditionTruth truth = TruthOf(c);
      if (truth == ConditionTruth::kNever) never = true;
      if (truth == ConditionTruth::kDepends) rule.conditions.push_back(c);
    }
    if (never) continue;
    if (rule.conditions.empty()) {
      decision.fallback = rule.action;
      break;  // everything after an unconditional rule is dead
    }
    std::sort(rule.conditions.begin(), rule.conditions.end(), ConditionLess);
    rule.conditions.erase(
        std::unique(rule.conditions.begin(), rule.conditions.end()),
        rule.conditions.end());
    decision.rules.push_back(std::move(rule));
  }
  while (!decision.rules.empty() &&
         decision.rules.back().action == decision.fallback) {
    decision.rules.pop_back();
  }
  return decision;
}

}  // namespace seccompc

#include "compiler/codegen/decision.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "absl/container/inlined_vector.h"

namespace seccompc {
namespace {

constexpr uint64_t kMax64 = ~uint64_t{0};
constexpr uint64_t kMax32 = 0xFFFFFFFF;

bool ConditionLess(const ArgCondition& a, const ArgCondition& b) {
  return std::tie(a.index, a.op, a.value, a.value_two) <
         std::tie(b.index, b.op, b.value, b.value_two);
}

// `c` on 32-bit arguments with its constants read as 32-bit values
// (ConstantOn32BitAbi, policy.h); nullopt when one is no 32-bit value, and
// the condition then never holds.
std::optional<ArgCondition> ConstantsAs32Bit(const ArgCondition& c) {
  ArgCondition out = c;
  const std::optional<uint32_t> value = ConstantOn32BitAbi(c.value);
  if (!value) return std::nullopt;
  out.value = *value;
  if (c.op == CmpOp::kMaskedEq) {
    const std::optional<uint32_t> value_two = ConstantOn32BitAbi(c.value_two);
    if (!value_two) return std::nullopt;
    out.value_two = *value_two;
  }
  return out;
}

}  // namespace

ConditionTruth TruthOf(const ArgCondition& condition, ArgWidth width) {
  ArgCondition c = condition;
  // The largest argument there is.
  uint64_t max = kMax64;
  if (width == ArgWidth::k32) {
    const std::optional<ArgCondition> narrow = ConstantsAs32Bit(condition);
    if (!narrow) return ConditionTruth::kNever;
    c = *narrow;
    max = kMax32;
  }
  switch (c.op) {
    case CmpOp::kLt:
      return c.value == 0 ? ConditionTruth::kNever : ConditionTruth::kDepends;
    case CmpOp::kGe:
      return c.value == 0 ? ConditionTruth::kAlways : ConditionTruth::kDepends;
    case CmpOp::kGt:
      return c.value == max ? ConditionTruth::kNever : ConditionTruth::kDepends;
    case CmpOp::kLe:
      return c.value == max ? ConditionTruth::kAlways
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

ArgCondition NarrowTo32Bits(const ArgCondition& c) {
  // A condition that depends has 32-bit constants (TruthOf).
  return ConstantsAs32Bit(c).value_or(c);
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
      const uint64_t arg =
          width == ArgWidth::k32 ? args[c.index] & kMax32 : args[c.index];
      if (!c.Holds(arg)) {
        holds = false;
        break;
      }
    }
    if (holds) return r.action;
  }
  return fallback;
}

Decision DecideSyscall(absl::Span<const PolicyRule> rules,
                       const Action& default_action, ArgWidth width) {
  // Most numbers of a profile have one rule without conditions: what the
  // general path below makes of it, without its allocations (it runs for
  // every number of every ABI).
  if (rules.size() == 1 && rules.front().conditions.empty()) {
    return ConstantDecision(rules.front().action);
  }
  absl::InlinedVector<const PolicyRule*, 8> order;
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
  decision.width = width;
  for (const PolicyRule* r : order) {
    DecisionRule rule;
    rule.action = r->action;
    bool never = false;
    for (const ArgCondition& c : r->conditions) {
      ConditionTruth truth = TruthOf(c, width);
      if (truth == ConditionTruth::kNever) never = true;
      if (truth == ConditionTruth::kDepends) {
        rule.conditions.push_back(width == ArgWidth::k32 ? NarrowTo32Bits(c)
                                                         : c);
      }
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
  // Without conditions the width means nothing; one form per action.
  if (decision.rules.empty()) decision.width = ArgWidth::k64;
  return decision;
}

Decision DecideNumber(const ArchPolicy& abi, uint32_t nr,
                      const Action& default_action) {
  if (std::optional<Action> stub = abi.StubAction(nr)) {
    return ConstantDecision(*stub);
  }
  auto it = abi.syscalls.find(nr);
  if (it == abi.syscalls.end()) return ConstantDecision(default_action);
  return DecideSyscall(it->second, default_action, WidthOf(*abi.arch));
}

}  // namespace seccompc

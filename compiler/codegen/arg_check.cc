#include "compiler/codegen/arg_check.h"

#include "compiler/codegen/known_words.h"

namespace seccompc {
namespace {

constexpr uint16_t kLoad = BPF_LD | BPF_W | BPF_ABS;
constexpr uint16_t kJeq = BPF_JMP | BPF_JEQ | BPF_K;
constexpr uint16_t kJgt = BPF_JMP | BPF_JGT | BPF_K;
constexpr uint16_t kJge = BPF_JMP | BPF_JGE | BPF_K;
constexpr uint16_t kJset = BPF_JMP | BPF_JSET | BPF_K;
constexpr uint16_t kAnd = BPF_ALU | BPF_AND | BPF_K;
constexpr uint32_t kAllOnes = 0xFFFFFFFF;

uint32_t High(uint64_t v) { return static_cast<uint32_t>(v >> 32); }
uint32_t Low(uint64_t v) { return static_cast<uint32_t>(v); }

class ConditionBuilder {
 public:
  ConditionBuilder(FilterDag* dag, const ArchSpec& arch, uint32_t index)
      : dag_(dag),
        high_(arch.ArgHighOffset(static_cast<int>(index))),
        low_(arch.ArgLowOffset(static_cast<int>(index))) {}

  NodeId LoadHigh(NodeId next) { return dag_->Statement(kLoad, high_, next); }
  NodeId LoadLow(NodeId next) { return dag_->Statement(kLoad, low_, next); }
  NodeId If(uint16_t op, uint32_t k, NodeId t, NodeId f) {
    return dag_->Branch(op, k, t, f);
  }

  // arg == v
  NodeId Equal(uint64_t v, NodeId t, NodeId f) {
    return LoadHigh(If(kJeq, High(v), LoadLow(If(kJeq, Low(v), t, f)), f));
  }

  // arg > v (v < 2^64 - 1, else never: decision.h drops it).
  NodeId Greater(uint64_t v, NodeId t, NodeId f) {
    if (Low(v) == kAllOnes) {  // arg > hi:ffffffff  <=>  arg.hi > hi
      return LoadHigh(If(kJgt, High(v), t, f));
    }
    const NodeId low = LoadLow(If(kJgt, Low(v), t, f));
    if (High(v) == kAllOnes) return LoadHigh(If(kJeq, High(v), low, f));
    return LoadHigh(If(kJgt, High(v), t, If(kJeq, High(v), low, f)));
  }

  // arg >= v (v > 0, else always: decision.h drops it).
  NodeId GreaterEqual(uint64_t v, NodeId t, NodeId f) {
    if (Low(v) == 0) {  // arg >= hi:0  <=>  arg.hi >= hi
      return LoadHigh(If(kJge, High(v), t, f));
    }
    const NodeId low = LoadLow(If(kJge, Low(v), t, f));
    if (High(v) == kAllOnes) return LoadHigh(If(kJeq, High(v), low, f));
    return LoadHigh(If(kJgt, High(v), t, If(kJeq, High(v), low, f)));
  }

  // (word & mask) == value for one 32-bit word (`high`: the upper one),
  // loaded into A before the test.
  NodeId MaskedWord(bool high, uint32_t mask, uint32_t value, NodeId t,
                    NodeId f) {
    if ((value & ~mask) != 0) return f;
    if (mask == 0) return t;  // 0 == 0
    NodeId test;
    if (value == 0) {
      test = If(kJset, mask, f, t);
    } else if (value == mask && (mask & (mask - 1)) == 0) {
      test = If(kJset, mask, t, f);
    } else if (mask == kAllOnes) {
      test = If(kJeq, value, t, f);
    } else {
      test = dag_->Statement(kAnd, mask, If(kJeq, value, t, f));
    }
    return high ? LoadHigh(test) : LoadLow(test);
  }

 private:
  FilterDag* dag_;
  uint32_t high_;
  uint32_t low_;
};

// Each comparison but MASKED_EQ as the jump that tests it, and whether the
// comparison holds when that jump's test fails (!=, <=, <).
struct JumpTest {
  uint16_t code;
  bool negated;
};

JumpTest JumpTestOf(CmpOp op) {
  switch (op) {
    case CmpOp::kEq:
    case CmpOp::kNe:
      return {kJeq, op == CmpOp::kNe};
    case CmpOp::kGt:
    case CmpOp::kLe:
      return {kJgt, op == CmpOp::kLe};
    case CmpOp::kGe:
    case CmpOp::kLt:
      return {kJge, op == CmpOp::kLt};
    case CmpOp::kMaskedEq:
      break;
  }
  return {kJeq, false};
}

}  // namespace

NodeId ConditionNode(FilterDag* dag, const ArchSpec& arch,
                     const ArgCondition& c, ArgWidth width, NodeId if_holds,
                     NodeId if_not) {
  switch (TruthOf(c, width)) {
    case ConditionTruth::kAlways:
      return if_holds;
    case ConditionTruth::kNever:
      return if_not;
    case ConditionTruth::kDepends:
      break;
  }
  ConditionBuilder b(dag, arch, c.index);
  // On 32-bit arguments the low word is the whole argument, and every
  // constant of a condition that depends fits 32 bits.
  const ArgCondition n = width == ArgWidth::k32 ? NarrowTo32Bits(c) : c;
  if (n.op == CmpOp::kMaskedEq) {
    const NodeId low =
        b.MaskedWord(false, Low(n.value), Low(n.value_two), if_holds, if_not);
    if (width == ArgWidth::k32) return low;
    return b.MaskedWord(true, High(n.value), High(n.value_two), low, if_not);
  }
  // The other five are ==, > or >=, with the branches swapped for !=, <=, <.
  const JumpTest jump = JumpTestOf(n.op);
  const NodeId t = jump.negated ? if_not : if_holds;
  const NodeId f = jump.negated ? if_holds : if_not;
  if (width == ArgWidth::k32) {
    return b.LoadLow(b.If(jump.code, Low(n.value), t, f));
  }
  switch (jump.code) {
    case kJgt:
      return b.Greater(n.value, t, f);
    case kJge:
      return b.GreaterEqual(n.value, t, f);
    default:
      return b.Equal(n.value, t, f);
  }
}

NodeId DecisionNode(FilterDag* dag, const ArchSpec& arch,
                    const Decision& decision) {
  NodeId next = dag->Return(decision.fallback.ToRet());
  for (auto rule = decision.rules.rbegin(); rule != decision.rules.rend();
       ++rule) {
    NodeId chain = dag->Return(rule->action.ToRet());
    for (auto c = rule->conditions.rbegin(); c != rule->conditions.rend();
         ++c) {
      chain = ConditionNode(dag, arch, *c, decision.width, chain, next);
    }
    next = chain;
  }
  // Rules built one by one retest what earlier rules proved on the path.
  return SpecializeOnKnownWords(dag, next);
}

}  // namespace seccompc

#include "compiler/prove/meaning.h"

#include <linux/audit.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"

namespace seccompc {
namespace {

constexpr uint32_t kX32Bit = 0x40000000;
constexpr uint32_t kArchWord = 1;
constexpr uint32_t kNrWord = 0;

Action BadArch() { return Action{kBadArchAction, 0}; }

// ---- One input -------------------------------------------------------

template <typename T>
bool Compare(CmpOp op, T x, T value, T value_two) {
  switch (op) {
    case CmpOp::kNe:
      return x != value;
    case CmpOp::kLt:
      return x < value;
    case CmpOp::kLe:
      return x <= value;
    case CmpOp::kEq:
      return x == value;
    case CmpOp::kGe:
      return x >= value;
    case CmpOp::kGt:
      return x > value;
    case CmpOp::kMaskedEq:
      return (x & value) == value_two;
  }
  return false;
}

bool ConditionHolds(const ArchSpec& arch, const ArgCondition& c,
                    const InputWords& words) {
  const uint32_t low = words[arch.ArgLowOffset(c.index) / 4];
  if (ArgumentsAre32Bit(arch)) {
    const std::optional<uint32_t> value = ConstantOn32BitAbi(c.value);
    std::optional<uint32_t> value_two = uint32_t{0};
    if (c.op == CmpOp::kMaskedEq) value_two = ConstantOn32BitAbi(c.value_two);
    if (!value || !value_two) return false;
    return Compare<uint32_t>(c.op, low, *value, *value_two);
  }
  const uint64_t high = words[arch.ArgHighOffset(c.index) / 4];
  return Compare<uint64_t>(c.op, high << 32 | low, c.value, c.value_two);
}

bool RuleHolds(const ArchSpec& arch, const PolicyRule& rule,
               const InputWords& words) {
  for (const ArgCondition& c : rule.conditions) {
    if (!ConditionHolds(arch, c, words)) return false;
  }
  return true;
}

// Rules in the order they win: kernel precedence, then entry order.
std::vector<const PolicyRule*> ByPrecedence(
    const std::vector<PolicyRule>& rules) {
  std::vector<const PolicyRule*> out;
  for (const PolicyRule& r : rules) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(),
                   [](const PolicyRule* a, const PolicyRule* b) {
                     if (a->action.kind != b->action.kind) {
                       return TakesPrecedence(a->action.kind, b->action.kind);
                     }
                     return a->entry_index < b->entry_index;
                   });
  return out;
}

// ---- The diagram ------------------------------------------------------

// Builds the diagram of a function of one word: `named(v)` at each value of
// the sorted `named` list, `gap(v)` elsewhere, where gap may change only at
// a breakpoint b (between b - 1 and b).
class WordTrie {
 public:
  WordTrie(DecisionDiagram* dd, uint32_t word, std::vector<uint32_t> named,
           std::vector<uint64_t> breakpoints,
           std::function<NodeId(uint32_t)> named_fn,
           std::function<NodeId(uint32_t)> gap_fn)
      : dd_(dd),
        word_(word),
        named_(std::move(named)),
        breakpoints_(std::move(breakpoints)),
        named_fn_(std::move(named_fn)),
        gap_fn_(std::move(gap_fn)) {
    std::sort(named_.begin(), named_.end());
    named_.erase(std::unique(named_.begin(), named_.end()), named_.end());
    std::sort(breakpoints_.begin(), breakpoints_.end());
  }

  NodeId Build() { return Block(0, 32); }

 private:
  bool HasNamed(uint64_t lo, uint64_t hi) const {
    auto it = std::lower_bound(named_.begin(), named_.end(), lo);
    return it != named_.end() && *it <= hi;
  }
  bool HasBreakpoint(uint64_t lo, uint64_t hi) const {
    auto it = std::upper_bound(breakpoints_.begin(), breakpoints_.end(), lo);
    return it != breakpoints_.end() && *it <= hi;
  }
  // The block [lo, lo + 2^bits).
  NodeId Block(uint64_t lo, uint32_t bits) {
    const uint64_t hi = lo + (uint64_t{1} << bits) - 1;
    const bool named = HasNamed(lo, hi);
    if (!named && !HasBreakpoint(lo, hi)) {
      return gap_fn_(static_cast<uint32_t>(lo));
    }
    if (bits == 0) return named_fn_(static_cast<uint32_t>(lo));
    const NodeId low = Block(lo, bits - 1);
    const NodeId high = Block(lo + (uint64_t{1} << (bits - 1)), bits - 1);
    return dd_->MakeNode(VariableOf(word_, bits - 1), low, high);
  }

  DecisionDiagram* dd_;
  uint32_t word_;
  std::vector<uint32_t> named_;
  std::vector<uint64_t> breakpoints_;
  std::function<NodeId(uint32_t)> named_fn_;
  std::function<NodeId(uint32_t)> gap_fn_;
};

BitVector Masked(const BitVector& v, uint32_t mask) {
  BitVector out = v;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    if (!((mask >> bit) & 1)) out[bit] = kFalse;
  }
  return out;
}

// A comparison of a 32-bit symbolic value with 32-bit constants.
NodeId Compare32(DecisionDiagram* dd, CmpOp op, const BitVector& x,
                 uint32_t value, uint32_t value_two) {
  switch (op) {
    case CmpOp::kNe:
      return dd->EqualsConstant(x, value, kFalse, kTrue);
    case CmpOp::kLt:
      return dd->GreaterThanConstant(x, value, true, kFalse, kTrue);
    case CmpOp::kLe:
      return dd->GreaterThanConstant(x, value, false, kFalse, kTrue);
    case CmpOp::kEq:
      return dd->EqualsConstant(x, value);
    case CmpOp::kGe:
      return dd->GreaterThanConstant(x, value, true);
    case CmpOp::kGt:
      return dd->GreaterThanConstant(x, value, false);
    case CmpOp::kMaskedEq:
      return dd->EqualsConstant(Masked(x, value), value_two);
  }
  return kFalse;
}

// The 64-bit comparison from its two words, the high words deciding unless
// they are equal: three-way comparisons of each word chained in variable
// order (`high_first`: the high word's variables come first, big-endian),
// so no If is needed.
NodeId Compare64(DecisionDiagram* dd, const ArgCondition& c,
                 const BitVector& high, const BitVector& low, bool high_first) {
  const uint32_t vh = static_cast<uint32_t>(c.value >> 32);
  const uint32_t vl = static_cast<uint32_t>(c.value);
  if (c.op == CmpOp::kMaskedEq) {
    const uint32_t th = static_cast<uint32_t>(c.value_two >> 32);
    const uint32_t tl = static_cast<uint32_t>(c.value_two);
    return high_first
               ? dd->EqualsConstant(Masked(high, vh), th,
                                    dd->EqualsConstant(Masked(low, vl), tl))
               : dd->EqualsConstant(Masked(low, vl), tl,
                                    dd->EqualsConstant(Masked(high, vh), th));
  }
  // The operator's answer when the argument is less than, equal to or
  // greater than the constant.
  bool on_less = false, on_equal = false, on_greater = false;
  switch (c.op) {
    case CmpOp::kNe:
      on_less = on_greater = true;
      break;
    case CmpOp::kLt:
      on_less = true;
      break;
    case CmpOp::kLe:
      on_less = on_equal = true;
      break;
    case CmpOp::kEq:
      on_equal = true;
      break;
    case CmpOp::kGe:
      on_equal = on_greater = true;
      break;
    case CmpOp::kGt:
      on_greater = true;
      break;
    case CmpOp::kMaskedEq:
      break;
  }
  const NodeId lt = on_less ? kTrue : kFalse;
  const NodeId eq = on_equal ? kTrue : kFalse;
  const NodeId gt = on_greater ? kTrue : kFalse;
  if (high_first) {
    return dd->CompareConstant(high, vh, lt,
                               dd->CompareConstant(low, vl, lt, eq, gt), gt);
  }
  // Low word first: its comparison picks which answer the high word's
  // "equal" gives.
  return dd->CompareConstant(low, vl, dd->CompareConstant(high, vh, lt, lt, gt),
                             dd->CompareConstant(high, vh, lt, eq, gt),
                             dd->CompareConstant(high, vh, lt, gt, gt));
}

NodeId ConditionDiagram(DecisionDiagram* dd, const ArchSpec& arch,
                        const ArgCondition& c) {
  const BitVector low = dd->WordBits(arch.ArgLowOffset(c.index) / 4);
  if (ArgumentsAre32Bit(arch)) {
    const std::optional<uint32_t> value = ConstantOn32BitAbi(c.value);
    std::optional<uint32_t> value_two = uint32_t{0};
    if (c.op == CmpOp::kMaskedEq) value_two = ConstantOn32BitAbi(c.value_two);
    if (!value || !value_two) return kFalse;
    return Compare32(dd, c.op, low, *value, *value_two);
  }
  const uint32_t high_word = arch.ArgHighOffset(c.index) / 4;
  const BitVector high = dd->WordBits(high_word);
  return Compare64(dd, c, high, low,
                   high_word < arch.ArgLowOffset(c.index) / 4);
}

// The action for a number no rule names: no ABI, the stub, or the default.
Action UnnamedAction(const Policy& policy, uint32_t arch, uint32_t nr) {
  const ArchPolicy* abi = SelectAbi(policy, arch, nr);
  if (abi == nullptr) return BadArch();
  if (std::optional<Action> stub = EnosysStub(*abi, nr)) return *stub;
  return policy.default_action;
}

// The return value for number `nr` on arch word `arch`, as a function of
// the arguments.
NodeId NumberLeaf(const Policy& policy, uint32_t arch, uint32_t nr,
                  DecisionDiagram* dd) {
  const ArchPolicy* abi = SelectAbi(policy, arch, nr);
  if (abi == nullptr || EnosysStub(*abi, nr)) {
    return dd->ValueLeaf(UnnamedAction(policy, arch, nr).ToRet());
  }
  auto rules = abi->syscalls.find(nr);
  if (rules == abi->syscalls.end()) {
    return dd->ValueLeaf(policy.default_action.ToRet());
  }
  return RulesDiagram(dd, *abi->arch, rules->second, policy.default_action);
}

// The meaning's diagram, nr first (decision_diagram.h orders nr before
// arch): a trie over the numbers any ABI names, whose leaves are functions
// of the arch word. Numbers where every arch means the same share one.
class MeaningBuilder {
 public:
  MeaningBuilder(const Policy& policy, DecisionDiagram* dd)
      : policy_(policy), dd_(dd) {
    for (const ArchPolicy& abi : policy.arches) {
      arches_.push_back(abi.arch->audit_arch);
    }
    std::sort(arches_.begin(), arches_.end());
    arches_.erase(std::unique(arches_.begin(), arches_.end()), arches_.end());
  }

  NodeId Build() {
    std::vector<uint32_t> named;
    // Where an unnamed number's meaning may change: the x32 bit (it selects
    // the ABI on x86_64) and the ENOSYS stub's bounds.
    std::vector<uint64_t> breakpoints = {kX32Bit, 2 * uint64_t{kX32Bit},
                                         3 * uint64_t{kX32Bit}};
    for (const ArchPolicy& abi : policy_.arches) {
      for (const auto& [nr, rules] : abi.syscalls) named.push_back(nr);
      if (abi.enosys_above) {
        breakpoints.push_back(uint64_t{*abi.enosys_above} + 1);
      }
      if (abi.enosys_nr_zero) breakpoints.push_back(1);
    }
    auto by_arch = [this](uint32_t nr) { return ByArch(nr); };
    return WordTrie(dd_, kNrWord, std::move(named), std::move(breakpoints),
                    by_arch, by_arch)
        .Build();
  }

 private:
  // The meaning at number `nr` as a function of the arch word.
  NodeId ByArch(uint32_t nr) {
    Leaves leaves;
    for (const uint32_t arch : arches_) {
      leaves.push_back(NumberLeaf(policy_, arch, nr, dd_));
    }
    if (auto it = by_leaves_.find(leaves); it != by_leaves_.end()) {
      return it->second;
    }
    auto leaf_of = [this, &leaves](uint32_t arch) {
      return leaves[std::lower_bound(arches_.begin(), arches_.end(), arch) -
                    arches_.begin()];
    };
    auto bad_arch = [this](uint32_t) {
      return dd_->ValueLeaf(BadArch().ToRet());
    };
    const NodeId out =
        WordTrie(dd_, kArchWord, arches_, {}, leaf_of, bad_arch).Build();
    by_leaves_.emplace(std::move(leaves), out);
    return out;
  }

  const Policy& policy_;
  DecisionDiagram* dd_;
  std::vector<uint32_t> arches_;  // sorted, distinct
  // Allocation-free for up to 4 arch words (a target's arches share them).
  using Leaves = absl::InlinedVector<NodeId, 4>;
  absl::flat_hash_map<Leaves, NodeId> by_leaves_;
};

}  // namespace

std::optional<Action> EnosysStub(const ArchPolicy& abi, uint32_t nr) {
  if ((abi.enosys_above && nr > *abi.enosys_above) ||
      (abi.enosys_nr_zero && nr == 0)) {
    return Action{ActionKind::kErrno, EnosysErrno(*abi.arch)};
  }
  return std::nullopt;
}

std::optional<Action> ArgumentFreeAction(const std::vector<PolicyRule>& rules) {
  // The first rule in ByPrecedence() order, without sorting: most numbers
  // have one unconditional rule and a proof reads every number.
  const PolicyRule* first = nullptr;
  for (const PolicyRule& r : rules) {
    if (first == nullptr ||
        (r.action.kind != first->action.kind
             ? TakesPrecedence(r.action.kind, first->action.kind)
             : r.entry_index < first->entry_index)) {
      first = &r;
    }
  }
  if (first == nullptr || !first->conditions.empty()) return std::nullopt;
  return first->action;
}

NodeId RulesDiagram(DecisionDiagram* dd, const ArchSpec& arch,
                    const std::vector<PolicyRule>& rules,
                    const Action& default_action) {
  if (std::optional<Action> action = ArgumentFreeAction(rules)) {
    return dd->ValueLeaf(action->ToRet());
  }
  const std::vector<const PolicyRule*> order = ByPrecedence(rules);
  NodeId result = dd->ValueLeaf(default_action.ToRet());
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    NodeId holds = kTrue;
    for (const ArgCondition& c : (*it)->conditions) {
      holds = dd->And(holds, ConditionDiagram(dd, arch, c));
    }
    result = dd->If(holds, dd->ValueLeaf((*it)->action.ToRet()), result);
  }
  return result;
}

const ArchPolicy* SelectAbi(const Policy& policy, uint32_t arch, uint32_t nr) {
  for (const ArchPolicy& abi : policy.arches) {
    if (abi.arch->audit_arch != arch) continue;
    if (arch == AUDIT_ARCH_X86_64 &&
        ((nr & kX32Bit) != 0) != (abi.arch->id == ArchId::kX32)) {
      continue;
    }
    return &abi;
  }
  return nullptr;
}

MeaningVerdict DecideMeaning(const Policy& policy, const InputWords& words) {
  MeaningVerdict v;
  const uint32_t nr = words[kNrWord];
  v.abi = SelectAbi(policy, words[kArchWord], nr);
  if (v.abi == nullptr) {
    v.action = BadArch();
    return v;
  }
  if (std::optional<Action> stub = EnosysStub(*v.abi, nr)) {
    v.action = *stub;
    v.by_stub = true;
    return v;
  }
  v.action = policy.default_action;
  auto it = v.abi->syscalls.find(nr);
  if (it == v.abi->syscalls.end()) return v;
  for (const PolicyRule* rule : ByPrecedence(it->second)) {
    if (RuleHolds(*v.abi->arch, *rule, words)) {
      v.action = rule->action;
      v.entry_index = rule->entry_index;
      break;
    }
  }
  return v;
}

NodeId MeaningDiagram(const Policy& policy, DecisionDiagram* dd) {
  return MeaningBuilder(policy, dd).Build();
}

}  // namespace seccompc

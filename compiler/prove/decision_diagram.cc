#include "compiler/prove/decision_diagram.h"

#include <algorithm>

namespace seccompc {

// Words in struct order: nr (offset 0) is decided first, then arch. A
// program decides arch first, but then splits nr into many intervals, each
// a new set: with nr above arch the "arch is X" part below every interval
// is one shared chain, where arch above nr would copy it into every set.
uint32_t VariableOf(uint32_t word, uint32_t bit) {
  return word * 32 + (31 - bit);
}

uint32_t WordOfVariable(uint32_t variable) { return variable / 32; }

uint32_t BitOfVariable(uint32_t variable) { return 31 - variable % 32; }

namespace {

size_t PowerOfTwoAtLeast(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

size_t ExpectedNodes(size_t max_nodes, size_t expected_nodes) {
  return std::min(expected_nodes, max_nodes);
}

}  // namespace

DecisionDiagram::DecisionDiagram(size_t max_nodes, size_t expected_nodes)
    // At most half full before it grows.
    : unique_(PowerOfTwoAtLeast(std::max<size_t>(
          2 * ExpectedNodes(max_nodes, expected_nodes), 1 << 10))),
      // Most results are new nodes: a cache beyond one entry per eight
      // expected nodes only costs memory. A fresh process faults in every
      // page of this hash-spread table: at one per two it was a quarter
      // of the proof's page faults on Docker's default (592 -> 466 faults
      // per `seccompc compile` at one per eight, warm time unchanged).
      if_cache_(PowerOfTwoAtLeast(std::clamp<size_t>(
          ExpectedNodes(max_nodes, expected_nodes) / 8, 1 << 10, 1 << 15))),
      // Lossy, so a smaller memo only costs recomputation; at one entry
      // per two expected nodes a small proof (the interval prover's, on a
      // cache hit) faults in and clears 16 KiB instead of 64 KiB.
      walk_memo_(PowerOfTwoAtLeast(
          std::clamp<size_t>(ExpectedNodes(max_nodes, expected_nodes) / 2,
                             1 << 8, kMaxWalkMemoSize))),
      max_nodes_(max_nodes) {
  nodes_.reserve(ExpectedNodes(max_nodes, expected_nodes));
  nodes_.push_back(Node{kLeafLevel, 0, 0});  // kFalse
  nodes_.push_back(Node{kLeafLevel, 1, 0});  // kTrue
}

NodeId DecisionDiagram::Fail() {
  exhausted_ = true;
  return kFalse;
}

size_t DecisionDiagram::Slot(uint32_t level, NodeId low, NodeId high) const {
  uint64_t h = (uint64_t{level} << 40) ^ (uint64_t{low} << 20) ^ high;
  h *= 0x9E3779B97F4A7C15ull;
  return static_cast<size_t>(h >> 20) & (unique_.size() - 1);
}

void DecisionDiagram::GrowUniqueTable() {
  ZeroedTable<NodeId> old = std::move(unique_);
  unique_ = ZeroedTable<NodeId>(old.size() * 2);
  for (size_t i = 0; i < old.size(); ++i) {
    const NodeId id = old[i];
    if (id == 0) continue;
    const Node& n = nodes_[id];
    size_t slot = Slot(n.level, n.low, n.high);
    while (unique_[slot] != 0) slot = (slot + 1) & (unique_.size() - 1);
    unique_[slot] = id;
  }
}

// Leaves and inner nodes share the table: a leaf's key is (kLeafLevel,
// value, 1), which no inner node has.
NodeId DecisionDiagram::ValueLeaf(uint32_t value) {
  return MakeNode(kLeafLevel, value, 1);
}

NodeId DecisionDiagram::MakeNode(uint32_t variable, NodeId low, NodeId high) {
  if (low == high && variable != kLeafLevel) return low;
  size_t slot = Slot(variable, low, high);
  while (unique_[slot] != 0) {
    const Node& n = nodes_[unique_[slot]];
    if (n.level == variable && n.low == low && n.high == high) {
      return unique_[slot];
    }
    slot = (slot + 1) & (unique_.size() - 1);
  }
  if (nodes_.size() >= max_nodes_) return Fail();
  const NodeId id = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(Node{variable, low, high});
  unique_[slot] = id;
  if (++unique_count_ * 2 > unique_.size()) GrowUniqueTable();
  return id;
}

NodeId DecisionDiagram::Cofactor(NodeId n, uint32_t level, bool high) const {
  if (nodes_[n].level != level) return n;
  return high ? nodes_[n].high : nodes_[n].low;
}

NodeId DecisionDiagram::If(NodeId condition, NodeId then_node,
                           NodeId else_node) {
  if (exhausted_) return kFalse;
  if (condition == kTrue) return then_node;
  if (condition == kFalse) return else_node;
  if (then_node == else_node) return then_node;
  if (then_node == kTrue && else_node == kFalse) return condition;
  const size_t slot = (condition * 0x9E3779B1u ^ then_node * 0x85EBCA77u ^
                       else_node * 0xC2B2AE3Du) &
                      (if_cache_.size() - 1);
  CacheEntry& entry = if_cache_[slot];
  if (entry.condition == condition && entry.then_node == then_node &&
      entry.else_node == else_node) {
    return entry.result;
  }
  const uint32_t level =
      std::min({Level(condition), Level(then_node), Level(else_node)});
  const NodeId low =
      If(Cofactor(condition, level, false), Cofactor(then_node, level, false),
         Cofactor(else_node, level, false));
  const NodeId high =
      If(Cofactor(condition, level, true), Cofactor(then_node, level, true),
         Cofactor(else_node, level, true));
  const NodeId result = MakeNode(level, low, high);
  if (exhausted_) return kFalse;
  // An empty slot (all 0) never matches: a condition of 0 returns above.
  if_cache_[slot] = CacheEntry{condition, then_node, else_node, result};
  return result;
}

const BitVector& DecisionDiagram::WordBits(uint32_t word) {
  BitVector& v = word_bits_[word];
  if (!have_word_bits_[word]) {
    for (uint32_t bit = 0; bit < 32; ++bit) {
      v[bit] = Variable(VariableOf(word, bit));
    }
    // Not kept when the budget ran out: the bits would be kFalse.
    have_word_bits_[word] = !exhausted_;
  }
  return v;
}

BitVector DecisionDiagram::Constant(uint32_t value) {
  BitVector v;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    v[bit] = (value >> bit) & 1 ? kTrue : kFalse;
  }
  return v;
}

bool DecisionDiagram::IsConstant(const BitVector& v, uint32_t* value) {
  uint32_t out = 0;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    if (v[bit] == kTrue) {
      out |= 1u << bit;
    } else if (v[bit] != kFalse) {
      return false;
    }
  }
  *value = out;
  return true;
}

bool DecisionDiagram::IsLiteral(const BitVector& v) const {
  uint32_t previous_level = kLeafLevel;  // of the last lower variable bit
  for (uint32_t bit = 0; bit < 32; ++bit) {
    const NodeId b = v[bit];
    if (b == kFalse || b == kTrue) continue;
    if (!IsVariable(b) || Level(b) >= previous_level) return false;
    previous_level = Level(b);
  }
  return true;
}

NodeId DecisionDiagram::EqualsConstant(const BitVector& v, uint32_t k,
                                       NodeId yes, NodeId no) {
  if (!IsLiteral(v)) {
    NodeId equal = kTrue;
    for (uint32_t bit = 0; bit < 32; ++bit) {
      const NodeId b = v[bit];
      equal = (k >> bit) & 1 ? And(b, equal) : And(Not(b), equal);
    }
    return If(equal, yes, no);
  }
  // From the least significant bit (the deepest variable) up.
  NodeId result = yes;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    const NodeId b = v[bit];
    const bool one = (k >> bit) & 1;
    if (b == kFalse || b == kTrue) {
      if ((b == kTrue) != one) return no;
      continue;
    }
    result =
        one ? MakeNode(Level(b), no, result) : MakeNode(Level(b), result, no);
  }
  return result;
}

// From the least significant bit up: "greater so far" is decided by the
// higher bit when it differs, else kept.
NodeId DecisionDiagram::GreaterThanConstant(const BitVector& v, uint32_t k,
                                            bool or_equal, NodeId yes,
                                            NodeId no) {
  if (!IsLiteral(v)) {
    NodeId greater = or_equal ? kTrue : kFalse;
    for (uint32_t bit = 0; bit < 32; ++bit) {
      greater = (k >> bit) & 1 ? And(v[bit], greater) : Or(v[bit], greater);
    }
    return If(greater, yes, no);
  }
  NodeId greater = or_equal ? yes : no;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    const NodeId b = v[bit];
    const bool one = (k >> bit) & 1;
    if (b == kFalse || b == kTrue) {
      if ((b == kTrue) != one) greater = b == kTrue ? yes : no;
      continue;
    }
    greater = one ? MakeNode(Level(b), no, greater)
                  : MakeNode(Level(b), greater, yes);
  }
  return greater;
}

NodeId DecisionDiagram::AnyBitSet(const BitVector& v, uint32_t mask, NodeId yes,
                                  NodeId no) {
  if (!IsLiteral(v)) {
    NodeId any = kFalse;
    for (uint32_t bit = 0; bit < 32; ++bit) {
      if ((mask >> bit) & 1) any = Or(v[bit], any);
    }
    return If(any, yes, no);
  }
  NodeId result = no;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    const NodeId b = v[bit];
    if (!((mask >> bit) & 1) || b == kFalse) continue;
    if (b == kTrue) return yes;
    result = MakeNode(Level(b), result, yes);
  }
  return result;
}

NodeId DecisionDiagram::CompareConstant(const BitVector& v, uint32_t k,
                                        NodeId less, NodeId equal,
                                        NodeId greater) {
  // In a literal the least significant variable bit is the deepest.
  uint32_t deepest = 0;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    if (v[bit] != kFalse && v[bit] != kTrue) {
      deepest = Level(v[bit]);
      break;
    }
  }
  const bool below =
      std::min({Level(less), Level(equal), Level(greater)}) > deepest;
  if (!IsLiteral(v) || !below) {
    return If(EqualsConstant(v, k), equal,
              If(GreaterThanConstant(v, k, false), greater, less));
  }
  // From the least significant bit up: the result when the higher bits
  // equal k's.
  NodeId result = equal;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    const NodeId b = v[bit];
    const bool one = (k >> bit) & 1;
    if (b == kFalse || b == kTrue) {
      if ((b == kTrue) != one) result = b == kTrue ? greater : less;
      continue;
    }
    result = one ? MakeNode(Level(b), less, result)
                 : MakeNode(Level(b), result, greater);
  }
  return result;
}

// What bit `bit` of the compared value decides when the higher bits equal
// k's: for the ordered comparisons the first differing bit, for JSET the
// first set bit of the mask.
DecisionDiagram::Outcome DecisionDiagram::DecideBit(Comparison op, uint32_t k,
                                                    uint32_t bit, bool value) {
  const bool k_bit = (k >> bit) & 1;
  switch (op) {
    case Comparison::kEqual:
      return value == k_bit ? Outcome::kContinue : Outcome::kFails;
    case Comparison::kGreater:
    case Comparison::kGreaterOrEqual:
      if (value == k_bit) return Outcome::kContinue;
      return value ? Outcome::kHolds : Outcome::kFails;
    case Comparison::kAnyBitSet:
      return k_bit && value ? Outcome::kHolds : Outcome::kContinue;
  }
  return Outcome::kFails;
}

void DecisionDiagram::PlanCompare(const BitVector& v, Comparison op, uint32_t k,
                                  bool holds, CompareWalk* walk) const {
  auto polar = [holds](Outcome o) {
    if (holds || o == Outcome::kContinue) return o;
    return o == Outcome::kHolds ? Outcome::kFails : Outcome::kHolds;
  };
  walk->steps = 0;
  // All bits equal to k's (none of the mask set): holds for = and >= only.
  walk->end =
      polar(op == Comparison::kEqual || op == Comparison::kGreaterOrEqual
                ? Outcome::kHolds
                : Outcome::kFails);
  for (uint32_t bit = 32; bit-- > 0;) {
    const NodeId b = v[bit];
    if (b == kFalse || b == kTrue) {
      const Outcome o = DecideBit(op, k, bit, b == kTrue);
      if (o != Outcome::kContinue) {
        walk->end = polar(o);
        return;
      }
      continue;
    }
    const Outcome on_zero = polar(DecideBit(op, k, bit, false));
    const Outcome on_one = polar(DecideBit(op, k, bit, true));
    if (on_zero == Outcome::kContinue && on_one == Outcome::kContinue) {
      continue;  // a bit outside JSET's mask
    }
    walk->level[walk->steps] = Level(b);
    walk->on[walk->steps][0] = on_zero;
    walk->on[walk->steps][1] = on_one;
    ++walk->steps;
  }
}

NodeId DecisionDiagram::Resolve(Outcome outcome, NodeId set,
                                const CompareWalk& walk, size_t next_step) {
  switch (outcome) {
    case Outcome::kContinue:
      return WalkCompare(set, walk, next_step);
    case Outcome::kHolds:
      return set;
    case Outcome::kFails:
      break;
  }
  return kFalse;
}

// `set` restricted to the inputs whose compared bits from `step` on lead
// to "holds". Above the step's variable both branches of `set` go on;
// at it, one value of the bit decides and the other goes on (a variable
// `set` skips is both branches at once).
NodeId DecisionDiagram::WalkCompare(NodeId set, const CompareWalk& walk,
                                    size_t step) {
  if (set == kFalse || exhausted_) return kFalse;
  if (step == walk.steps) return Resolve(walk.end, set, walk, step);
  const uint32_t step_level = walk.level[step];
  const uint32_t level = Level(set);
  if (level < step_level) {
    WalkEntry& memo = walk_memo_[(set * 0x9E3779B1u ^ step * 0x85EBCA77u) &
                                 (walk_memo_.size() - 1)];
    if (memo.generation == walk_generation_ && memo.set == set &&
        memo.step == step) {
      return memo.result;
    }
    const NodeId low = WalkCompare(Low(set), walk, step);
    const NodeId high = WalkCompare(High(set), walk, step);
    const NodeId result = MakeNode(level, low, high);
    memo =
        WalkEntry{set, static_cast<uint32_t>(step), walk_generation_, result};
    return result;
  }
  const NodeId low = level == step_level ? Low(set) : set;
  const NodeId high = level == step_level ? High(set) : set;
  return MakeNode(step_level, Resolve(walk.on[step][0], low, walk, step + 1),
                  Resolve(walk.on[step][1], high, walk, step + 1));
}

NodeId DecisionDiagram::AndCompare(NodeId set, const BitVector& v,
                                   Comparison op, uint32_t k, bool holds) {
  if (exhausted_) return kFalse;
  if (!IsLiteral(v)) {
    NodeId condition = kFalse;
    switch (op) {
      case Comparison::kEqual:
        condition = EqualsConstant(v, k);
        break;
      case Comparison::kGreater:
      case Comparison::kGreaterOrEqual:
        condition =
            GreaterThanConstant(v, k, op == Comparison::kGreaterOrEqual);
        break;
      case Comparison::kAnyBitSet:
        condition = AnyBitSet(v, k);
        break;
    }
    return holds ? And(set, condition) : If(condition, kFalse, set);
  }
  // A fresh generation invalidates the memo; on wrap-around, clear it.
  if (++walk_generation_ == 0) {
    walk_memo_.Clear();
    walk_generation_ = 1;
  }
  PlanCompare(v, op, k, holds, &walk_);
  const NodeId result = WalkCompare(set, walk_, 0);
  return exhausted_ ? kFalse : result;
}

NodeId DecisionDiagram::Equals(const BitVector& a, const BitVector& b) {
  NodeId result = kTrue;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    result = And(Not(Xor(a[bit], b[bit])), result);
  }
  return result;
}

NodeId DecisionDiagram::GreaterThan(const BitVector& a, const BitVector& b,
                                    bool or_equal) {
  NodeId greater = or_equal ? kTrue : kFalse;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    // a_i > b_i: true; a_i < b_i: false; equal: the lower bits decide.
    greater =
        If(a[bit], If(b[bit], greater, kTrue), If(b[bit], kFalse, greater));
  }
  return greater;
}

void DecisionDiagram::PickMember(NodeId set, std::vector<uint8_t>* bits) const {
  while (!IsLeaf(set)) {
    const Node& n = nodes_[set];
    const bool take_high = n.low == kFalse;
    (*bits)[n.level] = take_high ? 1 : 0;
    set = take_high ? n.high : n.low;
  }
}

bool MismatchFinder::Find(NodeId set, NodeId function, uint32_t value,
                          std::vector<uint8_t>* bits) {
  if (set == kFalse) return false;
  if (dd_.IsLeaf(function)) {
    if (dd_.LeafValue(function) == value) return false;
    dd_.PickMember(set, bits);
    return true;
  }
  // set is never kFalse here, so an empty slot never matches.
  Agreement& memo =
      memo_[(set * 0x9E3779B1u ^ function * 0x85EBCA77u ^ value * 0xC2B2AE3Du) &
            (memo_.size() - 1)];
  if (memo.set == set && memo.function == function && memo.value == value) {
    return false;
  }
  const uint32_t level = std::min(dd_.Level(set), dd_.Level(function));
  for (const bool high : {false, true}) {
    auto cofactor = [&](NodeId n) {
      if (dd_.Level(n) != level) return n;
      return high ? dd_.High(n) : dd_.Low(n);
    };
    if (Find(cofactor(set), cofactor(function), value, bits)) {
      (*bits)[level] = high ? 1 : 0;
      return true;
    }
  }
  memo = Agreement{set, function, value};
  return false;
}

}  // namespace seccompc

#include "compiler/prove/decision_diagram.h"

#include <algorithm>

namespace seccompc {
namespace {

// The arch word (offset 4) is decided first, then nr (offset 0): a policy
// is a table per arch, then per number.
uint32_t WordRank(uint32_t word) {
  if (word == 0) return 1;
  if (word == 1) return 0;
  return word;
}

}  // namespace

uint32_t VariableOf(uint32_t word, uint32_t bit) {
  return WordRank(word) * 32 + (31 - bit);
}

uint32_t WordOfVariable(uint32_t variable) {
  return WordRank(variable / 32);  // the rank swap is its own inverse
}

uint32_t BitOfVariable(uint32_t variable) { return 31 - variable % 32; }

DecisionDiagram::DecisionDiagram(size_t max_nodes) : max_nodes_(max_nodes) {
  nodes_.push_back(Node{kLeafLevel, 0, 0});  // kFalse
  nodes_.push_back(Node{kLeafLevel, 1, 0});  // kTrue
}

NodeId DecisionDiagram::Fail() {
  exhausted_ = true;
  return kFalse;
}

NodeId DecisionDiagram::ValueLeaf(uint32_t value) {
  auto [it, inserted] = unique_.try_emplace(
      std::make_tuple(kLeafLevel, value, NodeId{1}), NodeId{0});
  if (!inserted) return it->second;
  if (nodes_.size() >= max_nodes_) return Fail();
  it->second = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(Node{kLeafLevel, value, 1});
  return it->second;
}

NodeId DecisionDiagram::MakeNode(uint32_t variable, NodeId low, NodeId high) {
  if (low == high) return low;
  auto [it, inserted] =
      unique_.try_emplace(std::make_tuple(variable, low, high), NodeId{0});
  if (!inserted) return it->second;
  if (nodes_.size() >= max_nodes_) {
    unique_.erase(it);
    return Fail();
  }
  it->second = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(Node{variable, low, high});
  return it->second;
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
  const auto key = std::make_tuple(condition, then_node, else_node);
  if (auto it = if_cache_.find(key); it != if_cache_.end()) return it->second;
  const uint32_t level =
      std::min({Level(condition), Level(then_node), Level(else_node)});
  const NodeId low = If(Cofactor(condition, level, false),
                        Cofactor(then_node, level, false),
                        Cofactor(else_node, level, false));
  const NodeId high =
      If(Cofactor(condition, level, true), Cofactor(then_node, level, true),
         Cofactor(else_node, level, true));
  const NodeId result = MakeNode(level, low, high);
  if (exhausted_) return kFalse;
  if_cache_.emplace(key, result);
  return result;
}

BitVector DecisionDiagram::WordBits(uint32_t word) {
  BitVector v;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    v[bit] = Variable(VariableOf(word, bit));
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

NodeId DecisionDiagram::EqualsConstant(const BitVector& v, uint32_t k) {
  NodeId result = kTrue;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    const NodeId b = v[bit];
    result = (k >> bit) & 1 ? And(b, result) : And(Not(b), result);
  }
  return result;
}

// From the least significant bit up: "greater so far" is decided by the
// higher bit when it differs, else kept.
NodeId DecisionDiagram::GreaterThanConstant(const BitVector& v, uint32_t k,
                                            bool or_equal) {
  NodeId greater = or_equal ? kTrue : kFalse;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    greater = (k >> bit) & 1 ? And(v[bit], greater) : Or(v[bit], greater);
  }
  return greater;
}

NodeId DecisionDiagram::AnyBitSet(const BitVector& v, uint32_t mask) {
  NodeId result = kFalse;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    if ((mask >> bit) & 1) result = Or(v[bit], result);
  }
  return result;
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
    greater = If(a[bit], If(b[bit], greater, kTrue), If(b[bit], kFalse, greater));
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

}  // namespace seccompc

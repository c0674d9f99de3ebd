#include "compiler/codegen/filter_dag.h"

#include <algorithm>

namespace seccompc {
namespace {

bool IsReturn(uint16_t code) { return BPF_CLASS(code) == BPF_RET; }
bool IsBranch(uint16_t code) {
  return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

// Builds the program backwards: position p in `reversed_` is instruction
// size - 1 - p of the result, so a jump from position q to p skips q - p - 1
// instructions.
class Layout {
 public:
  explicit Layout(size_t nodes) : places_(nodes) {}

  // Where a node was placed first (the node itself) and last (the
  // trampoline to it nearest to the code being placed now, or the node
  // itself). Only these two are ever jumped to: one pair per node, no
  // allocation per node.
  struct Places {
    size_t first = kNowhere;
    size_t last = kNowhere;
  };
  static constexpr size_t kNowhere = ~size_t{0};
  std::vector<Places> places_;
  std::vector<sock_filter> reversed_;

  size_t next() const { return reversed_.size(); }
  bool placed(NodeId n) const { return places_[n].first != kNowhere; }
  // Instructions a jump placed next would skip to reach `n`.
  size_t Distance(NodeId n) const { return next() - places_[n].last - 1; }
  void Place(NodeId n, sock_filter insn) {
    if (!placed(n)) places_[n].first = next();
    places_[n].last = next();
    reversed_.push_back(insn);
  }
  // Makes `n` reachable by a jump placed next within `limit`, adding a
  // trampoline when it is too far: a copy of a return, else a JA.
  void Reach(NodeId n, const sock_filter& original, size_t limit) {
    if (Distance(n) <= limit) return;
    if (IsReturn(original.code)) {
      Place(n, original);
    } else {
      const size_t target = places_[n].first;
      Place(n, JumpAlways(static_cast<uint32_t>(next() - target - 1)));
    }
  }
};

}  // namespace

NodeId FilterDag::Intern(const Node& node) {
  auto [it, inserted] = ids_.try_emplace(
      std::make_tuple(node.code, node.k, node.if_true, node.if_false),
      static_cast<NodeId>(nodes_.size()));
  if (inserted) nodes_.push_back(node);
  return it->second;
}

NodeId FilterDag::Return(uint32_t value) {
  return Intern({static_cast<uint16_t>(BPF_RET | BPF_K), value, -1, -1});
}

NodeId FilterDag::Statement(uint16_t code, uint32_t k, NodeId next) {
  return Intern({code, k, next, -1});
}

NodeId FilterDag::Branch(uint16_t code, uint32_t k, NodeId if_true,
                         NodeId if_false) {
  if (if_true == if_false) return if_true;
  return Intern({code, k, if_true, if_false});
}

Program FilterDag::Emit(NodeId entry) const {
  Layout layout(nodes_.size());
  // Every node at most once, plus a few trampolines.
  layout.reversed_.reserve(nodes_.size() + nodes_.size() / 8 + 8);
  // Explicit stack: long rule chains would make recursion deep.
  std::vector<std::pair<NodeId, bool>> stack = {{entry, false}};
  while (!stack.empty()) {
    auto [id, children_done] = stack.back();
    stack.pop_back();
    if (layout.placed(id)) continue;
    const Node& node = nodes_[id];
    if (!children_done) {
      stack.push_back({id, true});
      // Pushed last, placed first: the false branch ends up further away,
      // the true branch (or a statement's next) right after the node.
      if (node.if_true >= 0) stack.push_back({node.if_true, false});
      if (node.if_false >= 0) stack.push_back({node.if_false, false});
      continue;
    }
    if (IsReturn(node.code)) {
      layout.Place(id, Ret(node.k));
    } else if (IsBranch(node.code)) {
      const sock_filter& t =
          sock_filter{nodes_[node.if_true].code, 0, 0, nodes_[node.if_true].k};
      const sock_filter& f = sock_filter{nodes_[node.if_false].code, 0, 0,
                                         nodes_[node.if_false].k};
      layout.Reach(node.if_false, f, kMaxShortJump - 1);
      layout.Reach(node.if_true, t, kMaxShortJump);
      // The true trampoline may have pushed the false target out of reach.
      layout.Reach(node.if_false, f, kMaxShortJump);
      layout.Place(id,
                   LayoutJump(node.code, node.k, layout.Distance(node.if_true),
                              layout.Distance(node.if_false)));
    } else {
      layout.Reach(
          node.if_true,
          sock_filter{nodes_[node.if_true].code, 0, 0, nodes_[node.if_true].k},
          0);
      layout.Place(id, Stmt(node.code, node.k));
    }
  }
  Program program(layout.reversed_.rbegin(), layout.reversed_.rend());
  return program;
}

}  // namespace seccompc

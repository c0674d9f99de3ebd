#include "compiler/codegen/known_words.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"

namespace seccompc {
namespace {

constexpr uint16_t kLoad = BPF_LD | BPF_W | BPF_ABS;
constexpr uint32_t kFirstArgOffset = 16;  // offsetof(seccomp_data, args)
constexpr size_t kMaxHoles = 8;
constexpr uint32_t kMax32 = 0xFFFFFFFF;

// What a path has proven about one 32-bit word: a range minus a few holes.
struct WordRange {
  uint32_t offset = 0;
  uint32_t lo = 0;
  uint32_t hi = kMax32;
  std::vector<uint32_t> holes;  // sorted, strictly inside (lo, hi)

  bool empty() const { return lo > hi; }
  // Moves the bounds past holes on them and drops holes outside.
  void Normalize() {
    bool moved = true;
    while (moved && !empty()) {
      moved = false;
      auto it = std::find(holes.begin(), holes.end(), lo);
      if (it != holes.end()) {
        holes.erase(it);
        if (lo == kMax32) {
          lo = 1, hi = 0;  // empty
          return;
        }
        ++lo;
        moved = true;
      }
      it = std::find(holes.begin(), holes.end(), hi);
      if (it != holes.end()) {
        holes.erase(it);
        if (hi == 0) {
          lo = 1, hi = 0;
          return;
        }
        --hi;
        moved = true;
      }
    }
    holes.erase(std::remove_if(holes.begin(), holes.end(),
                               [this](uint32_t h) { return h < lo || h > hi; }),
                holes.end());
  }
};

// (node, facts) as words: the memo's key. Built at every step of the walk;
// inline, so that it allocates nothing unless the facts are many.
using MemoKey = absl::InlinedVector<uint32_t, 16>;

struct Facts {
  int64_t a_word = -1;  // offset of the argument word A holds, -1: none
  absl::InlinedVector<WordRange, 2> words;  // sorted by offset

  WordRange* Find(uint32_t offset) {
    for (WordRange& w : words) {
      if (w.offset == offset) return &w;
    }
    return nullptr;
  }
  WordRange Get(uint32_t offset) const {
    for (const WordRange& w : words) {
      if (w.offset == offset) return w;
    }
    WordRange w;
    w.offset = offset;
    return w;
  }
  void Set(const WordRange& range) {
    if (WordRange* w = Find(range.offset)) {
      *w = range;
      return;
    }
    words.push_back(range);
    std::sort(words.begin(), words.end(),
              [](const WordRange& a, const WordRange& b) {
                return a.offset < b.offset;
              });
  }
  // The key of these facts for memoization.
  void AppendKey(MemoKey* key) const {
    key->push_back(static_cast<uint32_t>(a_word));
    for (const WordRange& w : words) {
      key->push_back(w.offset);
      key->push_back(w.lo);
      key->push_back(w.hi);
      key->push_back(static_cast<uint32_t>(w.holes.size()));
      key->insert(key->end(), w.holes.begin(), w.holes.end());
    }
  }
};

// The range of `w` after a test `op k` on it came out `taken`.
WordRange Refine(WordRange w, uint16_t op, uint32_t k, bool taken) {
  switch (op) {
    case BPF_JEQ:
      if (taken) {
        const bool hole =
            std::find(w.holes.begin(), w.holes.end(), k) != w.holes.end();
        if (k < w.lo || k > w.hi || hole) {
          w.lo = 1, w.hi = 0;
        } else {
          w.lo = w.hi = k;
          w.holes.clear();
        }
      } else if (w.holes.size() < kMaxHoles || k == w.lo || k == w.hi) {
        if (std::find(w.holes.begin(), w.holes.end(), k) == w.holes.end()) {
          w.holes.push_back(k);
          std::sort(w.holes.begin(), w.holes.end());
        }
      }
      break;
    case BPF_JGT:  // taken: w > k
      if (taken) {
        if (k == kMax32) {
          w.lo = 1, w.hi = 0;
        } else {
          w.lo = std::max(w.lo, k + 1);
        }
      } else {
        w.hi = std::min(w.hi, k);
      }
      break;
    case BPF_JGE:  // taken: w >= k
      if (taken) {
        w.lo = std::max(w.lo, k);
      } else if (k == 0) {
        w.lo = 1, w.hi = 0;
      } else {
        w.hi = std::min(w.hi, k - 1);
      }
      break;
    case BPF_JSET: {  // taken: (w & k) != 0; exact only when one value
      if (w.lo == w.hi) {
        if (((w.lo & k) != 0) != taken) w.lo = 1, w.hi = 0;
      } else if (k == 0 || w.hi < (k & (~k + 1))) {
        // No value in range has a bit of k: never set.
        if (taken) w.lo = 1, w.hi = 0;
      }
      break;
    }
    default:
      break;
  }
  w.Normalize();
  return w;
}

class Specializer {
 public:
  explicit Specializer(FilterDag* dag, size_t budget)
      : dag_(dag), budget_(budget) {}

  NodeId Run(NodeId node, const Facts& facts) {
    // Original sub-DAGs stay valid under any facts; fall back when spent.
    if (built_ >= budget_) return node;
    const FilterDag::NodeView n = dag_->Get(node);
    const uint16_t cls = BPF_CLASS(n.code);
    if (cls == BPF_RET) return node;
    MemoKey key = {static_cast<uint32_t>(node)};
    facts.AppendKey(&key);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    const NodeId out = Build(node, n, facts);
    ++built_;
    memo_.emplace(std::move(key), out);
    return out;
  }

 private:
  // Follows branches that `facts` decide, without changing A.
  NodeId SkipDecided(NodeId node, const Facts& facts) {
    while (true) {
      const FilterDag::NodeView n = dag_->Get(node);
      if (!IsKBranch(n.code) || facts.a_word < 0) return node;
      const WordRange w = facts.Get(static_cast<uint32_t>(facts.a_word));
      const uint16_t op = BPF_OP(n.code);
      if (Refine(w, op, n.k, true).empty()) {
        node = n.if_false;
      } else if (Refine(w, op, n.k, false).empty()) {
        node = n.if_true;
      } else {
        return node;
      }
    }
  }

  // Whether `node` overwrites A or returns without reading it.
  bool IsDeadEnd(NodeId node) const {
    const uint16_t code = dag_->Get(node).code;
    return code == kLoad || code == (BPF_RET | BPF_K);
  }

  static bool IsKBranch(uint16_t code) {
    if (BPF_CLASS(code) != BPF_JMP || BPF_SRC(code) != BPF_K) return false;
    const uint16_t op = BPF_OP(code);
    return op == BPF_JEQ || op == BPF_JGT || op == BPF_JGE || op == BPF_JSET;
  }

  NodeId Build(NodeId node, const FilterDag::NodeView& n, const Facts& facts) {
    if (n.code == kLoad) {
      if (n.k < kFirstArgOffset) {
        Facts after = facts;
        after.a_word = -1;
        return dag_->Statement(n.code, n.k, Run(n.if_true, after));
      }
      if (facts.a_word == static_cast<int64_t>(n.k)) {
        return Run(n.if_true, facts);  // A holds the word already
      }
      Facts after = facts;
      after.a_word = n.k;
      const NodeId skipped = SkipDecided(n.if_true, after);
      if (IsDeadEnd(skipped)) {
        return Run(skipped, facts);  // the word is never read: A unchanged
      }
      const NodeId next = Run(skipped, after);
      // Nor when the facts removed every test before the next load.
      if (IsDeadEnd(next)) return next;
      return dag_->Statement(n.code, n.k, next);
    }
    if (IsKBranch(n.code)) {
      if (facts.a_word < 0) {
        return dag_->Branch(n.code, n.k, Run(n.if_true, facts),
                            Run(n.if_false, facts));
      }
      const WordRange w = facts.Get(static_cast<uint32_t>(facts.a_word));
      const uint16_t op = BPF_OP(n.code);
      const WordRange if_true = Refine(w, op, n.k, true);
      const WordRange if_false = Refine(w, op, n.k, false);
      if (if_true.empty()) return Run(n.if_false, facts);
      if (if_false.empty()) return Run(n.if_true, facts);
      Facts t = facts, f = facts;
      t.Set(if_true);
      f.Set(if_false);
      return dag_->Branch(n.code, n.k, Run(n.if_true, t), Run(n.if_false, f));
    }
    if (BPF_CLASS(n.code) == BPF_ALU) {  // A is no argument word after it
      Facts after = facts;
      after.a_word = -1;
      const NodeId next = Run(n.if_true, after);
      if (IsDeadEnd(next)) return next;  // its result is never read
      return dag_->Statement(n.code, n.k, next);
    }
    return node;  // not understood: the original code
  }

  FilterDag* dag_;
  size_t budget_;
  size_t built_ = 0;
  absl::flat_hash_map<MemoKey, NodeId> memo_;
};

// Nodes reachable from `root` (bounded by `limit`).
size_t CountReachable(const FilterDag& dag, NodeId root, size_t limit) {
  std::vector<NodeId> stack = {root};
  absl::flat_hash_map<NodeId, bool> seen;
  while (!stack.empty() && seen.size() <= limit) {
    const NodeId id = stack.back();
    stack.pop_back();
    if (!seen.emplace(id, true).second) continue;
    const FilterDag::NodeView n = dag.Get(id);
    if (n.if_true >= 0) stack.push_back(n.if_true);
    if (n.if_false >= 0) stack.push_back(n.if_false);
  }
  return seen.size();
}

}  // namespace

NodeId SpecializeOnKnownWords(FilterDag* dag, NodeId root) {
  // Recursion follows paths; long chains (thousands of rules) keep their
  // plain code rather than risk the stack.
  constexpr size_t kMaxChain = 1000;
  const size_t nodes = CountReachable(*dag, root, kMaxChain);
  if (nodes > kMaxChain) return root;
  Specializer s(dag, 4 * nodes + 64);
  return s.Run(root, Facts{});
}

}  // namespace seccompc

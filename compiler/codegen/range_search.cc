#include "compiler/codegen/range_search.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace seccompc {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Choice codes in the DP table; values >= 1 are split points.
constexpr int16_t kChain = -1;
constexpr int kMaxChain = 7;  // longer chains are never cheaper than a tree
constexpr int kMaxChainSlots = 2 * kMaxChain + 1;
constexpr int16_t kLeafChoice = 0;

// The best JEQ chain for an interval: the decision it falls back to and the
// single numbers it tests, heaviest first.
struct Chain {
  double cost = kInfinity;
  int base = -1;
  std::vector<int> tests;  // range indices
};

class Planner {
 public:
  Planner(absl::Span<const SyscallRange> ranges,
          absl::Span<const double> weights, const RangeSearchOptions& options)
      : ranges_(ranges),
        weights_(weights.begin(), weights.end()),
        options_(options) {
    n_ = static_cast<int>(ranges.size());
  }

  RangeSearch Plan() {
    RangeSearch search;
    const int depth_limit =
        options_.depth_slack < 0 ? n_ : CeilLog2(n_) + options_.depth_slack;
    if (n_ <= options_.max_optimal_ranges) {
      // The optimum for the given weights is usually shallow enough. When
      // it is not, flatten the weights towards uniform (which favours
      // balance) and try again.
      const std::vector<double> original = weights_;
      double total = 0;
      for (double w : original) total += w;
      const double mean = total / n_;
      double extra = 0;
      for (int attempt = 0; attempt < 8; ++attempt) {
        for (int r = 0; r < n_; ++r) weights_[r] = original[r] + extra;
        Optimize();
        search.nodes.clear();
        search.root = Build(0, n_ - 1, &search);
        search.optimal = attempt == 0;
        weights_ = original;
        Measure(&search);
        if (search.depth <= depth_limit) return search;
        extra = extra == 0 ? mean : extra * 4;
      }
    }
    search.nodes.clear();
    search.optimal = false;
    search.root = Balanced(0, n_ - 1, &search);
    Measure(&search);
    return search;
  }

 private:
  static int CeilLog2(int n) {
    int d = 0;
    while ((1 << d) < n) ++d;
    return d;
  }

  double W(int i, int j) const { return prefix_[j + 1] - prefix_[i]; }
  int Index(int i, int j) const { return i * n_ + j; }
  int ChainSlots() const {
    return 2 * std::clamp(options_.max_chain, 0, kMaxChain) + 1;
  }

  // The cheapest chain over ranges i..j (j - i < ChainSlots()). Called for
  // every short interval, so it avoids the heap.
  Chain BestChain(int i, int j) const {
    Chain best;
    int block = -1;  // the one decision of the multi-number ranges
    for (int r = i; r <= j; ++r) {
      if (ranges_[r].is_single()) continue;
      if (block >= 0 && ranges_[r].decision != block) return best;
      block = ranges_[r].decision;
    }
    for (int candidate = i; candidate <= j; ++candidate) {
      const int base = block >= 0 ? block : ranges_[candidate].decision;
      if (block >= 0 && candidate > i) break;  // one base to try
      double base_weight = 0;
      std::array<int, kMaxChainSlots> tests;
      int s = 0;
      for (int r = i; r <= j; ++r) {
        if (ranges_[r].decision == base) {
          base_weight += weights_[r];
        } else if (s < std::min(options_.max_chain, kMaxChain)) {
          tests[s++] = r;
        } else {
          s = -1;
          break;
        }
      }
      if (s <= 0) continue;
      std::stable_sort(tests.begin(), tests.begin() + s,
                       [&](int a, int b) { return weights_[a] > weights_[b]; });
      double cost = s * (base_weight + options_.per_comparison_cost);
      for (int k = 0; k < s; ++k) cost += (k + 1) * weights_[tests[k]];
      if (cost < best.cost) {
        best.cost = cost;
        best.base = base;
        best.tests.assign(tests.begin(), tests.begin() + s);
      }
    }
    return best;
  }

  // Fills choice_ with the cheapest tree of every interval: Knuth's O(n^2)
  // dynamic program over split points, where a short interval may instead
  // be a JEQ chain.
  void Optimize() {
    prefix_.assign(n_ + 1, 0);
    for (int i = 0; i < n_; ++i) prefix_[i + 1] = prefix_[i] + weights_[i];
    const int slots = ChainSlots();
    // Members, so that a second attempt reuses the memory.
    std::vector<double>& chain_cost = chain_cost_;
    chain_cost.assign(static_cast<size_t>(n_) * slots, kInfinity);
    for (int i = 0; i < n_; ++i) {
      for (int len = 2; len <= slots && i + len - 1 < n_; ++len) {
        chain_cost[i * slots + len - 1] = BestChain(i, i + len - 1).cost;
      }
    }
    std::vector<double>& cost = cost_;
    cost.assign(static_cast<size_t>(n_) * n_, 0);
    // Best split point of each interval, chosen or not: Knuth's window.
    std::vector<int16_t>& root = root_;
    root.assign(cost.size(), 0);
    choice_.assign(cost.size(), kLeafChoice);
    for (int i = 0; i < n_; ++i) root[Index(i, i)] = static_cast<int16_t>(i);
    for (int len = 2; len <= n_; ++len) {
      for (int i = 0; i + len - 1 < n_; ++i) {
        const int j = i + len - 1;
        const int lo = std::max(i + 1, static_cast<int>(root[Index(i, j - 1)]));
        const int hi = std::min(j, static_cast<int>(root[Index(i + 1, j)]));
        double best = kInfinity;
        int best_split = i + 1;
        for (int k = lo; k <= hi; ++k) {
          const double c = cost[Index(i, k - 1)] + cost[Index(k, j)];
          if (c < best) {
            best = c;
            best_split = k;
          }
        }
        best += W(i, j) + options_.per_comparison_cost;
        root[Index(i, j)] = static_cast<int16_t>(best_split);
        choice_[Index(i, j)] = static_cast<int16_t>(best_split);
        if (len <= slots && chain_cost[i * slots + len - 1] < best) {
          best = chain_cost[i * slots + len - 1];
          choice_[Index(i, j)] = kChain;
        }
        cost[Index(i, j)] = best;
      }
    }
  }

  int AddNode(RangeSearch* search, SearchNode node) {
    search->nodes.push_back(node);
    return static_cast<int>(search->nodes.size()) - 1;
  }

  int Leaf(int r, RangeSearch* search) {
    SearchNode leaf;
    leaf.decision = ranges_[r].decision;
    return AddNode(search, leaf);
  }

  int Build(int i, int j, RangeSearch* search) {
    const int16_t choice = choice_[Index(i, j)];
    if (i == j) return Leaf(i, search);
    if (choice == kChain) {
      Chain chain = BestChain(i, j);
      SearchNode base;
      base.decision = chain.base;
      int next = AddNode(search, base);
      for (auto it = chain.tests.rbegin(); it != chain.tests.rend(); ++it) {
        SearchNode test;
        test.kind = SearchNode::Kind::kEquals;
        test.k = ranges_[*it].first;
        test.if_true = Leaf(*it, search);
        test.if_false = next;
        next = AddNode(search, test);
      }
      return next;
    }
    SearchNode split;
    split.kind = SearchNode::Kind::kAtLeast;
    split.k = ranges_[choice].first;
    split.if_true = Build(choice, j, search);
    split.if_false = Build(i, choice - 1, search);
    return AddNode(search, split);
  }

  int Balanced(int i, int j, RangeSearch* search) {
    if (i == j) return Leaf(i, search);
    const int k = i + (j - i + 2) / 2;  // right half starts here
    SearchNode split;
    split.kind = SearchNode::Kind::kAtLeast;
    split.k = ranges_[k].first;
    split.if_true = Balanced(k, j, search);
    split.if_false = Balanced(i, k - 1, search);
    return AddNode(search, split);
  }

  // Depth and expected cost; every number of a range takes the same path.
  void Measure(RangeSearch* search) const {
    search->depth = 0;
    search->expected_cost = 0;
    for (int r = 0; r < n_; ++r) {
      int comparisons = 0;
      search->Find(ranges_[r].first, &comparisons);
      search->depth = std::max(search->depth, comparisons);
      search->expected_cost += comparisons * weights_[r];
    }
  }

  absl::Span<const SyscallRange> ranges_;
  std::vector<double> weights_;
  const RangeSearchOptions& options_;
  int n_ = 0;
  std::vector<double> prefix_;
  std::vector<int16_t> choice_;     // [i * n + j]: split point, or kChain
  std::vector<double> cost_;        // [i * n + j]: expected cost
  std::vector<int16_t> root_;       // [i * n + j]: best split point
  std::vector<double> chain_cost_;  // [i * slots + len - 1]
};

}  // namespace

int RangeSearch::Find(uint32_t nr, int* comparisons) const {
  int count = 0;
  int node = root;
  while (nodes[node].kind != SearchNode::Kind::kLeaf) {
    const SearchNode& n = nodes[node];
    ++count;
    const bool taken =
        n.kind == SearchNode::Kind::kAtLeast ? nr >= n.k : nr == n.k;
    node = taken ? n.if_true : n.if_false;
  }
  if (comparisons != nullptr) *comparisons = count;
  return nodes[node].decision;
}

RangeSearch PlanRangeSearch(absl::Span<const SyscallRange> ranges,
                            absl::Span<const double> weights,
                            const RangeSearchOptions& options) {
  return Planner(ranges, weights, options).Plan();
}

}  // namespace seccompc

#include "compiler/codegen/range_search.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace seccompc {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Choice codes in the DP tables; values >= 1 are split points.
constexpr int16_t kInfeasible = -2;
constexpr int16_t kChain = -1;
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
      : ranges_(ranges), weights_(weights), options_(options) {
    n_ = static_cast<int>(ranges.size());
    prefix_.assign(n_ + 1, 0);
    for (int i = 0; i < n_; ++i) prefix_[i + 1] = prefix_[i] + weights[i];
  }

  RangeSearch Plan() {
    RangeSearch search;
    int depth_limit = n_;
    const int log2 = CeilLog2(n_);
    if (options_.depth_slack >= 0) depth_limit = log2 + options_.depth_slack;
    depth_limit = std::min(depth_limit, n_ - 1);
    if (n_ > options_.max_optimal_ranges) {
      search.root = Balanced(0, n_ - 1, &search);
    } else {
      search.optimal = true;
      Optimize(depth_limit);
      search.root = Build(depth_limit, 0, n_ - 1, &search);
    }
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

  // The cheapest chain over ranges i..j (j - i <= 2 * max_chain).
  Chain BestChain(int i, int j) const {
    Chain best;
    std::vector<int> bases;
    for (int r = i; r <= j; ++r) {
      if (!ranges_[r].is_single()) bases.push_back(ranges_[r].decision);
    }
    std::sort(bases.begin(), bases.end());
    bases.erase(std::unique(bases.begin(), bases.end()), bases.end());
    if (bases.size() > 1) return best;  // two blocks: no single fallback
    if (bases.empty()) {
      for (int r = i; r <= j; ++r) bases.push_back(ranges_[r].decision);
    }
    for (int base : bases) {
      Chain chain;
      chain.base = base;
      double base_weight = 0;
      for (int r = i; r <= j; ++r) {
        if (ranges_[r].decision == base) {
          base_weight += weights_[r];
        } else {
          chain.tests.push_back(r);
        }
      }
      const int s = static_cast<int>(chain.tests.size());
      if (s == 0 || s > options_.max_chain) continue;
      std::stable_sort(chain.tests.begin(), chain.tests.end(),
                       [&](int a, int b) { return weights_[a] > weights_[b]; });
      chain.cost = s * (base_weight + options_.per_comparison_cost);
      for (int k = 0; k < s; ++k)
        chain.cost += (k + 1) * weights_[chain.tests[k]];
      if (chain.cost < best.cost) best = std::move(chain);
    }
    return best;
  }

  // Fills choice_[d] for d = 0..depth_limit.
  void Optimize(int depth_limit) {
    const int max_chain = std::max(0, options_.max_chain);
    // Chains are short, so only short intervals can be one.
    chain_cost_.assign(static_cast<size_t>(n_) * (2 * max_chain + 1),
                       kInfinity);
    chain_len_.assign(chain_cost_.size(), 0);
    for (int i = 0; i < n_; ++i) {
      for (int len = 2; len <= 2 * max_chain + 1 && i + len - 1 < n_; ++len) {
        Chain c = BestChain(i, i + len - 1);
        chain_cost_[i * (2 * max_chain + 1) + len - 1] = c.cost;
        chain_len_[i * (2 * max_chain + 1) + len - 1] =
            static_cast<int>(c.tests.size());
      }
    }
    std::vector<double> prev(static_cast<size_t>(n_) * n_, kInfinity);
    std::vector<double> cur(prev.size());
    for (int i = 0; i < n_; ++i) prev[Index(i, i)] = 0;
    choice_.assign(depth_limit + 1, {});
    choice_[0].assign(prev.size(), kInfeasible);
    for (int i = 0; i < n_; ++i) choice_[0][Index(i, i)] = kLeafChoice;

    int max_leaves = 1;  // most leaves a tree of this height can have
    for (int d = 1; d <= depth_limit; ++d) {
      max_leaves = std::max(2 * max_leaves, 2 * std::min(d, max_chain) + 1);
      std::vector<int16_t>& choice = choice_[d];
      choice.assign(prev.size(), kInfeasible);
      std::fill(cur.begin(), cur.end(), kInfinity);
      for (int i = 0; i < n_; ++i) {
        cur[Index(i, i)] = 0;
        choice[Index(i, i)] = kLeafChoice;
      }
      for (int len = 2; len <= n_; ++len) {
        if (len > max_leaves) break;
        for (int i = 0; i + len - 1 < n_; ++i) {
          const int j = i + len - 1;
          double best = kInfinity;
          int16_t best_choice = kInfeasible;
          if (len <= 2 * max_chain + 1) {
            const size_t c = i * (2 * max_chain + 1) + len - 1;
            if (chain_len_[c] <= d && chain_cost_[c] < best) {
              best = chain_cost_[c];
              best_choice = kChain;
            }
          }
          // Knuth's window: the best root moves right as the interval does.
          int lo = i + 1, hi = j;
          const int16_t left = choice[Index(i, j - 1)];
          const int16_t right = choice[Index(i + 1, j)];
          if (left >= 1 && right >= 1 && left <= right) {
            lo = std::max(lo, static_cast<int>(left));
            hi = std::min(hi, static_cast<int>(right));
          }
          const double base = W(i, j) + options_.per_comparison_cost;
          auto scan = [&](int from, int to) {
            for (int k = from; k <= to; ++k) {
              const double c = base + prev[Index(i, k - 1)] + prev[Index(k, j)];
              if (c < best) {
                best = c;
                best_choice = static_cast<int16_t>(k);
              }
            }
          };
          scan(lo, hi);
          if (best == kInfinity) scan(i + 1, j);  // window held no tree
          cur[Index(i, j)] = best;
          choice[Index(i, j)] = best_choice;
        }
      }
      prev.swap(cur);
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

  int Build(int d, int i, int j, RangeSearch* search) {
    const int16_t choice = choice_[d][Index(i, j)];
    if (choice == kLeafChoice) return Leaf(i, search);
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
    // kInfeasible cannot reach here: depth_limit >= ceil(log2 n) always
    // admits a balanced tree.
    SearchNode split;
    split.kind = SearchNode::Kind::kAtLeast;
    split.k = ranges_[choice].first;
    split.if_true = Build(d - 1, choice, j, search);
    split.if_false = Build(d - 1, i, choice - 1, search);
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

  void Measure(RangeSearch* search) const {
    search->depth = 0;
    search->expected_cost = 0;
    for (int r = 0; r < n_; ++r) {
      for (uint32_t nr : {ranges_[r].first, ranges_[r].last}) {
        int comparisons = 0;
        search->Find(nr, &comparisons);
        search->depth = std::max(search->depth, comparisons);
        if (nr == ranges_[r].first)
          search->expected_cost += comparisons * weights_[r];
      }
    }
  }

  absl::Span<const SyscallRange> ranges_;
  absl::Span<const double> weights_;
  const RangeSearchOptions& options_;
  int n_ = 0;
  std::vector<double> prefix_;
  std::vector<double> chain_cost_;
  std::vector<int> chain_len_;
  std::vector<std::vector<int16_t>> choice_;  // [height][i * n + j]
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

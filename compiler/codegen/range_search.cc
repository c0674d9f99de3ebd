#include "compiler/codegen/range_search.h"

#include <algorithm>
#include <array>
#include <limits>

namespace seccompc {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Choice codes in the DP table; values >= 1 are split points (< n <=
// kMaxOptimalRanges, so int16_t holds them).
constexpr int16_t kChain = -1;
static_assert(kMaxOptimalRanges <= std::numeric_limits<int16_t>::max(),
              "split points are stored in int16_t");
// Cap on max_chain: a longer chain is deeper than a tree over its ranges.
constexpr int kMaxChain = 7;
constexpr int kMaxChainSlots = 2 * kMaxChain + 1;
constexpr int16_t kLeafChoice = 0;

// The best JEQ chain for an interval: the decision it falls back to and the
// single numbers it tests, heaviest first.
struct Chain {
  double cost = kInfinity;
  int base = -1;
  std::array<int, kMaxChainSlots> tests;  // range indices, first `count`
  int count = 0;
};

class Planner {
 public:
  Planner(absl::Span<const SyscallRange> ranges,
          absl::Span<const double> weights, const RangeSearchOptions& options,
          RangeSearchTables* tables)
      : ranges_(ranges),
        weights_(weights),
        options_(options),
        tables_(*tables) {
    n_ = static_cast<int>(ranges.size());
  }

  RangeSearch Plan() {
    RangeSearch search;
    // A tree over n ranges has n leaves, at most n - 1 comparisons, and a
    // chain's base leaf each.
    search.nodes.reserve(3 * static_cast<size_t>(n_));
    comparisons_ = tables_.comparisons.Reserve(n_);
    const int depth_limit =
        options_.depth_slack < 0 ? n_ : CeilLog2(n_) + options_.depth_slack;
    if (n_ <= std::min(options_.max_optimal_ranges, kMaxOptimalRanges)) {
      Optimize();
      // The optimum is used where it is shallow enough; where it is not,
      // Build() moves splits towards the middle just enough to fit.
      search.optimal = Height(0, n_ - 1) <= depth_limit;
      search.root =
          Build(0, n_ - 1, std::max(depth_limit, CeilLog2(n_)), 0, &search);
      Measure(&search);
      return search;
    }
    search.nodes.clear();
    search.optimal = false;
    search.root = Balanced(0, n_ - 1, 0, &search);
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
  // Interval i..j (i <= j) in the triangles cells_ and cost_, stored by
  // diagonal: diagonal j - i holds i = 0..n-1-(j-i).
  size_t Index(int i, int j) const { return diagonal_start_[j - i] + i; }
  double Cost(int i, int j) const { return cost_[Index(i, j)]; }
  int ChainSlots() const {
    return 2 * std::clamp(options_.max_chain, 0, kMaxChain) + 1;
  }

  // The cheapest chain over ranges i..j (j - i < ChainSlots()). Called for
  // every short interval, so it avoids the heap.
  Chain BestChain(int i, int j) const {
    int block = kNoBlock;
    for (int r = i; r <= j && block != kMixedBlocks; ++r) {
      block = AddToBlock(block, r);
    }
    return BestChain(i, j, block);
  }

  // The one decision of the multi-number ranges of an interval, which is a
  // chain's only possible base; kNoBlock when all are single numbers, and
  // kMixedBlocks when two decisions have such ranges: then the interval
  // and every one around it has no chain.
  static constexpr int kNoBlock = -1;
  static constexpr int kMixedBlocks = -2;
  int AddToBlock(int block, int r) const {
    if (ranges_[r].is_single() || block == kMixedBlocks) return block;
    if (block == kNoBlock || block == ranges_[r].decision) {
      return ranges_[r].decision;
    }
    return kMixedBlocks;
  }

  // The same, given AddToBlock() over i..j.
  Chain BestChain(int i, int j, int block) const {
    Chain best;
    if (block == kMixedBlocks) return best;
    for (int candidate = i; candidate <= j; ++candidate) {
      const int base = block >= 0 ? block : ranges_[candidate].decision;
      if (block >= 0 && candidate > i) break;  // one base to try
      bool tried = false;
      for (int r = i; r < candidate && !tried; ++r) {
        tried = ranges_[r].decision == base;
      }
      if (tried) continue;
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
      // Heaviest first; insertion sort, s is tiny and order must be stable.
      for (int a = 1; a < s; ++a) {
        for (int b = a; b > 0 && weights_[tests[b]] > weights_[tests[b - 1]];
             --b) {
          std::swap(tests[b], tests[b - 1]);
        }
      }
      double cost = s * (base_weight + options_.per_comparison_cost);
      for (int k = 0; k < s; ++k) cost += (k + 1) * weights_[tests[k]];
      if (cost < best.cost) {
        best.cost = cost;
        best.base = base;
        best.tests = tests;
        best.count = s;
      }
    }
    return best;
  }

  // Fills cells_ with the cheapest tree of every interval: Knuth's O(n^2)
  // dynamic program over split points, where a short interval may instead
  // be a JEQ chain.
  void Optimize() {
    // Every cell is written before it is read, so these tables are not
    // cleared.
    prefix_ = tables_.prefix.Reserve(n_ + 1);
    prefix_[0] = 0;
    for (int i = 0; i < n_; ++i) prefix_[i + 1] = prefix_[i] + weights_[i];
    const int slots = ChainSlots();
    const size_t chain_cells = static_cast<size_t>(n_) * slots;
    chain_cost_ = tables_.chain_cost.Reserve(chain_cells);
    chain_length_ = tables_.chain_length.Reserve(chain_cells);
    for (int i = 0; i < n_; ++i) {
      int block = AddToBlock(kNoBlock, i);
      for (int len = 2; len <= slots && i + len - 1 < n_; ++len) {
        block = AddToBlock(block, i + len - 1);
        const Chain chain = BestChain(i, i + len - 1, block);
        chain_cost_[i * slots + len - 1] = chain.cost;
        chain_length_[i * slots + len - 1] = static_cast<int16_t>(chain.count);
      }
    }
    // Every cell needs only shorter intervals. So the table is solved by
    // length, one diagonal (j - i fixed) at a time: the cells of a diagonal
    // are independent of each other, so the CPU overlaps them instead of
    // waiting on a chain of dependent loads and compares, and Knuth's
    // bounds for a cell are neighbours in the diagonal before. The
    // results are the same in any order. Tables are triangles, so that
    // they stay small: freshly allocated (once per program,
    // RangeSearchTables), tables of n^2 cells cost more in page faults
    // than the search itself.
    const size_t cells = static_cast<size_t>(n_) * (n_ + 1) / 2;
    cost_ = tables_.cost.Reserve(cells);
    cells_ = tables_.cells.Reserve(cells);
    // Diagonal d holds the n - d intervals i..i+d; it starts after the
    // n + (n-1) + ... + (n-d+1) cells of the shorter ones.
    diagonal_start_ = tables_.diagonal_start.Reserve(n_);
    for (int d = 0; d < n_; ++d) {
      diagonal_start_[d] =
          static_cast<size_t>(d) * n_ - static_cast<size_t>(d) * (d - 1) / 2;
    }
    for (int i = 0; i < n_; ++i) {
      cells_[i] = {static_cast<int16_t>(i), kLeafChoice};
      cost_[i] = 0;
    }
    // The one table that is cleared: Height() fills it on demand.
    heights_ = tables_.heights.Reserve(cells);
    std::fill_n(heights_, cells, int16_t{-1});
    for (int d = 1; d < n_; ++d) {
      const RangeSearchTables::Cell* shorter = cells_ + diagonal_start_[d - 1];
      RangeSearchTables::Cell* cell = cells_ + diagonal_start_[d];
      double* cost = cost_ + diagonal_start_[d];
      SolveDiagonal(d, n_, diagonal_start_, cost_, prefix_,
                    options_.per_comparison_cost, shorter, cell, cost);
      if (d >= slots) continue;  // too long for a chain
      for (int i = 0; i + d < n_; ++i) {
        const double chain = chain_cost_[static_cast<size_t>(i) * slots + d];
        if (chain < cost[i]) {
          cost[i] = chain;
          cell[i].choice = kChain;
        }
      }
    }
  }

  // The best splits of diagonal d (intervals i..i+d, d >= 1) within
  // Knuth's bounds, the best splits of i..i+d-1 and i+1..i+d in the
  // diagonal before (`shorter`). A function of its own, with the tables
  // as arguments, so that the loop keeps everything in registers (inlined
  // into the planner, it spilled to the stack).
  __attribute__((noinline)) static void SolveDiagonal(
      int d, int n, const size_t* diagonal_start, const double* all_costs,
      const double* prefix, double per_comparison_cost,
      const RangeSearchTables::Cell* shorter, RangeSearchTables::Cell* cell,
      double* cost) {
    for (int i = 0; i + d < n; ++i) {
      const int j = i + d;
      const int lo = std::max(i + 1, static_cast<int>(shorter[i].root));
      const int hi = std::min(j, static_cast<int>(shorter[i + 1].root));
      double best = kInfinity;
      int best_split = lo;
      for (int k = lo; k <= hi; ++k) {
        // The cost of i..k-1 plus that of k..j.
        const double c = all_costs[diagonal_start[k - 1 - i] + i] +
                         all_costs[diagonal_start[j - k] + k];
        if (c < best) {
          best = c;
          best_split = k;
        }
      }
      best += (prefix[j + 1] - prefix[i]) + per_comparison_cost;
      cell[i].root = static_cast<int16_t>(best_split);
      cell[i].choice = static_cast<int16_t>(best_split);
      cost[i] = best;
    }
  }

  int AddNode(RangeSearch* search, SearchNode node) {
    search->nodes.push_back(node);
    return static_cast<int>(search->nodes.size()) - 1;
  }

  // A leaf for range r, reached after `depth` comparisons.
  int Leaf(int r, int depth, RangeSearch* search) {
    comparisons_[r] = depth;
    SearchNode leaf;
    leaf.decision = ranges_[r].decision;
    return AddNode(search, leaf);
  }

  // The subtree for ranges i..j in at most `budget` comparisons (budget >=
  // ceil(log2(j - i + 1))): the optimum's when it fits, else a split as
  // close to the optimum's as the two halves allow. `depth`: the
  // comparisons before it.
  int Build(int i, int j, int budget, int depth, RangeSearch* search) {
    if (i == j) return Leaf(i, depth, search);
    const int16_t choice = Cell(i, j).choice;
    const bool fits = Height(i, j) <= budget;
    if (fits && choice == kChain) {
      Chain chain = BestChain(i, j);
      // The ranges of the base decision fail every test; the others are
      // the tested ones.
      for (int r = i; r <= j; ++r) {
        if (ranges_[r].decision == chain.base) {
          comparisons_[r] = depth + chain.count;
        }
      }
      SearchNode base;
      base.decision = chain.base;
      int next = AddNode(search, base);
      for (int t = chain.count - 1; t >= 0; --t) {
        SearchNode test;
        test.kind = SearchNode::Kind::kEquals;
        test.k = ranges_[chain.tests[t]].first;
        test.if_true = Leaf(chain.tests[t], depth + t + 1, search);
        test.if_false = next;
        next = AddNode(search, test);
      }
      return next;
    }
    int k = fits ? choice : Cell(i, j).root;
    if (!fits) {
      // Each half must hold at most 2^(budget-1) ranges.
      const int half = 1 << (budget - 1);
      k = std::clamp(k, std::max(i + 1, j + 1 - half), std::min(j, i + half));
    }
    SearchNode split;
    split.kind = SearchNode::Kind::kAtLeast;
    split.k = ranges_[k].first;
    split.if_true = Build(k, j, budget - 1, depth + 1, search);
    split.if_false = Build(i, k - 1, budget - 1, depth + 1, search);
    return AddNode(search, split);
  }

  int Balanced(int i, int j, int depth, RangeSearch* search) {
    if (i == j) return Leaf(i, depth, search);
    const int k = i + (j - i + 2) / 2;  // right half starts here
    SearchNode split;
    split.kind = SearchNode::Kind::kAtLeast;
    split.k = ranges_[k].first;
    split.if_true = Balanced(k, j, depth + 1, search);
    split.if_false = Balanced(i, k - 1, depth + 1, search);
    return AddNode(search, split);
  }

  // Depth and expected cost; every number of a range takes the same path,
  // whose comparisons Build() or Balanced() noted. Summed in range order.
  void Measure(RangeSearch* search) const {
    search->depth = 0;
    search->expected_cost = 0;
    for (int r = 0; r < n_; ++r) {
      search->depth = std::max(search->depth, comparisons_[r]);
      search->expected_cost += comparisons_[r] * weights_[r];
    }
  }

  absl::Span<const SyscallRange> ranges_;
  absl::Span<const double> weights_;
  const RangeSearchOptions& options_;
  RangeSearchTables& tables_;
  int n_ = 0;
  // Comparisons on the path to each range, as the tree is built.
  int* comparisons_ = nullptr;
  // The tables, in tables_, sized by Optimize().
  double* prefix_ = nullptr;
  // What the dynamic program keeps of the interval i..j.
  using DpCell = RangeSearchTables::Cell;
  const DpCell& Cell(int i, int j) const { return cells_[Index(i, j)]; }

  // Depth of the optimum of i..j, the chain's when it chose one, else one
  // more than the deeper of its best split's halves (whether or not a
  // chain was chosen there). Computed on demand and kept: Build() asks
  // about few intervals, the dynamic program would compute every one.
  int Height(int i, int j) {
    if (i == j) return 0;
    int16_t& kept = heights_[Index(i, j)];
    if (kept >= 0) return kept;
    const DpCell& cell = Cell(i, j);
    const int height =
        cell.choice == kChain
            ? chain_length_[static_cast<size_t>(i) * ChainSlots() + j - i]
            : 1 + std::max(Height(i, cell.root - 1), Height(cell.root, j));
    kept = static_cast<int16_t>(height);  // < n <= kMaxOptimalRanges
    return height;
  }
  DpCell* cells_ = nullptr;           // [Index(i, j)]
  double* cost_ = nullptr;            // [Index(i, j)]: expected cost
  size_t* diagonal_start_ = nullptr;  // Index(0, d)
  // Height() of the intervals asked about, -1 for the others.
  int16_t* heights_ = nullptr;       // [Index(i, j)]
  double* chain_cost_ = nullptr;     // [i * slots + len - 1]
  int16_t* chain_length_ = nullptr;  // [i * slots + len - 1]: its tests
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
                            const RangeSearchOptions& options,
                            RangeSearchTables* tables) {
  return Planner(ranges, weights, options, tables).Plan();
}

RangeSearch PlanRangeSearch(absl::Span<const SyscallRange> ranges,
                            absl::Span<const double> weights,
                            const RangeSearchOptions& options) {
  RangeSearchTables tables;
  return PlanRangeSearch(ranges, weights, options, &tables);
}

}  // namespace seccompc

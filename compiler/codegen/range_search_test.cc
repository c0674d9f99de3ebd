#include "compiler/codegen/range_search.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

// Contiguous ranges over the u32 space with random lengths (some single
// numbers) and decisions, neighbours different.
std::vector<SyscallRange> RandomRanges(std::mt19937_64& rng, int n,
                                       int decisions) {
  std::vector<SyscallRange> ranges;
  uint32_t first = 0;
  for (int i = 0; i < n; ++i) {
    const uint32_t len = rng() % 3 == 0 ? 1 : 1 + rng() % 20;
    int d = rng() % decisions;
    if (!ranges.empty() && d == ranges.back().decision) {
      d = (d + 1) % decisions;
    }
    const uint32_t last = i == n - 1 ? 0xFFFFFFFF : first + len - 1;
    ranges.push_back({first, last, d});
    first = last + 1;
  }
  return ranges;
}

std::vector<double> RandomWeights(std::mt19937_64& rng, int n) {
  std::vector<double> w(n);
  for (double& x : w) x = rng() % 4 == 0 ? 0.05 : (rng() % 1000) / 10.0;
  return w;
}

// Every number of every range (its ends and neighbours) finds its decision.
void ExpectFindsEveryRange(const RangeSearch& search,
                           const std::vector<SyscallRange>& ranges) {
  for (const SyscallRange& r : ranges) {
    for (uint32_t nr : {r.first, r.last, r.first + (r.last - r.first) / 2}) {
      ASSERT_EQ(search.Find(nr), r.decision) << nr;
    }
  }
}

TEST(RangeSearchTest, SingleRangeIsALeaf) {
  const std::vector<SyscallRange> ranges = {{0, 0xFFFFFFFF, 3}};
  const RangeSearch s = PlanRangeSearch(ranges, {1.0}, {});
  EXPECT_EQ(s.depth, 0);
  EXPECT_EQ(s.Find(12345), 3);
}

TEST(RangeSearchTest, HoleInABlockIsOneJeq) {
  // allow 0..9, deny 10, allow 11..: one JEQ is enough.
  const std::vector<SyscallRange> ranges = {
      {0, 9, 0}, {10, 10, 1}, {11, 0xFFFFFFFF, 0}};
  const RangeSearch s = PlanRangeSearch(ranges, {10, 0.05, 10}, {});
  EXPECT_EQ(s.depth, 1);
  ASSERT_EQ(s.nodes[s.root].kind, SearchNode::Kind::kEquals);
  EXPECT_EQ(s.nodes[s.root].k, 10u);
  ExpectFindsEveryRange(s, ranges);
}

TEST(RangeSearchTest, RandomRangesAreFoundWithinTheDepthLimit) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 300; ++i) {
    const int n = 1 + rng() % 200;
    const std::vector<SyscallRange> ranges =
        RandomRanges(rng, n, 1 + rng() % 6);
    const std::vector<double> weights = RandomWeights(rng, n);
    RangeSearchOptions options;
    options.max_chain = rng() % 5;
    const RangeSearch s = PlanRangeSearch(ranges, weights, options);
    ExpectFindsEveryRange(s, ranges);
    const int log2 = static_cast<int>(std::ceil(std::log2(n)));
    EXPECT_LE(s.depth, log2 + options.depth_slack) << "n " << n;
  }
}

TEST(RangeSearchTest, LargeInputsGetABalancedTree) {
  std::mt19937_64 rng(6);
  RangeSearchOptions options;
  options.max_optimal_ranges = 50;
  const std::vector<SyscallRange> ranges = RandomRanges(rng, 1000, 3);
  const RangeSearch s =
      PlanRangeSearch(ranges, RandomWeights(rng, 1000), options);
  EXPECT_FALSE(s.optimal);
  EXPECT_EQ(s.depth, 10);  // ceil(log2(1000))
  ExpectFindsEveryRange(s, ranges);
}

TEST(RangeSearchTest, MaxOptimalRangesIsCappedAtItsTableLimit) {
  std::mt19937_64 rng(7);
  RangeSearchOptions options;
  options.max_optimal_ranges = std::numeric_limits<int>::max();
  const int n = kMaxOptimalRanges + 1;
  const std::vector<SyscallRange> ranges = RandomRanges(rng, n, 3);
  const RangeSearch s = PlanRangeSearch(ranges, RandomWeights(rng, n), options);
  EXPECT_FALSE(s.optimal);
  EXPECT_EQ(s.depth, 12);  // ceil(log2(2049)): balanced
  ExpectFindsEveryRange(s, ranges);
}

// Without chains and without a depth limit the tree is the optimal
// alphabetic tree: compare with the textbook O(n^3) dynamic program.
TEST(RangeSearchTest, MatchesTheCubicOptimumWithoutChains) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) {
    const int n = 1 + rng() % 25;
    const std::vector<SyscallRange> ranges = RandomRanges(rng, n, 4);
    const std::vector<double> w = RandomWeights(rng, n);
    RangeSearchOptions options;
    options.max_chain = 0;
    options.depth_slack = -1;
    options.per_comparison_cost = 0;
    const RangeSearch s = PlanRangeSearch(ranges, w, options);
    // cost[i][j] = W(i..j) + min_k cost[i][k-1] + cost[k][j]
    std::vector<std::vector<double>> cost(n, std::vector<double>(n, 0));
    for (int len = 2; len <= n; ++len) {
      for (int a = 0; a + len - 1 < n; ++a) {
        const int b = a + len - 1;
        double best = std::numeric_limits<double>::infinity();
        for (int k = a + 1; k <= b; ++k) {
          best = std::min(best, cost[a][k - 1] + cost[k][b]);
        }
        double sum = 0;
        for (int r = a; r <= b; ++r) sum += w[r];
        cost[a][b] = best + sum;
      }
    }
    EXPECT_NEAR(s.expected_cost, cost[0][n - 1], 1e-6) << "case " << i;
    EXPECT_TRUE(s.optimal);
  }
}

TEST(RangeSearchTest, HeavyRangesSitHigh) {
  // One range carries nearly all the weight: it is found with one test.
  std::mt19937_64 rng(8);
  const std::vector<SyscallRange> ranges = RandomRanges(rng, 64, 5);
  std::vector<double> w(64, 0.05);
  w[40] = 1000;
  const RangeSearch s = PlanRangeSearch(ranges, w, {});
  int comparisons = 0;
  s.Find(ranges[40].first, &comparisons);
  EXPECT_LE(comparisons, 2);
}

// Fills every table with values no plan may use, as a larger earlier plan
// (or fresh, unzeroed memory) could leave them.
void PoisonTables(RangeSearchTables* tables, size_t n) {
  const size_t cells = n * (n + 1) / 2;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::fill_n(tables->prefix.Reserve(n + 1), n + 1, nan);
  std::fill_n(tables->chain_cost.Reserve(n * 15), n * 15, -1.0);
  std::fill_n(tables->chain_length.Reserve(n * 15), n * 15, int16_t{-7});
  std::fill_n(tables->cells.Reserve(cells), cells,
              RangeSearchTables::Cell{int16_t{-3}, int16_t{-3}});
  std::fill_n(tables->cost.Reserve(cells), cells, -1.0);
  std::fill_n(tables->diagonal_start.Reserve(n), n, size_t{0});
}

std::vector<int> Decisions(const RangeSearch& search) {
  std::vector<int> out;
  for (const SearchNode& node : search.nodes) {
    out.insert(out.end(),
               {static_cast<int>(node.kind), static_cast<int>(node.k),
                node.decision, node.if_true, node.if_false});
  }
  return out;
}

// Shared tables are working memory only: what is left in them never
// changes a plan, so one set serves every ABI group of a program.
TEST(RangeSearchTest, ReusedTablesGiveTheSamePlanAsFreshOnes) {
  std::mt19937_64 rng(11);
  RangeSearchTables shared;
  for (int i = 0; i < 100; ++i) {
    const int n = 1 + rng() % 200;
    const std::vector<SyscallRange> ranges =
        RandomRanges(rng, n, 1 + rng() % 6);
    const std::vector<double> weights = RandomWeights(rng, n);
    RangeSearchOptions options;
    options.max_chain = rng() % 5;
    PoisonTables(&shared, 200);
    const RangeSearch reused =
        PlanRangeSearch(ranges, weights, options, &shared);
    const RangeSearch fresh = PlanRangeSearch(ranges, weights, options);
    ASSERT_EQ(Decisions(reused), Decisions(fresh)) << "n " << n;
    EXPECT_EQ(reused.root, fresh.root);
    EXPECT_EQ(reused.expected_cost, fresh.expected_cost);
    EXPECT_EQ(reused.optimal, fresh.optimal);
  }
}

}  // namespace
}  // namespace seccompc

// The shape of the search that maps seccomp_data.nr to its range.
//
// Given the ranges of one ArchGroup (syscall_ranges.h) and a weight per
// range, PlanRangeSearch() builds a decision tree of comparisons on nr:
//   - kAtLeast nodes (JGE K) split the ranges in two, as in a binary search;
//   - kEquals nodes (JEQ K) pick out a single number; a chain of them covers
//     a stretch where every range but a few single numbers shares one
//     decision (an allowed block with a few denied holes costs one JEQ per
//     hole instead of two splits);
//   - leaves name a decision.
// Both comparisons are understood by the kernel's constant-action cache.
// The tree minimizes the expected number of comparisons, sum over ranges of
// weight x depth (plus a small cost per comparison instruction so that
// ties go to the smaller program), by Knuth's O(n^2) dynamic program, where
// short intervals may be JEQ chains. For split-only trees Knuth's window is
// exact (range_search_test checks it against the cubic program); with
// chains the window is kept as a heuristic, so "optimal" below means the
// program's best, not a proven optimum over chains. A depth
// limit keeps rarely weighted numbers from being buried: where the optimum
// is too deep, splits move towards the middle just enough for both halves
// to fit the remaining depth (the optimum is kept wherever it fits). Large
// inputs (over `max_optimal_ranges`, which is capped at kMaxOptimalRanges)
// get a balanced tree.
//
//   RangeSearch search = PlanRangeSearch(ranges, weights, {});
//   int decision = search.Find(nr);
#ifndef SECCOMPC_COMPILER_CODEGEN_RANGE_SEARCH_H_
#define SECCOMPC_COMPILER_CODEGEN_RANGE_SEARCH_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/types/span.h"
#include "compiler/codegen/syscall_ranges.h"

namespace seccompc {

// The most ranges the dynamic program takes, whatever max_optimal_ranges
// says: its tables hold split points in int16_t and grow as n^2 / 2 cells
// of 12 bytes (about 25 MB at this size); larger inputs get the balanced
// tree.
inline constexpr int kMaxOptimalRanges = 2048;

struct RangeSearchOptions {
  // Extra levels allowed over ceil(log2(ranges)); negative: no limit.
  int depth_slack = 2;
  // Longest JEQ chain; 0 turns chains off.
  int max_chain = 3;
  // Cost of one comparison instruction, relative to a weight of 1 taking
  // one more comparison.
  double per_comparison_cost = 0.01;
  // Inputs with more ranges get a balanced tree; values over
  // kMaxOptimalRanges act as kMaxOptimalRanges.
  int max_optimal_ranges = 600;
};

struct SearchNode {
  enum class Kind : uint8_t { kLeaf, kAtLeast, kEquals };
  Kind kind = Kind::kLeaf;
  uint32_t k = 0;     // kAtLeast: nr >= k; kEquals: nr == k
  int decision = -1;  // kLeaf
  int if_true = -1;   // child node indices
  int if_false = -1;
};

struct RangeSearch {
  std::vector<SearchNode> nodes;
  int root = -1;
  int depth = 0;             // most comparisons on any path
  double expected_cost = 0;  // sum of weight x comparisons
  // true: the dynamic program's best tree fit the depth limit and is used
  // unchanged. false: the depth limit moved some splits (the rest of that
  // tree is kept), or the input was too large and the tree is balanced.
  bool optimal = false;

  // The decision the tree reaches for `nr`; `comparisons` (optional) gets
  // the number of comparisons on the way.
  int Find(uint32_t nr, int* comparisons = nullptr) const;
};

// An array that grows but is never filled: the dynamic program writes every
// cell before it reads it, so zero-filling its tables would be wasted work.
template <typename T>
class ScratchArray {
 public:
  // Makes room for `size` elements; their values are unspecified.
  T* Reserve(size_t size) {
    if (size > capacity_) {
      data_.reset(new T[size]);  // default-initialized: not zeroed
      capacity_ = size;
    }
    return data_.get();
  }

 private:
  std::unique_ptr<T[]> data_;
  size_t capacity_ = 0;
};

// The dynamic program's working memory. It holds nothing between calls but
// allocated space: a caller planning several searches (one per ABI group)
// passes the same tables to each, so they are allocated and faulted in
// once. Not for use by two calls at the same time.
struct RangeSearchTables {
  struct Cell {
    int16_t root;    // best split point
    int16_t choice;  // the split point used, or a chain
  };
  ScratchArray<double> prefix;
  ScratchArray<double> chain_cost;
  ScratchArray<int16_t> chain_length;
  ScratchArray<Cell> cells;
  ScratchArray<double> cost;
  ScratchArray<size_t> diagonal_start;
  ScratchArray<int16_t> heights;
  ScratchArray<int> comparisons;
};

// `ranges` must be non-empty, contiguous and cover 0..0xFFFFFFFF;
// `weights` has one non-negative entry per range. `tables` is working
// memory only: the result does not depend on what an earlier call left
// there.
RangeSearch PlanRangeSearch(absl::Span<const SyscallRange> ranges,
                            absl::Span<const double> weights,
                            const RangeSearchOptions& options,
                            RangeSearchTables* tables);
// The same with tables of its own.
RangeSearch PlanRangeSearch(absl::Span<const SyscallRange> ranges,
                            absl::Span<const double> weights,
                            const RangeSearchOptions& options);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_RANGE_SEARCH_H_

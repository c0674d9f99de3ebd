// AndCompare (a branch's one-pass restriction of a set) and CompareConstant
// (a three-way comparison as one chain) against the comparisons built as
// diagrams and combined with And/If: the same function, so the same node,
// on random sets, masks and constants.
#include "compiler/prove/decision_diagram.h"

#include <random>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

using Comparison = DecisionDiagram::Comparison;

// A set over nr (word 0) and arch (word 1): a few random comparisons
// joined by And/Or, so that it has nodes above, at and below the compared
// word.
NodeId RandomSet(DecisionDiagram* dd, std::mt19937* rng) {
  std::uniform_int_distribution<uint32_t> any;
  NodeId set = kTrue;
  for (int i = 0; i < 4; ++i) {
    const uint32_t word = (*rng)() % 2;
    const NodeId c =
        (*rng)() % 2 ? dd->GreaterThanConstant(dd->WordBits(word), any(*rng),
                                               (*rng)() % 2)
                     : dd->EqualsConstant(dd->WordBits(word), any(*rng) & 0xff);
    set = (*rng)() % 2 ? dd->Or(set, c) : dd->And(set, c);
  }
  return set;
}

NodeId Condition(DecisionDiagram* dd, const BitVector& v, Comparison op,
                 uint32_t k) {
  switch (op) {
    case Comparison::kEqual:
      return dd->EqualsConstant(v, k);
    case Comparison::kGreater:
      return dd->GreaterThanConstant(v, k, false);
    case Comparison::kGreaterOrEqual:
      return dd->GreaterThanConstant(v, k, true);
    case Comparison::kAnyBitSet:
      return dd->AnyBitSet(v, k);
  }
  return kFalse;
}

TEST(AndCompareTest, EqualsTheComparisonDiagramCombinedWithTheSet) {
  std::mt19937 rng(7);
  DecisionDiagram dd(size_t{1} << 22);
  const Comparison ops[] = {Comparison::kEqual, Comparison::kGreater,
                            Comparison::kGreaterOrEqual,
                            Comparison::kAnyBitSet};
  int checked = 0;
  for (int round = 0; round < 2000; ++round) {
    const NodeId set = RandomSet(&dd, &rng);
    // A loaded word, masked (a literal), or two words mixed (not one).
    const uint32_t word = rng() % 3;
    BitVector v = dd.WordBits(word);
    const uint32_t mask = rng() % 2 ? ~0u : rng();
    for (uint32_t bit = 0; bit < 32; ++bit) {
      if (!((mask >> bit) & 1)) v[bit] = kFalse;
    }
    if (round % 5 == 0) v[3] = dd.Xor(v[3], dd.WordBits(1)[0]);
    // Constants near the set's own bounds matter most: small ones too.
    const uint32_t k = rng() % 2 ? rng() : rng() % 16;
    const Comparison op = ops[rng() % 4];
    const NodeId condition = Condition(&dd, v, op, k);
    EXPECT_EQ(dd.AndCompare(set, v, op, k, true), dd.And(set, condition))
        << "round " << round;
    EXPECT_EQ(dd.AndCompare(set, v, op, k, false),
              dd.And(set, dd.Not(condition)))
        << "round " << round;
    ++checked;
  }
  ASSERT_FALSE(dd.exhausted());
  EXPECT_EQ(checked, 2000);
}

// The three-way comparison's one chain against If of the two-way ones, with
// results that are sets over a later word (the one-chain case) or over an
// earlier one (the fallback).
TEST(CompareConstantTest, EqualsTheComparisonsCombinedWithIf) {
  std::mt19937 rng(11);
  DecisionDiagram dd(size_t{1} << 22);
  auto later_set = [&dd, &rng](uint32_t word) {
    return dd.GreaterThanConstant(dd.WordBits(word), rng(), rng() % 2);
  };
  for (int round = 0; round < 2000; ++round) {
    BitVector v = dd.WordBits(4);
    const uint32_t mask = rng() % 2 ? ~0u : rng();
    for (uint32_t bit = 0; bit < 32; ++bit) {
      if (!((mask >> bit) & 1)) v[bit] = kFalse;
    }
    const uint32_t k = rng() % 2 ? rng() : rng() % 16;
    // Word 5 lies below word 4; word 0 above it.
    const uint32_t result_word = round % 4 == 0 ? 0 : 5;
    const NodeId less = rng() % 3 ? later_set(result_word) : kFalse;
    const NodeId equal = rng() % 3 ? later_set(result_word) : kTrue;
    const NodeId greater = later_set(result_word);
    const NodeId expected =
        dd.If(dd.EqualsConstant(v, k), equal,
              dd.If(dd.GreaterThanConstant(v, k, false), greater, less));
    EXPECT_EQ(dd.CompareConstant(v, k, less, equal, greater), expected)
        << "round " << round;
  }
  ASSERT_FALSE(dd.exhausted());
}

}  // namespace
}  // namespace seccompc

#include "compiler/util/radix_sort.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

using Keyed = std::pair<uint64_t, size_t>;  // (key, original position)

// Random keys from a few shapes (small, full width, few distinct), at
// sizes on both sides of the direct-sort threshold: the result is the
// (key, position) order, i.e. sorted and stable.
TEST(StableSortByKey, SortsStablyOnBothSidesOfTheThreshold) {
  std::mt19937_64 random(7);
  for (size_t size : {0, 1, 5, 1024, 1025, 5000}) {
    for (int shape = 0; shape < 3; ++shape) {
      std::vector<Keyed> items;
      for (size_t i = 0; i < size; ++i) {
        uint64_t key = random();
        if (shape == 0) key &= 0xffff;
        if (shape == 1) key %= 7;
        items.push_back({key, i});
      }
      std::vector<Keyed> expected = items;
      std::sort(expected.begin(), expected.end());
      std::vector<Keyed> scratch;
      StableSortByKey(
          &items, [](const Keyed& k) { return k.first; }, &scratch);
      EXPECT_EQ(items, expected) << "size " << size << " shape " << shape;
    }
  }
}

}  // namespace
}  // namespace seccompc

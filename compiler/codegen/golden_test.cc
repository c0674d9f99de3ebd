// The generated listings of small policies, pinned. On an intended change
// regenerate with `bazel run //compiler/codegen:update_goldens` and review
// the diff.
#include <fstream>
#include <sstream>
#include <string>

#include "compiler/codegen/golden_policies.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

TEST(GoldenTest, ListingsMatchTestdata) {
  for (const GoldenPolicy& g : GoldenPolicies()) {
    const std::string path = "compiler/codegen/testdata/" + g.name + ".golden";
    std::ifstream file(path, std::ios::binary);
    ASSERT_TRUE(file) << "missing " << path;
    std::stringstream want;
    want << file.rdbuf();
    absl::StatusOr<std::string> got = GoldenListing(g);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, want.str())
        << g.name << " changed; if intended run "
        << "`bazel run //compiler/codegen:update_goldens`";
  }
}

}  // namespace
}  // namespace seccompc

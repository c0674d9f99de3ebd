#include "compiler/util/status_macros.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

// Counts its calls, so that a test sees each argument evaluated once.
struct Step {
  int calls = 0;
  absl::Status Run(absl::Status result) {
    ++calls;
    return result;
  }
  absl::StatusOr<int> Value(absl::StatusOr<int> result) {
    ++calls;
    return result;
  }
};

absl::Status TwoSteps(Step* step, absl::Status first, bool* reached_end) {
  SECCOMPC_RETURN_IF_ERROR(step->Run(first));
  SECCOMPC_RETURN_IF_ERROR(step->Run(absl::OkStatus()));
  *reached_end = true;
  return absl::OkStatus();
}

TEST(StatusMacrosTest, ReturnIfErrorPassesTheErrorOnUnchanged) {
  Step step;
  bool reached_end = false;
  const absl::Status s = TwoSteps(
      &step, absl::NotFoundError("profile.json: no such file"), &reached_end);
  EXPECT_EQ(s, absl::NotFoundError("profile.json: no such file"));
  EXPECT_EQ(step.calls, 1);
  EXPECT_FALSE(reached_end);
}

TEST(StatusMacrosTest, ReturnIfErrorGoesOnWhenOk) {
  Step step;
  bool reached_end = false;
  EXPECT_TRUE(TwoSteps(&step, absl::OkStatus(), &reached_end).ok());
  EXPECT_EQ(step.calls, 2);
  EXPECT_TRUE(reached_end);
}

// Declares one value and assigns another, in a function returning StatusOr.
absl::StatusOr<int> Sum(Step* step, absl::StatusOr<int> a,
                        absl::StatusOr<int> b) {
  SECCOMPC_ASSIGN_OR_RETURN(const int first, step->Value(a));
  int second = -1;
  SECCOMPC_ASSIGN_OR_RETURN(second, step->Value(b));
  return first + second;
}

TEST(StatusMacrosTest, AssignOrReturnDeclaresOrAssigns) {
  Step step;
  EXPECT_EQ(Sum(&step, 2, 3), absl::StatusOr<int>(5));
  EXPECT_EQ(step.calls, 2);
}

TEST(StatusMacrosTest, AssignOrReturnStopsAtTheFirstError) {
  Step step;
  EXPECT_EQ(
      Sum(&step, absl::InvalidArgumentError("expected a string"), 3).status(),
      absl::InvalidArgumentError("expected a string"));
  EXPECT_EQ(step.calls, 1);
  EXPECT_EQ(Sum(&step, 2, absl::OutOfRangeError("index 6")).status(),
            absl::OutOfRangeError("index 6"));
  EXPECT_EQ(step.calls, 3);
}

absl::StatusOr<std::unique_ptr<std::string>> MakeName(bool ok) {
  if (!ok) return absl::InternalError("no name");
  return std::make_unique<std::string>("x86_64");
}

absl::Status MoveOnly(bool ok, std::string* out) {
  SECCOMPC_ASSIGN_OR_RETURN(std::unique_ptr<std::string> name, MakeName(ok));
  *out = *name;
  return absl::OkStatus();
}

TEST(StatusMacrosTest, AssignOrReturnMovesTheValue) {
  std::string name;
  EXPECT_TRUE(MoveOnly(true, &name).ok());
  EXPECT_EQ(name, "x86_64");
  EXPECT_EQ(MoveOnly(false, &name), absl::InternalError("no name"));
}

}  // namespace
}  // namespace seccompc

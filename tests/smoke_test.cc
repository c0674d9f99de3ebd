#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include "absl/strings/str_cat.h"
#include "absl/status/statusor.h"
TEST(Smoke, Works) { EXPECT_EQ(absl::StrCat("a", 1), "a1"); auto j = nlohmann::json::parse("{\"a\":1}"); EXPECT_EQ(j["a"], 1); }

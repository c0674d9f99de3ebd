// CompileOptionsFingerprint covers every field of CompileOptions: changing
// any one changes it. (A field added to the structs without a change to the
// fingerprint fails to compile there: its structured bindings name every
// field.)
#include <functional>
#include <string>
#include <vector>

#include "compiler/compile.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

TEST(CompileOptionsFingerprintTest, EqualOptionsPrintAlike) {
  CompileOptions a, b;
  a.codegen.syscall_frequency = {{"read", 2.5}, {"write", 1}, {"openat", 3}};
  b.codegen.syscall_frequency = {{"openat", 3}, {"write", 1}, {"read", 2.5}};
  EXPECT_EQ(CompileOptionsFingerprint(a), CompileOptionsFingerprint(b));
}

TEST(CompileOptionsFingerprintTest, EveryFieldChangesIt) {
  const std::vector<
      std::pair<const char*, std::function<void(CompileOptions&)>>>
      changes = {
          {"target.native",
           [](CompileOptions& o) { o.target.native = ArchId::kAarch64; }},
          {"target.arches",
           [](CompileOptions& o) { o.target.arches = {ArchId::kX86}; }},
          {"target.caps", [](CompileOptions& o) { o.target.caps = 1; }},
          {"target.kernel.major",
           [](CompileOptions& o) { o.target.kernel.major += 1; }},
          {"target.kernel.minor",
           [](CompileOptions& o) { o.target.kernel.minor += 1; }},
          {"resolve.strict",
           [](CompileOptions& o) { o.resolve.strict = !o.resolve.strict; }},
          {"resolve.notify_listener",
           [](CompileOptions& o) {
             o.resolve.notify_listener = !o.resolve.notify_listener;
           }},
          {"enosys", [](CompileOptions& o) { o.enosys = EnosysRule::kRunc; }},
          {"codegen.optimize",
           [](CompileOptions& o) { o.codegen.optimize = !o.codegen.optimize; }},
          {"codegen.weighting",
           [](CompileOptions& o) {
             o.codegen.weighting = CodegenOptions::Weighting::kUniform;
           }},
          {"codegen.syscall_frequency",
           [](CompileOptions& o) { o.codegen.syscall_frequency["read"] = 1; }},
          {"codegen.cache_aware",
           [](CompileOptions& o) {
             o.codegen.cache_aware = !o.codegen.cache_aware;
           }},
          {"codegen.search.depth_slack",
           [](CompileOptions& o) { o.codegen.search.depth_slack += 1; }},
          {"codegen.search.max_chain",
           [](CompileOptions& o) { o.codegen.search.max_chain += 1; }},
          {"codegen.search.per_comparison_cost",
           [](CompileOptions& o) {
             o.codegen.search.per_comparison_cost *= 1.0000001;
           }},
          {"codegen.search.max_optimal_ranges",
           [](CompileOptions& o) { o.codegen.search.max_optimal_ranges += 1; }},
          {"limits.max_bytes",
           [](CompileOptions& o) { o.limits.max_bytes += 1; }},
          {"limits.max_depth",
           [](CompileOptions& o) { o.limits.max_depth += 1; }},
          {"prove", [](CompileOptions& o) { o.prove = false; }},
      };
  const std::string base = CompileOptionsFingerprint(CompileOptions{});
  for (const auto& [field, change] : changes) {
    CompileOptions o;
    change(o);
    EXPECT_NE(CompileOptionsFingerprint(o), base) << field;
  }
}

}  // namespace
}  // namespace seccompc

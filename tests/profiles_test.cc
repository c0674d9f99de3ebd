// Every profile of the project, and the real-world ones when ../shared is
// beside the checkout, parses and resolves for the arches a filter covers.

#include <string>
#include <vector>

#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "gtest/gtest.h"
#include "tests/profile_files.h"

namespace seccompc {
namespace {

void ExpectResolves(const std::string& path) {
  absl::StatusOr<ParsedProfile> parsed = ParseProfileFile(path);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const std::vector<std::vector<ArchId>> targets = {
      {ArchId::kX86_64, ArchId::kX86, ArchId::kX32},
      {ArchId::kX86, ArchId::kX86_64},
      {ArchId::kX32},
      {ArchId::kAarch64, ArchId::kArm},
  };
  for (const auto& arches : targets) {
    Target t;
    t.arches = arches;
    t.native = arches.front();
    t.caps = DockerDefaultCapabilities();
    t.kernel = {6, 1};
    absl::StatusOr<Resolution> r = Resolve(parsed->profile, t);
    ASSERT_TRUE(r.ok()) << path << ": " << r.status();
    EXPECT_EQ(r->policy.arches.size(), arches.size());
    size_t rules = 0;
    for (const ArchPolicy& ap : r->policy.arches) rules += ap.syscalls.size();
    EXPECT_GT(rules, 0u) << path;
  }
}

TEST(ProfilesTest, ProjectProfilesResolve) {
  std::vector<std::string> files = JsonFiles("profiles");
  ASSERT_GE(files.size(), 3u);
  for (const std::string& f : files) {
    SCOPED_TRACE(f);
    ExpectResolves(f);
    // The project's own profiles name no unknown syscall.
    absl::StatusOr<ParsedProfile> parsed = ParseProfileFile(f);
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(parsed->warnings.empty()) << parsed->warnings[0].message;
    ResolveOptions strict;
    strict.strict = true;
    Target t;
    t.caps = AllCapabilities();
    EXPECT_TRUE(Resolve(parsed->profile, t, strict).ok());
  }
}

TEST(ProfilesTest, RealWorldProfilesResolve) {
  std::vector<std::string> files = RealWorldProfiles();
  if (files.empty()) GTEST_SKIP() << "no ../shared/realworld beside the clone";
  EXPECT_GE(files.size(), 4u);
  for (const std::string& f : files) {
    SCOPED_TRACE(f);
    ExpectResolves(f);
  }
}

}  // namespace
}  // namespace seccompc

// The bounds on what a recording keeps: a workload that makes one call
// with 300k distinct arguments still gives a small profile that compiles.
#include "compiler/analysis/recorded_profile.h"

#include <linux/seccomp.h>

#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "compiler/compile.h"
#include "compiler/reference/evaluate.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;

constexpr uint32_t kSocket = 41;  // x86_64
constexpr uint32_t kRead = 0;

CompileOptions X86_64() {
  CompileOptions options;
  options.target.native = ArchId::kX86_64;
  options.target.arches = {ArchId::kX86_64};
  return options;
}

// A reference that tests socket's family (arg0) and, with `two_args`, its
// type (arg1): the recording keeps those.
CompiledFilter Reference(bool two_args) {
  const std::string args =
      two_args ? R"([{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"},
                     {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}])"
               : R"([{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}])";
  absl::StatusOr<CompiledFilter> f = CompileProfileText(
      absl::StrCat(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["read"], "action": "SCMP_ACT_ALLOW"},
          {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": )",
                   args, "}]}"),
      "reference.json", X86_64());
  EXPECT_TRUE(f.ok()) << f.status();
  return *std::move(f);
}

Action VerdictOf(const Policy& policy, uint32_t nr, uint64_t a0, uint64_t a1) {
  seccomp_data d;
  std::memset(&d, 0, sizeof(d));
  d.arch = GetArch(ArchId::kX86_64).audit_arch;
  d.nr = static_cast<int>(nr);
  d.args[0] = a0;
  d.args[1] = a1;
  return Evaluate(policy, d).action;
}

void Add(Recording* r, uint32_t nr, uint64_t a0, uint64_t a1) {
  const uint64_t args[6] = {a0, a1, 0, 0, 0, 0};
  r->Add(GetArch(ArchId::kX86_64).audit_arch, nr, args);
}

TEST(RecordedProfile, FewValuesStayPinned) {
  const CompiledFilter ref = Reference(false);
  Recording r(&ref.policy);
  for (uint64_t family = 0; family < kMaxPinnedValuesPerArgument; ++family) {
    Add(&r, kSocket, family, 0);
  }
  const RecordedProfile p = ProfileFromRecording(r, RecordOptions{});
  EXPECT_TRUE(p.warnings.empty());
  absl::StatusOr<CompiledFilter> f =
      CompileProfileText(p.json, "recorded.json", X86_64());
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(VerdictOf(f->policy, kSocket, 5, 0).kind, ActionKind::kAllow);
  EXPECT_EQ(VerdictOf(f->policy, kSocket, kMaxPinnedValuesPerArgument, 0).kind,
            ActionKind::kErrno);
}

TEST(RecordedProfile, ManyValuesOfOneArgumentAreUnpinned) {
  const CompiledFilter ref = Reference(false);
  Recording r(&ref.policy);
  Add(&r, kRead, 0, 0);
  for (uint64_t family = 0; family < 300000; ++family) {
    Add(&r, kSocket, family, 0);
  }
  const RecordedProfile p = ProfileFromRecording(r, RecordOptions{});
  EXPECT_LT(p.json.size(), 4096u);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_THAT(p.warnings[0], HasSubstr("socket"));
  EXPECT_THAT(p.warnings[0], HasSubstr("whatever arg0 is"));
  absl::StatusOr<CompiledFilter> f =
      CompileProfileText(p.json, "recorded.json", X86_64());
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(VerdictOf(f->policy, kSocket, 299999, 0).kind, ActionKind::kAllow);
  EXPECT_EQ(VerdictOf(f->policy, kSocket, 1u << 30, 0).kind,
            ActionKind::kAllow);
  // Calls never made stay denied.
  EXPECT_EQ(VerdictOf(f->policy, 1, 0, 0).kind, ActionKind::kErrno);  // write

  // With a base: the call is added without conditions.
  absl::StatusOr<RecordedProfile> based = ExtendBaseProfile(
      r, R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": []})", ref.policy);
  ASSERT_TRUE(based.ok()) << based.status();
  EXPECT_LT(based->json.size(), 4096u);
  absl::StatusOr<CompiledFilter> fb =
      CompileProfileText(based->json, "based.json", X86_64());
  ASSERT_TRUE(fb.ok()) << fb.status();
  EXPECT_EQ(VerdictOf(fb->policy, kSocket, 299999, 0).kind, ActionKind::kAllow);
}

TEST(RecordedProfile, TooManyTuplesUnpinTheWidestArgument) {
  const CompiledFilter ref = Reference(true);
  Recording r(&ref.policy);
  // 20 types x 30 families = 600 tuples, each argument under its bound;
  // when the 257th tuple comes, the families are the widest argument.
  for (uint64_t type = 0; type < 20; ++type) {
    for (uint64_t family = 0; family < 30; ++family) {
      Add(&r, kSocket, family, type);
    }
  }
  const Recording::Seen& seen =
      r.calls().at(Recording::Key{ArchId::kX86_64, kSocket});
  EXPECT_EQ(seen.indices, std::vector<uint32_t>{1});
  EXPECT_EQ(seen.unpinned, std::vector<uint32_t>{0});
  EXPECT_EQ(seen.values.size(), 20u);
  const RecordedProfile p = ProfileFromRecording(r, RecordOptions{});
  absl::StatusOr<CompiledFilter> f =
      CompileProfileText(p.json, "recorded.json", X86_64());
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(VerdictOf(f->policy, kSocket, 1000, 19).kind, ActionKind::kAllow);
  EXPECT_EQ(VerdictOf(f->policy, kSocket, 0, 20).kind, ActionKind::kErrno);
}

}  // namespace
}  // namespace seccompc

#include "compiler/frontend/enosys.h"

#include <string>

#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/reference/evaluate.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

Policy PolicyOf(const std::string& json, std::vector<ArchId> arches) {
  absl::StatusOr<ParsedProfile> parsed = ParseProfile(json, "test.json");
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  Target target;
  target.native = arches.front();
  target.arches = arches;
  absl::StatusOr<Resolution> r = Resolve(parsed->profile, target);
  EXPECT_TRUE(r.ok()) << r.status();
  Policy policy = r->policy;
  AddEnosysRule(EnosysRule::kRunc, &policy);
  return policy;
}

std::string VerdictOf(const Policy& policy, ArchId arch, uint32_t nr) {
  seccomp_data d{};
  d.arch = GetArch(arch).audit_arch;
  d.nr = static_cast<int>(nr);
  return Evaluate(policy, d).action.ToString();
}

constexpr char kDenyList[] = R"({
  "defaultAction": "SCMP_ACT_ERRNO",
  "syscalls": [
    {"names": ["read", "write", "openat"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["mount"], "action": "SCMP_ACT_KILL"}
  ]})";

TEST(EnosysRuleTest, PerAbiGreatestNamedNumber) {
  const Policy p =
      PolicyOf(kDenyList, {ArchId::kX86_64, ArchId::kX86, ArchId::kX32});
  // x86_64: openat 257 is the greatest (mount 165 is lower).
  EXPECT_EQ(p.FindArch(ArchId::kX86_64)->enosys_above, 257u);
  // i386: openat 295.
  EXPECT_EQ(p.FindArch(ArchId::kX86)->enosys_above, 295u);
  // x32 keeps its own numbers, marker bit included.
  EXPECT_EQ(p.FindArch(ArchId::kX32)->enosys_above, 0x40000000u + 257);
  struct Case {
    ArchId arch;
    uint32_t nr;
    const char* want;
  } cases[] = {
      {ArchId::kX86_64, 0, "ALLOW"},               // read
      {ArchId::kX86_64, 165, "KILL_THREAD"},       // mount
      {ArchId::kX86_64, 200, "ERRNO(1)"},          // below: default
      {ArchId::kX86_64, 257, "ALLOW"},             // the greatest itself
      {ArchId::kX86_64, 258, "ERRNO(38)"},         // above: ENOSYS
      {ArchId::kX86_64, 462, "ERRNO(38)"},         // mseal
      {ArchId::kX86_64, 0x80000000, "ERRNO(38)"},  // no x32 bit: x86_64's
      {ArchId::kX86, 296, "ERRNO(38)"},
      {ArchId::kX86, 294, "ERRNO(1)"},
      {ArchId::kX32, 0x40000000 + 258, "ERRNO(38)"},
      {ArchId::kX32, 0x40000000 + 200, "ERRNO(1)"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(VerdictOf(p, c.arch, c.nr), c.want)
        << GetArch(c.arch).short_name << " " << c.nr;
  }
}

TEST(EnosysRuleTest, X32OutsideTheTargetStaysKilled) {
  const Policy p = PolicyOf(kDenyList, {ArchId::kX86_64});
  EXPECT_EQ(VerdictOf(p, ArchId::kX86_64, 0x40000000 + 500), "KILL_PROCESS");
}

TEST(EnosysRuleTest, NoStubForPermissiveOrEnosysDefaults) {
  for (const char* def :
       {"\"SCMP_ACT_ALLOW\"", "\"SCMP_ACT_LOG\"", "\"SCMP_ACT_TRACE\""}) {
    const Policy p = PolicyOf(
        std::string(R"({"defaultAction": )") + def +
            R"(, "syscalls": [{"names": ["read"], "action": "SCMP_ACT_KILL"},
                 {"names": ["openat"], "action": "SCMP_ACT_ERRNO"}]})",
        {ArchId::kX86_64});
    EXPECT_FALSE(p.arches[0].enosys_above.has_value()) << def;
  }
  const Policy enosys = PolicyOf(
      R"({"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38,
          "syscalls": [{"names": ["openat"], "action": "SCMP_ACT_ALLOW"}]})",
      {ArchId::kX86_64});
  EXPECT_FALSE(enosys.arches[0].enosys_above.has_value());
  // KILL and TRAP defaults get it (NOTIFY without a listener resolves to
  // ERRNO(ENOSYS) and needs none).
  for (const char* def : {"\"SCMP_ACT_KILL\"", "\"SCMP_ACT_TRAP\"",
                          "\"SCMP_ACT_KILL_PROCESS\""}) {
    const Policy p = PolicyOf(
        std::string(R"({"defaultAction": )") + def +
            R"(, "syscalls": [{"names": ["openat"], "action": "SCMP_ACT_ALLOW"}]})",
        {ArchId::kX86_64});
    EXPECT_EQ(p.arches[0].enosys_above, 257u) << def;
  }
}

TEST(EnosysRuleTest, AbiWithoutNamesOrOnlyNumberZeroHasNoStub) {
  // Names an ABI lacks are skipped; a greatest number 0 (only `read` on
  // x86_64) gets no stub, as in runc.
  const Policy p = PolicyOf(
      R"({"defaultAction": "SCMP_ACT_ERRNO",
          "syscalls": [{"names": ["read", "arch_prctl"],
                        "action": "SCMP_ACT_ALLOW"}]})",
      {ArchId::kX86, ArchId::kAarch64});
  EXPECT_EQ(p.FindArch(ArchId::kX86)->enosys_above, 384u);     // arch_prctl
  EXPECT_EQ(p.FindArch(ArchId::kAarch64)->enosys_above, 63u);  // read only
  const Policy zero = PolicyOf(
      R"({"defaultAction": "SCMP_ACT_ERRNO",
          "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]})",
      {ArchId::kX86_64});
  EXPECT_FALSE(zero.arches[0].enosys_above.has_value());
  EXPECT_EQ(VerdictOf(zero, ArchId::kX86_64, 400), "ERRNO(1)");
}

TEST(EnosysRuleTest, S390NumberZeroAndMipsErrno) {
  const Policy s = PolicyOf(kDenyList, {ArchId::kS390x, ArchId::kS390});
  EXPECT_TRUE(s.FindArch(ArchId::kS390x)->enosys_nr_zero);
  EXPECT_EQ(VerdictOf(s, ArchId::kS390x, 0), "ERRNO(38)");
  EXPECT_EQ(VerdictOf(s, ArchId::kS390, 0), "ERRNO(38)");
  EXPECT_EQ(VerdictOf(s, ArchId::kS390x, 3), "ALLOW");  // read
  const Policy m = PolicyOf(kDenyList, {ArchId::kMips64});
  EXPECT_EQ(m.arches[0].enosys_above, 5000u + 247);  // openat
  EXPECT_EQ(VerdictOf(m, ArchId::kMips64, 5000 + 400), "ERRNO(89)");
  EXPECT_EQ(VerdictOf(m, ArchId::kMips64, 4000), "ERRNO(1)");  // below: default
}

TEST(EnosysRuleTest, OffClears) {
  Policy p = PolicyOf(kDenyList, {ArchId::kS390x});
  AddEnosysRule(EnosysRule::kOff, &p);
  EXPECT_FALSE(p.arches[0].enosys_above.has_value());
  EXPECT_FALSE(p.arches[0].enosys_nr_zero);
  EXPECT_EQ(VerdictOf(p, ArchId::kS390x, 0), "ERRNO(1)");
}

}  // namespace
}  // namespace seccompc

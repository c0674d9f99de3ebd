// The --report denial line (report.h) for a rule, the default action, an
// i386 call and an x32 call outside the filter; the guard filter's profile
// per native arch. (The program compiled from a policy is proved to mean
// it, so the guard's verdicts are read from the policy.)
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/arch/arch.h"
#include "compiler/compile.h"
#include "compiler/reference/evaluate.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/launch/report.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;

TEST(Report, NamesSyscallArchArgsProfileAndEntry) {
  CompileOptions options;
  options.target.native = ArchId::kX86_64;
  options.target.arches = {ArchId::kX86_64, ArchId::kX86};
  absl::StatusOr<CompiledFilter> f = CompileProfileText(
      R"({"defaultAction": "SCMP_ACT_KILL_PROCESS", "syscalls": [
          {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
          {"names": ["unshare"], "action": "SCMP_ACT_KILL_PROCESS",
           "comment": "no namespaces"}]})",
      "p.json", options);
  ASSERT_TRUE(f.ok()) << f.status();
  seccomp_data d;
  std::memset(&d, 0, sizeof(d));
  d.arch = GetArch(ArchId::kX86_64).audit_arch;
  d.nr = 272;  // unshare
  d.args[0] = 0x10000000;
  const std::string by_entry = DescribeDenial(f->profile, f->policy, 1234, d);
  EXPECT_THAT(by_entry, HasSubstr("seccomp denied unshare to pid 1234 (nr 272, "
                                  "arch x86_64, args 0x10000000 0x0 0x0"));
  EXPECT_THAT(by_entry,
              HasSubstr("KILL_PROCESS by profile p.json, syscalls[1] (no "
                        "namespaces)"));
  d.nr = 39;  // getpid: the default action
  EXPECT_THAT(DescribeDenial(f->profile, f->policy, 1234, d),
              HasSubstr("denied getpid to pid 1234 (nr 39, arch x86_64"));
  EXPECT_THAT(DescribeDenial(f->profile, f->policy, 1234, d),
              HasSubstr("defaultAction"));
  d.arch = GetArch(ArchId::kX86).audit_arch;
  d.nr = 20;  // i386 getpid
  EXPECT_THAT(DescribeDenial(f->profile, f->policy, 1234, d),
              HasSubstr("denied getpid to pid 1234 (nr 20, arch x86,"));
  d.arch = GetArch(ArchId::kX86_64).audit_arch;
  d.nr = 0x40000000 | 39;  // x32 getpid: x32 not in the filter
  EXPECT_THAT(DescribeDenial(f->profile, f->policy, 1234, d),
              HasSubstr("arch x32,"));
  EXPECT_THAT(DescribeDenial(f->profile, f->policy, 1234, d),
              HasSubstr("ABI is not in the filter"));
}

// The guard covers every ABI the native arch runs, from compiler/arch:
// clone(CLONE_UNTRACED) fails with EPERM on each, clone3 with that arch's
// ENOSYS, and nothing else is touched.
TEST(ReportGuard, CoversEverySubAbiOfTheNativeArch) {
  struct Case {
    ArchId native;
    std::vector<ArchId> arches;
    uint32_t enosys;
  } cases[] = {
      {ArchId::kX86_64, {ArchId::kX86_64, ArchId::kX86, ArchId::kX32}, 38},
      {ArchId::kAarch64, {ArchId::kAarch64, ArchId::kArm}, 38},
      {ArchId::kMips64,
       {ArchId::kMips64, ArchId::kMips64N32, ArchId::kMips},
       89},
      {ArchId::kRiscv64, {ArchId::kRiscv64}, 38},
  };
  for (const Case& c : cases) {
    const ArchSpec& native = GetArch(c.native);
    SCOPED_TRACE(native.scmp_name);
    CompileOptions options;
    options.target.native = c.native;
    absl::StatusOr<CompiledFilter> f =
        CompileProfileText(ReportGuardProfile(c.native), "guard", options);
    ASSERT_TRUE(f.ok()) << f.status();
    std::vector<ArchId> arches;
    for (const ArchPolicy& a : f->policy.arches) arches.push_back(a.arch->id);
    EXPECT_EQ(arches, c.arches);
    for (const ArchPolicy& a : f->policy.arches) {
      seccomp_data d;
      std::memset(&d, 0, sizeof(d));
      d.arch = a.arch->audit_arch;
      d.nr = *a.arch->Lookup("clone");
      d.args[0] = 0x00800000;
      EXPECT_EQ(Evaluate(f->policy, d).action.ToString(), "ERRNO(1)");
      d.args[0] = 0;
      EXPECT_EQ(Evaluate(f->policy, d).action.ToString(), "ALLOW");
      if (std::optional<uint32_t> clone3 = a.arch->Lookup("clone3")) {
        d.nr = *clone3;
        EXPECT_EQ(Evaluate(f->policy, d).action.ToString(),
                  absl::StrCat("ERRNO(", c.enosys, ")"));
      }
    }
  }
}

}  // namespace
}  // namespace seccompc

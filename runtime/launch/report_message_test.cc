// The --report denial line (report.h) for a rule, the default action, an
// i386 call and an x32 call outside the filter.
#include <cstring>
#include <string>

#include "compiler/compile.h"
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

}  // namespace
}  // namespace seccompc

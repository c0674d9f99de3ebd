#include "compiler/model/target.h"

#include <linux/capability.h>

#include <vector>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

TEST(TargetTest, OptionParsing) {
  absl::StatusOr<std::vector<ArchId>> a = ParseArchList("x86_64,x86,x32");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(*a,
            (std::vector<ArchId>{ArchId::kX86_64, ArchId::kX86, ArchId::kX32}));
  a = ParseArchList("SCMP_ARCH_AARCH64,s390x");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(*a, (std::vector<ArchId>{ArchId::kAarch64, ArchId::kS390x}));
  EXPECT_FALSE(ParseArchList("vax").ok());
  EXPECT_FALSE(ParseArchList("").ok());

  absl::StatusOr<CapabilitySet> c = ParseCapabilityList("sys_admin,CAP_BPF");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, (1ull << CAP_SYS_ADMIN) | (1ull << CAP_BPF));
  c = ParseCapabilityList("docker");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(*c & (1ull << CAP_NET_RAW));
  EXPECT_FALSE(*c & (1ull << CAP_SYS_ADMIN));
  EXPECT_EQ(*ParseCapabilityList("none"), 0u);
  EXPECT_FALSE(ParseCapabilityList("CAP_NOTHING").ok());

  absl::StatusOr<KernelVersion> k = ParseKernelRelease("6.18.44-fc-v445");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, (KernelVersion{6, 18}));
  EXPECT_EQ(*ParseKernelRelease("5.4"), (KernelVersion{5, 4}));
  EXPECT_FALSE(ParseKernelRelease("six").ok());
}

}  // namespace
}  // namespace seccompc

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

TEST(TargetTest, ParseTargetKeepsWhatTheTextLeavesOut) {
  Target base;
  base.native = ArchId::kAarch64;
  base.caps = 7;
  base.kernel = {5, 10};
  absl::StatusOr<Target> t = ParseTarget(TargetText{}, base);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->native, ArchId::kAarch64);
  EXPECT_TRUE(t->arches.empty());
  EXPECT_EQ(t->caps, 7u);
  EXPECT_EQ(t->kernel, (KernelVersion{5, 10}));

  TargetText text;
  text.arches = "x86,x86_64";
  text.caps = "";  // given empty: no capabilities, not the base's
  text.kernel = "6.18.4-foo";
  t = ParseTarget(text, base);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->native, ArchId::kX86);
  EXPECT_EQ(t->arches, (std::vector<ArchId>{ArchId::kX86, ArchId::kX86_64}));
  EXPECT_EQ(t->caps, 0u);
  EXPECT_EQ(t->kernel, (KernelVersion{6, 18}));
}

TEST(TargetTest, ParseTargetRefusesBadFields) {
  for (TargetText text :
       {TargetText{"vax", {}, {}}, TargetText{"", {}, {}},
        TargetText{{}, "CAP_NOTHING", {}}, TargetText{{}, {}, "six"}}) {
    absl::StatusOr<Target> t = ParseTarget(text, Target{});
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument)
        << t.status();
  }
}

TEST(TargetTest, HostTargetIsThisMachine) {
  absl::StatusOr<Target> host = HostTarget(5);
  ASSERT_TRUE(host.ok()) << host.status();
  EXPECT_EQ(host->native, NativeArch().id);
  EXPECT_TRUE(host->arches.empty());
  EXPECT_EQ(host->caps, 5u);
  EXPECT_GT(host->kernel.major, 2);

  TargetText text;
  text.kernel = "4.19";
  absl::StatusOr<Target> t = ParseHostTarget(text, 5);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->native, NativeArch().id);
  EXPECT_EQ(t->caps, 5u);
  EXPECT_EQ(t->kernel, (KernelVersion{4, 19}));
  t = ParseHostTarget(TargetText{}, 5);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->kernel, host->kernel);
}

}  // namespace
}  // namespace seccompc

#include "compiler/arch/abi_family.h"

#include <linux/audit.h>

#include <vector>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

std::vector<ArchId> Subs(ArchId native) {
  absl::Span<const ArchId> s = SubAbisOf(native);
  return std::vector<ArchId>(s.begin(), s.end());
}

TEST(AbiFamilyTest, SubAbisOfNativeArches) {
  EXPECT_EQ(Subs(ArchId::kX86_64),
            (std::vector<ArchId>{ArchId::kX86, ArchId::kX32}));
  EXPECT_EQ(Subs(ArchId::kAarch64), (std::vector<ArchId>{ArchId::kArm}));
  EXPECT_EQ(Subs(ArchId::kMips64),
            (std::vector<ArchId>{ArchId::kMips64N32, ArchId::kMips}));
  EXPECT_EQ(Subs(ArchId::kMipsel64),
            (std::vector<ArchId>{ArchId::kMipsel64N32, ArchId::kMipsel}));
  EXPECT_EQ(Subs(ArchId::kS390x), (std::vector<ArchId>{ArchId::kS390}));
  EXPECT_EQ(Subs(ArchId::kPpc64), (std::vector<ArchId>{ArchId::kPpc}));
  EXPECT_TRUE(Subs(ArchId::kRiscv64).empty());
  EXPECT_TRUE(Subs(ArchId::kX86).empty());
}

// A sub-ABI shares no AUDIT_ARCH value with its native arch unless it marks
// its numbers (x32): otherwise a filter could not tell their calls apart.
TEST(AbiFamilyTest, SubAbisAreDistinguishableFromTheNativeArch) {
  for (const ArchSpec& native : AllArches()) {
    for (ArchId sub : SubAbisOf(native.id)) {
      const ArchSpec& s = GetArch(sub);
      EXPECT_TRUE(s.audit_arch != native.audit_arch || s.nr_marker_bit != 0)
          << s.scmp_name << " under " << native.scmp_name;
    }
  }
}

TEST(AbiFamilyTest, CachedCompatAbi) {
  EXPECT_EQ(CachedCompatAbiOf(ArchId::kX86_64), ArchId::kX86);
  EXPECT_EQ(CachedCompatAbiOf(ArchId::kRiscv64), std::nullopt);
  // Never x32: the kernel does not cache marked numbers.
  for (const ArchSpec& a : AllArches()) {
    if (std::optional<ArchId> c = CachedCompatAbiOf(a.id)) {
      EXPECT_EQ(GetArch(*c).nr_marker_bit, 0u) << a.scmp_name;
    }
  }
}

TEST(AuditArchNameTest, KnownAndUnknown) {
  EXPECT_EQ(AuditArchName(AUDIT_ARCH_AARCH64), "AUDIT_ARCH_AARCH64");
  EXPECT_EQ(AuditArchName(AUDIT_ARCH_I386), "AUDIT_ARCH_I386");
  EXPECT_EQ(AuditArchName(AUDIT_ARCH_SPARC64), "AUDIT_ARCH_SPARC64");
  EXPECT_EQ(AuditArchName(0x1234), "");
}

// Every arch's AUDIT_ARCH value has its name.
TEST(AuditArchNameTest, EveryArchIsNamed) {
  for (const ArchSpec& a : AllArches()) {
    EXPECT_NE(AuditArchName(a.audit_arch), "") << a.scmp_name;
  }
}

}  // namespace
}  // namespace seccompc

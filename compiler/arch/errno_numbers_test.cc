#include "compiler/arch/errno_numbers.h"

#include <errno.h>
#include <string.h>

#include "compiler/arch/arch.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

// The kernel's values (arch/*/include/uapi/asm/errno.h), written out here
// so that a generator that read the wrong header fails.
TEST(ErrnoNumbersTest, EnosysIsTheArchsOwn) {
  EXPECT_EQ(ErrnoFromName(ArchId::kX86_64, "ENOSYS"), 38u);
  EXPECT_EQ(ErrnoFromName(ArchId::kAarch64, "ENOSYS"), 38u);
  EXPECT_EQ(ErrnoFromName(ArchId::kMips, "ENOSYS"), 89u);
  EXPECT_EQ(ErrnoFromName(ArchId::kMipsel64N32, "ENOSYS"), 89u);
  EXPECT_EQ(ErrnoFromName(ArchId::kParisc, "ENOSYS"), 251u);
  EXPECT_EQ(ErrnoFromName(ArchId::kPpc64le, "EDEADLOCK"), 58u);
  EXPECT_EQ(ErrnoFromName(ArchId::kX86_64, "EDEADLOCK"), 35u);
  EXPECT_EQ(ErrnoFromName(ArchId::kLoongarch64, "ENOSYS"), 38u);
}

TEST(ErrnoNumbersTest, AliasesAndNamesByNumber) {
  EXPECT_EQ(ErrnoFromName(ArchId::kX86_64, "EWOULDBLOCK"), 11u);
  EXPECT_EQ(ErrnoName(ArchId::kX86_64, 1), "EPERM");
  EXPECT_EQ(ErrnoName(ArchId::kMips, 89), "ENOSYS");
  EXPECT_EQ(ErrnoName(ArchId::kX86_64, 4000), "");
}

TEST(ErrnoNumbersTest, UnknownOrMisspelledNamesAreNotFound) {
  EXPECT_FALSE(ErrnoFromName(ArchId::kX86_64, "EWHATEVER").has_value());
  EXPECT_FALSE(ErrnoFromName(ArchId::kX86_64, "").has_value());
  EXPECT_FALSE(ErrnoFromName(ArchId::kX86_64, "eperm").has_value());
  EXPECT_FALSE(ErrnoFromName(ArchId::kX86_64, "EPERM ").has_value());
  EXPECT_FALSE(ErrnoFromName(ArchId::kX86_64, "1").has_value());
  EXPECT_FALSE(AsmGenericErrno("EINIT").has_value());  // mips only
  EXPECT_TRUE(ErrnoFromName(ArchId::kMips, "EINIT").has_value());
}

// Every name the C library of this (asm-generic) machine knows is read as
// before, when names came from glibc's table: no profile stops parsing.
TEST(ErrnoNumbersTest, HostCLibraryNamesHaveTheHostNumbers) {
  int checked = 0;
  for (int e = 1; e < 4096; ++e) {
    const char* name = strerrorname_np(e);
    if (name == nullptr) continue;
    EXPECT_EQ(AsmGenericErrno(name), static_cast<uint32_t>(e)) << name;
    EXPECT_EQ(ErrnoFromName(NativeArch().id, name), static_cast<uint32_t>(e))
        << name;
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

// Resolve numbers a profile's errno name per arch from a name the parser
// checked against asm-generic: every arch must have every such name.
TEST(ErrnoNumbersTest, EveryAsmGenericNameExistsOnEveryArch) {
  for (int e = 1; e < 4096; ++e) {
    std::string_view name = ErrnoName(ArchId::kX86_64, e);
    if (name.empty()) continue;
    for (const ArchSpec& arch : AllArches()) {
      EXPECT_TRUE(ErrnoFromName(arch.id, name).has_value())
          << name << " on " << arch.scmp_name;
    }
  }
}

}  // namespace
}  // namespace seccompc

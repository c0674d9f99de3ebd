#include "compiler/arch/seccomp_data_layout.h"

#include <cstdint>
#include <cstring>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

uint32_t WordAt(const seccomp_data& d, uint32_t offset) {
  uint32_t w;
  std::memcpy(&w, reinterpret_cast<const char*>(&d) + offset, sizeof(w));
  return w;
}

TEST(SeccompDataLayoutTest, WordsSitWhereTheArchsOffsetsSay) {
  seccomp_data logical{};
  logical.nr = 5;
  logical.arch = 0x1234;
  for (int i = 0; i < 6; ++i) {
    logical.args[i] = (uint64_t{0xA0 + static_cast<uint32_t>(i)} << 32) |
                      (0xB0 + static_cast<uint32_t>(i));
  }
  for (ArchId id : {ArchId::kX86_64, ArchId::kS390x, ArchId::kMips,
                    ArchId::kPpc64, ArchId::kAarch64}) {
    const ArchSpec& arch = GetArch(id);
    seccomp_data d = AsLaidOutFor(logical, arch);
    EXPECT_EQ(d.nr, 5);
    EXPECT_EQ(d.arch, 0x1234u);
    for (int i = 0; i < 6; ++i) {
      EXPECT_EQ(WordAt(d, arch.ArgLowOffset(i)), 0xB0u + i) << arch.scmp_name;
      EXPECT_EQ(WordAt(d, arch.ArgHighOffset(i)), 0xA0u + i) << arch.scmp_name;
    }
  }
}

}  // namespace
}  // namespace seccompc

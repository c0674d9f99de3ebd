#include "compiler/arch/arch.h"

#include <asm/unistd.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

// Names, AUDIT_ARCH values (written out from linux/audit.h + elf-em.h, not
// via the macros arch.cc uses), byte order and word size of every arch.
struct ArchFacts {
  ArchId id;
  std::string_view scmp_name;
  std::string_view short_name;
  uint32_t audit_arch;
  ByteOrder byte_order;
  int word_bits;
  uint32_t nr_base;
  uint32_t nr_marker_bit;
};

constexpr ByteOrder kLE = ByteOrder::kLittle;
constexpr ByteOrder kBE = ByteOrder::kBig;

constexpr ArchFacts kFacts[] = {
    {ArchId::kX86, "SCMP_ARCH_X86", "x86", 0x40000003, kLE, 32, 0, 0},
    {ArchId::kX86_64, "SCMP_ARCH_X86_64", "amd64", 0xC000003E, kLE, 64, 0, 0},
    {ArchId::kX32, "SCMP_ARCH_X32", "x32", 0xC000003E, kLE, 32, 0x40000000,
     0x40000000},
    {ArchId::kArm, "SCMP_ARCH_ARM", "arm", 0x40000028, kLE, 32, 0, 0},
    {ArchId::kAarch64, "SCMP_ARCH_AARCH64", "arm64", 0xC00000B7, kLE, 64, 0, 0},
    {ArchId::kMips, "SCMP_ARCH_MIPS", "mips", 0x00000008, kBE, 32, 4000, 0},
    {ArchId::kMips64, "SCMP_ARCH_MIPS64", "mips64", 0x80000008, kBE, 64, 5000,
     0},
    {ArchId::kMips64N32, "SCMP_ARCH_MIPS64N32", "mips64n32", 0xA0000008, kBE,
     32, 6000, 0},
    {ArchId::kMipsel, "SCMP_ARCH_MIPSEL", "mipsel", 0x40000008, kLE, 32, 4000,
     0},
    {ArchId::kMipsel64, "SCMP_ARCH_MIPSEL64", "mipsel64", 0xC0000008, kLE, 64,
     5000, 0},
    {ArchId::kMipsel64N32, "SCMP_ARCH_MIPSEL64N32", "mipsel64n32", 0xE0000008,
     kLE, 32, 6000, 0},
    {ArchId::kPpc, "SCMP_ARCH_PPC", "ppc", 0x00000014, kBE, 32, 0, 0},
    {ArchId::kPpc64, "SCMP_ARCH_PPC64", "ppc64", 0x80000015, kBE, 64, 0, 0},
    {ArchId::kPpc64le, "SCMP_ARCH_PPC64LE", "ppc64le", 0xC0000015, kLE, 64, 0,
     0},
    {ArchId::kS390, "SCMP_ARCH_S390", "s390", 0x00000016, kBE, 32, 0, 0},
    {ArchId::kS390x, "SCMP_ARCH_S390X", "s390x", 0x80000016, kBE, 64, 0, 0},
    {ArchId::kParisc, "SCMP_ARCH_PARISC", "parisc", 0x0000000F, kBE, 32, 0, 0},
    {ArchId::kParisc64, "SCMP_ARCH_PARISC64", "parisc64", 0x8000000F, kBE, 64,
     0, 0},
    {ArchId::kRiscv64, "SCMP_ARCH_RISCV64", "riscv64", 0xC00000F3, kLE, 64, 0,
     0},
    {ArchId::kLoongarch64, "SCMP_ARCH_LOONGARCH64", "loong64", 0xC0000102, kLE,
     64, 0, 0},
    {ArchId::kM68k, "SCMP_ARCH_M68K", "m68k", 0x00000004, kBE, 32, 0, 0},
    {ArchId::kSh, "SCMP_ARCH_SH", "sh", 0x4000002A, kLE, 32, 0, 0},
    {ArchId::kSheb, "SCMP_ARCH_SHEB", "sheb", 0x0000002A, kBE, 32, 0, 0},
};
static_assert(sizeof(kFacts) / sizeof(kFacts[0]) == kNumArches);

TEST(ArchTest, AllArchesInIdOrderWithTheirFacts) {
  ASSERT_EQ(AllArches().size(), static_cast<size_t>(kNumArches));
  for (int i = 0; i < kNumArches; ++i) {
    const ArchFacts& want = kFacts[i];
    const ArchSpec& arch = AllArches()[i];
    SCOPED_TRACE(want.scmp_name);
    EXPECT_EQ(static_cast<int>(arch.id), i);
    EXPECT_EQ(&GetArch(want.id), &arch);
    EXPECT_EQ(arch.scmp_name, want.scmp_name);
    EXPECT_EQ(arch.short_name, want.short_name);
    EXPECT_EQ(arch.audit_arch, want.audit_arch);
    EXPECT_EQ(arch.byte_order, want.byte_order);
    EXPECT_EQ(arch.word_bits, want.word_bits);
    EXPECT_EQ(arch.nr_base, want.nr_base);
    EXPECT_EQ(arch.nr_marker_bit, want.nr_marker_bit);
  }
}

TEST(ArchTest, FindArchAcceptsBothNameStyles) {
  for (const ArchFacts& facts : kFacts) {
    SCOPED_TRACE(facts.scmp_name);
    const ArchSpec* by_scmp = FindArch(facts.scmp_name);
    const ArchSpec* by_short = FindArch(facts.short_name);
    ASSERT_NE(by_scmp, nullptr);
    EXPECT_EQ(by_scmp, &GetArch(facts.id));
    EXPECT_EQ(by_short, by_scmp);
  }
}

TEST(ArchTest, FindArchAliases) {
  struct Case {
    std::string_view name;
    ArchId id;
  };
  constexpr Case kCases[] = {
      {"x86_64", ArchId::kX86_64},
      {"aarch64", ArchId::kAarch64},
      {"i386", ArchId::kX86},
      {"386", ArchId::kX86},
      {"loongarch64", ArchId::kLoongarch64},
  };
  for (const Case& c : kCases) {
    const ArchSpec* arch = FindArch(c.name);
    ASSERT_NE(arch, nullptr) << c.name;
    EXPECT_EQ(arch->id, c.id) << c.name;
  }
}

TEST(ArchTest, FindArchRejectsUnknownNames) {
  for (std::string_view name :
       {"", "AMD64", "scmp_arch_x86_64", "SCMP_ARCH_", "SCMP_ARCH_SPARC",
        "arm64 ", "mips64le", "x86-64", "SCMP_ARCH_NATIVE"}) {
    EXPECT_EQ(FindArch(name), nullptr) << '"' << name << '"';
  }
}

TEST(ArchTest, AbiOfTellsSharedAuditArchesApart) {
  EXPECT_EQ(kX32SyscallBit, static_cast<uint32_t>(__X32_SYSCALL_BIT));
  const uint32_t x86_64 = GetArch(ArchId::kX86_64).audit_arch;
  EXPECT_EQ(AbiOf(x86_64, 39)->id, ArchId::kX86_64);
  EXPECT_EQ(AbiOf(x86_64, kX32SyscallBit | 39)->id, ArchId::kX32);
  EXPECT_EQ(AbiOf(x86_64, 0xffffffffu)->id, ArchId::kX32);
  EXPECT_EQ(AbiOf(GetArch(ArchId::kX86).audit_arch, kX32SyscallBit)->id,
            ArchId::kX86);
  EXPECT_EQ(AbiOf(GetArch(ArchId::kAarch64).audit_arch, 0)->id,
            ArchId::kAarch64);
  EXPECT_EQ(AbiOf(0x12345678, 0), nullptr);
  EXPECT_EQ(PrimaryArchFor(x86_64)->id, ArchId::kX86_64);
  EXPECT_EQ(PrimaryArchFor(0x12345678), nullptr);
  for (const ArchSpec& a : AllArches()) {
    // Every arch is the ABI of its own numbers.
    EXPECT_EQ(AbiOf(a.audit_arch, a.nr_marker_bit | 1), &a) << a.short_name;
  }
}

TEST(ArchTest, NativeArchIsTheBuildTarget) {
#if defined(__x86_64__) && !defined(__ILP32__)
  EXPECT_EQ(NativeArch().id, ArchId::kX86_64);
#elif defined(__aarch64__)
  EXPECT_EQ(NativeArch().id, ArchId::kAarch64);
#else
  GTEST_SKIP() << "no expectation written for this host";
#endif
}

// Numbers checked against the kernel's syscall tables (arch/*/entry/syscalls,
// arch/*/kernel/syscalls, arch/arm/tools/syscall.tbl, asm-generic/unistd.h).
struct KnownNr {
  ArchId arch;
  std::string_view name;
  uint32_t nr;
};

constexpr KnownNr kKnown[] = {
    {ArchId::kX86_64, "read", 0},
    {ArchId::kX86_64, "openat", 257},
    {ArchId::kX86_64, "execve", 59},
    {ArchId::kX86_64, "rseq", 334},
    {ArchId::kX86_64, "set_mempolicy_home_node", 450},
    {ArchId::kX86_64, "cachestat", 451},
    {ArchId::kX86_64, "listns", 470},
    {ArchId::kX86_64, "uretprobe", 335},
    {ArchId::kX86_64, "uprobe", 336},
    {ArchId::kX86, "read", 3},
    {ArchId::kX86, "socketcall", 102},
    {ArchId::kX86, "openat", 295},
    {ArchId::kX86, "mseal", 462},
    {ArchId::kX32, "read", 0x40000000},
    {ArchId::kX32, "openat", 0x40000101},
    {ArchId::kX32, "execve", 0x40000208},
    {ArchId::kX32, "pwritev2", 0x40000223},
    {ArchId::kX32, "listns", 0x40000000 | 470},
    {ArchId::kX32, "map_shadow_stack", 0x40000000 | 453},
    {ArchId::kX32, "uretprobe", 0x40000000 | 335},
    {ArchId::kArm, "read", 3},
    {ArchId::kArm, "openat", 322},
    {ArchId::kArm, "breakpoint", 0x0f0001},
    {ArchId::kArm, "cacheflush", 0x0f0002},
    {ArchId::kArm, "usr26", 0x0f0003},
    {ArchId::kArm, "usr32", 0x0f0004},
    {ArchId::kArm, "set_tls", 0x0f0005},
    {ArchId::kArm, "get_tls", 0x0f0006},
    {ArchId::kArm, "listns", 470},
    {ArchId::kAarch64, "openat", 56},
    {ArchId::kAarch64, "read", 63},
    {ArchId::kAarch64, "clone3", 435},
    {ArchId::kAarch64, "futex_wake", 454},
    {ArchId::kMips, "read", 4003},
    {ArchId::kMips, "openat", 4288},
    {ArchId::kMips, "listns", 4470},
    {ArchId::kMipsel, "read", 4003},
    {ArchId::kMips64, "read", 5000},
    {ArchId::kMips64, "openat", 5247},
    {ArchId::kMips64, "listns", 5470},
    {ArchId::kMipsel64, "read", 5000},
    {ArchId::kMips64N32, "read", 6000},
    {ArchId::kMips64N32, "openat", 6251},
    {ArchId::kMips64N32, "listns", 6470},
    {ArchId::kMipsel64N32, "read", 6000},
    {ArchId::kPpc, "read", 3},
    {ArchId::kPpc, "openat", 286},
    {ArchId::kPpc64, "openat", 286},
    {ArchId::kPpc64le, "socketcall", 102},
    {ArchId::kPpc64le, "statmount", 457},
    {ArchId::kS390, "socketcall", 102},
    {ArchId::kS390x, "read", 3},
    {ArchId::kS390x, "openat", 288},
    {ArchId::kS390x, "fchmodat2", 452},
    {ArchId::kParisc, "openat", 275},
    {ArchId::kParisc64, "openat", 275},
    {ArchId::kRiscv64, "openat", 56},
    {ArchId::kRiscv64, "riscv_flush_icache", 259},
    {ArchId::kRiscv64, "listns", 470},
    {ArchId::kRiscv64, "riscv_hwprobe", 258},
    {ArchId::kParisc, "cacheflush", 356},
    {ArchId::kParisc64, "cacheflush", 356},
    {ArchId::kS390x, "memfd_secret", 447},
    {ArchId::kS390, "memfd_secret", 447},
    {ArchId::kAarch64, "memfd_secret", 447},
    {ArchId::kM68k, "openat", 288},
    {ArchId::kSh, "openat", 295},
    {ArchId::kSheb, "openat", 295},
};

TEST(ArchTest, KnownNumbers) {
  for (const KnownNr& k : kKnown) {
    const ArchSpec& arch = GetArch(k.arch);
    SCOPED_TRACE(std::string(arch.short_name) + " " + std::string(k.name));
    EXPECT_EQ(arch.Lookup(k.name), k.nr);
    const ArchSpec* by_scmp = FindArch(arch.scmp_name);
    ASSERT_NE(by_scmp, nullptr);
    EXPECT_EQ(by_scmp->Lookup(k.name), k.nr);
    EXPECT_EQ(arch.Lookup(arch.NameOf(k.nr)), k.nr);
  }
}

TEST(ArchTest, AbsentSyscalls) {
  struct Case {
    ArchId arch;
    std::string_view name;
  };
  constexpr Case kCases[] = {
      {ArchId::kX86, "uretprobe"},      // x86_64/x32 only
      {ArchId::kAarch64, "uretprobe"},  //
      {ArchId::kX86_64, "socketcall"},  // multiplexer only on old 32-bit ABIs
      {ArchId::kAarch64, "open"},       // asm-generic has only openat
      {ArchId::kX86_64, "set_tls"},     // ARM private
      {ArchId::kX86_64, ""},
      {ArchId::kX86_64, "READ"},
      {ArchId::kX86_64, "__NR_read"},
      {ArchId::kX86_64, "syscalls"},  // __NR_syscalls is not a syscall
      {ArchId::kMips, "Linux"},       // nor is __NR_Linux
      {ArchId::kRiscv64, "arch_specific_syscall"},
      {ArchId::kLoongarch64, "read"},  // no table
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(GetArch(c.arch).Lookup(c.name), std::nullopt)
        << GetArch(c.arch).short_name << " " << c.name;
  }
}

TEST(ArchTest, NameOf) {
  const ArchSpec& x86_64 = GetArch(ArchId::kX86_64);
  EXPECT_EQ(x86_64.NameOf(0), "read");
  EXPECT_EQ(x86_64.NameOf(257), "openat");
  EXPECT_EQ(x86_64.NameOf(470), "listns");
  EXPECT_EQ(x86_64.NameOf(400), "");  // the 335..423 gap
  EXPECT_EQ(x86_64.NameOf(0x40000000), "");
  const ArchSpec& x32 = GetArch(ArchId::kX32);
  EXPECT_EQ(x32.NameOf(0x40000000), "read");
  EXPECT_EQ(x32.NameOf(0), "");
  // Aliases share a number; the first name in name order wins.
  const ArchSpec& arm = GetArch(ArchId::kArm);
  EXPECT_EQ(arm.Lookup("sync_file_range2"), 341u);
  EXPECT_EQ(arm.Lookup("arm_sync_file_range"), 341u);
  EXPECT_EQ(arm.NameOf(341), "arm_sync_file_range");
  EXPECT_EQ(arm.NameOf(0x0f0005), "set_tls");
  EXPECT_EQ(GetArch(ArchId::kMips).NameOf(4003), "read");
  EXPECT_EQ(GetArch(ArchId::kMips).NameOf(3), "");
  EXPECT_EQ(GetArch(ArchId::kLoongarch64).NameOf(0), "");
}

TEST(ArchTest, MaxNr) {
  EXPECT_EQ(GetArch(ArchId::kX86_64).max_nr, 470u);
  EXPECT_EQ(GetArch(ArchId::kX86).max_nr, 470u);
  EXPECT_EQ(GetArch(ArchId::kX32).max_nr, 0x40000000u | 547u);  // pwritev2
  EXPECT_EQ(GetArch(ArchId::kArm).max_nr, 0x0f0006u);           // get_tls
  EXPECT_EQ(GetArch(ArchId::kMips).max_nr, 4470u);
  EXPECT_EQ(GetArch(ArchId::kMips64).max_nr, 5470u);
  EXPECT_EQ(GetArch(ArchId::kMips64N32).max_nr, 6470u);
  EXPECT_EQ(GetArch(ArchId::kLoongarch64).max_nr, 0u);
  for (const ArchSpec& arch : AllArches()) {
    uint32_t max = 0;
    for (const SyscallDef& def : arch.syscalls) max = std::max(max, def.nr);
    EXPECT_EQ(arch.max_nr, max) << arch.short_name;
  }
}

TEST(ArchTest, ArgOffsetsFollowByteOrder) {
  const ArchSpec& le = GetArch(ArchId::kX86_64);
  const ArchSpec& be = GetArch(ArchId::kS390x);
  EXPECT_EQ(le.ArgLowOffset(0), 16u);
  EXPECT_EQ(le.ArgHighOffset(0), 20u);
  EXPECT_EQ(le.ArgLowOffset(5), 56u);
  EXPECT_EQ(le.ArgHighOffset(5), 60u);
  EXPECT_EQ(be.ArgLowOffset(0), 20u);
  EXPECT_EQ(be.ArgHighOffset(0), 16u);
  EXPECT_EQ(be.ArgLowOffset(5), 60u);
  EXPECT_EQ(be.ArgHighOffset(5), 56u);
  for (const ArchSpec& arch : AllArches()) {
    for (int i = 0; i < 6; ++i) {
      const uint32_t arg = 16 + 8 * i;
      const bool little = arch.byte_order == ByteOrder::kLittle;
      EXPECT_EQ(arch.ArgLowOffset(i), little ? arg : arg + 4)
          << arch.short_name << " arg " << i;
      EXPECT_EQ(arch.ArgHighOffset(i), little ? arg + 4 : arg)
          << arch.short_name << " arg " << i;
    }
  }
}

// Only loongarch64 lacks a table (Debian ships no headers for it).
TEST(ArchTest, TablesPresent) {
  int with_table = 0;
  for (const ArchSpec& arch : AllArches()) {
    if (arch.has_table()) {
      ++with_table;
      EXPECT_GT(arch.syscalls.size(), 300u) << arch.short_name;
    } else {
      EXPECT_EQ(arch.id, ArchId::kLoongarch64);
      EXPECT_EQ(arch.max_nr, 0u);
    }
  }
  EXPECT_EQ(with_table, kNumArches - 1);
}

TEST(ArchTest, TableInvariants) {
  for (const ArchSpec& arch : AllArches()) {
    SCOPED_TRACE(arch.short_name);
    std::set<std::string_view> names;
    for (size_t i = 0; i < arch.syscalls.size(); ++i) {
      const SyscallDef& def = arch.syscalls[i];
      ASSERT_FALSE(def.name.empty());
      for (char c : def.name) {
        ASSERT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_')
            << def.name;
      }
      EXPECT_TRUE(names.insert(def.name).second) << "duplicate " << def.name;
      if (i > 0) {
        const SyscallDef& prev = arch.syscalls[i - 1];
        EXPECT_TRUE(prev.nr < def.nr ||
                    (prev.nr == def.nr && prev.name < def.name))
            << prev.name << " before " << def.name;
      }
      EXPECT_GE(def.nr, arch.nr_base) << def.name;
      EXPECT_EQ(def.nr & arch.nr_marker_bit, arch.nr_marker_bit) << def.name;
      // Round trips through both lookups.
      EXPECT_EQ(arch.Lookup(def.name), def.nr) << def.name;
      EXPECT_EQ(arch.Lookup(arch.NameOf(def.nr)), def.nr) << def.name;
      // Ordinary numbers stay below 1000 above the base; ARM's private calls
      // sit at 0x0f0000.
      const uint32_t rel = def.nr - arch.nr_base;  // x32: base = marker
      if (arch.id != ArchId::kArm || rel < 0x0f0000) {
        EXPECT_LT(rel, 1000u) << def.name;
      }
    }
  }
}

// Every syscall Linux added between 6.1 and 6.18 is in every table, at the
// generic number plus the ABI's base and marker.
TEST(ArchTest, SupplementOnEveryArch) {
  struct Row {
    std::string_view name;
    uint32_t nr;
  };
  constexpr Row kNew[] = {
      {"cachestat", 451},         {"fchmodat2", 452},
      {"map_shadow_stack", 453},  {"futex_wake", 454},
      {"futex_wait", 455},        {"futex_requeue", 456},
      {"statmount", 457},         {"listmount", 458},
      {"lsm_get_self_attr", 459}, {"lsm_set_self_attr", 460},
      {"lsm_list_modules", 461},  {"mseal", 462},
      {"setxattrat", 463},        {"getxattrat", 464},
      {"listxattrat", 465},       {"removexattrat", 466},
      {"open_tree_attr", 467},    {"file_getattr", 468},
      {"file_setattr", 469},      {"listns", 470},
  };
  for (const ArchSpec& arch : AllArches()) {
    if (!arch.has_table()) continue;
    for (const Row& row : kNew) {
      EXPECT_EQ(arch.Lookup(row.name),
                (arch.nr_base + row.nr) | arch.nr_marker_bit)
          << arch.short_name << " " << row.name;
    }
  }
}

// The generated list of all names: every row of every table is in it, and
// a name no table has is not.
TEST(ArchTest, IsSyscallNameOfAnyArchCoversEveryTable) {
  for (const ArchSpec& arch : AllArches()) {
    for (const SyscallDef& def : arch.syscalls) {
      EXPECT_TRUE(IsSyscallNameOfAnyArch(def.name))
          << arch.scmp_name << " " << def.name;
    }
  }
  EXPECT_TRUE(IsSyscallNameOfAnyArch("arm_fadvise64_64"));  // arm only
  EXPECT_TRUE(IsSyscallNameOfAnyArch("_llseek"));
  EXPECT_FALSE(IsSyscallNameOfAnyArch("no_such_call"));
  EXPECT_FALSE(IsSyscallNameOfAnyArch(""));
  EXPECT_FALSE(IsSyscallNameOfAnyArch("openat "));
}

TEST(ArchTest, LookupOnHandMadeSpecUsesItsOwnTable) {
  static constexpr SyscallDef kTiny[] = {{"alpha", 1}, {"beta", 2}};
  ArchSpec spec = GetArch(ArchId::kX86_64);
  spec.syscalls = kTiny;
  spec.max_nr = 2;
  EXPECT_EQ(spec.Lookup("beta"), 2u);
  EXPECT_EQ(spec.Lookup("read"), std::nullopt);
  EXPECT_EQ(spec.NameOf(1), "alpha");
}

TEST(ArchTest, IsMipsIsEveryMipsAbiAndNothingElse) {
  int mips = 0;
  for (const ArchSpec& arch : AllArches()) {
    const bool named_mips =
        arch.scmp_name.find("MIPS") != std::string_view::npos;
    EXPECT_EQ(IsMips(arch.id), named_mips) << arch.scmp_name;
    mips += IsMips(arch.id);
  }
  EXPECT_EQ(mips, 6);
}

TEST(ArchTest, LowercaseArchNameDropsThePrefix) {
  EXPECT_EQ(LowercaseArchName(GetArch(ArchId::kX86_64)), "x86_64");
  EXPECT_EQ(LowercaseArchName(GetArch(ArchId::kX32)), "x32");
  EXPECT_EQ(LowercaseArchName(GetArch(ArchId::kMipsel64N32)), "mipsel64n32");
}

}  // namespace
}  // namespace seccompc

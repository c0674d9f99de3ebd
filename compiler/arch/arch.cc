#include "compiler/arch/arch.h"

#include <linux/audit.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"

namespace seccompc {
namespace {

// kSyscalls<Arch>[]: generated, sorted by nr then name.
#include "compiler/arch/syscall_tables.inc"

// Older UAPI headers (before Linux 5.19) lack LoongArch; the value is
// EM_LOONGARCH (258) | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE.
#ifndef AUDIT_ARCH_LOONGARCH64
#define AUDIT_ARCH_LOONGARCH64 0xC0000102u
#endif

constexpr ByteOrder kLE = ByteOrder::kLittle;
constexpr ByteOrder kBE = ByteOrder::kBig;

// Word size is the ABI's long/pointer width, as libseccomp counts it: x32 and
// mips n32 are 32-bit ABIs on 64-bit kernels.
constexpr ArchSpec Arch(ArchId id, std::string_view scmp_name,
                        std::string_view short_name, uint32_t audit_arch,
                        ByteOrder order, int word_bits, uint32_t nr_base,
                        uint32_t nr_marker_bit,
                        absl::Span<const SyscallDef> table) {
  // Tables are sorted by nr, so the last row holds the highest number.
  const uint32_t max_nr = table.empty() ? 0 : table[table.size() - 1].nr;
  return ArchSpec{id,        scmp_name, short_name,    audit_arch, order,
                  word_bits, nr_base,   nr_marker_bit, table,      max_nr};
}

constexpr ArchSpec kArches[kNumArches] = {
    Arch(ArchId::kX86, "SCMP_ARCH_X86", "x86", AUDIT_ARCH_I386, kLE, 32, 0, 0,
         kSyscallsX86),
    Arch(ArchId::kX86_64, "SCMP_ARCH_X86_64", "amd64", AUDIT_ARCH_X86_64, kLE,
         64, 0, 0, kSyscallsX86_64),
    // x32 shares AUDIT_ARCH_X86_64; its numbers carry __X32_SYSCALL_BIT.
    Arch(ArchId::kX32, "SCMP_ARCH_X32", "x32", AUDIT_ARCH_X86_64, kLE, 32,
         kX32SyscallBit, kX32SyscallBit, kSyscallsX32),
    Arch(ArchId::kArm, "SCMP_ARCH_ARM", "arm", AUDIT_ARCH_ARM, kLE, 32, 0, 0,
         kSyscallsArm),
    Arch(ArchId::kAarch64, "SCMP_ARCH_AARCH64", "arm64", AUDIT_ARCH_AARCH64,
         kLE, 64, 0, 0, kSyscallsAarch64),
    Arch(ArchId::kMips, "SCMP_ARCH_MIPS", "mips", AUDIT_ARCH_MIPS, kBE, 32,
         4000, 0, kSyscallsMips),
    Arch(ArchId::kMips64, "SCMP_ARCH_MIPS64", "mips64", AUDIT_ARCH_MIPS64, kBE,
         64, 5000, 0, kSyscallsMips64),
    Arch(ArchId::kMips64N32, "SCMP_ARCH_MIPS64N32", "mips64n32",
         AUDIT_ARCH_MIPS64N32, kBE, 32, 6000, 0, kSyscallsMips64N32),
    Arch(ArchId::kMipsel, "SCMP_ARCH_MIPSEL", "mipsel", AUDIT_ARCH_MIPSEL, kLE,
         32, 4000, 0, kSyscallsMipsel),
    Arch(ArchId::kMipsel64, "SCMP_ARCH_MIPSEL64", "mipsel64",
         AUDIT_ARCH_MIPSEL64, kLE, 64, 5000, 0, kSyscallsMipsel64),
    Arch(ArchId::kMipsel64N32, "SCMP_ARCH_MIPSEL64N32", "mipsel64n32",
         AUDIT_ARCH_MIPSEL64N32, kLE, 32, 6000, 0, kSyscallsMipsel64N32),
    Arch(ArchId::kPpc, "SCMP_ARCH_PPC", "ppc", AUDIT_ARCH_PPC, kBE, 32, 0, 0,
         kSyscallsPpc),
    Arch(ArchId::kPpc64, "SCMP_ARCH_PPC64", "ppc64", AUDIT_ARCH_PPC64, kBE, 64,
         0, 0, kSyscallsPpc64),
    Arch(ArchId::kPpc64le, "SCMP_ARCH_PPC64LE", "ppc64le", AUDIT_ARCH_PPC64LE,
         kLE, 64, 0, 0, kSyscallsPpc64le),
    Arch(ArchId::kS390, "SCMP_ARCH_S390", "s390", AUDIT_ARCH_S390, kBE, 32, 0,
         0, kSyscallsS390),
    Arch(ArchId::kS390x, "SCMP_ARCH_S390X", "s390x", AUDIT_ARCH_S390X, kBE, 64,
         0, 0, kSyscallsS390x),
    Arch(ArchId::kParisc, "SCMP_ARCH_PARISC", "parisc", AUDIT_ARCH_PARISC, kBE,
         32, 0, 0, kSyscallsParisc),
    Arch(ArchId::kParisc64, "SCMP_ARCH_PARISC64", "parisc64",
         AUDIT_ARCH_PARISC64, kBE, 64, 0, 0, kSyscallsParisc64),
    Arch(ArchId::kRiscv64, "SCMP_ARCH_RISCV64", "riscv64", AUDIT_ARCH_RISCV64,
         kLE, 64, 0, 0, kSyscallsRiscv64),
    // No Debian UAPI headers for LoongArch: known to the compiler (profiles
    // list it) but without a table, so it can only get a default action.
    Arch(ArchId::kLoongarch64, "SCMP_ARCH_LOONGARCH64", "loong64",
         AUDIT_ARCH_LOONGARCH64, kLE, 64, 0, 0, {}),
    Arch(ArchId::kM68k, "SCMP_ARCH_M68K", "m68k", AUDIT_ARCH_M68K, kBE, 32, 0,
         0, kSyscallsM68k),
    // libseccomp's "sh" is little-endian SH (AUDIT_ARCH_SHEL); "sheb" is
    // big-endian (AUDIT_ARCH_SH). Both use the same numbers.
    Arch(ArchId::kSh, "SCMP_ARCH_SH", "sh", AUDIT_ARCH_SHEL, kLE, 32, 0, 0,
         kSyscallsSh),
    Arch(ArchId::kSheb, "SCMP_ARCH_SHEB", "sheb", AUDIT_ARCH_SH, kBE, 32, 0, 0,
         kSyscallsSheb),
};

constexpr bool IdsMatchPositions() {
  for (int i = 0; i < kNumArches; ++i) {
    if (static_cast<int>(kArches[i].id) != i) return false;
  }
  return true;
}
static_assert(IdsMatchPositions(), "kArches must be in ArchId order");

// Names that are neither SCMP_ARCH_* nor libseccomp-golang short names but
// unambiguously mean one arch: the kernel's / uname's names and Go's GOARCH
// for i386. Deliberately few, so that a typo is not silently accepted.
struct ArchAlias {
  std::string_view name;
  ArchId id;
};
constexpr ArchAlias kAliases[] = {
    {"i386", ArchId::kX86},
    {"386", ArchId::kX86},
    {"x86_64", ArchId::kX86_64},
    {"aarch64", ArchId::kAarch64},
    {"loongarch64", ArchId::kLoongarch64},
};

// Lookup()'s index: per table, an open-addressing hash of its names
// (linear probing), built by the compiler. Resolve looks up every name of a
// profile on every target ABI; a binary search over the name order touched
// about 27 cache lines per lookup (row index, row, name, 9 times), which a
// compile that has just parsed a profile finds cold; the hash touches about
// three.
//
// The hash takes a word of 8 bytes at a time (one multiply each instead of
// one per byte). The index is built by the compiler, which cannot load a
// word from a string, so the words are assembled from bytes there and
// loaded at run time: HashName and HashNameAtRunTime give the same value
// (arch_test looks up every name of every table).
constexpr uint64_t kHashMultiplier = 0x9E3779B97F4A7C15u;

constexpr uint64_t MixWord(uint64_t h, uint64_t word) {
  h = (h ^ word) * kHashMultiplier;
  return h ^ (h >> 29);
}

constexpr uint32_t FinishHash(uint64_t h) {
  return static_cast<uint32_t>(h >> 32);
}

constexpr uint32_t HashName(std::string_view name) {
  uint64_t h = name.size();
  for (size_t at = 0; at < name.size(); at += 8) {
    uint64_t word = 0;  // little-endian, zero-padded
    for (size_t b = 0; b < 8 && at + b < name.size(); ++b) {
      word |= uint64_t{static_cast<unsigned char>(name[at + b])} << (8 * b);
    }
    h = MixWord(h, word);
  }
  return FinishHash(h);
}

// Twice the largest table, so that probes stay short and end at an empty slot.
constexpr uint32_t kNameSlots = 1024;

struct NameIndex {
  uint16_t rows[kNameSlots] = {};  // row + 1 in the table; 0: empty
  bool valid = true;               // fits, and no name twice
};

constexpr NameIndex BuildNameIndex(absl::Span<const SyscallDef> table) {
  NameIndex index;
  if (table.size() * 2 > kNameSlots) {
    index.valid = false;
    return index;
  }
  for (size_t row = 0; row < table.size(); ++row) {
    uint32_t slot = HashName(table[row].name) % kNameSlots;
    while (index.rows[slot] != 0) {
      if (table[index.rows[slot] - 1].name == table[row].name) {
        index.valid = false;
      }
      slot = (slot + 1) % kNameSlots;
    }
    index.rows[slot] = static_cast<uint16_t>(row + 1);
  }
  return index;
}

struct NameIndexes {
  NameIndex arch[kNumArches];
};

constexpr NameIndexes BuildNameIndexes() {
  NameIndexes out;
  for (int i = 0; i < kNumArches; ++i) {
    out.arch[i] = BuildNameIndex(kArches[i].syscalls);
  }
  return out;
}

constexpr NameIndexes kNameIndexes = BuildNameIndexes();

constexpr bool NameIndexesValid() {
  for (const NameIndex& index : kNameIndexes.arch) {
    if (!index.valid) return false;
  }
  return true;
}
static_assert(NameIndexesValid(),
              "a syscall table is over kNameSlots / 2 rows or names a "
              "syscall twice");

// HashName, with whole words loaded (on a little-endian host; elsewhere
// HashName itself).
uint32_t HashNameAtRunTime(std::string_view name) {
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
  return HashName(name);
#else
  uint64_t h = name.size();
  size_t at = 0;
  for (; at + 8 <= name.size(); at += 8) {
    uint64_t word;
    std::memcpy(&word, name.data() + at, 8);
    h = MixWord(h, word);
  }
  if (const size_t rest = name.size() - at; rest > 0) {
    uint64_t word = 0;  // the last 1..7 bytes, zero-padded
    if (name.size() >= 8) {
      std::memcpy(&word, name.data() + name.size() - 8, 8);
      word >>= 8 * (8 - rest);
    } else {
      for (size_t b = 0; b < rest; ++b) {
        word |= uint64_t{static_cast<unsigned char>(name[b])} << (8 * b);
      }
    }
    h = MixWord(h, word);
  }
  return FinishHash(h);
#endif
}

}  // namespace

std::optional<uint32_t> ArchSpec::Lookup(std::string_view name) const {
  if (syscalls.data() != GetArch(id).syscalls.data()) {
    // A hand-made ArchSpec (tests) with its own table: no index for it.
    for (const SyscallDef& def : syscalls) {
      if (def.name == name) return def.nr;
    }
    return std::nullopt;
  }
  const NameIndex& index = kNameIndexes.arch[static_cast<int>(id)];
  for (uint32_t slot = HashNameAtRunTime(name) % kNameSlots;;
       slot = (slot + 1) % kNameSlots) {
    const uint16_t row = index.rows[slot];
    if (row == 0) return std::nullopt;
    if (syscalls[row - 1].name == name) return syscalls[row - 1].nr;
  }
}

bool IsSyscallNameOfAnyArch(std::string_view name) {
  return std::binary_search(std::begin(kAllSyscallNames),
                            std::end(kAllSyscallNames), name);
}

std::string_view ArchSpec::NameOf(uint32_t nr) const {
  // Sorted by (nr, name), so the first row with `nr` has the smallest name.
  auto it = std::lower_bound(
      syscalls.begin(), syscalls.end(), nr,
      [](const SyscallDef& def, uint32_t n) { return def.nr < n; });
  if (it == syscalls.end() || it->nr != nr) return {};
  return it->name;
}

uint32_t ArchSpec::ArgLowOffset(int index) const {
  assert(index >= 0 && index < 6);
  const uint32_t arg = 16 + 8 * static_cast<uint32_t>(index);
  return byte_order == ByteOrder::kLittle ? arg : arg + 4;
}

uint32_t ArchSpec::ArgHighOffset(int index) const {
  assert(index >= 0 && index < 6);
  const uint32_t arg = 16 + 8 * static_cast<uint32_t>(index);
  return byte_order == ByteOrder::kLittle ? arg + 4 : arg;
}

absl::Span<const ArchSpec> AllArches() { return kArches; }

const ArchSpec& GetArch(ArchId id) { return kArches[static_cast<int>(id)]; }

const ArchSpec* FindArch(std::string_view name) {
  for (const ArchSpec& arch : kArches) {
    if (arch.scmp_name == name || arch.short_name == name) return &arch;
  }
  for (const ArchAlias& alias : kAliases) {
    if (alias.name == name) return &GetArch(alias.id);
  }
  return nullptr;
}

const ArchSpec* AbiOf(uint32_t audit_arch, uint32_t nr) {
  const ArchSpec* plain = nullptr;
  for (const ArchSpec& a : kArches) {
    if (a.audit_arch != audit_arch) continue;
    if (a.nr_marker_bit == 0) {
      if (plain == nullptr) plain = &a;
    } else if ((nr & a.nr_marker_bit) != 0) {
      return &a;
    }
  }
  return plain;
}

const ArchSpec* PrimaryArchFor(uint32_t audit_arch) {
  for (const ArchSpec& a : kArches) {
    if (a.audit_arch == audit_arch && a.nr_marker_bit == 0) return &a;
  }
  return nullptr;
}

const ArchSpec& NativeArch() {
#if defined(__x86_64__) && defined(__ILP32__)
  return GetArch(ArchId::kX32);
#elif defined(__x86_64__)
  return GetArch(ArchId::kX86_64);
#elif defined(__i386__)
  return GetArch(ArchId::kX86);
#elif defined(__aarch64__)
  return GetArch(ArchId::kAarch64);
#elif defined(__arm__)
  return GetArch(ArchId::kArm);
#elif defined(__riscv) && __riscv_xlen == 64
  return GetArch(ArchId::kRiscv64);
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
  return GetArch(ArchId::kPpc64le);
#elif defined(__powerpc64__)
  return GetArch(ArchId::kPpc64);
#elif defined(__powerpc__)
  return GetArch(ArchId::kPpc);
#elif defined(__s390x__)
  return GetArch(ArchId::kS390x);
#elif defined(__s390__)
  return GetArch(ArchId::kS390);
#elif defined(__loongarch64)
  return GetArch(ArchId::kLoongarch64);
#elif defined(__mips__) && defined(_ABIO32) && defined(__MIPSEL__)
  return GetArch(ArchId::kMipsel);
#elif defined(__mips__) && defined(_ABIO32)
  return GetArch(ArchId::kMips);
#elif defined(__mips__) && defined(_ABIN32) && defined(__MIPSEL__)
  return GetArch(ArchId::kMipsel64N32);
#elif defined(__mips__) && defined(_ABIN32)
  return GetArch(ArchId::kMips64N32);
#elif defined(__mips__) && defined(__MIPSEL__)
  return GetArch(ArchId::kMipsel64);
#elif defined(__mips__)
  return GetArch(ArchId::kMips64);
#elif defined(__hppa__) && defined(__LP64__)
  return GetArch(ArchId::kParisc64);
#elif defined(__hppa__)
  return GetArch(ArchId::kParisc);
#elif defined(__m68k__)
  return GetArch(ArchId::kM68k);
#elif defined(__sh__) && defined(__BIG_ENDIAN__)
  return GetArch(ArchId::kSheb);
#elif defined(__sh__)
  return GetArch(ArchId::kSh);
#else
#error "seccompc: unknown native architecture"
#endif
}

std::string LowercaseArchName(const ArchSpec& arch) {
  return absl::AsciiStrToLower(absl::StripPrefix(
      absl::string_view(arch.scmp_name.data(), arch.scmp_name.size()),
      "SCMP_ARCH_"));
}

}  // namespace seccompc

// Architectures a seccomp filter can check for, and their syscall tables.
//
// The kernel hands a filter `seccomp_data.arch` (an AUDIT_ARCH_* value) and
// `seccomp_data.nr` (the number in that arch's own table). An ArchSpec is the
// static description of one such ABI: its names in profiles, its AUDIT_ARCH
// value, its byte order and word size (which decide where an argument's low
// word lives), and its name <-> number table. Tables are generated from the
// Linux UAPI headers by tools/gen_syscall_tables.py plus the committed
// supplement tools/syscalls_supplement.tbl (syscalls newer than Debian's 6.1
// headers); see compiler/arch/syscall_tables.inc.
//
//   const ArchSpec* arch = FindArch("amd64");       // or "SCMP_ARCH_X86_64"
//   std::optional<uint32_t> nr = arch->Lookup("openat");  // 257
//   std::string_view name = arch->NameOf(257);       // "openat"
//
// Everything here is immutable static data; there is no registration.
#ifndef SECCOMPC_COMPILER_ARCH_ARCH_H_
#define SECCOMPC_COMPILER_ARCH_ARCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/types/span.h"

namespace seccompc {

// Every architecture OCI's runtime-spec names (SCMP_ARCH_*), in that order.
enum class ArchId : uint8_t {
  kX86,
  kX86_64,
  kX32,
  kArm,
  kAarch64,
  kMips,
  kMips64,
  kMips64N32,
  kMipsel,
  kMipsel64,
  kMipsel64N32,
  kPpc,
  kPpc64,
  kPpc64le,
  kS390,
  kS390x,
  kParisc,
  kParisc64,
  kRiscv64,
  kLoongarch64,
  kM68k,
  kSh,
  kSheb,
};
inline constexpr int kNumArches = 23;

// The six MIPS ABIs (o32, n64 and n32, each in both byte orders): they
// share MIPS's own errno numbers, and libseccomp supported them together.
inline constexpr bool IsMips(ArchId id) {
  return id >= ArchId::kMips && id <= ArchId::kMipsel64N32;
}

enum class ByteOrder : uint8_t { kLittle, kBig };

// One row of a syscall table.
struct SyscallDef {
  std::string_view name;  // without the __NR_ prefix: "openat"
  uint32_t nr;            // exactly as the kernel puts it in seccomp_data.nr
};

struct ArchSpec {
  ArchId id;
  std::string_view scmp_name;   // "SCMP_ARCH_X86_64" (OCI, libseccomp)
  std::string_view short_name;  // "amd64" (Docker's includes/excludes.arches)
  uint32_t audit_arch;          // AUDIT_ARCH_X86_64; shared by x86_64 and x32
  ByteOrder byte_order;
  // 32 or 64: the ABI's long/pointer width, as libseccomp counts it (x32 and
  // mips n32 are 32 although their registers are 64-bit).
  int word_bits;
  // First number of the table: 4000/5000/6000 on mips, 0x40000000 on x32
  // (equal to its marker bit), else 0.
  uint32_t nr_base;
  // Bit that marks this ABI's numbers when it shares `audit_arch` with
  // another one (x32: 0x40000000, __X32_SYSCALL_BIT), else 0.
  uint32_t nr_marker_bit;
  // Sorted by nr, then name; empty when Debian ships no headers for the arch.
  absl::Span<const SyscallDef> syscalls;
  uint32_t max_nr;  // highest nr in `syscalls` (0 when empty)

  bool has_table() const { return !syscalls.empty(); }
  std::optional<uint32_t> Lookup(std::string_view name) const;
  // "" when the number is not in the table. Several names may share a number
  // (aliases); the first in name order is returned.
  std::string_view NameOf(uint32_t nr) const;
  // Offset of argument `index`'s (0..5) low / high 32-bit word in
  // seccomp_data: args[i] is a u64 at 16 + 8*i, stored in the arch's byte
  // order. On 32-bit ABIs the high word may hold junk (a 64-bit task using
  // int 0x80); filters decide on the low word there (model/policy.h).
  uint32_t ArgLowOffset(int index) const;
  uint32_t ArgHighOffset(int index) const;
};

// __X32_SYSCALL_BIT: x32 shares AUDIT_ARCH_X86_64 with x86_64, and its
// syscall numbers carry this bit.
inline constexpr uint32_t kX32SyscallBit = 0x40000000;

// The ABI a call belongs to, from seccomp_data's arch and nr: among the
// arches with that AUDIT_ARCH value, the one whose marker bit nr carries
// (x32), else the one without a marker (x86_64). nullptr for an AUDIT_ARCH
// value no arch has. (The reference evaluator decides this on its own, on
// purpose: it is the oracle for code that uses this.)
const ArchSpec* AbiOf(uint32_t audit_arch, uint32_t nr);
// The arch without a marker bit for an AUDIT_ARCH value (x86_64 rather
// than x32): whose byte order and table a program for that value uses.
const ArchSpec* PrimaryArchFor(uint32_t audit_arch);

// All arches, in ArchId order.
absl::Span<const ArchSpec> AllArches();
// Whether some arch's table has `name` (a binary search of a generated list).
bool IsSyscallNameOfAnyArch(std::string_view name);
const ArchSpec& GetArch(ArchId id);
// Accepts "SCMP_ARCH_X86_64" and Docker's short names ("amd64", "x86",
// "x32", "arm64", "mipsel64n32", ...), plus the aliases "x86_64", "aarch64",
// "i386", "386" and "loongarch64"; case-sensitive; nullptr if unknown.
const ArchSpec* FindArch(std::string_view name);
// The arch this binary was compiled for (x86_64 here).
const ArchSpec& NativeArch();

// scmp_name without "SCMP_ARCH_", in lower case: "x86_64", "x86", "x32",
// "aarch64", "mipsel64n32". libseccomp's seccomp_arch_resolve_name() takes
// this spelling, and the launcher's messages use it.
std::string LowercaseArchName(const ArchSpec& arch);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ARCH_ARCH_H_

// Which ABIs run on a native arch, and the names of AUDIT_ARCH values.
//
// A 64-bit kernel also runs the processes of its compat ABIs (x86_64 runs
// x86 and x32; aarch64 runs arm; mips64 runs n32 and o32), so a filter for
// such a machine must decide their calls too; the kernel's seccomp action
// cache covers the native ABI and at most one of them. These facts live
// here, once: the resolver's target, the code generator's cache weighting,
// the disassembler's comments and the runtimes read them.
//
//   for (ArchId sub : SubAbisOf(ArchId::kX86_64)) ...  // kX86, kX32
//   std::optional<ArchId> c = CachedCompatAbiOf(ArchId::kX86_64);  // kX86
//   std::string_view n = AuditArchName(AUDIT_ARCH_I386);  // "AUDIT_ARCH_I386"
#ifndef SECCOMPC_COMPILER_ARCH_ABI_FAMILY_H_
#define SECCOMPC_COMPILER_ARCH_ABI_FAMILY_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/types/span.h"
#include "compiler/arch/arch.h"

namespace seccompc {

// The ABIs a kernel of `native` runs besides `native` itself, in the order
// runtimes list them in an archMap (runc, Docker's default profile):
// x86_64 -> x86, x32; aarch64 -> arm; mips64 -> mips64n32, mips;
// mipsel64 -> mipsel64n32, mipsel; s390x -> s390; ppc64 -> ppc. Empty for
// every other arch.
absl::Span<const ArchId> SubAbisOf(ArchId native);

// The compat ABI whose calls the kernel's seccomp action cache covers
// besides the native one (SECCOMP_ARCH_COMPAT in the kernel's
// arch/*/include/asm/seccomp.h); nullopt when there is none. x32 is never
// cached: its numbers carry the marker bit and pass through the filter.
std::optional<ArchId> CachedCompatAbiOf(ArchId native);

// "AUDIT_ARCH_X86_64" for a value of <linux/audit.h> (also the ones no
// ArchId has, such as AUDIT_ARCH_SPARC), "" if unknown.
std::string_view AuditArchName(uint32_t audit_arch);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ARCH_ABI_FAMILY_H_

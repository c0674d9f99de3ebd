#include "compiler/arch/abi_family.h"

#include <linux/audit.h>

namespace seccompc {
namespace {

// One row per native arch that runs other ABIs.
struct AbiFamily {
  ArchId native;
  absl::Span<const ArchId> sub_abis;
  std::optional<ArchId> cached_compat;
};

constexpr ArchId kX86_64Subs[] = {ArchId::kX86, ArchId::kX32};
constexpr ArchId kAarch64Subs[] = {ArchId::kArm};
constexpr ArchId kMips64Subs[] = {ArchId::kMips64N32, ArchId::kMips};
constexpr ArchId kMipsel64Subs[] = {ArchId::kMipsel64N32, ArchId::kMipsel};
constexpr ArchId kS390xSubs[] = {ArchId::kS390};
constexpr ArchId kPpc64Subs[] = {ArchId::kPpc};

// The cached compat ABI is what the code generator has always assumed
// (x86 on x86_64 only); the other kernels' compat caches are left out
// until generated programs for them are measured, since the choice moves
// ranges in their search trees.
const AbiFamily kFamilies[] = {
    {ArchId::kX86_64, kX86_64Subs, ArchId::kX86},
    {ArchId::kAarch64, kAarch64Subs, std::nullopt},
    {ArchId::kMips64, kMips64Subs, std::nullopt},
    {ArchId::kMipsel64, kMipsel64Subs, std::nullopt},
    {ArchId::kS390x, kS390xSubs, std::nullopt},
    {ArchId::kPpc64, kPpc64Subs, std::nullopt},
};

const AbiFamily* FamilyOf(ArchId native) {
  for (const AbiFamily& f : kFamilies) {
    if (f.native == native) return &f;
  }
  return nullptr;
}

struct AuditArchEntry {
  uint32_t value;
  std::string_view name;
};

#define SECCOMPC_AUDIT_ARCH(name) \
  { AUDIT_ARCH_##name, "AUDIT_ARCH_" #name }
constexpr AuditArchEntry kAuditArches[] = {
    SECCOMPC_AUDIT_ARCH(X86_64),      SECCOMPC_AUDIT_ARCH(I386),
    SECCOMPC_AUDIT_ARCH(AARCH64),     SECCOMPC_AUDIT_ARCH(ARM),
    SECCOMPC_AUDIT_ARCH(ARMEB),       SECCOMPC_AUDIT_ARCH(MIPS),
    SECCOMPC_AUDIT_ARCH(MIPSEL),      SECCOMPC_AUDIT_ARCH(MIPS64),
    SECCOMPC_AUDIT_ARCH(MIPS64N32),   SECCOMPC_AUDIT_ARCH(MIPSEL64),
    SECCOMPC_AUDIT_ARCH(MIPSEL64N32), SECCOMPC_AUDIT_ARCH(PPC),
    SECCOMPC_AUDIT_ARCH(PPC64),       SECCOMPC_AUDIT_ARCH(PPC64LE),
    SECCOMPC_AUDIT_ARCH(S390),        SECCOMPC_AUDIT_ARCH(S390X),
    SECCOMPC_AUDIT_ARCH(PARISC),      SECCOMPC_AUDIT_ARCH(PARISC64),
    SECCOMPC_AUDIT_ARCH(RISCV32),     SECCOMPC_AUDIT_ARCH(RISCV64),
    SECCOMPC_AUDIT_ARCH(LOONGARCH32), SECCOMPC_AUDIT_ARCH(LOONGARCH64),
    SECCOMPC_AUDIT_ARCH(M68K),        SECCOMPC_AUDIT_ARCH(SH),
    SECCOMPC_AUDIT_ARCH(SHEL),        SECCOMPC_AUDIT_ARCH(SPARC),
    SECCOMPC_AUDIT_ARCH(SPARC64),     SECCOMPC_AUDIT_ARCH(CSKY),
    SECCOMPC_AUDIT_ARCH(ALPHA),       SECCOMPC_AUDIT_ARCH(IA64),
};
#undef SECCOMPC_AUDIT_ARCH

}  // namespace

absl::Span<const ArchId> SubAbisOf(ArchId native) {
  const AbiFamily* f = FamilyOf(native);
  return f == nullptr ? absl::Span<const ArchId>() : f->sub_abis;
}

std::optional<ArchId> CachedCompatAbiOf(ArchId native) {
  const AbiFamily* f = FamilyOf(native);
  return f == nullptr ? std::nullopt : f->cached_compat;
}

std::string_view AuditArchName(uint32_t audit_arch) {
  for (const AuditArchEntry& e : kAuditArches) {
    if (e.value == audit_arch) return e.name;
  }
  return "";
}

}  // namespace seccompc

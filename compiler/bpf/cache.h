// Which syscalls the kernel's constant-action cache will let skip the filter.
//
// Since Linux 5.11, attaching a filter runs a tiny emulator over it
// (seccomp_is_const_allow() in kernel/seccomp.c) once per syscall number
// with only `nr` and `arch` known. The emulator understands LD W ABS of nr
// or arch, JA, JEQ/JGE/JGT/JSET with K, ALU AND K and RET K, and nothing
// else: at any other instruction on the path (an argument or
// instruction_pointer load, an X operand, scratch memory, RET A, ...) it
// gives up and the number is not cached. If the path reaches RET K with k
// == SECCOMP_RET_ALLOW exactly, later calls of that syscall skip the filter.
// IsCacheAllowed() is that emulator, step for step (it walks the original
// program, before seccomp's LD-ABS rewrite). On unverified programs it stays
// safe: running off the end answers false, as the kernel's WARN path does.
//
// Which numbers the kernel tries: only two bitmaps are prepared, the
// native arch with nr < NR_syscalls and, on 64-bit kernels with compat
// support, the compat arch with nr < its NR_syscalls. On an x86-64 kernel
// that is AUDIT_ARCH_X86_64 and AUDIT_ARCH_I386. x32 numbers carry bit 30
// (0x40000000), so they are never below NR_syscalls and never cached:
// CacheAllowedSyscalls() returns nothing for an ArchSpec with a
// nr_marker_bit. Which arches are native/compat depends on the machine that
// loads the filter, so the caller decides which ArchSpecs to ask about.
//
// Not modelled: recent x86-64 kernels (the uretprobe exception went in
// around 6.14, uprobe followed) let those two syscalls of the native arch
// bypass every filter and mark them cached whatever the program says; that
// is a property of the kernel, not of the filter, and is left to callers.
//
//   bool fast = IsCacheAllowed(program, AUDIT_ARCH_X86_64, 39);  // getpid
//   std::vector<uint32_t> nrs = CacheAllowedSyscalls(program, x86_64_spec);
#ifndef SECCOMPC_COMPILER_BPF_CACHE_H_
#define SECCOMPC_COMPILER_BPF_CACHE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/types/span.h"
#include "compiler/arch/arch.h"
#include "compiler/bpf/bpf.h"

namespace seccompc {

// True when the kernel's emulator, starting at instruction 0 with
// seccomp_data.nr = nr and .arch = audit_arch, reaches RET SECCOMP_RET_ALLOW
// using only the instructions it understands.
bool IsCacheAllowed(absl::Span<const sock_filter> program, uint32_t audit_arch,
                    uint32_t nr);

// The numbers 0 <= nr < nr_limit for which IsCacheAllowed(program,
// arch.audit_arch, nr) holds, ascending. nr_limit defaults to
// arch.max_nr + 1 (the kernel's NR_syscalls for a table that ends at the
// arch's last syscall). Empty for ABIs the kernel never caches (those with
// a nr_marker_bit, i.e. x32).
std::vector<uint32_t> CacheAllowedSyscalls(
    absl::Span<const sock_filter> program, const ArchSpec& arch,
    std::optional<uint32_t> nr_limit = std::nullopt);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_BPF_CACHE_H_

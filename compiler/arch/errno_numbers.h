// Errno numbers per ABI, as that ABI's kernel returns them.
//
// Most ABIs share asm-generic/errno.h (ENOSYS 38), but mips (ENOSYS 89),
// parisc (ENOSYS 251) and powerpc (EDEADLOCK 58) have their own numbers, so
// a name in a profile ("errno": "ENOSYS", a test's ERRNO(ENOSYS)) means a
// number only once the ABI is known. The tables are generated from each
// ABI's <asm/errno.h> by tools/gen_errno_tables.py (committed as
// errno_tables.inc; checked by :errno_tables_up_to_date_test), never taken
// from the C library of the machine that compiles.
//
//   // 89:
//   std::optional<uint32_t> e = ErrnoFromName(ArchId::kMips, "ENOSYS");
//   // "EPERM":
//   std::string_view n = ErrnoName(ArchId::kX86_64, 1);
#ifndef SECCOMPC_COMPILER_ARCH_ERRNO_NUMBERS_H_
#define SECCOMPC_COMPILER_ARCH_ERRNO_NUMBERS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "compiler/arch/arch.h"

namespace seccompc {

// The number `name` (an E* macro of the UAPI headers, aliases such as
// EWOULDBLOCK included; case-sensitive) has on `arch`; nullopt if the
// headers have no such name.
std::optional<uint32_t> ErrnoFromName(ArchId arch, std::string_view name);

// The number in asm-generic/errno.h (x86, arm, riscv, s390, ...): what a
// name stands for before the ABI is known, e.g. while a profile is read.
std::optional<uint32_t> AsmGenericErrno(std::string_view name);

// The first name in alphabetical order with `number` on `arch`, or "" when
// none has it.
std::string_view ErrnoName(ArchId arch, uint32_t number);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ARCH_ERRNO_NUMBERS_H_

// A Policy is a Profile resolved for one target: includes/excludes applied
// for the target's native arch, capabilities and kernel, names mapped to
// numbers per arch. It is what the back end compiles and what the reference
// evaluator (evaluate.h) interprets.
//
// Meaning (the contract shared by evaluate.h and the code generator):
//  - `data.arch` selects an ArchPolicy by AUDIT_ARCH value; none: KILL_PROCESS.
//    x86_64 and x32 share AUDIT_ARCH_X86_64: a number with bit 30 set
//    belongs to x32, any other to x86_64; the one not in the target gets
//    KILL_PROCESS.
//  - For a number, every rule whose conditions all hold matches (AND). The
//    result is the matching action of highest kernel precedence
//    (KILL_PROCESS > KILL_THREAD > TRAP > ERRNO > USER_NOTIF > TRACE > LOG >
//    ALLOW); among matches of that kind, the earliest entry wins. No match,
//    or a number without rules (missing from the table, past its end): the
//    default action.
//  - ENOSYS stub (runc's rule, compiler/frontend/enosys.h): when an ABI has
//    `enosys_above`, a number above it gets ERRNO(ENOSYS) before any rule;
//    with `enosys_nr_zero` (s390, s390x) so does number 0.
//  - Arguments: on 64-bit ABIs (and x32) a condition compares the full
//    64-bit register value from seccomp_data.args with the profile's 64-bit
//    constants. On every other 32-bit ABI (ArgumentsAre32Bit(): i386, arm,
//    mips o32 and n32, ppc, s390, ...) the argument is the LOW 32 bits of
//    its register, and each constant is read as a 32-bit value
//    (ConstantOn32BitAbi()): one whose high word is the sign extension of
//    its low word (high word 0, or 0xFFFFFFFF with bit 31 of the low word
//    set) is compared as its low word, so `EQ 0xFFFFFFFFFFFFFFFF` (-1) and
//    `EQ 0xFFFFFFFFFFFFFF9C` (AT_FDCWD) match the -1 and AT_FDCWD a 32-bit
//    task passes. A condition with any other constant of 2^32 or more
//    never holds there, whatever its operator (NE, LT and LE included; for
//    MASKED_EQ, when the mask or the value is such a constant); Resolve()
//    warns about it. The comparison is then unsigned 32-bit: `LT 5` is
//    0..4, MASKED_EQ is (low32 & mask) == value. Why low words: the kernel
//    does not clear the high words. A 64-bit task may enter the compat ABI
//    with `int 0x80`; seccomp_data then carries the WHOLE 64-bit registers
//    (syscall_get_arguments copies regs->bx, ...), while the compat syscall
//    reads only their low 32 bits. A filter that tested the high word would
//    let mprotect(p, 4096, 0x100000007) through a `prot == 7` rule and then
//    map the page rwx. Why sign extension: profiles are written for 64-bit
//    hosts, where -1 and AT_FDCWD are 64-bit values; read as 64-bit
//    numbers they could never equal a 32-bit argument and a deny rule
//    written with them would silently vanish on i386. libseccomp truncates
//    every constant instead, so that `EQ 0x100000005` matches 5; a constant
//    that is no 32-bit value says something no 32-bit task can pass, and
//    here it matches nothing rather than something else. x32 is the
//    exception to all of this: it passes 64-bit registers to 64-bit
//    syscalls, so its arguments and constants are full 64-bit values.
//  - No USER_NOTIF without a listener: Resolve() turns SCMP_ACT_NOTIFY into
//    ERRNO(ENOSYS) (the arch's number) unless ResolveOptions::notify_listener
//    says the filter will be installed with NEW_LISTENER and an agent answers.
//    A USER_NOTIF nobody answers is not a denial: the task can stack its own
//    filter with NEW_LISTENER that also returns USER_NOTIF (equal actions go to
//    the newest filter), answer CONTINUE itself, and the call runs.
// Unlike libseccomp (a later rule without args replaces earlier arg rules,
// an arg rule after it is dropped) and runc (two conditions on one arg index
// become OR), this does not depend on the order of entries.
#ifndef SECCOMPC_COMPILER_MODEL_POLICY_H_
#define SECCOMPC_COMPILER_MODEL_POLICY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/btree_map.h"
#include "compiler/arch/arch.h"
#include "compiler/model/action.h"
#include "compiler/model/profile.h"

namespace seccompc {

// True when `arch` decides arguments on their low 32 bits (see above).
inline bool ArgumentsAre32Bit(const ArchSpec& arch) {
  return arch.word_bits == 32 && arch.id != ArchId::kX32;
}

// The value conditions compare on `arch` for the register contents `raw`
// that seccomp_data.args shows.
inline uint64_t ArgumentValue(const ArchSpec& arch, uint64_t raw) {
  return ArgumentsAre32Bit(arch) ? (raw & 0xFFFFFFFFu) : raw;
}

// The 32-bit constant that a condition compares on an ABI where
// ArgumentsAre32Bit() holds. A profile's constants are 64-bit; a value whose
// high word is the sign extension of its low word (high word 0, or high word
// 0xFFFFFFFF with bit 31 of the low word set) means its low word, so -1 and
// AT_FDCWD written as 64-bit values mean what a 32-bit task passes (as
// libseccomp, which truncates every constant). Any other constant of 2^32 or
// more is nullopt: a condition with it (either MASKED_EQ word included)
// never holds on that ABI, whatever its operator.
inline std::optional<uint32_t> ConstantOn32BitAbi(uint64_t value) {
  const uint32_t low = static_cast<uint32_t>(value);
  const uint32_t high = static_cast<uint32_t>(value >> 32);
  if (high == 0 || (high == 0xFFFFFFFFu && (low & 0x80000000u) != 0)) {
    return low;
  }
  return std::nullopt;
}

struct PolicyRule {
  std::vector<ArgCondition> conditions;  // all must hold; empty: always
  Action action;
  int entry_index = -1;  // index in Profile::syscalls, for messages
};

struct ArchPolicy {
  const ArchSpec* arch = nullptr;
  // Only numbers with at least one rule; rules in profile (entry) order.
  absl::btree_map<uint32_t, std::vector<PolicyRule>> syscalls;
  // The ENOSYS stub on this ABI (see above); nullopt/false: none.
  std::optional<uint32_t> enosys_above;
  bool enosys_nr_zero = false;

  // ERRNO(ENOSYS) when the stub decides `nr`, before any rule; else nullopt.
  std::optional<Action> StubAction(uint32_t nr) const;
};

struct Policy {
  Action default_action;
  // The target's arches in TargetArches() order (resolve.h). At most one
  // per AUDIT_ARCH value, except x86_64 with x32.
  std::vector<ArchPolicy> arches;
  uint32_t flags = 0;  // FilterFlag bits from the profile

  const ArchPolicy* FindArch(ArchId id) const;
};

// ENOSYS as the ABI's processes read it: 89 on mips, 251 on parisc, else 38.
uint32_t EnosysErrno(const ArchSpec& arch);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_MODEL_POLICY_H_

// The seccomp_data a filter running on a given arch actually reads.
//
// The kernel fills `struct seccomp_data` in the arch's own byte order, so on
// a big-endian arch the high word of args[i] sits at 16 + 8*i and the low
// word at +4 (ArchSpec::ArgHighOffset/ArgLowOffset). Programs compiled for
// such an arch load the words from there. To run them on this machine
// (interpreter, simulate, tests), a logical seccomp_data (plain u64 values)
// must be laid out as that arch's kernel would: on a host of the other byte
// order the two halves of every 64-bit field swap places; nr and arch are
// 32-bit and never change.
#ifndef SECCOMPC_COMPILER_ARCH_SECCOMP_DATA_LAYOUT_H_
#define SECCOMPC_COMPILER_ARCH_SECCOMP_DATA_LAYOUT_H_

#include <linux/seccomp.h>

#include "compiler/arch/arch.h"

namespace seccompc {

seccomp_data AsLaidOutFor(const seccomp_data& logical, const ArchSpec& arch);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ARCH_SECCOMP_DATA_LAYOUT_H_

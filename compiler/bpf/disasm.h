// A readable listing of a seccomp filter, and its raw on-disk form.
//
// Disassemble() prints one instruction per line: an "L<index>:" label on
// every jump target, the index, the instruction in bpf_asm-like syntax with
// jump targets as absolute labels, and a comment where the program's own
// checks make a value meaningful. A forward dataflow pass follows what the
// accumulator holds (nr, arch, a seccomp_data word, or something computed)
// and which AUDIT_ARCH value is established on every path to an
// instruction (after the true branch of `jeq #AUDIT_ARCH_...` on arch).
// With that it names
//   - loads: `ld [nr]`, `ld [arch]`, `ld [args[1].lo]` / `.hi` and
//     `ld [ip.lo]` when the byte order is known (every path checked for
//     arches of one byte order, e.g. x86_64 and i386 merging), otherwise
//     by offset inside the field: `ld [args[1]+4]`;
//   - comparisons of nr (jeq/jge/jgt #k) with the syscall's name in the
//     known arch's table (ArchSpec::NameOf); on AUDIT_ARCH_X86_64 a number
//     with bit 30 set is named from the x32 table: "read (x32)";
//   - comparisons of arch with the AUDIT_ARCH_* name;
//   - RET K as its action (`ret ERRNO(1)`, `ret ALLOW`) when the value is
//     exactly what that action encodes, else the number with the action as
//     a comment; instructions no path reaches are marked "unreachable".
// Any program can be listed, including ones the verifier rejects.
//
// Raw form: the bytes of `struct sock_filter[]` in this machine's byte
// order, as `bwrap --seccomp FD` and crun's run.oci.seccomp_bpf_data read
// them (8 bytes per instruction). ParseRawProgram() only checks the size;
// run VerifyProgram() on the result.
//
//   std::cout << Disassemble(program);
//   //        0: ld [arch]
//   //        1: jeq #0xc000003e, L3, L2     ; AUDIT_ARCH_X86_64
//   // L2:      2: ret KILL_PROCESS
//   // L3:      3: ld [nr]
//   //        4: jeq #39, L5, L6             ; getpid
#ifndef SECCOMPC_COMPILER_BPF_DISASM_H_
#define SECCOMPC_COMPILER_BPF_DISASM_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "compiler/bpf/bpf.h"

namespace seccompc {

// The listing, every line ending in '\n'.
std::string Disassemble(absl::Span<const sock_filter> program);

// Bytes -> instructions. InvalidArgument unless the size is a multiple of
// 8; an empty input gives an empty program.
absl::StatusOr<Program> ParseRawProgram(std::string_view bytes);
// Instructions -> bytes; the inverse of ParseRawProgram.
std::string SerializeRawProgram(const Program& program);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_BPF_DISASM_H_

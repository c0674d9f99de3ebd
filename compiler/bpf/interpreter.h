// Runs a seccomp filter on one `struct seccomp_data`, as the kernel does.
//
// Semantics are the kernel's for a filter that VerifyProgram() accepted:
// A and X start at 0; arithmetic is unsigned 32-bit and wraps; LD W ABS
// reads the u32 at that offset of the struct as it lies in this process's
// memory (host byte order: the kernel does the same, so on a little-endian
// host offset 16 is the low word of args[0]); LD/LDX W LEN load 64
// (seccomp_check_filter() rewrites them so); DIV by X == 0 ends the program
// with return value 0 (the classic-BPF rule the kernel keeps); LSH/RSH by X
// use X & 31, as the x86-64 and arm64 JITs do; the result is the RET value.
//
// Every jump goes forward, so a run takes at most program.size() steps.
// Programs the verifier would reject are run defensively: whatever would be
// undefined in the kernel (a jump or fall-through past the end, an unknown
// or non-seccomp opcode, a load outside seccomp_data, an unwritten or
// out-of-range scratch cell, DIV/LSH/RSH K that the verifier refuses) yields
// an InvalidArgument status naming the instruction, never a crash or a loop.
//
//   ExecutionStats stats;
//   absl::StatusOr<uint32_t> ret = RunProgram(program, data, &stats);
#ifndef SECCOMPC_COMPILER_BPF_INTERPRETER_H_
#define SECCOMPC_COMPILER_BPF_INTERPRETER_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "compiler/bpf/bpf.h"

namespace seccompc {

struct ExecutionStats {
  // Instructions executed, the RET included.
  size_t instructions_executed = 0;
  // Bit i set: the word at offset 4*i of seccomp_data was loaded (bit 0 nr,
  // bit 1 arch, bits 2-3 instruction_pointer, bits 4-15 args).
  uint16_t words_loaded = 0;

  bool loaded_nr() const { return words_loaded & 0x1; }
  bool loaded_arch() const { return words_loaded & 0x2; }
  bool loaded_instruction_pointer() const { return words_loaded & 0xc; }
  bool loaded_args() const { return words_loaded & 0xfff0; }
};

// The filter's 32-bit return value for `data`. `stats` (optional) is
// overwritten with this run's counts, also when an error is returned.
absl::StatusOr<uint32_t> RunProgram(absl::Span<const sock_filter> program,
                                    const seccomp_data& data,
                                    ExecutionStats* stats = nullptr);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_BPF_INTERPRETER_H_

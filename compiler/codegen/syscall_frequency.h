// How often a typical server makes each syscall, to weight the nr search.
//
// The table is measured by tools/measure_syscall_frequency.sh into
// server_frequency.inc (x86_64 names, calls per million syscalls, heaviest
// first). A build without that file gets a small built-in stand-in so that
// the compiler still works; FrequencyTableIsMeasured() says which it is.
//
//   CodegenOptions options;
//   options.syscall_frequency = FrequencyMap(ServerSyscallFrequency());
#ifndef SECCOMPC_COMPILER_CODEGEN_SYSCALL_FREQUENCY_H_
#define SECCOMPC_COMPILER_CODEGEN_SYSCALL_FREQUENCY_H_

#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"

namespace seccompc {

struct SyscallFrequency {
  std::string_view name;
  double weight;
};

absl::Span<const SyscallFrequency> ServerSyscallFrequency();
bool FrequencyTableIsMeasured();

absl::flat_hash_map<std::string, double> FrequencyMap(
    absl::Span<const SyscallFrequency> table);

// FrequencyMap(ServerSyscallFrequency()), built once (immutable).
const absl::flat_hash_map<std::string, double>& ServerFrequencyMap();

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_SYSCALL_FREQUENCY_H_

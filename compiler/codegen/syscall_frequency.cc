#include "compiler/codegen/syscall_frequency.h"

namespace seccompc {
namespace {

#if __has_include("compiler/codegen/server_frequency.inc")
constexpr bool kMeasured = true;
constexpr SyscallFrequency kServerFrequency[] = {
#include "compiler/codegen/server_frequency.inc"
};
#else
// Stand-in until the measured table exists: the usual hot calls of an
// event-driven server, roughly in their usual order.
constexpr bool kMeasured = false;
constexpr SyscallFrequency kServerFrequency[] = {
    {"read", 200000},      {"write", 190000}, {"futex", 90000},
    {"epoll_wait", 70000}, {"close", 55000},  {"newfstatat", 50000},
    {"recvfrom", 47000},   {"sendto", 40000}, {"openat", 30000},
    {"mmap", 10000},       {"munmap", 8000},  {"brk", 5000},
};
#endif

}  // namespace

absl::Span<const SyscallFrequency> ServerSyscallFrequency() {
  return kServerFrequency;
}

bool FrequencyTableIsMeasured() { return kMeasured; }

absl::flat_hash_map<std::string, double> FrequencyMap(
    absl::Span<const SyscallFrequency> table) {
  absl::flat_hash_map<std::string, double> map;
  // Built in every compiling process: one allocation, no rehash.
  map.reserve(table.size());
  for (const SyscallFrequency& row : table) {
    map[std::string(row.name)] += row.weight;
  }
  return map;
}

const absl::flat_hash_map<std::string, double>& ServerFrequencyMap() {
  static const auto* const kMap = new absl::flat_hash_map<std::string, double>(
      FrequencyMap(ServerSyscallFrequency()));
  return *kMap;
}

}  // namespace seccompc

#include "compiler/arch/errno_numbers.h"

#include <algorithm>
#include <iterator>

#include "absl/types/span.h"

namespace seccompc {
namespace {

struct ErrnoDef {
  std::string_view name;
  uint32_t number;
};

#include "compiler/arch/errno_tables.inc"

static_assert(std::size(kErrnoTableOf) == kNumArches,
              "errno_tables.inc must have one table per ArchId");

absl::Span<const ErrnoDef> TableOf(ArchId arch) {
  return kErrnoTableOf[static_cast<int>(arch)];
}

}  // namespace

std::optional<uint32_t> ErrnoFromName(ArchId arch, std::string_view name) {
  absl::Span<const ErrnoDef> table = TableOf(arch);
  auto it = std::lower_bound(
      table.begin(), table.end(), name,
      [](const ErrnoDef& d, std::string_view n) { return d.name < n; });
  if (it == table.end() || it->name != name) return std::nullopt;
  return it->number;
}

std::optional<uint32_t> AsmGenericErrno(std::string_view name) {
  return ErrnoFromName(ArchId::kX86_64, name);  // x86_64 uses asm-generic
}

std::string_view ErrnoName(ArchId arch, uint32_t number) {
  for (const ErrnoDef& d : TableOf(arch)) {
    if (d.number == number) return d.name;
  }
  return "";
}

}  // namespace seccompc

#include "compiler/arch/seccomp_data_layout.h"

#include <endian.h>

#include <cstdint>

namespace seccompc {
namespace {

uint64_t SwapHalves(uint64_t v) { return (v << 32) | (v >> 32); }

}  // namespace

seccomp_data AsLaidOutFor(const seccomp_data& logical, const ArchSpec& arch) {
  constexpr bool kHostLittle = __BYTE_ORDER == __LITTLE_ENDIAN;
  const bool arch_little = arch.byte_order == ByteOrder::kLittle;
  seccomp_data out = logical;
  if (kHostLittle == arch_little) return out;
  // Each 32-bit word keeps its value (the interpreter loads words in host
  // order, as that kernel loads them in its own); only their order differs.
  out.instruction_pointer = SwapHalves(logical.instruction_pointer);
  for (int i = 0; i < 6; ++i) out.args[i] = SwapHalves(logical.args[i]);
  return out;
}

}  // namespace seccompc

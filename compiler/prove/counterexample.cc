#include "compiler/prove/counterexample.h"

#include <cstring>

#include "compiler/bpf/interpreter.h"
#include "compiler/prove/decision_diagram.h"

namespace seccompc {
namespace {

// The input's 64-bit field at word offset `first` (8-byte aligned) in the
// byte order of `spec` (nullptr: this machine's).
uint64_t Field64(const InputWords& words, uint32_t first,
                 const ArchSpec* spec) {
  const bool big = spec != nullptr && spec->byte_order == ByteOrder::kBig;
  const uint64_t w0 = words[first];
  const uint64_t w1 = words[first + 1];
  return big ? (w0 << 32 | w1) : (w1 << 32 | w0);
}

}  // namespace

InputWords WordsOfBits(const std::vector<uint8_t>& bits) {
  InputWords words{};
  for (uint32_t v = 0; v < kVariables; ++v) {
    if (bits[v]) words[WordOfVariable(v)] |= 1u << BitOfVariable(v);
  }
  return words;
}

std::optional<Counterexample> ConfirmCounterexample(
    const Policy& policy, absl::Span<const sock_filter> program,
    const InputWords& words, uint32_t program_ret) {
  Counterexample c;
  static_assert(sizeof(c.raw) == sizeof(words));
  std::memcpy(&c.raw, words.data(), sizeof(words));
  const MeaningVerdict verdict = DecideMeaning(policy, words);
  const ArchSpec* spec =
      verdict.abi != nullptr ? verdict.abi->arch : PrimaryArchFor(words[1]);
  c.data.nr = static_cast<int>(words[0]);
  c.data.arch = words[1];
  c.data.instruction_pointer = Field64(words, 2, spec);
  for (uint32_t i = 0; i < 6; ++i) {
    c.data.args[i] = Field64(words, 4 + 2 * i, spec);
  }
  c.abi = verdict.abi != nullptr ? verdict.abi->arch : nullptr;
  c.program_ret = program_ret;
  c.meaning = verdict.action;
  c.entry_index = verdict.entry_index;
  c.by_stub = verdict.by_stub;
  // Both sides again, concretely: a counterexample that does not reproduce
  // would be a bug of the prover, never a verdict.
  absl::StatusOr<uint32_t> run = RunProgram(program, c.raw);
  if (!run.ok() || *run != program_ret ||
      verdict.action.ToRet() == program_ret) {
    return std::nullopt;
  }
  return c;
}

}  // namespace seccompc

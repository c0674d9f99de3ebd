// Seeded random generator of small classic-BPF programs and seccomp_data,
// for property tests of the verifier, interpreter and cache emulator (and
// for differential tests against the running kernel). Test-only.
//
// The programs mix every opcode seccomp allows with a few it refuses, bias
// constants towards the edges the kernel checks (offsets near 64, scratch
// index 16, shifts by 32, jumps just past the end) and often end in RET, so
// that a good share of them verify. A quarter stay inside the instruction
// subset the kernel's constant-action cache emulator understands.
//
//   ProgramGenerator gen(/*seed=*/1);
//   Program p = gen.Next();
//   seccomp_data d = gen.Data();
#ifndef SECCOMPC_COMPILER_BPF_RANDOM_PROGRAM_H_
#define SECCOMPC_COMPILER_BPF_RANDOM_PROGRAM_H_

#include <array>
#include <cstdint>
#include <random>

#include "compiler/bpf/bpf.h"

namespace seccompc {
namespace random_program_internal {

// Every opcode seccomp allows, plus a few it refuses, so that both sides of
// the verifier are exercised.
inline constexpr std::array<uint16_t, 47> kCodes = {
    BPF_LD | BPF_W | BPF_ABS,
    BPF_LD | BPF_W | BPF_LEN,
    BPF_LDX | BPF_W | BPF_LEN,
    BPF_RET | BPF_K,
    BPF_RET | BPF_A,
    BPF_ALU | BPF_ADD | BPF_K,
    BPF_ALU | BPF_ADD | BPF_X,
    BPF_ALU | BPF_SUB | BPF_K,
    BPF_ALU | BPF_SUB | BPF_X,
    BPF_ALU | BPF_MUL | BPF_K,
    BPF_ALU | BPF_MUL | BPF_X,
    BPF_ALU | BPF_DIV | BPF_K,
    BPF_ALU | BPF_DIV | BPF_X,
    BPF_ALU | BPF_AND | BPF_K,
    BPF_ALU | BPF_AND | BPF_X,
    BPF_ALU | BPF_OR | BPF_K,
    BPF_ALU | BPF_OR | BPF_X,
    BPF_ALU | BPF_XOR | BPF_K,
    BPF_ALU | BPF_XOR | BPF_X,
    BPF_ALU | BPF_LSH | BPF_K,
    BPF_ALU | BPF_LSH | BPF_X,
    BPF_ALU | BPF_RSH | BPF_K,
    BPF_ALU | BPF_RSH | BPF_X,
    BPF_ALU | BPF_NEG,
    BPF_LD | BPF_IMM,
    BPF_LDX | BPF_IMM,
    BPF_MISC | BPF_TAX,
    BPF_MISC | BPF_TXA,
    BPF_LD | BPF_MEM,
    BPF_LDX | BPF_MEM,
    BPF_ST,
    BPF_STX,
    BPF_JMP | BPF_JA,
    BPF_JMP | BPF_JEQ | BPF_K,
    BPF_JMP | BPF_JEQ | BPF_X,
    BPF_JMP | BPF_JGE | BPF_K,
    BPF_JMP | BPF_JGE | BPF_X,
    BPF_JMP | BPF_JGT | BPF_K,
    BPF_JMP | BPF_JGT | BPF_X,
    BPF_JMP | BPF_JSET | BPF_K,
    BPF_JMP | BPF_JSET | BPF_X,
    // Refused by seccomp or not BPF at all.
    BPF_LD | BPF_B | BPF_ABS,
    BPF_LD | BPF_W | BPF_IND,
    BPF_ALU | BPF_MOD | BPF_K,
    BPF_LDX | BPF_B | BPF_MSH,
    BPF_RET | BPF_X,
    0xffff,
};

// kCodes[0, kSeccompCodeCount) are the ones seccomp allows.
inline constexpr size_t kSeccompCodeCount = 41;

// What the kernel's cache emulator understands (LD W ABS only of nr and
// arch, see Next()).
inline constexpr std::array<uint16_t, 8> kCacheCodes = {
    BPF_LD | BPF_W | BPF_ABS,  BPF_JMP | BPF_JA,
    BPF_JMP | BPF_JEQ | BPF_K, BPF_JMP | BPF_JGE | BPF_K,
    BPF_JMP | BPF_JGT | BPF_K, BPF_JMP | BPF_JSET | BPF_K,
    BPF_ALU | BPF_AND | BPF_K, BPF_RET | BPF_K,
};

}  // namespace random_program_internal

class ProgramGenerator {
 public:
  explicit ProgramGenerator(uint32_t seed) : rng_(seed) {}

  Program Next() {
    const size_t len = Uniform(1, 14);
    // A quarter of the programs stay inside the cache emulator's subset.
    const bool cache_friendly = Chance(25);
    Program p;
    for (size_t pc = 0; pc < len; ++pc) {
      sock_filter insn{};
      if (cache_friendly) {
        insn.code = random_program_internal::kCacheCodes[Uniform(
            0, random_program_internal::kCacheCodes.size() - 1)];
      } else if (Chance(3)) {
        insn.code = random_program_internal::kCodes[Uniform(
            random_program_internal::kSeccompCodeCount,
            random_program_internal::kCodes.size() - 1)];
      } else {
        insn.code = random_program_internal::kCodes[Uniform(
            0, random_program_internal::kSeccompCodeCount - 1)];
      }
      // Mostly short jumps that stay inside, sometimes far ones.
      const uint32_t room = static_cast<uint32_t>(len - pc - 1);
      insn.jt =
          static_cast<uint8_t>(Chance(5) ? Uniform(0, 255) : Uniform(0, room));
      insn.jf =
          static_cast<uint8_t>(Chance(5) ? Uniform(0, 255) : Uniform(0, room));
      insn.k = RandomK(insn.code, room);
      if (cache_friendly && insn.code == (BPF_LD | BPF_W | BPF_ABS)) {
        insn.k = Chance(50) ? kNrOffset : kArchOffset;
      }
      p.push_back(insn);
    }
    // Stores up front make scratch reads verifiable more often.
    if (Chance(50))
      p.front() = Stmt(Chance(50) ? BPF_ST : BPF_STX, Uniform(0, 1));
    if (Chance(80))
      p.back() = Stmt(Chance(50) ? BPF_RET | BPF_K : BPF_RET | BPF_A,
                      RandomK(BPF_RET | BPF_K, 0));
    return p;
  }

  seccomp_data Data() {
    seccomp_data d{};
    d.nr = static_cast<int>(Word());
    d.arch = Word();
    d.instruction_pointer = (uint64_t{Word()} << 32) | Word();
    for (auto& arg : d.args) arg = (uint64_t{Word()} << 32) | Word();
    return d;
  }

 private:
  uint32_t Uniform(uint32_t lo, uint32_t hi) {
    return std::uniform_int_distribution<uint32_t>(lo, hi)(rng_);
  }
  bool Chance(uint32_t percent) { return Uniform(0, 99) < percent; }
  // Small values and edges are what matter.
  uint32_t Word() {
    switch (Uniform(0, 3)) {
      case 0:
        return Uniform(0, 4);
      case 1:
        return 0xffffffffu - Uniform(0, 2);
      default:
        return Uniform(0, 0xffffffffu);
    }
  }
  uint32_t RandomK(uint16_t code, uint32_t room) {
    switch (code) {
      case BPF_LD | BPF_W | BPF_ABS:
        return Chance(95) ? 4 * Uniform(0, 15) : Uniform(0, 70);
      case BPF_LD | BPF_MEM:
      case BPF_LDX | BPF_MEM:
      case BPF_ST:
      case BPF_STX:
        return Chance(90) ? Uniform(0, 1) : Uniform(14, 17);
      case BPF_JMP | BPF_JA:
        return Chance(90) ? Uniform(0, room) : Word();
      case BPF_ALU | BPF_LSH | BPF_K:
      case BPF_ALU | BPF_RSH | BPF_K:
        return Uniform(0, 33);
      case BPF_RET | BPF_K:
        return Chance(50) ? SECCOMP_RET_ALLOW : Word();
      default:
        return Word();
    }
  }

  std::mt19937 rng_;
};

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_BPF_RANDOM_PROGRAM_H_

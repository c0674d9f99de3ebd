// Random small programs, seeded: whatever VerifyProgram() accepts,
// RunProgram() runs to a RET within program.size() steps, on any data, and
// returns ALLOW whenever IsCacheAllowed() says the kernel would skip it.
// Programs the verifier rejects must still never crash the interpreter.
#include <array>
#include <cstdint>
#include <random>

#include "absl/strings/str_cat.h"
#include "compiler/bpf/cache.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

// Every opcode seccomp allows, plus a few it refuses, so that both sides of
// the verifier are exercised.
constexpr std::array<uint16_t, 47> kCodes = {
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

// What the kernel's cache emulator understands (with k restricted below).
constexpr std::array<uint16_t, 8> kCacheCodes = {
    BPF_LD | BPF_W | BPF_ABS,  BPF_JMP | BPF_JA,
    BPF_JMP | BPF_JEQ | BPF_K, BPF_JMP | BPF_JGE | BPF_K,
    BPF_JMP | BPF_JGT | BPF_K, BPF_JMP | BPF_JSET | BPF_K,
    BPF_ALU | BPF_AND | BPF_K, BPF_RET | BPF_K,
};

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
      insn.code = cache_friendly
                      ? kCacheCodes[Uniform(0, kCacheCodes.size() - 1)]
                      : kCodes[Uniform(0, kCodes.size() - 1)];
      // Mostly short jumps that stay inside, sometimes far ones.
      const uint32_t room = static_cast<uint32_t>(len - pc - 1);
      insn.jt = static_cast<uint8_t>(Chance(10) ? Uniform(0, 255)
                                                : Uniform(0, room + 1));
      insn.jf = static_cast<uint8_t>(Chance(10) ? Uniform(0, 255)
                                                : Uniform(0, room + 1));
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
        return Chance(85) ? 4 * Uniform(0, 15) : Uniform(0, 70);
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

TEST(RandomProgramTest, VerifiedProgramsAlwaysReturnWithinBoundedSteps) {
  constexpr int kPrograms = 50000;
  constexpr int kRunsPerProgram = 8;
  ProgramGenerator gen(20261123);
  int verified = 0;
  int verified_with_memory = 0;
  int cached_runs = 0;
  for (int i = 0; i < kPrograms; ++i) {
    const Program p = gen.Next();
    const bool ok = VerifyProgram(p).ok();
    bool uses_memory = false;
    for (const sock_filter& insn : p) {
      uses_memory |=
          insn.code == (BPF_LD | BPF_MEM) || insn.code == (BPF_LDX | BPF_MEM);
    }
    verified += ok;
    verified_with_memory += ok && uses_memory;
    for (int run = 0; run < kRunsPerProgram; ++run) {
      ExecutionStats stats;
      const seccomp_data data = gen.Data();
      const absl::StatusOr<uint32_t> ret = RunProgram(p, data, &stats);
      // Unverified programs may fail, but must not crash or loop.
      EXPECT_LE(stats.instructions_executed, p.size());
      if (!ok) continue;
      ASSERT_TRUE(ret.ok()) << "program #" << i << ": " << ret.status();
      ASSERT_GE(stats.instructions_executed, 1u);
      // The kernel's cache may only skip a filter that would allow.
      if (IsCacheAllowed(p, data.arch, static_cast<uint32_t>(data.nr))) {
        ++cached_runs;
        ASSERT_EQ(*ret, SECCOMP_RET_ALLOW) << "program #" << i;
      }
    }
  }
  // The generator must reach the interesting part of the space.
  EXPECT_GT(verified, kPrograms / 20);
  EXPECT_GT(verified_with_memory, 300);
  EXPECT_GT(cached_runs, 100);
  RecordProperty("verified", verified);
  RecordProperty("verified_with_memory", verified_with_memory);
  RecordProperty("cached_runs", cached_runs);
}

}  // namespace
}  // namespace seccompc

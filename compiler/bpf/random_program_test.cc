// Random small programs, seeded: whatever VerifyProgram() accepts,
// RunProgram() runs to a RET within program.size() steps, on any data, and
// returns ALLOW whenever IsCacheAllowed() says the kernel would skip it.
// Programs the verifier rejects must still never crash the interpreter.
#include "compiler/bpf/random_program.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "compiler/bpf/cache.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

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

// Differential test against the running kernel: for thousands of random
// programs and the boundary cases, VerifyProgram() accepts exactly what
// seccomp(SECCOMP_SET_MODE_FILTER) accepts.
//
// Each program is installed in a forked child (see kernel_probe.h); no
// filter action ever fires. Skips when seccomp is not available.
#include <optional>
#include <string>
#include <vector>

#include "compiler/bpf/kernel_probe.h"
#include "compiler/bpf/opcode.h"
#include "compiler/bpf/random_program.h"
#include "compiler/bpf/verifier.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

std::string Describe(const Program& p) {
  std::string out;
  for (size_t pc = 0; pc < p.size(); ++pc) {
    out += std::to_string(pc) + ": " + FormatInstruction(p[pc], pc) + "\n";
  }
  return out;
}

Program OfLength(size_t count) {
  Program p(count - 1, Stmt(BPF_LD | BPF_IMM, 1));
  p.push_back(Ret(SECCOMP_RET_ALLOW));
  return p;
}

TEST(KernelVerifierTest, BoundaryCasesAgreeWithTheKernel) {
  KernelProbe probe;
  if (!probe.Accepts({Ret(SECCOMP_RET_ALLOW)}).has_value()) {
    GTEST_SKIP() << "seccomp filters cannot be installed here";
  }
  const std::vector<Program> cases = {
      OfLength(4096),
      OfLength(4097),
      {LoadAbs(60), Ret(0)},
      {LoadAbs(62), Ret(0)},
      {LoadAbs(64), Ret(0)},
      {Stmt(BPF_LD | BPF_W | BPF_LEN, 0), Stmt(BPF_RET | BPF_A, 0)},
      {Stmt(BPF_LDX | BPF_W | BPF_LEN, 0), Ret(0)},
      {Stmt(BPF_LD | BPF_B | BPF_ABS, 0), Ret(0)},
      {Stmt(BPF_ALU | BPF_MOD | BPF_K, 3), Ret(0)},
      {Stmt(BPF_ALU | BPF_DIV | BPF_K, 0), Ret(0)},
      {Stmt(BPF_ALU | BPF_LSH | BPF_K, 31), Ret(0)},
      {Stmt(BPF_ALU | BPF_LSH | BPF_K, 32), Ret(0)},
      {JumpAlways(1), Ret(0), Ret(0)},
      {JumpAlways(2), Ret(0), Ret(0)},
      {JumpAlways(0xffffffff), Ret(0)},
      {JumpEq(0, 1, 0), Ret(0), Ret(0)},
      {JumpEq(0, 2, 0), Ret(0), Ret(0)},
      {Ret(0), LoadAbs(0)},
      {Stmt(BPF_ST, 15), Stmt(BPF_LD | BPF_MEM, 15), Ret(0)},
      {Stmt(BPF_ST, 16), Ret(0)},
      {LoadAbs(0), JumpEq(1, 0, 1), Stmt(BPF_ST, 0), Stmt(BPF_LD | BPF_MEM, 0),
       Ret(0)},
      {JumpAlways(1), Stmt(BPF_LD | BPF_MEM, 0), Ret(0)},
      {Ret(0), Stmt(BPF_LD | BPF_MEM, 0), Ret(0)},
  };
  for (const Program& p : cases) {
    const std::optional<bool> kernel = probe.Accepts(p);
    ASSERT_TRUE(kernel.has_value());
    EXPECT_EQ(VerifyProgram(p).ok(), *kernel)
        << VerifyProgram(p) << "\n"
        << (p.size() < 10 ? Describe(p) : std::to_string(p.size()));
  }
}

TEST(KernelVerifierTest, RandomProgramsAgreeWithTheKernel) {
  KernelProbe probe;
  if (!probe.Accepts({Ret(SECCOMP_RET_ALLOW)}).has_value()) {
    GTEST_SKIP() << "seccomp filters cannot be installed here";
  }
  constexpr int kPrograms = 3000;
  ProgramGenerator gen(4242);
  int accepted = 0;
  for (int i = 0; i < kPrograms; ++i) {
    const Program p = gen.Next();
    const std::optional<bool> kernel = probe.Accepts(p);
    ASSERT_TRUE(kernel.has_value());
    const absl::Status ours = VerifyProgram(p);
    ASSERT_EQ(ours.ok(), *kernel)
        << "program #" << i << ": ours: " << ours << "\n"
        << Describe(p);
    accepted += *kernel;
  }
  EXPECT_GT(accepted, kPrograms / 20);
  RecordProperty("kernel_accepted", accepted);
}

}  // namespace
}  // namespace seccompc

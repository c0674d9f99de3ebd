// Differential test against the running kernel: RunProgram() computes the
// value the kernel's own run of the filter produces.
//
// A forked child (kernel_probe.h) installs a random verified program and
// makes one call of a syscall number x86-64 does not implement, with
// random arguments. What the call returns shows the filter's answer: an
// errno for ERRNO (capped at 4095; ERRNO(0) returns 0), ENOSYS for ALLOW
// (no such syscall) and for TRACE and USER_NOTIF (no tracer, no listener).
// So that the answer says much, each program is first made to answer
// ERRNO everywhere (MakeObservable): RET K names its own index, RET A
// reports the low 12 bits of A. Answers that would kill, trap or log are
// not run, so nothing reaches the kernel log; runs that read
// instruction_pointer (unknowable here) neither. x86-64 only; skips when
// seccomp is not available.
#include <linux/audit.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/kernel_probe.h"
#include "compiler/bpf/opcode.h"
#include "compiler/bpf/random_program.h"
#include "compiler/bpf/verifier.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

struct Observable {
  long ret;
  int err;
};

// What syscall() returns in the child when the filter answers `value` for
// an unimplemented syscall; nullopt for answers the test does not run.
std::optional<Observable> Expected(uint32_t value) {
  const uint32_t data = value & SECCOMP_RET_DATA;
  switch (value & SECCOMP_RET_ACTION_FULL) {
    case SECCOMP_RET_ERRNO:
      if (data == 0) return Observable{0, 0};
      return Observable{-1, static_cast<int>(std::min<uint32_t>(data, 4095))};
    case SECCOMP_RET_ALLOW:
    case SECCOMP_RET_TRACE:
    case SECCOMP_RET_USER_NOTIF:
      return Observable{-1, ENOSYS};
    default:
      return std::nullopt;  // KILL_*, TRAP, LOG, and unknown (= KILL).
  }
}

// Every RET K becomes ERRNO(100 + its index); every RET A jumps to an
// epilogue that returns ERRNO(A & 0xfff). Paths, arithmetic and loads are
// left as they were.
Program MakeObservable(const Program& p) {
  Program t = p;
  const size_t epilogue = p.size();
  for (size_t pc = 0; pc < p.size(); ++pc) {
    if (p[pc].code == (BPF_RET | BPF_K)) {
      t[pc].k = SECCOMP_RET_ERRNO | static_cast<uint32_t>(100 + pc);
    } else if (p[pc].code == (BPF_RET | BPF_A)) {
      t[pc] = JumpAlways(static_cast<uint32_t>(epilogue - pc - 1));
    }
  }
  t.push_back(AluAnd(0xfff));
  t.push_back(Stmt(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO));
  t.push_back(Stmt(BPF_RET | BPF_A, 0));
  return t;
}

std::string Describe(const Program& p) {
  std::string out;
  for (size_t pc = 0; pc < p.size(); ++pc) {
    out += std::to_string(pc) + ": " + FormatInstruction(p[pc], pc) + "\n";
  }
  return out;
}

// Hand-written programs for each opcode class, on chosen arguments.
// Skips on other machines and where no filter can be installed.
class KernelInterpreterTest : public ::testing::Test {
 protected:
  void SetUp() override {
#if !defined(__x86_64__)
    GTEST_SKIP() << "the syscall numbers used here are x86-64's";
#endif
    if (!probe_.Accepts({Ret(SECCOMP_RET_ALLOW)}).has_value()) {
      GTEST_SKIP() << "seccomp filters cannot be installed here";
    }
  }
  KernelProbe probe_;
};

TEST_F(KernelInterpreterTest, OpcodeClassesReturnWhatTheKernelReturns) {
  const uint32_t lo0 = kArgsOffset;  // little-endian: args[0] low word
  const uint32_t lo1 = kArgsOffset + 8;
  auto alu = [](uint16_t op, uint32_t k) {
    return Stmt(BPF_ALU | op | BPF_K, k);
  };
  auto alu_x = [](uint16_t op) { return Stmt(BPF_ALU | op | BPF_X, 0); };
  const sock_filter ret_a = Stmt(BPF_RET | BPF_A, 0);
  const sock_filter tax = Stmt(BPF_MISC | BPF_TAX, 0);
  const std::vector<Program> programs = {
      {LoadAbs(lo0), JumpGe(3, 0, 1), Ret(1), Ret(2)},
      {LoadAbs(lo0), JumpGt(3, 0, 1), Ret(1), Ret(2)},
      {LoadAbs(lo0), JumpEq(3, 0, 1), Ret(1), Ret(2)},
      {LoadAbs(lo0), JumpSet(2, 0, 1), Ret(1), Ret(2)},
      {LoadAbs(lo1), tax, LoadAbs(lo0),
       Jump(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 1), Ret(1), Ret(2)},
      {LoadAbs(lo1), tax, LoadAbs(lo0),
       Jump(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 1), Ret(1), Ret(2)},
      {LoadAbs(lo1), tax, LoadAbs(lo0), alu_x(BPF_SUB), ret_a},
      {LoadAbs(lo1), tax, LoadAbs(lo0), alu_x(BPF_DIV), ret_a},
      {LoadAbs(lo1), tax, LoadAbs(lo0), alu_x(BPF_LSH), ret_a},
      {LoadAbs(lo1), tax, LoadAbs(lo0), alu_x(BPF_RSH), ret_a},
      {LoadAbs(lo0), alu(BPF_MUL, 0x10001), Stmt(BPF_ST, 3),
       Stmt(BPF_LDX | BPF_MEM, 3), alu_x(BPF_ADD), ret_a},
      {LoadAbs(lo0), Stmt(BPF_ALU | BPF_NEG, 0), ret_a},
      {Stmt(BPF_LD | BPF_W | BPF_LEN, 0), ret_a},
  };
  // (arg0, arg1): equal, below, above, and a shift count past 31.
  const std::vector<std::array<uint64_t, 2>> args = {
      {3, 3}, {2, 3}, {4, 3}, {0x81, 33}, {0x1234, 0}};
  int compared = 0;
  int killed = 0;
  for (const Program& generated : programs) {
    const Program p = MakeObservable(generated);
    ASSERT_TRUE(VerifyProgram(p).ok()) << Describe(p);
    for (const auto& [a0, a1] : args) {
      seccomp_data data{};
      data.nr = 1000;
      data.arch = AUDIT_ARCH_X86_64;
      data.args[0] = a0;
      data.args[1] = a1;
      const absl::StatusOr<uint32_t> value = RunProgram(p, data);
      ASSERT_TRUE(value.ok()) << value.status();
      const std::optional<Observable> expected = Expected(*value);
      if (!expected.has_value()) {
        // Only DIV by X == 0 (args[1] == 0) ends in RET 0 = KILL_THREAD.
        EXPECT_EQ(*value, 0u);
        ++killed;
        continue;
      }
      const KernelRun run = probe_.Run(p, 1000, {a0, a1, 0, 0, 0, 0});
      ASSERT_EQ(run.outcome, KernelRun::Outcome::kReturned) << Describe(p);
      EXPECT_EQ(run.ret, expected->ret) << Describe(p);
      EXPECT_EQ(run.err, expected->err) << "args " << a0 << ", " << a1 << "\n"
                                        << Describe(p);
      ++compared;
    }
  }
  EXPECT_EQ(compared, 64);
  EXPECT_EQ(killed, 1);
}

TEST_F(KernelInterpreterTest, RandomProgramsReturnWhatTheKernelReturns) {
  constexpr int kPrograms = 6000;
  // Unimplemented on x86-64 (the x32 range ends at 547, the table at 470).
  constexpr std::array<int, 2> kUnusedNrs = {600, 1000};
  ProgramGenerator gen(777);
  std::mt19937 rng(778);
  std::uniform_int_distribution<uint32_t> small(0, 4);
  int compared = 0;
  int errno_answers = 0;
  for (int i = 0; i < kPrograms; ++i) {
    const Program generated = gen.Next();
    if (!VerifyProgram(generated).ok()) continue;
    const Program p = MakeObservable(generated);
    ASSERT_TRUE(VerifyProgram(p).ok()) << Describe(p);
    for (int nr : kUnusedNrs) {
      seccomp_data data = gen.Data();
      // Mostly tiny argument words, so that comparisons meet equality.
      for (auto& arg : data.args) {
        if (small(rng) < 3) arg = (uint64_t{small(rng)} << 32) | small(rng);
      }
      data.nr = nr;
      data.arch = AUDIT_ARCH_X86_64;
      ExecutionStats stats;
      const absl::StatusOr<uint32_t> value = RunProgram(p, data, &stats);
      ASSERT_TRUE(value.ok()) << value.status();
      const std::optional<Observable> expected = Expected(*value);
      if (!expected.has_value() || stats.loaded_instruction_pointer()) {
        continue;
      }
      std::array<uint64_t, 6> args;
      std::copy(std::begin(data.args), std::end(data.args), args.begin());
      const KernelRun run = probe_.Run(p, nr, args);
      ASSERT_EQ(run.outcome, KernelRun::Outcome::kReturned)
          << "signal " << run.signal << "\n"
          << Describe(p);
      EXPECT_EQ(run.ret, expected->ret) << Describe(p);
      EXPECT_EQ(run.err, expected->err)
          << "interpreter: 0x" << std::hex << *value << "\n"
          << Describe(p);
      ++compared;
      errno_answers += expected->err != ENOSYS;
    }
  }
  // Enough runs, nearly all answering with an errno that names the path.
  EXPECT_GT(compared, 1000);
  EXPECT_GT(errno_answers, compared / 2);
  RecordProperty("compared", compared);
  RecordProperty("errno_answers", errno_answers);
}

}  // namespace
}  // namespace seccompc

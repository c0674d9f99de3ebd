// The Z3 oracle's two encodings checked on concrete inputs: the program term
// against the interpreter on random verified programs (every opcode seccomp
// allows, DIV by X == 0 and shifts by X included), the meaning term against
// compiler/reference on inputs at each rule's edges; and both verdicts.
#include "compiler/prove/z3_oracle.h"

#include <linux/audit.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "compiler/bpf/bpf.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/random_program.h"
#include "compiler/bpf/verifier.h"
#include "compiler/compile.h"
#include "compiler/model/capabilities.h"
#include "compiler/reference/evaluate.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

constexpr unsigned kTimeoutMs = 20000;

TEST(Z3OracleTest, ProgramTermMatchesTheInterpreter) {
  ProgramGenerator gen(/*seed=*/7);
  Z3Oracle oracle(Policy{}, kTimeoutMs);
  size_t checked = 0;
  std::set<uint16_t> codes;
  for (int i = 0; i < 3000 && checked < 400; ++i) {
    const Program p = gen.Next();
    if (!VerifyProgram(p).ok()) continue;
    ++checked;
    for (const sock_filter& insn : p) codes.insert(insn.code);
    for (int j = 0; j < 4; ++j) {
      seccomp_data d = gen.Data();
      absl::StatusOr<uint32_t> run = RunProgram(p, d);
      ASSERT_TRUE(run.ok()) << run.status();
      EXPECT_EQ(oracle.ProgramOn(p, d), *run) << "program " << i;
    }
  }
  EXPECT_GE(checked, 200u);
  EXPECT_GE(codes.size(), 30u);  // most opcodes were exercised
}

TEST(Z3OracleTest, DivisionByZeroEndsTheProgramWithZero) {
  Z3Oracle oracle(Policy{}, kTimeoutMs);
  const Program p = {LoadAbs(kNrOffset), Stmt(BPF_MISC | BPF_TAX, 0),
                     Stmt(BPF_LD | BPF_IMM, 10),
                     Stmt(BPF_ALU | BPF_DIV | BPF_X, 0),
                     Stmt(BPF_RET | BPF_A, 0)};
  seccomp_data d{};
  EXPECT_EQ(oracle.ProgramOn(p, d), 0u);
  d.nr = 3;
  EXPECT_EQ(oracle.ProgramOn(p, d), 3u);
}

std::vector<CompiledFilter> Filters() {
  const std::string every_op = R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
    {"names":["read"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":3,"op":"SCMP_CMP_GT"}]},
    {"names":["read"],"action":"SCMP_ACT_TRAP","args":[{"index":1,"value":18446744073709551615,"op":"SCMP_CMP_EQ"}]},
    {"names":["write"],"action":"SCMP_ACT_TRAP","args":[{"index":2,"value":4096,"op":"SCMP_CMP_LE"},{"index":0,"value":2,"op":"SCMP_CMP_NE"}]},
    {"names":["openat"],"action":"SCMP_ACT_LOG","args":[{"index":2,"value":3,"valueTwo":1,"op":"SCMP_CMP_MASKED_EQ"}]},
    {"names":["mmap"],"action":"SCMP_ACT_KILL_PROCESS","args":[{"index":2,"value":4294967296,"op":"SCMP_CMP_GE"}]},
    {"names":["close"],"action":"SCMP_ACT_ERRNO","errnoRet":9,"args":[{"index":0,"value":100,"op":"SCMP_CMP_LT"}]}]})";
  std::vector<CompiledFilter> out;
  for (ArchId native : {ArchId::kX86_64, ArchId::kS390x}) {
    CompileOptions o;
    o.target.native = native;
    o.target.arches =
        native == ArchId::kX86_64
            ? std::vector<ArchId>{ArchId::kX86_64, ArchId::kX86, ArchId::kX32}
            : std::vector<ArchId>{ArchId::kS390x, ArchId::kS390};
    o.target.caps = DockerDefaultCapabilities();
    o.enosys = EnosysRule::kRunc;
    absl::StatusOr<CompiledFilter> f =
        CompileProfileText(every_op, "every-op", o);
    EXPECT_TRUE(f.ok()) << f.status();
    if (f.ok()) out.push_back(*f);
  }
  return out;
}

TEST(Z3OracleTest, MeaningTermMatchesTheReference) {
  ProgramGenerator gen(/*seed=*/11);
  size_t checked = 0;
  for (const CompiledFilter& f : Filters()) {
    Z3Oracle oracle(f.policy, kTimeoutMs);
    for (const ArchPolicy& abi : f.policy.arches) {
      const bool big = abi.arch->byte_order == ByteOrder::kBig;
      std::vector<uint32_t> numbers = {0, 1, 0xffffffffu, abi.arch->nr_base,
                                       abi.arch->nr_base | 0x40000000u};
      if (abi.enosys_above) {
        numbers.push_back(*abi.enosys_above);
        numbers.push_back(*abi.enosys_above + 1);
      }
      for (const auto& [nr, rules] : abi.syscalls) numbers.push_back(nr);
      for (uint32_t nr : numbers) {
        for (int j = 0; j < 40; ++j) {
          seccomp_data d = gen.Data();  // as the ABI sees it
          d.nr = static_cast<int>(nr);
          d.arch = j == 0 ? AUDIT_ARCH_AARCH64 : abi.arch->audit_arch;
          seccomp_data raw = d;  // as the program reads it
          if (big) {
            for (int i = 0; i < 6; ++i)
              raw.args[i] = (d.args[i] << 32) | (d.args[i] >> 32);
            raw.instruction_pointer =
                (d.instruction_pointer << 32) | (d.instruction_pointer >> 32);
          }
          EXPECT_EQ(oracle.MeaningOn(raw), Evaluate(f.policy, d).action.ToRet())
              << abi.arch->short_name << " nr " << nr;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 1000u);
}

TEST(Z3OracleTest, CompiledProgramIsEqualAndAMutantDiffers) {
  for (const CompiledFilter& f : Filters()) {
    Z3Oracle oracle(f.policy, kTimeoutMs);
    OracleResult r = oracle.Check(f.program);
    EXPECT_EQ(r.answer, OracleAnswer::kEqual) << r.reason;
    Program mutant = f.program;
    for (sock_filter& insn : mutant) {
      if (insn.code == (BPF_JMP | BPF_JGT | BPF_K) && insn.k == 3) {
        insn.k = 4;  // read's `arg0 > 3` becomes `> 4`
      }
    }
    r = oracle.Check(mutant);
    ASSERT_EQ(r.answer, OracleAnswer::kDiffer) << r.reason;
    EXPECT_NE(r.program_ret, r.meaning_ret);
    EXPECT_EQ(RunProgram(mutant, r.raw).value(), r.program_ret);
  }
}

}  // namespace
}  // namespace seccompc

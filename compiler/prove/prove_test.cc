// The prover on hand-written programs, one instruction class at a time,
// and on compiled profiles: each test has a program that means its policy
// (proved) and one that does not (refuted, with a counterexample that the
// interpreter and compiler/reference reproduce).
#include "compiler/prove/prove.h"

#include <linux/audit.h>

#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"
#include "compiler/arch/arch.h"
#include "compiler/arch/seccomp_data_layout.h"
#include "compiler/bpf/bpf.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/compile.h"
#include "compiler/model/capabilities.h"
#include "compiler/reference/evaluate.h"
#include "gtest/gtest.h"
#include "tests/profile_files.h"

namespace seccompc {
namespace {

constexpr uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr uint32_t kKill = SECCOMP_RET_KILL_PROCESS;
constexpr uint32_t kEperm = SECCOMP_RET_ERRNO | 1;
const uint32_t kX86_64 = AUDIT_ARCH_X86_64;
const uint32_t kI386 = AUDIT_ARCH_I386;

// x86_64 alone: read (0) allowed, write (1) allowed when arg0 == `fd`,
// default ERRNO(1).
Policy SmallPolicy(uint64_t fd = 2, ArchId arch = ArchId::kX86_64) {
  Policy p;
  p.default_action = Action{ActionKind::kErrno, 1};
  ArchPolicy a;
  a.arch = &GetArch(arch);
  a.syscalls[0].push_back(PolicyRule{{}, Action{ActionKind::kAllow, 0}, 0});
  ArgCondition c;
  c.index = 0;
  c.op = CmpOp::kEq;
  c.value = fd;
  a.syscalls[1].push_back(PolicyRule{{c}, Action{ActionKind::kAllow, 0}, 1});
  p.arches.push_back(a);
  return p;
}

// The usual shape of SmallPolicy's program; `arg_high` compares the high
// word too (64-bit ABIs). On x86_64 a number with the x32 bit is killed.
Program SmallProgram(uint32_t arch, uint32_t fd, bool arg_high = true) {
  Program p = {LoadAbs(kArchOffset), JumpEq(arch, 0, 11), LoadAbs(kNrOffset)};
  p.push_back(arch == kX86_64 ? JumpSet(0x40000000, 9, 0) : JumpAlways(0));
  p.insert(p.end(), {JumpEq(0, 0, 1), Ret(kAllow), JumpEq(1, 0, 5)});
  if (arg_high) {
    p.insert(p.end(), {LoadAbs(kArgsOffset + 4), JumpEq(0, 0, 3)});
  } else {
    p.insert(p.end(), {JumpAlways(0), JumpAlways(0)});
  }
  p.insert(p.end(), {LoadAbs(kArgsOffset), JumpEq(fd, 0, 1), Ret(kAllow),
                     Ret(kEperm), Ret(kKill)});
  return p;
}

// Inserts `insns` before `pos`; jumps over the insertion point still land
// where they did (a jump to `pos` lands on the inserted code).
void Insert(Program* p, size_t pos, std::initializer_list<sock_filter> insns) {
  const size_t n = insns.size();
  for (size_t pc = 0; pc < pos; ++pc) {
    sock_filter& insn = (*p)[pc];
    if (BPF_CLASS(insn.code) != BPF_JMP) continue;
    if (BPF_OP(insn.code) == BPF_JA) {
      if (pc + 1 + insn.k > pos) insn.k += n;
      continue;
    }
    if (pc + 1 + insn.jt > pos) insn.jt += n;
    if (pc + 1 + insn.jf > pos) insn.jf += n;
  }
  p->insert(p->begin() + pos, insns);
}

// Every test runs with the general prover forced and with the default
// (the interval prover first, the general one for other shapes).
class ProveTest : public testing::TestWithParam<ProofMethod> {
 protected:
  ProofResult Prove(const Policy& policy, const Program& program,
                    ProveOptions options = ProveOptions{}) {
    options.method = GetParam();
    return seccompc::Prove(policy, program, options);
  }
};

INSTANTIATE_TEST_SUITE_P(Methods, ProveTest,
                         testing::Values(ProofMethod::kGeneral,
                                         ProofMethod::kAuto),
                         [](const testing::TestParamInfo<ProofMethod>& info) {
                           return info.param == ProofMethod::kGeneral
                                      ? "General"
                                      : "Auto";
                         });

std::string Explain(const ProofResult& r) {
  return r.counterexample ? DescribeCounterexample(*r.counterexample)
                          : r.reason;
}

// The refutation's input, run through the interpreter and the reference.
void ExpectReproduces(const Policy& policy, const Program& program,
                      const ProofResult& r) {
  ASSERT_EQ(r.outcome, ProofOutcome::kRefuted) << r.reason;
  const Counterexample& c = *r.counterexample;
  absl::StatusOr<uint32_t> ret = RunProgram(program, c.raw);
  ASSERT_TRUE(ret.ok()) << ret.status();
  EXPECT_EQ(*ret, c.program_ret);
  const Verdict v = Evaluate(policy, c.data);
  EXPECT_EQ(v.action, c.meaning);
  EXPECT_NE(v.action.ToRet(), *ret) << DescribeCounterexample(c);
}

TEST_P(ProveTest, ProvesTheUsualShape) {
  const ProofResult r = Prove(SmallPolicy(), SmallProgram(kX86_64, 2));
  EXPECT_EQ(r.outcome, ProofOutcome::kProved) << Explain(r);
}

TEST_P(ProveTest, RefutesAWrongConstant) {
  const Policy policy = SmallPolicy();
  const Program program = SmallProgram(kX86_64, 3);
  ExpectReproduces(policy, program, Prove(policy, program));
}

TEST_P(ProveTest, RefutesAMissingHighWordOn64BitAbi) {
  const Policy policy = SmallPolicy();
  const Program program = SmallProgram(kX86_64, 2, /*arg_high=*/false);
  const ProofResult r = Prove(policy, program);
  ExpectReproduces(policy, program, r);
  EXPECT_NE(r.counterexample->data.args[0] >> 32, 0u);
}

TEST_P(ProveTest, HighWordIsIgnoredOn32BitAbi) {
  const Policy policy = SmallPolicy(2, ArchId::kX86);
  EXPECT_EQ(Prove(policy, SmallProgram(kI386, 2, false)).outcome,
            ProofOutcome::kProved);
  // Testing the high word is wrong there: a task may leave junk in it.
  const Program tests_high = SmallProgram(kI386, 2, true);
  ExpectReproduces(policy, tests_high, Prove(policy, tests_high));
}

TEST_P(ProveTest, SignExtendedConstantMeansItsLowWordOn32BitAbi) {
  const Policy policy = SmallPolicy(0xFFFFFFFFFFFFFF9Cull, ArchId::kX86);
  EXPECT_EQ(Prove(policy, SmallProgram(kI386, 0xFFFFFF9C, false)).outcome,
            ProofOutcome::kProved);
  // An unrepresentable constant never holds: write(arg0) is ERRNO(1).
  const Policy wide = SmallPolicy(0x100000002ull, ArchId::kX86);
  Program never = SmallProgram(kI386, 2, false);
  never[11] = Ret(kEperm);  // the "arg matched" return
  EXPECT_EQ(Prove(wide, never).outcome, ProofOutcome::kProved);
}

TEST_P(ProveTest, RefutesAnOtherArchValue) {
  const Policy policy = SmallPolicy();
  Program program = SmallProgram(kX86_64, 2);
  program[13] = Ret(kAllow);  // every other arch allowed
  const ProofResult r = Prove(policy, program);
  ExpectReproduces(policy, program, r);
  EXPECT_NE(r.counterexample->data.arch, kX86_64);
  EXPECT_EQ(r.counterexample->abi, nullptr);
}

TEST_P(ProveTest, X32NumbersAreAnotherAbi) {
  // Without a check of the x32 bit, 0x40000000 (x32's read) is allowed,
  // though x32 is not in the target.
  const Policy policy = SmallPolicy();
  Program program = SmallProgram(kX86_64, 2);
  program[3] = JumpAlways(0);
  const ProofResult r = Prove(policy, program);
  ExpectReproduces(policy, program, r);
  EXPECT_EQ(r.counterexample->data.nr & 0x40000000, 0x40000000);
}

TEST_P(ProveTest, ScratchMemoryAndRegisterMoves) {
  // nr in M[3] and X, arch checked, nr reloaded from scratch and from X.
  const Policy policy = SmallPolicy();
  Program p = {LoadAbs(kNrOffset),
               Stmt(BPF_ST, 3),
               Stmt(BPF_MISC | BPF_TAX, 0),
               LoadAbs(kArchOffset),
               JumpEq(kX86_64, 1, 0),
               Ret(kKill),
               Stmt(BPF_LD | BPF_MEM, 3),
               JumpSet(0x40000000, 11, 0),
               JumpEq(0, 0, 1),
               Ret(kAllow),
               Stmt(BPF_MISC | BPF_TXA, 0),
               Stmt(BPF_LDX | BPF_IMM, 1),
               Jump(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 5),
               LoadAbs(kArgsOffset + 4),
               JumpEq(0, 0, 3),
               LoadAbs(kArgsOffset),
               JumpEq(2, 0, 1),
               Ret(kAllow),
               Ret(kEperm),
               Ret(kKill)};
  EXPECT_EQ(Prove(policy, p).outcome, ProofOutcome::kProved)
      << Explain(Prove(policy, p));
  p[11] = Stmt(BPF_LDX | BPF_IMM, 2);  // compares nr with 2, not 1
  ExpectReproduces(policy, p, Prove(policy, p));
}

TEST_P(ProveTest, ArithmeticIsExact) {
  // nr - 1 == 0 <=> nr == 1; nr * 2 == 2 also for nr 0x80000001 (wraps):
  // only exact algebra proves the first and refutes the second.
  const Policy policy = SmallPolicy();
  const Program p = SmallProgram(kX86_64, 2);
  Program sub = p;
  sub[6] = JumpEq(0, 0, 5);
  Insert(&sub, 6, {Stmt(BPF_ALU | BPF_SUB | BPF_K, 1)});
  EXPECT_EQ(Prove(policy, sub).outcome, ProofOutcome::kProved);
  for (uint16_t op : {BPF_ADD, BPF_XOR, BPF_OR, BPF_LSH, BPF_RSH}) {
    Program q = p;
    Insert(&q, 6, {Stmt(BPF_ALU | op | BPF_K, 0)});
    EXPECT_EQ(Prove(policy, q).outcome, ProofOutcome::kProved) << op;
  }
  Program neg = p;
  Insert(
      &neg, 6,
      {Stmt(BPF_ALU | BPF_NEG, 0), Stmt(BPF_ALU | BPF_NEG, 0),
       Stmt(BPF_ALU | BPF_MUL | BPF_K, 1), Stmt(BPF_ALU | BPF_DIV | BPF_K, 1),
       Stmt(BPF_ALU | BPF_AND | BPF_K, 0xFFFFFFFF)});
  EXPECT_EQ(Prove(policy, neg).outcome, ProofOutcome::kProved);
  Program mul = p;
  mul[6] = JumpEq(2, 0, 5);
  Insert(&mul, 6, {Stmt(BPF_ALU | BPF_MUL | BPF_K, 2)});
  const ProofResult r = Prove(policy, mul);
  ExpectReproduces(policy, mul, r);
}

TEST_P(ProveTest, BranchesOnXAndJset) {
  const Policy policy = SmallPolicy();
  Program p = SmallProgram(kX86_64, 2);
  // jset #0xffffffff on the high word: taken when non-zero.
  p[8] = JumpSet(0xFFFFFFFF, 3, 0);
  EXPECT_EQ(Prove(policy, p).outcome, ProofOutcome::kProved)
      << Explain(Prove(policy, p));
  p[8] = JumpSet(0x7FFFFFFF, 3, 0);
  ExpectReproduces(policy, p, Prove(policy, p));
  // arg0 == 2 as "A >= X and not A > X" with X = 2, and jset with X.
  Program q = SmallProgram(kX86_64, 2);
  q[10] = Stmt(BPF_LDX | BPF_IMM, 2);
  Insert(&q, 11,
         {Jump(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 2),
          Jump(BPF_JMP | BPF_JGT | BPF_X, 0, 1, 0)});
  EXPECT_EQ(Prove(policy, q).outcome, ProofOutcome::kProved);
  // Allowed when A & 2: also for 3, 6, 7, ...
  q[11] = Jump(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 2);
  q[12] = JumpAlways(0);
  ExpectReproduces(policy, q, Prove(policy, q));
  q[12] = Jump(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 1);
  q[11] = JumpAlways(0);
  EXPECT_EQ(Prove(policy, q).outcome, ProofOutcome::kProved);
}

TEST_P(ProveTest, ReturnOfA) {
  const Policy policy = SmallPolicy();
  Program p = SmallProgram(kX86_64, 2);
  p[12] = Stmt(BPF_LD | BPF_IMM, kEperm);
  p.insert(p.begin() + 13, Stmt(BPF_RET | BPF_A, 0));
  p[1].jf += 1;  // to the RET KILL, one further now
  p[3].jt += 1;
  EXPECT_EQ(Prove(policy, p).outcome, ProofOutcome::kProved)
      << Explain(Prove(policy, p));
  // RET A with A = nr: wrong everywhere but in no ABI.
  Program q = {LoadAbs(kNrOffset), Stmt(BPF_RET | BPF_A, 0)};
  ExpectReproduces(policy, q, Prove(policy, q));
}

TEST_P(ProveTest, DivisionByXZeroReturnsZero) {
  Policy policy = SmallPolicy();
  policy.default_action = Action{ActionKind::kKillThread, 0};  // RET 0
  policy.arches[0].syscalls.clear();
  Program p = {LoadAbs(kArchOffset),
               JumpEq(kX86_64, 1, 0),
               Ret(kKill),
               LoadAbs(kNrOffset),
               JumpSet(0x40000000, 3, 0),
               Stmt(BPF_LDX | BPF_IMM, 0),
               Stmt(BPF_ALU | BPF_DIV | BPF_X, 0),
               Ret(kAllow),
               Ret(kKill)};
  EXPECT_EQ(Prove(policy, p).outcome, ProofOutcome::kProved)
      << Explain(Prove(policy, p));
}

TEST_P(ProveTest, UndecidedNeverProves) {
  const Policy policy = SmallPolicy();
  // A product of two inputs, then a branch on it.
  Program p = SmallProgram(kX86_64, 2);
  Insert(&p, 6,
         {Stmt(BPF_MISC | BPF_TAX, 0), Stmt(BPF_ALU | BPF_MUL | BPF_X, 0)});
  const ProofResult r = Prove(policy, p);
  EXPECT_EQ(r.outcome, ProofOutcome::kUndecided);
  EXPECT_NE(r.reason.find("does not model"), std::string::npos) << r.reason;
  // Not a program the kernel takes.
  EXPECT_EQ(Prove(policy, Program{LoadAbs(kNrOffset)}).outcome,
            ProofOutcome::kUndecided);
  // The work budget.
  ProveOptions tiny;
  tiny.max_nodes = 50;
  EXPECT_EQ(Prove(policy, SmallProgram(kX86_64, 2), tiny).outcome,
            ProofOutcome::kUndecided);
}

TEST_P(ProveTest, ReadsBigEndianArguments) {
  const Policy policy = SmallPolicy(7, ArchId::kS390x);
  const ArchSpec& s390x = GetArch(ArchId::kS390x);
  Program p = SmallProgram(s390x.audit_arch, 7);
  p[7] = LoadAbs(s390x.ArgHighOffset(0));
  p[9] = LoadAbs(s390x.ArgLowOffset(0));
  ASSERT_EQ(s390x.ArgHighOffset(0), kArgsOffset);
  EXPECT_EQ(Prove(policy, p).outcome, ProofOutcome::kProved)
      << Explain(Prove(policy, p));
  const Program le = SmallProgram(s390x.audit_arch, 7);  // words swapped
  const ProofResult r = Prove(policy, le);
  ASSERT_EQ(r.outcome, ProofOutcome::kRefuted);
  EXPECT_EQ(AsLaidOutFor(r.counterexample->data, s390x).args[0],
            r.counterexample->raw.args[0]);
  ExpectReproduces(policy, le, r);
}

absl::StatusOr<CompiledFilter> CompileForX86(const std::string& path) {
  CompileOptions options;
  options.target.native = ArchId::kX86_64;
  options.target.arches = {ArchId::kX86_64, ArchId::kX86, ArchId::kX32};
  options.target.caps = DockerDefaultCapabilities();
  return CompileProfileFile(path, options);
}

TEST_P(ProveTest, ProvesDockersDefaultQuickly) {
  const std::string root = SourceRoot();
  ASSERT_FALSE(root.empty());
  absl::StatusOr<CompiledFilter> f =
      CompileForX86(root + "/profiles/default.json");
  ASSERT_TRUE(f.ok()) << f.status();
  const auto start = std::chrono::steady_clock::now();
  const ProofResult r = Prove(f->policy, f->program);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  EXPECT_EQ(r.outcome, ProofOutcome::kProved) << r.reason;
  // The code generator's shapes are the interval prover's.
  EXPECT_EQ(r.stats.method, GetParam() == ProofMethod::kGeneral
                                ? ProofMethod::kGeneral
                                : ProofMethod::kIntervals);
  std::printf(
      "default.json: %zu instructions proved in %lld us (%zu nodes, "
      "%zu states)\n",
      f->program.size(), static_cast<long long>(us), r.stats.nodes,
      r.stats.states);
}

}  // namespace
}  // namespace seccompc

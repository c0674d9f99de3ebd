// The interval prover (interval_prover.h) on its own, forced through
// ProveOptions::method: hand-written programs it proves, mistakes it
// refutes with the right counterexample, and shapes it leaves to the
// general prover. Then agreement: on the golden and random policies of the
// code generator and on every profile (the project's and ../shared/realworld),
// both methods give the same answer for the compiled programs.
#include "compiler/prove/interval_prover.h"

#include <linux/audit.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "compiler/arch/arch.h"
#include "compiler/arch/seccomp_data_layout.h"
#include "compiler/bpf/bpf.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "compiler/codegen/codegen.h"
#include "compiler/codegen/golden_policies.h"
#include "compiler/codegen/test_policies.h"
#include "compiler/compile.h"
#include "compiler/model/capabilities.h"
#include "compiler/prove/prove.h"
#include "compiler/reference/evaluate.h"
#include "gtest/gtest.h"
#include "tests/profile_files.h"

namespace seccompc {
namespace {

constexpr uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr uint32_t kKill = SECCOMP_RET_KILL_PROCESS;
constexpr uint32_t kEperm = SECCOMP_RET_ERRNO | 1;
constexpr uint32_t kEnosys = SECCOMP_RET_ERRNO | 38;
const uint32_t kX86_64 = AUDIT_ARCH_X86_64;

ProofResult ProveWith(ProofMethod method, const Policy& policy,
                      const Program& program) {
  ProveOptions options;
  options.method = method;
  return Prove(policy, program, options);
}

ProofResult Fast(const Policy& policy, const Program& program) {
  return ProveWith(ProofMethod::kIntervals, policy, program);
}

std::string Explain(const ProofResult& r) {
  return r.counterexample ? DescribeCounterexample(*r.counterexample)
                          : r.reason;
}

Action Allow() { return Action{ActionKind::kAllow, 0}; }

// x86_64 alone, default ERRNO(1): read (0), write (1) and close (3)
// allowed, openat (257) killed; write only when arg0 == 2 (64-bit).
Policy Numbers() {
  Policy p;
  p.default_action = Action{ActionKind::kErrno, 1};
  ArchPolicy a;
  a.arch = &GetArch(ArchId::kX86_64);
  a.syscalls[0].push_back(PolicyRule{{}, Allow(), 0});
  ArgCondition fd;
  fd.index = 0;
  fd.op = CmpOp::kEq;
  fd.value = 2;
  a.syscalls[1].push_back(PolicyRule{{fd}, Allow(), 1});
  a.syscalls[3].push_back(PolicyRule{{}, Allow(), 2});
  a.syscalls[257].push_back(
      PolicyRule{{}, Action{ActionKind::kKillProcess, 0}, 3});
  p.arches.push_back(a);
  return p;
}

// The program for Numbers(), as the code generator might shape it.
Program NumbersProgram() {
  return {
      LoadAbs(kArchOffset),        // 0
      JumpEq(kX86_64, 0, 15),      // 1: else 17 (kill)
      LoadAbs(kNrOffset),          // 2
      JumpSet(0x40000000, 13, 0),  // 3: x32 -> 17 (kill)
      JumpGe(258, 11, 0),          // 4: -> 16 (errno)
      JumpGe(257, 11, 0),          // 5: -> 17 (kill)
      JumpGe(4, 9, 0),             // 6: -> 16
      JumpGe(3, 7, 0),             // 7: -> 15 (allow)
      JumpGe(2, 7, 0),             // 8: -> 16
      JumpEq(1, 0, 5),             // 9: read -> 15
      LoadAbs(kArgsOffset + 4),    // 10: write: arg0 high
      JumpEq(0, 0, 4),             // 11: else 16
      LoadAbs(kArgsOffset),        // 12
      JumpEq(2, 1, 2),             // 13: -> 15, else 16
      Ret(kKill),                  // 14 (unreached)
      Ret(kAllow),                 // 15
      Ret(kEperm),                 // 16
      Ret(kKill),                  // 17
  };
}

// A refutation whose counterexample the interpreter and compiler/reference
// reproduce; returns it.
Counterexample ExpectRefuted(const Policy& policy, const Program& program) {
  const ProofResult r = Fast(policy, program);
  EXPECT_EQ(r.outcome, ProofOutcome::kRefuted) << r.reason;
  EXPECT_EQ(r.stats.method, ProofMethod::kIntervals);
  if (r.outcome != ProofOutcome::kRefuted) return Counterexample{};
  const Counterexample& c = *r.counterexample;
  absl::StatusOr<uint32_t> ret = RunProgram(program, c.raw);
  EXPECT_TRUE(ret.ok() && *ret == c.program_ret);
  const Verdict v = Evaluate(policy, c.data);
  EXPECT_EQ(v.action, c.meaning);
  EXPECT_NE(v.action.ToRet(), c.program_ret) << DescribeCounterexample(c);
  return c;
}

TEST(IntervalProverTest, ProvesTheGeneratorsShape) {
  const ProofResult r = Fast(Numbers(), NumbersProgram());
  EXPECT_EQ(r.outcome, ProofOutcome::kProved) << Explain(r);
  EXPECT_EQ(r.stats.method, ProofMethod::kIntervals);
  // The default method takes it too.
  EXPECT_EQ(Prove(Numbers(), NumbersProgram()).stats.method,
            ProofMethod::kIntervals);
}

TEST(IntervalProverTest, RefutesAWrongReturnInOneInterval) {
  Program p = NumbersProgram();
  p[8] = JumpGe(2, 6, 0);  // 2 goes to ALLOW
  const Counterexample c = ExpectRefuted(Numbers(), p);
  EXPECT_EQ(c.data.nr, 2);
  EXPECT_EQ(c.program_ret, kAllow);
}

TEST(IntervalProverTest, RefutesAnOffByOneJge) {
  Program p = NumbersProgram();
  p[6] = JumpGe(5, 9, 0);  // 4 falls into close's ALLOW
  const Counterexample c = ExpectRefuted(Numbers(), p);
  EXPECT_EQ(c.data.nr, 4);
}

TEST(IntervalProverTest, RefutesAWrongArch) {
  Program p = NumbersProgram();
  p[1] = JumpEq(AUDIT_ARCH_I386, 0, 15);
  // x86_64's calls killed, or i386's dispatched as x86_64's.
  const Counterexample c = ExpectRefuted(Numbers(), p);
  EXPECT_TRUE(c.data.arch == kX86_64 || c.data.arch == AUDIT_ARCH_I386)
      << DescribeCounterexample(c);
  // Every other arch allowed.
  Program q = NumbersProgram();
  q[17] = Ret(kAllow);
  const Counterexample d = ExpectRefuted(Numbers(), q);
  EXPECT_NE(d.data.arch, kX86_64);
}

TEST(IntervalProverTest, RefutesAMissingX32Split) {
  // nr >= 0x40000000 killed: but 0x80000000.. has no x32 bit, and x86_64
  // means ERRNO(1) there.
  Program p = NumbersProgram();
  p[3] = JumpGe(0x40000000, 13, 0);
  const Counterexample c = ExpectRefuted(Numbers(), p);
  EXPECT_GE(static_cast<uint32_t>(c.data.nr), 0x80000000u);
  EXPECT_EQ(c.data.nr & 0x40000000, 0);
  // No split at all: x32's numbers reach x86_64's dispatch.
  Program q = NumbersProgram();
  q[3] = JumpAlways(0);
  const Counterexample d = ExpectRefuted(Numbers(), q);
  EXPECT_EQ(d.data.nr & 0x40000000, 0x40000000);
  EXPECT_EQ(d.program_ret, kEperm);
}

TEST(IntervalProverTest, RefutesAWrongArgumentConstant) {
  Program p = NumbersProgram();
  p[13] = JumpEq(3, 1, 2);
  const Counterexample c = ExpectRefuted(Numbers(), p);
  EXPECT_EQ(c.data.nr, 1);
  EXPECT_TRUE(c.data.args[0] == 2 || c.data.args[0] == 3) << c.data.args[0];
}

TEST(IntervalProverTest, RefutesAHighWordMistake) {
  // The high word tested against 1 instead of 0: 2 is refused, and
  // 0x100000002 allowed.
  Program p = NumbersProgram();
  p[11] = JumpEq(1, 0, 4);
  const Counterexample c = ExpectRefuted(Numbers(), p);
  EXPECT_EQ(c.data.nr, 1);
  EXPECT_EQ(c.data.args[0] & 0xFFFFFFFF, 2u);
  // Not tested at all.
  Program q = NumbersProgram();
  q[10] = JumpAlways(0);
  q[11] = JumpAlways(0);
  const Counterexample d = ExpectRefuted(Numbers(), q);
  EXPECT_NE(d.data.args[0] >> 32, 0u);
}

TEST(IntervalProverTest, EnosysStub) {
  Policy policy = Numbers();
  policy.arches[0].enosys_above = 300;
  Program p = NumbersProgram();
  // >= 301: ENOSYS, before the >= 258 test.
  p.insert(p.begin() + 4, JumpGe(301, 14, 0));
  p.push_back(Ret(kEnosys));
  for (size_t pc = 0; pc < 4; ++pc) {
    if (pc == 1) p[pc].jf += 1;
    if (pc == 3) p[pc].jt += 1;
  }
  EXPECT_EQ(Fast(policy, p).outcome, ProofOutcome::kProved)
      << Explain(Fast(policy, p));
  p[4] = JumpGe(302, 14, 0);  // 301 is ERRNO(1) here, the stub's there
  const Counterexample c = ExpectRefuted(policy, p);
  EXPECT_EQ(c.data.nr, 301);
  EXPECT_TRUE(c.by_stub);
}

TEST(IntervalProverTest, X32AndI386) {
  // x86_64 + x32 + i386 from the code generator, and a mistake in each.
  Policy policy;
  policy.default_action = Action{ActionKind::kErrno, 1};
  for (ArchId id : {ArchId::kX86_64, ArchId::kX32, ArchId::kX86}) {
    ArchPolicy a;
    a.arch = &GetArch(id);
    const uint32_t base = id == ArchId::kX32 ? 0x40000000 : 0;
    a.syscalls[base + 1].push_back(PolicyRule{{}, Allow(), 0});
    ArgCondition c;
    c.index = 1;
    c.op = CmpOp::kGt;
    c.value = 0xFFFFFFFFull;
    a.syscalls[base + 9].push_back(PolicyRule{{c}, Allow(), 1});
    policy.arches.push_back(a);
  }
  CodegenOptions options;
  absl::StatusOr<GeneratedProgram> g = GenerateProgram(policy, options);
  ASSERT_TRUE(g.ok()) << g.status();
  const ProofResult r = Fast(policy, g->program);
  EXPECT_EQ(r.outcome, ProofOutcome::kProved) << Explain(r);
  size_t refuted = 0;
  for (size_t pc = 0; pc < g->program.size(); ++pc) {
    const sock_filter insn = g->program[pc];
    if (BPF_CLASS(insn.code) != BPF_RET) continue;
    Program m = g->program;
    m[pc] = Ret(insn.k == kAllow ? kEperm : kAllow);
    const ProofResult f = Fast(policy, m);
    const ProofResult general = ProveWith(ProofMethod::kGeneral, policy, m);
    EXPECT_EQ(f.outcome, general.outcome) << pc;
    if (f.outcome == ProofOutcome::kRefuted) {
      ++refuted;
      ExpectRefuted(policy, m);
    }
  }
  EXPECT_GT(refuted, 2u);
}

TEST(IntervalProverTest, LeavesOtherShapesToTheGeneralProver) {
  const Policy policy = Numbers();
  const Program base = NumbersProgram();
  auto with = [&base](size_t pc, sock_filter insn) {
    Program p = base;
    p[pc] = insn;
    return p;
  };
  // A no-op in each shape at pc 14, which no path reaches, still rules
  // the program out (the check is by instruction, before any path), plus
  // shapes on live paths.
  const std::vector<Program> others = {
      with(14, Stmt(BPF_MISC | BPF_TAX, 0)),
      with(14, Stmt(BPF_ST, 0)),
      with(14, Stmt(BPF_LD | BPF_IMM, 0)),
      with(14, Stmt(BPF_LD | BPF_W | BPF_LEN, 0)),
      with(14, Stmt(BPF_ALU | BPF_ADD | BPF_K, 1)),
      with(14, Stmt(BPF_RET | BPF_A, 0)),
      with(13, Jump(BPF_JMP | BPF_JEQ | BPF_X, 0, 1, 2)),
      // AND of nr: live.
      with(3, Stmt(BPF_ALU | BPF_AND | BPF_K, 0xBFFFFFFF)),
      // JSET on nr that cuts it into 2^31 intervals.
      with(3, JumpSet(1, 13, 0)),
  };
  for (size_t i = 0; i < others.size(); ++i) {
    const ProofResult forced = Fast(policy, others[i]);
    EXPECT_EQ(forced.outcome, ProofOutcome::kUndecided) << i;
    EXPECT_NE(forced.reason.find("interval prover does not apply"),
              std::string::npos)
        << forced.reason;
    const ProofResult automatic = Prove(policy, others[i]);
    EXPECT_EQ(automatic.stats.method, ProofMethod::kGeneral) << i;
    EXPECT_NE(automatic.outcome, ProofOutcome::kUndecided)
        << i << ": " << automatic.reason;
  }
}

TEST(IntervalProverTest, ItsBudgetLeavesTheProgramToTheGeneralProver) {
  ProveOptions tiny;
  tiny.method = ProofMethod::kIntervals;
  tiny.max_states = 4;
  const ProofResult states = Prove(Numbers(), NumbersProgram(), tiny);
  EXPECT_EQ(states.outcome, ProofOutcome::kUndecided);
  EXPECT_NE(states.reason.find("does not apply: the program exceeds the work "
                               "budget (states)"),
            std::string::npos)
      << states.reason;
  tiny.max_states = ProveOptions{}.max_states;
  tiny.max_nodes = 40;  // the argument words' variables alone are 64
  const ProofResult nodes = Prove(Numbers(), NumbersProgram(), tiny);
  EXPECT_NE(nodes.reason.find("work budget (nodes)"), std::string::npos)
      << nodes.reason;
}

TEST(IntervalProverTest, JsetOnNrWithFewIntervals) {
  // x & 0xC0000000 == 0 is [0, 0x3FFFFFFF]: the x32 split written as a
  // two-bit mask kills 0x80000000.., which x86_64 means ERRNO(1).
  Program p = NumbersProgram();
  p[3] = JumpSet(0xC0000000, 13, 0);
  const Counterexample c = ExpectRefuted(Numbers(), p);
  EXPECT_GE(static_cast<uint32_t>(c.data.nr), 0x80000000u);
}

// ---- Agreement with the general prover --------------------------------

void ExpectAgreement(const std::string& name, const Policy& policy,
                     const Program& program) {
  const ProofResult general = ProveWith(ProofMethod::kGeneral, policy, program);
  const ProofResult fast = Fast(policy, program);
  EXPECT_EQ(fast.outcome, general.outcome)
      << name << ": intervals: " << Explain(fast)
      << "; general: " << Explain(general);
  EXPECT_EQ(fast.stats.method, ProofMethod::kIntervals) << name;
}

TEST(IntervalProverTest, AgreesOnGoldenPolicies) {
  for (const GoldenPolicy& golden : GoldenPolicies()) {
    absl::StatusOr<GeneratedProgram> g =
        GenerateProgram(golden.policy, CodegenOptions{});
    ASSERT_TRUE(g.ok()) << g.status();
    ExpectAgreement(golden.name, golden.policy, g->program);
  }
}

TEST(IntervalProverTest, AgreesOnRandomPolicies) {
  std::mt19937_64 rng(20261207);
  size_t programs = 0;
  for (int i = 0; i < 200; ++i) {
    const Policy policy = RandomPolicy(rng);
    absl::StatusOr<GeneratedProgram> g =
        GenerateProgram(policy, CodegenOptions{});
    if (!g.ok()) continue;  // arches sharing an arch value, byte orders
    ++programs;
    ExpectAgreement(absl::StrCat("random policy ", i), policy, g->program);
    // And a mutant: one return changed.
    Program m = g->program;
    for (size_t pc = rng() % m.size(); pc < m.size(); ++pc) {
      if (BPF_CLASS(m[pc].code) == BPF_RET) {
        m[pc] = Ret(m[pc].k ^ 1);
        break;
      }
    }
    ExpectAgreement(absl::StrCat("random policy ", i, " mutant"), policy, m);
  }
  EXPECT_GT(programs, 100u);
}

// Random programs of the interval prover's shapes (loads of nr, arch and
// argument words, AND, every jump against constants near the policy's,
// returns of the policy's actions) and random multi-instruction mutants of
// the generated program, against a small x86_64+x32+x86 policy with the
// ENOSYS stub: the same answer as the general prover, or not applicable.
class ShapeGenerator {
 public:
  explicit ShapeGenerator(uint64_t seed) : rng_(seed) {}

  uint32_t Constant() {
    static constexpr uint32_t kPool[] = {
        0,          1,          2,          3,          4,
        9,          300,        301,        0x40000000, 0x40000001,
        0x80000000, 0xC0000000, 0xFFFFFFFF, kX86_64,    AUDIT_ARCH_I386};
    if (rng_() % 8 == 0) return static_cast<uint32_t>(rng_());
    return kPool[rng_() % (sizeof(kPool) / sizeof(kPool[0]))];
  }
  uint32_t Return() {
    static constexpr uint32_t kRets[] = {kAllow, kKill, kEperm, kEnosys};
    return kRets[rng_() % 4];
  }
  uint8_t Offset(size_t pc, size_t size) {
    const size_t room = size - pc - 2;  // to at most the last instruction
    return static_cast<uint8_t>(rng_() % (std::min<size_t>(room, 12) + 1));
  }
  sock_filter Instruction(size_t pc, size_t size) {
    static constexpr uint32_t kWordsRead[] = {0, 1, 1, 4, 5, 6, 7, 2};
    static constexpr uint16_t kJumps[] = {BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET};
    switch (rng_() % 6) {
      case 0:
        return LoadAbs(4 * kWordsRead[rng_() % 8]);
      case 1:
        return Stmt(BPF_ALU | BPF_AND | BPF_K,
                    rng_() % 2 ? 0xFFFFFFFF : Constant());
      case 2:
        return Ret(Return());
      case 3:
        return JumpAlways(Offset(pc, size));
      default:
        return Jump(BPF_JMP | kJumps[rng_() % 4] | BPF_K, Constant(),
                    Offset(pc, size), Offset(pc, size));
    }
  }
  Program Next() {
    const size_t size = 4 + rng_() % 20;
    Program p;
    for (size_t pc = 0; pc + 1 < size; ++pc) p.push_back(Instruction(pc, size));
    p.push_back(Ret(Return()));
    return p;
  }
  Program Mutate(const Program& original) {
    Program p = original;
    const size_t changes = 1 + rng_() % 3;
    for (size_t i = 0; i < changes; ++i) {
      const size_t pc = rng_() % (p.size() - 1);
      sock_filter& insn = p[pc];
      if (BPF_CLASS(insn.code) == BPF_JMP && BPF_OP(insn.code) != BPF_JA &&
          rng_() % 2) {
        insn.k = rng_() % 2 ? insn.k + (rng_() % 3) - 1 : Constant();
      } else if (BPF_CLASS(insn.code) == BPF_RET) {
        insn.k = Return();
      } else {
        insn = Instruction(pc, p.size());
      }
    }
    return p;
  }

 private:
  std::mt19937_64 rng_;
};

Policy SmallTarget() {
  Policy policy = Numbers();
  policy.arches[0].enosys_above = 300;
  for (ArchId id : {ArchId::kX32, ArchId::kX86}) {
    ArchPolicy a;
    a.arch = &GetArch(id);
    const uint32_t base = id == ArchId::kX32 ? 0x40000000 : 0;
    a.syscalls[base + 3].push_back(PolicyRule{{}, Allow(), 2});
    ArgCondition c;
    c.index = 0;
    c.op = CmpOp::kMaskedEq;
    c.value = 0xFF;
    c.value_two = 2;
    a.syscalls[base + 4].push_back(PolicyRule{{c}, Allow(), 4});
    policy.arches.push_back(a);
  }
  return policy;
}

TEST(IntervalProverTest, AgreesOnRandomShapes) {
  const Policy policy = SmallTarget();
  absl::StatusOr<GeneratedProgram> g = GenerateProgram(policy, {});
  ASSERT_TRUE(g.ok()) << g.status();
  ShapeGenerator gen(7);
  size_t compared = 0, proved = 0, not_applicable = 0;
  for (int i = 0; i < 4000; ++i) {
    const Program p = i % 2 ? gen.Next() : gen.Mutate(g->program);
    if (!VerifyProgram(p).ok()) continue;
    const ProofResult general = ProveWith(ProofMethod::kGeneral, policy, p);
    const ProofResult fast = Fast(policy, p);
    ASSERT_NE(general.outcome, ProofOutcome::kUndecided) << general.reason;
    if (fast.outcome == ProofOutcome::kUndecided &&
        fast.reason.find("does not apply") != std::string::npos) {
      ++not_applicable;
      continue;
    }
    ++compared;
    proved += general.outcome == ProofOutcome::kProved;
    EXPECT_EQ(fast.outcome, general.outcome)
        << i << ": intervals: " << Explain(fast)
        << "; general: " << Explain(general);
  }
  std::printf("random shapes: %zu compared (%zu proved), %zu not applicable\n",
              compared, proved, not_applicable);
  EXPECT_GT(compared, 2000u);
  EXPECT_GT(proved, 20u);
}

TEST(IntervalProverTest, AgreesOnEveryProfile) {
  const std::string root = SourceRoot();
  ASSERT_FALSE(root.empty());
  std::vector<std::string> files = JsonFiles(root + "/profiles");
  const std::vector<std::string> real = RealWorldProfiles();
  files.insert(files.end(), real.begin(), real.end());
  std::vector<std::vector<ArchId>> targets = {
      {ArchId::kX86_64, ArchId::kX86, ArchId::kX32},
      {ArchId::kAarch64, ArchId::kArm},
      {ArchId::kS390x, ArchId::kS390}};
  for (const std::string& file : files) {
    for (const std::vector<ArchId>& arches : targets) {
      for (const bool enosys : {false, true}) {
        CompileOptions options;
        options.target.native = arches[0];
        options.target.arches = arches;
        options.target.caps = DockerDefaultCapabilities();
        options.enosys = enosys ? EnosysRule::kRunc : EnosysRule::kOff;
        options.prove = false;
        absl::StatusOr<CompiledFilter> f = CompileProfileFile(file, options);
        ASSERT_TRUE(f.ok()) << file << ": " << f.status();
        const std::string name = absl::StrCat(file, " (", arches.size(),
                                              " arches, enosys ", enosys, ")");
        ExpectAgreement(name, f->policy, f->program);
        EXPECT_EQ(Fast(f->policy, f->program).outcome, ProofOutcome::kProved)
            << name;
      }
    }
  }
}

}  // namespace
}  // namespace seccompc

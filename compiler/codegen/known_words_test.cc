#include "compiler/codegen/known_words.h"

#include <algorithm>
#include <random>
#include <vector>

#include "compiler/bpf/disasm.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "compiler/codegen/arg_check.h"
#include "compiler/codegen/decision.h"
#include "compiler/codegen/test_policies.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

// The rule chain as DecisionNode builds it, before the pass.
NodeId PlainChain(FilterDag* dag, const ArchSpec& arch, const Decision& d) {
  NodeId next = dag->Return(d.fallback.ToRet());
  for (auto rule = d.rules.rbegin(); rule != d.rules.rend(); ++rule) {
    NodeId chain = dag->Return(rule->action.ToRet());
    for (auto c = rule->conditions.rbegin(); c != rule->conditions.rend();
         ++c) {
      chain = ConditionNode(dag, arch, *c, d.width, chain, next);
    }
    next = chain;
  }
  return next;
}

// Runs `p` (starting right at the argument checks) and counts.
uint32_t Execute(const Program& p, const ArchSpec& arch, const ArgVector& args,
                 size_t* executed) {
  ExecutionStats stats;
  absl::StatusOr<uint32_t> r = RunProgram(
      p, AsLaidOutFor(MakeData(arch.audit_arch, 0, args), arch), &stats);
  EXPECT_TRUE(r.ok());
  *executed = stats.instructions_executed;
  return r.ok() ? *r : 0;
}

// Same answers as the plain chain and the decision, never more tests or
// loads executed.
TEST(KnownWordsTest, SameAnswersNeverLongerOnRandomDecisions) {
  std::mt19937_64 rng(77);
  for (int i = 0; i < 1500; ++i) {
    const ArchSpec& arch = GetArch(std::vector<ArchId>{
        ArchId::kX86_64, ArchId::kX86, ArchId::kS390x}[i % 3]);
    std::vector<PolicyRule> rules;
    const int n = 1 + rng() % 8;
    for (int r = 0; r < n; ++r) {
      PolicyRule rule;
      rule.action = RandomAction(rng);
      rule.entry_index = r;
      for (int c = 1 + rng() % 3; c > 0; --c) {
        ArgCondition cond = RandomCondition(rng);
        cond.index = rng() % 2;  // few arguments: many shared words
        rule.conditions.push_back(cond);
      }
      rules.push_back(rule);
    }
    const Decision d = DecideSyscall(rules, RandomAction(rng), WidthOf(arch));
    FilterDag dag;
    const NodeId plain = PlainChain(&dag, arch, d);
    const Program before = dag.Emit(plain);
    const Program after = dag.Emit(SpecializeOnKnownWords(&dag, plain));
    ASSERT_TRUE(VerifyProgram(after).ok()) << i;
    for (ArgVector args : InterestingArgs(rules, rng, 200)) {
      if (rng() % 3 == 0) args[0] = args[1];
      size_t n_before = 0, n_after = 0;
      const uint32_t want = Execute(before, arch, args, &n_before);
      ASSERT_EQ(Execute(after, arch, args, &n_after), want) << "case " << i;
      ASSERT_EQ(d.Evaluate(args.data()).ToRet(), want) << "case " << i;
      // The pass only removes tests and loads; the layout may add one JA
      // where a statement's successor is shared and placed elsewhere.
      ASSERT_LE(n_after, n_before + 1)
          << "case " << i << "\n"
          << Disassemble(before) << "\n---\n"
          << Disassemble(after) << std::hex << args[0] << " " << args[1];
    }
  }
}

// Docker's personality rules: five EQ on arg 0. The high word is loaded
// and tested once, the low word loaded once.
TEST(KnownWordsTest, EqualityRulesOnOneArgumentShareTheHighWord) {
  const Action allow{ActionKind::kAllow, 0};
  std::vector<PolicyRule> rules;
  for (uint64_t v : {0x0ull, 0x8ull, 0x20000ull, 0x20008ull, 0xffffffffull}) {
    rules.push_back(PolicyRule{
        {{0, CmpOp::kEq, v, 0}}, allow, static_cast<int>(rules.size())});
  }
  const Decision d =
      DecideSyscall(rules, {ActionKind::kErrno, 1}, ArgWidth::k64);
  const ArchSpec& arch = GetArch(ArchId::kX86_64);
  FilterDag dag;
  const Program p = dag.Emit(DecisionNode(&dag, arch, d));
  size_t worst = 0;
  for (uint64_t hi : {0ull, 1ull}) {
    for (uint64_t lo : {0ull, 8ull, 9ull, 0x20008ull, 0xffffffffull}) {
      size_t executed = 0;
      const ArgVector args = {(hi << 32) | lo};
      EXPECT_EQ(Execute(p, arch, args, &executed),
                d.Evaluate(args.data()).ToRet());
      worst = std::max(worst, executed);
    }
  }
  // ld hi, jeq, ld lo, five jeq, ret.
  EXPECT_EQ(worst, 9u);
  const size_t loads = std::count_if(p.begin(), p.end(), [](const auto& insn) {
    return insn.code == (BPF_LD | BPF_W | BPF_ABS);
  });
  EXPECT_EQ(loads, 2u);
}

}  // namespace
}  // namespace seccompc

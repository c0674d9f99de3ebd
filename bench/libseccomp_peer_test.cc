// The libseccomp peer, in both builds: without --define=with_libseccomp=1 it
// must say it is absent; with it, libseccomp's programs for a small policy
// must mean what the policy means wherever a real call can tell.
#include "bench/libseccomp_peer.h"

#include "bench/static_figures.h"
#include "compiler/arch/arch.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/prove/prove.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

// getpid allowed; personality allowed for 0 and 0xffffffff (an argument
// rule); everything else ERRNO(1); on x86_64, x86 and x32.
Policy SmallPolicy() {
  Policy policy;
  policy.default_action = {ActionKind::kErrno, 1};
  for (ArchId id : {ArchId::kX86_64, ArchId::kX86, ArchId::kX32}) {
    ArchPolicy ap;
    ap.arch = &GetArch(id);
    const Action allow{ActionKind::kAllow, 0};
    ap.syscalls[*ap.arch->Lookup("getpid")].push_back({{}, allow, 0});
    const uint32_t personality = *ap.arch->Lookup("personality");
    for (uint64_t v : {uint64_t{0}, uint64_t{0xffffffff}}) {
      ap.syscalls[personality].push_back(
          {{ArgCondition{0, CmpOp::kEq, v, 0}}, allow, 1});
    }
    policy.arches.push_back(ap);
  }
  return policy;
}

TEST(LibseccompPeerTest, AbsentBuildSaysSo) {
  if (LibseccompAvailable()) GTEST_SKIP() << "built with libseccomp";
  absl::StatusOr<LibseccompRuleSet> rules = TranslatePolicy(SmallPolicy());
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_NE(LibseccompVersion().find("with_libseccomp"), std::string::npos);
}

TEST(LibseccompPeerTest, ProgramsMeanThePolicy) {
  if (!LibseccompAvailable()) GTEST_SKIP() << "built without libseccomp";
  absl::StatusOr<LibseccompRuleSet> rules = TranslatePolicy(SmallPolicy());
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->abis.size(), 3u);
  EXPECT_EQ(rules->calls(), 9);  // 3 rules on each ABI
  EXPECT_EQ(rules->skipped_unknown_name, 0);
  EXPECT_EQ(rules->skipped_default_action, 0);
  for (LibseccompLayout layout :
       {LibseccompLayout::kTree, LibseccompLayout::kList}) {
    absl::StatusOr<Program> program = BuildLibseccompProgram(*rules, layout);
    ASSERT_TRUE(program.ok()) << program.status();
    absl::StatusOr<FilterFigures> f =
        MeasureFilter(*program, SmallPolicy(), {});
    ASSERT_TRUE(f.ok()) << f.status();
    // libseccomp compares only low words on 32-bit ABIs. On i386 that is
    // the policy's meaning too (the argument is the register's low word,
    // policy.h), junk high words included; x32 passes 64-bit values, so
    // there libseccomp's answers are real differences.
    for (const Mismatch& m : f->mismatch_list) {
      EXPECT_EQ(m.abi, "x32") << m.description;
    }
    EXPECT_EQ(f->abis[0].cache_eligible, 1u);  // getpid
  }
}

// The prover on a program seccompc did not write: libseccomp's is refuted,
// and only where libseccomp really differs (x32, whose 64-bit arguments it
// compares as 32-bit values); the counterexample runs through the
// interpreter to the program's answer and differs from the meaning.
TEST(LibseccompPeerTest, ProverRefutesLibseccompsProgramOnX32) {
  if (!LibseccompAvailable()) GTEST_SKIP() << "built without libseccomp";
  absl::StatusOr<LibseccompRuleSet> rules = TranslatePolicy(SmallPolicy());
  ASSERT_TRUE(rules.ok()) << rules.status();
  for (LibseccompLayout layout :
       {LibseccompLayout::kTree, LibseccompLayout::kList}) {
    absl::StatusOr<Program> program = BuildLibseccompProgram(*rules, layout);
    ASSERT_TRUE(program.ok()) << program.status();
    const ProofResult r = Prove(SmallPolicy(), *program);
    ASSERT_EQ(r.outcome, ProofOutcome::kRefuted) << ProofStatus(r);
    ASSERT_TRUE(r.counterexample.has_value());
    const Counterexample& c = *r.counterexample;
    ASSERT_NE(c.abi, nullptr);
    EXPECT_EQ(c.abi->id, ArchId::kX32);
    absl::StatusOr<uint32_t> ret = RunProgram(*program, c.raw);
    ASSERT_TRUE(ret.ok()) << ret.status();
    EXPECT_EQ(*ret, c.program_ret);
    EXPECT_NE(c.program_ret, c.meaning.ToRet());
  }
}

}  // namespace
}  // namespace seccompc

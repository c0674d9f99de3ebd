// GenerateProgram() beyond meaning: cache eligibility, long jumps, size
// limits, stats.
#include "compiler/codegen/codegen.h"

#include <linux/audit.h>

#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "compiler/bpf/cache.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "compiler/codegen/decision.h"
#include "compiler/codegen/test_policies.h"
#include "compiler/reference/evaluate.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;

constexpr Action kAllow{ActionKind::kAllow, 0};
constexpr Action kEperm{ActionKind::kErrno, 1};

Decision DecisionFor(const Policy& policy, const ArchPolicy& abi, uint32_t nr) {
  auto it = abi.syscalls.find(nr);
  if (it == abi.syscalls.end()) return ConstantDecision(policy.default_action);
  return DecideSyscall(it->second, policy.default_action, WidthOf(*abi.arch));
}

// For x86_64 and i386 (the arches an x86-64 kernel caches), a number whose
// decision is an argument-free ALLOW is cached, and a cached number is
// allowed whatever its arguments. (Rules that allow every argument between
// them, which DecideSyscall keeps, may lose every load in known_words.h
// and be cached too.)
void ExpectCacheMatchesDecisions(const Policy& policy, const Program& program,
                                 const std::string& context) {
  std::mt19937_64 rng(9);
  for (const ArchPolicy& abi : policy.arches) {
    if (abi.arch->id != ArchId::kX86_64 && abi.arch->id != ArchId::kX86) {
      continue;
    }
    for (uint32_t nr = 0; nr <= abi.arch->max_nr + 16; ++nr) {
      const Decision d = DecisionFor(policy, abi, nr);
      const bool allow_always =
          d.is_argument_free() && d.fallback.kind == ActionKind::kAllow;
      const bool cached = IsCacheAllowed(program, abi.arch->audit_arch, nr);
      if (allow_always) {
        ASSERT_TRUE(cached)
            << context << " arch " << abi.arch->short_name << " nr " << nr;
      }
      if (!cached || allow_always) continue;
      auto it = abi.syscalls.find(nr);
      ASSERT_NE(it, abi.syscalls.end()) << context << " nr " << nr;
      for (const ArgVector& args : InterestingArgs(it->second, rng, 200)) {
        ASSERT_EQ(d.Evaluate(args.data()).kind, ActionKind::kAllow)
            << context << " arch " << abi.arch->short_name << " nr " << nr
            << " cached but not always allowed";
      }
    }
  }
}

// Most of x86_64's table allowed, a few denied, a few with arg rules: the
// shape of Docker's default profile.
Policy DockerLikePolicy(std::vector<ArchId> arches) {
  Policy policy;
  policy.default_action = kEperm;
  for (ArchId id : arches) {
    ArchPolicy abi;
    abi.arch = &GetArch(id);
    int i = 0;
    for (const SyscallDef& def : abi.arch->syscalls) {
      ++i;
      if (i % 9 == 0) continue;  // denied: the default
      std::vector<PolicyRule>& rules = abi.syscalls[def.nr];
      if (def.name == "personality" || def.name == "clone" ||
          def.name == "socket") {
        rules.push_back(PolicyRule{{{0, CmpOp::kEq, 0x0008, 0}}, kAllow, 1});
        rules.push_back(
            PolicyRule{{{0, CmpOp::kMaskedEq, 0x7E020000, 0}}, kAllow, 2});
      } else {
        rules.push_back(PolicyRule{{}, kAllow, 0});
      }
    }
    policy.arches.push_back(std::move(abi));
  }
  return policy;
}

TEST(CodegenTest, ArgumentFreeAllowIsCacheEligibleDockerLike) {
  const Policy policy =
      DockerLikePolicy({ArchId::kX86_64, ArchId::kX86, ArchId::kX32});
  absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, {});
  ASSERT_TRUE(out.ok()) << out.status();
  ExpectCacheMatchesDecisions(policy, out->program, "docker-like");
  // The same with frequency weights.
  CodegenOptions options;
  options.syscall_frequency = {{"read", 1e6}, {"futex", 5e5}, {"close", 1e5}};
  out = GenerateProgram(policy, options);
  ASSERT_TRUE(out.ok()) << out.status();
  ExpectCacheMatchesDecisions(policy, out->program, "weighted docker-like");
}

TEST(CodegenTest, ArgumentFreeAllowIsCacheEligibleRandom) {
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 rng(seed);
    const Policy policy = RandomPolicy(rng);
    absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, {});
    ASSERT_TRUE(out.ok()) << "seed " << seed << ": " << out.status();
    ExpectCacheMatchesDecisions(policy, out->program,
                                absl::StrCat("seed ", seed));
  }
}

// Every x86_64 syscall with its own argument rule: the decisions' code is
// far from the search that jumps to it, so jumps need trampolines.
Policy ManyArgumentRules(int conditions_per_rule, int rules_per_syscall) {
  Policy policy;
  policy.default_action = kEperm;
  ArchPolicy abi;
  abi.arch = &GetArch(ArchId::kX86_64);
  for (const SyscallDef& def : abi.arch->syscalls) {
    std::vector<PolicyRule>& rules = abi.syscalls[def.nr];
    for (int r = 0; r < rules_per_syscall; ++r) {
      PolicyRule rule;
      rule.action = kAllow;
      rule.entry_index = r;
      for (int c = 0; c < conditions_per_rule; ++c) {
        rule.conditions.push_back(ArgCondition{
            static_cast<uint32_t>(c), CmpOp::kEq,
            (uint64_t{def.nr} << 32) | static_cast<uint32_t>(r * 7 + c), 0});
      }
      rules.push_back(std::move(rule));
    }
  }
  policy.arches.push_back(std::move(abi));
  return policy;
}

TEST(CodegenTest, LongJumpsGetTrampolines) {
  const Policy policy = ManyArgumentRules(1, 1);
  absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, {});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_GT(out->program.size(), 3 * kMaxShortJump);
  bool long_ja = false;
  for (const sock_filter& insn : out->program) {
    if (insn.code == (BPF_JMP | BPF_JA) && insn.k > 0) long_ja = true;
  }
  EXPECT_TRUE(long_ja) << "expected at least one JA trampoline";
  EXPECT_TRUE(VerifyProgram(out->program).ok());
  std::mt19937_64 rng(7);
  for (const auto& [nr, rules] : policy.arches[0].syscalls) {
    for (const ArgVector& args : InterestingArgs(rules, rng, 20)) {
      const seccomp_data data = MakeData(AUDIT_ARCH_X86_64, nr, args);
      absl::StatusOr<uint32_t> got = RunProgram(out->program, data);
      ASSERT_TRUE(got.ok());
      ASSERT_EQ(*got, Evaluate(policy, data).action.ToRet()) << "nr " << nr;
    }
  }
}

TEST(CodegenTest, OversizedPolicyIsAClearError) {
  const Policy policy = ManyArgumentRules(3, 2);
  absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(out.status().message(), HasSubstr("at most 4096"));
  EXPECT_THAT(out.status().message(), HasSubstr("the filter needs "));
}

TEST(CodegenTest, NoArchesKillsEverything) {
  Policy policy;
  policy.default_action = kAllow;
  absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, {});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->program.size(), 1u);
  EXPECT_TRUE(out->program[0] == Ret(SECCOMP_RET_KILL_PROCESS));
}

TEST(CodegenTest, StatsDescribeTheProgram) {
  const Policy policy =
      DockerLikePolicy({ArchId::kX86_64, ArchId::kX86, ArchId::kX32});
  CodegenOptions unoptimized;
  unoptimized.optimize = false;
  absl::StatusOr<GeneratedProgram> raw = GenerateProgram(policy, unoptimized);
  absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, {});
  ASSERT_TRUE(raw.ok() && out.ok());
  EXPECT_EQ(out->stats.instructions, out->program.size());
  EXPECT_EQ(raw->stats.instructions, raw->stats.unoptimized_instructions);
  EXPECT_LE(out->program.size(), raw->program.size());
  ASSERT_EQ(out->stats.arches.size(), 2u);  // amd64+x32 share one dispatch
  EXPECT_EQ(out->stats.arches[0].name, "amd64+x32");
  EXPECT_EQ(out->stats.arches[0].audit_arch, AUDIT_ARCH_X86_64);
  EXPECT_EQ(out->stats.arches[1].audit_arch, AUDIT_ARCH_I386);
  for (const ArchDispatchStats& a : out->stats.arches) {
    EXPECT_GT(a.ranges, 10u);
    EXPECT_GT(a.search_depth, 0);
  }
  // Native first: the program tests AUDIT_ARCH_X86_64 before i386.
  ASSERT_GE(out->program.size(), 2u);
  EXPECT_TRUE(out->program[0] == LoadAbs(kArchOffset));
  EXPECT_EQ(out->program[1].k, AUDIT_ARCH_X86_64);
}

TEST(CodegenTest, ForeignAbiOnX86_64IsKilled) {
  // x86_64 only: x32 numbers are killed, not given the default action.
  Policy policy = DockerLikePolicy({ArchId::kX86_64});
  policy.default_action = kAllow;
  absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, {});
  ASSERT_TRUE(out.ok());
  for (uint32_t nr : {0x40000000u, 0x40000001u, 0xFFFFFFFFu, 0x7FFFFFFFu}) {
    absl::StatusOr<uint32_t> got =
        RunProgram(out->program, MakeData(AUDIT_ARCH_X86_64, nr, {}));
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, SECCOMP_RET_KILL_PROCESS) << nr;
  }
  absl::StatusOr<uint32_t> past =
      RunProgram(out->program, MakeData(AUDIT_ARCH_X86_64, 0x3FFFFFFF, {}));
  ASSERT_TRUE(past.ok());
  EXPECT_EQ(*past, SECCOMP_RET_ALLOW);  // x86_64 number past the table
}

}  // namespace
}  // namespace seccompc

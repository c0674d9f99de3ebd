// The compiled program against the reference evaluator, on seeded random
// policies and on hand-written ones, through the BPF interpreter.
#include <linux/audit.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "compiler/codegen/codegen.h"
#include "compiler/codegen/test_policies.h"
#include "compiler/reference/evaluate.h"
#include "compiler/reference/junk_high_words.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

constexpr uint32_t kForeignArches[] = {0, 0xFFFFFFFF, AUDIT_ARCH_PPC64LE,
                                       AUDIT_ARCH_RISCV64, AUDIT_ARCH_MIPSEL};

// Runs `program` and the evaluator on one input; returns "" or a message.
std::string Compare(const Policy& policy, const Program& program,
                    const seccomp_data& data) {
  const uint32_t want = Evaluate(policy, data).action.ToRet();
  const ArchSpec* spec = SpecForAuditArch(policy, data.arch);
  const seccomp_data raw = spec ? AsLaidOutFor(data, *spec) : data;
  absl::StatusOr<uint32_t> got = RunProgram(program, raw);
  if (!got.ok()) return std::string(got.status().message());
  if (*got == want) return "";
  return absl::StrCat(
      "arch=0x", absl::Hex(data.arch), " nr=", data.nr,
      " args=", absl::Hex(data.args[0]), ",", absl::Hex(data.args[1]), ",",
      absl::Hex(data.args[2]), ",", absl::Hex(data.args[3]), ",",
      absl::Hex(data.args[4]), ",", absl::Hex(data.args[5]), ": program 0x",
      absl::Hex(*got), ", evaluator 0x", absl::Hex(want));
}

// Checks every number of every target arch (and the x32 bit variants, and
// the u32 extremes), foreign arches, and argument vectors around every
// constant of every syscall with rules (on 32-bit ABIs each also with junk
// high words). Returns the first mismatch or "".
std::string CheckPolicy(const Policy& policy, const Program& program,
                        std::mt19937_64& rng, int args_per_syscall) {
  const ArgVector zero = {};
  std::set<uint32_t> audit_arches;
  for (const ArchPolicy& ap : policy.arches) {
    audit_arches.insert(ap.arch->audit_arch);
  }
  for (uint32_t arch : kForeignArches) {
    if (audit_arches.count(arch)) continue;
    for (uint32_t nr : {0u, 1u, 59u, 0xFFFFFFFFu}) {
      std::string m = Compare(policy, program, MakeData(arch, nr, zero));
      if (!m.empty()) return m;
    }
  }
  for (const ArchPolicy& ap : policy.arches) {
    const uint32_t audit = ap.arch->audit_arch;
    std::vector<uint32_t> nrs = {0x3FFFFFFF, 0x40000000, 0x7FFFFFFF,
                                 0x80000000, 0xBFFFFFFF, 0xC0000000,
                                 0xFFFFFFFF, 0xFFFFFFFE};
    // Every number from 0 through the table's dense part and past it, with
    // and without the x32 bit; around sparse private numbers (arm's
    // 0xf0000..) and every number with rules.
    const uint32_t marker = ap.arch->nr_marker_bit;
    const uint32_t dense_top = (ap.arch->nr_base & ~marker) + 1100;
    for (uint32_t nr = 0; nr <= dense_top; ++nr) {
      nrs.push_back(nr);
      nrs.push_back(nr | 0x40000000);
    }
    for (const SyscallDef& def : ap.arch->syscalls) {
      nrs.push_back(def.nr - 1);
      nrs.push_back(def.nr + 1);
    }
    for (uint32_t i = 0; i <= 64; ++i) nrs.push_back(ap.arch->max_nr + i);
    for (const auto& [nr, rules] : ap.syscalls) {
      nrs.push_back(nr - 1);
      nrs.push_back(nr + 1);
    }
    if (ap.enosys_above) {
      for (uint32_t d : {0u, 1u, 2u}) nrs.push_back(*ap.enosys_above + d);
    }
    std::sort(nrs.begin(), nrs.end());
    nrs.erase(std::unique(nrs.begin(), nrs.end()), nrs.end());
    for (uint32_t nr : nrs) {
      std::string m = Compare(policy, program, MakeData(audit, nr, zero));
      if (!m.empty()) return m;
    }
    for (const auto& [nr, rules] : ap.syscalls) {
      for (const ArgVector& args :
           InterestingArgs(rules, rng, args_per_syscall)) {
        const seccomp_data data = MakeData(audit, nr, args);
        std::string m = Compare(policy, program, data);
        if (!m.empty()) return m;
        if (!ArgumentsAre32Bit(*ap.arch)) continue;
        for (const seccomp_data& junk : WithJunkHighWords(data, rng)) {
          m = Compare(policy, program, junk);
          if (!m.empty()) return m;
        }
      }
    }
  }
  return "";
}

// Whether a condition holds on a 32-bit ABI, written out from the contract
// (model/policy.h) without ConstantOn32BitAbi: a constant is a 32-bit value
// when its high word is 0 or repeats bit 31 of its low word, else the
// condition never holds; then an unsigned 32-bit comparison.
bool HoldsOn32BitAbiByHand(const ArgCondition& c, uint32_t arg) {
  auto fits = [](uint64_t k) {
    return k <= 0xFFFFFFFF || k == static_cast<uint64_t>(static_cast<int64_t>(
                                       static_cast<int32_t>(k)));
  };
  if (!fits(c.value) || (c.op == CmpOp::kMaskedEq && !fits(c.value_two))) {
    return false;
  }
  const uint32_t k = static_cast<uint32_t>(c.value);
  switch (c.op) {
    case CmpOp::kEq:
      return arg == k;
    case CmpOp::kNe:
      return arg != k;
    case CmpOp::kLt:
      return arg < k;
    case CmpOp::kLe:
      return arg <= k;
    case CmpOp::kGt:
      return arg > k;
    case CmpOp::kGe:
      return arg >= k;
    case CmpOp::kMaskedEq:
      return (arg & k) == static_cast<uint32_t>(c.value_two);
  }
  return false;
}

// Every 32-bit ABI, every operator, constants sign-extended (-1, AT_FDCWD,
// INT_MIN), zero-extended, and neither (2^32, 0xffffffff_7fffffff): the
// program and the reference both give the contract's answer, whatever the
// high words hold.
TEST(CodegenDifferentialTest, SignExtendedConstantsOnEvery32BitAbi) {
  const uint64_t constants[] = {
      ~uint64_t{0},       0xFFFFFFFFFFFFFF9C, 0xFFFFFFFF80000000,
      0xFFFFFFFF7FFFFFFF, 0x100000000,        0x1FFFFFFFF,
      0xFFFFFFFF,         0x80000000,         5};
  const uint32_t lows[] = {0,          1,          4,          5,
                           6,          0x7FFFFFFF, 0x80000000, 0x80000001,
                           0xFFFFFF9C, 0xFFFFFF9D, 0xFFFFFFFE, 0xFFFFFFFF};
  const uint64_t highs[] = {0, 1, 0x80000000, 0xFFFFFFFF};
  const Action kDenied{ActionKind::kErrno, 13};
  const Action kAllowed{ActionKind::kAllow, 0};
  std::mt19937_64 rng(32);
  int abis = 0;
  for (const ArchSpec& arch : AllArches()) {
    if (!ArgumentsAre32Bit(arch) || !arch.has_table()) continue;
    ++abis;
    const uint32_t nr = arch.syscalls.front().nr;
    for (int op = 0; op <= static_cast<int>(CmpOp::kMaskedEq); ++op) {
      for (uint64_t k : constants) {
        std::vector<ArgCondition> conditions = {
            {1, static_cast<CmpOp>(op), k, 0}};
        if (op == static_cast<int>(CmpOp::kMaskedEq)) {
          conditions = {{1, CmpOp::kMaskedEq, ~uint64_t{0}, k},
                        {1, CmpOp::kMaskedEq, k, k},
                        {1, CmpOp::kMaskedEq, k, 0}};
        }
        for (const ArgCondition& c : conditions) {
          Policy policy;
          policy.default_action = kAllowed;
          ArchPolicy ap;
          ap.arch = &arch;
          ap.syscalls[nr].push_back(PolicyRule{{c}, kDenied, 0});
          policy.arches.push_back(std::move(ap));
          absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, {});
          ASSERT_TRUE(out.ok()) << out.status();
          for (uint32_t low : lows) {
            for (uint64_t high : highs) {
              ArgVector args = {};
              for (uint64_t& a : args) a = rng();
              args[1] = (high << 32) | low;
              const seccomp_data data = MakeData(arch.audit_arch, nr, args);
              const Action want =
                  HoldsOn32BitAbiByHand(c, low) ? kDenied : kAllowed;
              ASSERT_EQ(Evaluate(policy, data).action, want)
                  << arch.short_name << " op " << op << " 0x" << std::hex
                  << c.value << " 0x" << c.value_two << " arg 0x" << args[1];
              ASSERT_EQ(Compare(policy, out->program, data), "")
                  << arch.short_name;
            }
          }
        }
      }
    }
  }
  EXPECT_GE(abis, 10);
}

TEST(CodegenDifferentialTest, RandomPolicies) {
  constexpr int kPolicies = 2000;
  for (uint64_t seed = 1; seed <= kPolicies; ++seed) {
    std::mt19937_64 rng(seed);
    const Policy policy = RandomPolicy(rng);
    CodegenOptions options;
    options.optimize = seed % 4 != 0;  // the unoptimized layout too
    if (seed % 5 == 0) {
      options.syscall_frequency = {{"read", 1000}, {"write", 500}};
    }
    absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, options);
    ASSERT_TRUE(out.ok()) << "seed " << seed << ": " << out.status();
    ASSERT_TRUE(VerifyProgram(out->program).ok()) << "seed " << seed;
    const std::string mismatch =
        CheckPolicy(policy, out->program, rng, /*args_per_syscall=*/100);
    ASSERT_EQ(mismatch, "")
        << "seed " << seed << (options.optimize ? "" : " (unoptimized)");
  }
}

// Many rules per syscall and many conditions per rule: long argument
// chains, shared tails, redundant loads.
TEST(CodegenDifferentialTest, RandomPoliciesWithDeepRules) {
  RandomPolicyOptions shape;
  shape.max_syscalls_per_arch = 4;
  shape.max_rules_per_syscall = 10;
  shape.max_conditions_per_rule = 3;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 rng(seed * 7919);
    const Policy policy = RandomPolicy(rng, shape);
    absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, {});
    ASSERT_TRUE(out.ok()) << "seed " << seed << ": " << out.status();
    const std::string mismatch =
        CheckPolicy(policy, out->program, rng, /*args_per_syscall=*/300);
    ASSERT_EQ(mismatch, "") << "deep seed " << seed;
  }
}

PolicyRule Rule(Action action, std::vector<ArgCondition> conditions,
                int entry) {
  return PolicyRule{std::move(conditions), action, entry};
}

constexpr Action kAllow{ActionKind::kAllow, 0};
constexpr Action kEperm{ActionKind::kErrno, 1};
constexpr Action kKill{ActionKind::kKillThread, 0};

struct TableCase {
  std::string name;
  std::vector<ArchId> arches;
  Action default_action;
  // Per arch (same rules everywhere): nr -> rules.
  std::vector<std::pair<std::string, std::vector<PolicyRule>>> syscalls;
  // Expected results: arch, nr, args, action.
  struct Probe {
    ArchId arch;
    uint32_t nr;
    ArgVector args;
    Action want;
  };
  std::vector<Probe> probes;
};

Policy BuildPolicy(const TableCase& c) {
  Policy policy;
  policy.default_action = c.default_action;
  for (ArchId id : c.arches) {
    ArchPolicy ap;
    ap.arch = &GetArch(id);
    for (const auto& [name, rules] : c.syscalls) {
      std::optional<uint32_t> nr = ap.arch->Lookup(name);
      if (nr) ap.syscalls[*nr] = rules;
    }
    policy.arches.push_back(std::move(ap));
  }
  return policy;
}

TEST(CodegenDifferentialTest, HandWrittenTable) {
  const uint64_t k4G = 0x100000000;
  const std::vector<TableCase> cases = {
      {"allow list",
       {ArchId::kX86_64},
       kEperm,
       {{"read", {Rule(kAllow, {}, 0)}}, {"write", {Rule(kAllow, {}, 0)}}},
       {{ArchId::kX86_64, 0, {}, kAllow},
        {ArchId::kX86_64, 1, {}, kAllow},
        {ArchId::kX86_64, 2, {}, kEperm}}},
      {"kill beats allow whatever the order",
       {ArchId::kX86_64},
       kAllow,
       {{"ptrace", {Rule(kAllow, {}, 0), Rule(kKill, {}, 1)}}},
       {{ArchId::kX86_64, 101, {}, kKill}}},
      {"64-bit GT on the high word",
       {ArchId::kX86_64, ArchId::kS390x},
       kEperm,
       {{"personality", {Rule(kAllow, {{0, CmpOp::kGt, k4G, 0}}, 0)}}},
       {{ArchId::kX86_64, 135, {k4G}, kEperm},
        {ArchId::kX86_64, 135, {k4G + 1}, kAllow},
        {ArchId::kX86_64, 135, {0xFFFFFFFF}, kEperm},
        {ArchId::kX86_64, 135, {2 * k4G}, kAllow}}},
      {"i386 decides on the low word (int 0x80 from a 64-bit task)",
       {ArchId::kX86_64, ArchId::kX86},
       kAllow,
       {{"mprotect", {Rule(kEperm, {{2, CmpOp::kEq, 7, 0}}, 0)}},
        {"personality", {Rule(kEperm, {{0, CmpOp::kEq, 0xFFFFFFFF, 0}}, 1)}},
        {"socket", {Rule(kEperm, {{0, CmpOp::kEq, k4G + 38, 0}}, 2)}}},
       {{ArchId::kX86, 125, {0, 4096, k4G + 7}, kEperm},
        {ArchId::kX86, 125, {0, 4096, 7}, kEperm},
        {ArchId::kX86_64, 10, {0, 4096, k4G + 7}, kAllow},
        {ArchId::kX86, 136, {0x1FFFFFFFF}, kEperm},
        {ArchId::kX86, 359, {k4G + 38}, kAllow},  // never equal on i386
        {ArchId::kX86_64, 41, {k4G + 38}, kEperm}}},
      {"masked eq on the low word",
       {ArchId::kX86_64, ArchId::kX86, ArchId::kX32},
       kEperm,
       {{"clone", {Rule(kAllow, {{0, CmpOp::kMaskedEq, 0x7E020000, 0}}, 0)}}},
       {{ArchId::kX86_64, 56, {0x00011200}, kAllow},
        {ArchId::kX86_64, 56, {0x10000000}, kEperm},
        {ArchId::kX86_64, 56, {0xFFFFFFFF00000000}, kAllow}}},
  };
  for (const TableCase& c : cases) {
    const Policy policy = BuildPolicy(c);
    absl::StatusOr<GeneratedProgram> out = GenerateProgram(policy, {});
    ASSERT_TRUE(out.ok()) << c.name << ": " << out.status();
    for (const TableCase::Probe& p : c.probes) {
      const seccomp_data data =
          MakeData(GetArch(p.arch).audit_arch, p.nr, p.args);
      absl::StatusOr<uint32_t> got =
          RunProgram(out->program, AsLaidOutFor(data, GetArch(p.arch)));
      ASSERT_TRUE(got.ok()) << c.name;
      EXPECT_EQ(*got, p.want.ToRet()) << c.name << " nr " << p.nr;
      EXPECT_EQ(Evaluate(policy, data).action, p.want) << c.name;
    }
    std::mt19937_64 rng(1);
    EXPECT_EQ(CheckPolicy(policy, out->program, rng, 200), "") << c.name;
  }
}

}  // namespace
}  // namespace seccompc

#include "compiler/reference/evaluate.h"

#include <linux/audit.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

constexpr uint64_t k2_32 = uint64_t{1} << 32;
constexpr uint64_t kMax64 = UINT64_MAX;

const Action kAllow{ActionKind::kAllow, 0};
const Action kEperm{ActionKind::kErrno, 1};
const Action kKillProcess{ActionKind::kKillProcess, 0};

seccomp_data Data(uint32_t arch, int nr, uint64_t arg0 = 0) {
  seccomp_data d{};
  d.arch = arch;
  d.nr = nr;
  d.args[0] = arg0;
  return d;
}

// A policy for x86_64 with syscall 1 allowed when `cond` holds on arg 0.
Policy OneCondition(const ArgCondition& cond) {
  Policy p;
  p.default_action = kEperm;
  ArchPolicy ap;
  ap.arch = &GetArch(ArchId::kX86_64);
  ap.syscalls[1].push_back(PolicyRule{{cond}, kAllow, 0});
  p.arches.push_back(ap);
  return p;
}

struct OpCase {
  CmpOp op;
  uint64_t value;
  uint64_t value_two;
  uint64_t arg;
  bool holds;
};

// Each op at its boundaries, with high and low words that differ.
const OpCase kOpCases[] = {
    // c = 2^32 + 5: high word 1, low word 5.
    {CmpOp::kEq, k2_32 + 5, 0, k2_32 + 5, true},
    {CmpOp::kEq, k2_32 + 5, 0, 5, false},  // same low word
    {CmpOp::kEq, k2_32 + 5, 0, 2 * k2_32 + 5, false},
    {CmpOp::kEq, k2_32 + 5, 0, k2_32 + 4, false},
    {CmpOp::kEq, 0, 0, 0, true},
    {CmpOp::kEq, kMax64, 0, kMax64, true},
    {CmpOp::kEq, kMax64, 0, k2_32 - 1, false},
    {CmpOp::kNe, k2_32 + 5, 0, 5, true},
    {CmpOp::kNe, k2_32 + 5, 0, k2_32 + 5, false},
    {CmpOp::kNe, 0, 0, k2_32, true},
    {CmpOp::kLt, k2_32, 0, k2_32 - 1, true},
    {CmpOp::kLt, k2_32, 0, k2_32, false},
    {CmpOp::kLt, k2_32, 0, k2_32 + 1, false},
    {CmpOp::kLt, 0, 0, 0, false},
    {CmpOp::kLt, kMax64, 0, kMax64 - 1, true},
    {CmpOp::kLt, 38, 0, 37, true},
    {CmpOp::kLt, 38, 0, 38, false},
    {CmpOp::kLt, 38, 0, k2_32 + 1, false},  // low word 1 < 38, high not
    {CmpOp::kLe, k2_32 + 5, 0, k2_32 + 5, true},
    {CmpOp::kLe, k2_32 + 5, 0, k2_32 + 6, false},
    {CmpOp::kLe, k2_32 + 5, 0, 6, true},  // low word 6 > 5, high smaller
    {CmpOp::kLe, 0, 0, 0, true},
    {CmpOp::kLe, 0, 0, 1, false},
    {CmpOp::kGe, k2_32, 0, k2_32, true},
    {CmpOp::kGe, k2_32, 0, k2_32 - 1, false},
    {CmpOp::kGe, 0, 0, 0, true},
    {CmpOp::kGe, kMax64, 0, kMax64, true},
    {CmpOp::kGe, kMax64, 0, kMax64 - 1, false},
    {CmpOp::kGt, 40, 0, 41, true},
    {CmpOp::kGt, 40, 0, 40, false},
    {CmpOp::kGt, 40, 0, k2_32, true},  // low word 0, high word 1
    {CmpOp::kGt, k2_32 - 1, 0, k2_32, true},
    {CmpOp::kGt, k2_32 - 1, 0, k2_32 - 1, false},
    {CmpOp::kGt, kMax64, 0, kMax64, false},
    {CmpOp::kMaskedEq, 0xff, 0x12, 0x1234512, true},
    {CmpOp::kMaskedEq, 0xff, 0x12, 0x13, false},
    {CmpOp::kMaskedEq, k2_32 | 1, k2_32, k2_32 + 2, true},
    {CmpOp::kMaskedEq, k2_32 | 1, k2_32, k2_32 + 1, false},
    {CmpOp::kMaskedEq, k2_32 | 1, k2_32, 0, false},
    {CmpOp::kMaskedEq, 0, 0, kMax64, true},
    {CmpOp::kMaskedEq, 0x7E020000, 0, 0x00010000, true},  // clone flags
    {CmpOp::kMaskedEq, 0x7E020000, 0, 0x10000000, false},
    {CmpOp::kMaskedEq, 3, 4, 7, false},  // valueTwo outside the mask
};

TEST(EvaluateTest, EveryOpAtItsBoundaries) {
  const uint32_t x86_64 = AUDIT_ARCH_X86_64;
  for (const OpCase& c : kOpCases) {
    ArgCondition cond{0, c.op, c.value, c.value_two};
    Policy p = OneCondition(cond);
    Verdict v = Evaluate(p, Data(x86_64, 1, c.arg));
    EXPECT_EQ(v.action, c.holds ? kAllow : kEperm)
        << "op " << static_cast<int>(c.op) << " value " << c.value << " arg "
        << c.arg;
    EXPECT_EQ(v.reason,
              c.holds ? Verdict::Reason::kRule : Verdict::Reason::kDefault);
  }
}

TEST(EvaluateTest, ArchSelection) {
  Policy p;
  p.default_action = kEperm;
  for (ArchId id : {ArchId::kX86_64, ArchId::kX86}) {
    ArchPolicy ap;
    ap.arch = &GetArch(id);
    ap.syscalls[1].push_back(PolicyRule{{}, kAllow, 0});
    p.arches.push_back(ap);
  }
  EXPECT_EQ(Evaluate(p, Data(AUDIT_ARCH_X86_64, 1)).action, kAllow);
  EXPECT_EQ(Evaluate(p, Data(AUDIT_ARCH_I386, 1)).action, kAllow);
  EXPECT_EQ(Evaluate(p, Data(AUDIT_ARCH_I386, 2)).action, kEperm);
  // Not in the target: killed, never allowed.
  Verdict v = Evaluate(p, Data(AUDIT_ARCH_AARCH64, 1));
  EXPECT_EQ(v.action, kKillProcess);
  EXPECT_EQ(v.reason, Verdict::Reason::kUnknownArch);
  // The x32 bit with no x32 in the target.
  v = Evaluate(p, Data(AUDIT_ARCH_X86_64, 0x40000001));
  EXPECT_EQ(v.action, kKillProcess);
  EXPECT_EQ(v.reason, Verdict::Reason::kForeignAbi);
  // Beyond the table: the default.
  EXPECT_EQ(Evaluate(p, Data(AUDIT_ARCH_X86_64, 100000)).action, kEperm);
}

TEST(EvaluateTest, X32AndX86_64ShareTheAuditArch) {
  Policy p;
  p.default_action = kEperm;
  ArchPolicy x32;
  x32.arch = &GetArch(ArchId::kX32);
  x32.syscalls[0x40000001].push_back(PolicyRule{{}, kAllow, 0});
  p.arches.push_back(x32);
  EXPECT_EQ(Evaluate(p, Data(AUDIT_ARCH_X86_64, 0x40000001)).action, kAllow);
  EXPECT_EQ(Evaluate(p, Data(AUDIT_ARCH_X86_64, 0x40000002)).action, kEperm);
  // x86_64 numbers are not in an x32-only target.
  EXPECT_EQ(Evaluate(p, Data(AUDIT_ARCH_X86_64, 1)).action, kKillProcess);
}

TEST(EvaluateTest, PrecedenceBetweenEntries) {
  const Action kTrap{ActionKind::kTrap, 0};
  const Action kEnosys{ActionKind::kErrno, 38};
  const Action kLog{ActionKind::kLog, 0};
  Policy p;
  p.default_action = kKillProcess;
  ArchPolicy ap;
  ap.arch = &GetArch(ArchId::kX86_64);
  // Entry order must not matter: ALLOW always, ERRNO(38) when arg0 == 5
  // (earlier entry), ERRNO(1) when arg0 >= 5 (later), TRAP when arg0 == 9,
  // LOG when arg0 == 7.
  ap.syscalls[1] = {
      PolicyRule{{}, kAllow, 4},
      PolicyRule{{ArgCondition{0, CmpOp::kGe, 5, 0}}, kEperm, 3},
      PolicyRule{{ArgCondition{0, CmpOp::kEq, 5, 0}}, kEnosys, 1},
      PolicyRule{{ArgCondition{0, CmpOp::kEq, 9, 0}}, kTrap, 2},
      PolicyRule{{ArgCondition{0, CmpOp::kEq, 7, 0}}, kLog, 0},
  };
  p.arches.push_back(ap);
  struct {
    uint64_t arg;
    Action action;
    int entry;
  } cases[] = {
      {0, kAllow, 4}, {4, kAllow, 4}, {5, kEnosys, 1},
      {6, kEperm, 3}, {7, kEperm, 3},  // ERRNO beats LOG
      {9, kTrap, 2},
  };
  for (const auto& c : cases) {
    Verdict v = Evaluate(p, Data(AUDIT_ARCH_X86_64, 1, c.arg));
    EXPECT_EQ(v.action, c.action) << c.arg;
    EXPECT_EQ(v.entry_index, c.entry) << c.arg;
  }
  // The same rules in another order give the same answers.
  std::reverse(p.arches[0].syscalls[1].begin(), p.arches[0].syscalls[1].end());
  for (const auto& c : cases) {
    EXPECT_EQ(Evaluate(p, Data(AUDIT_ARCH_X86_64, 1, c.arg)).action, c.action);
  }
}

TEST(EvaluateTest, AllConditionsOfARuleMustHold) {
  Policy p;
  p.default_action = kEperm;
  ArchPolicy ap;
  ap.arch = &GetArch(ArchId::kX86_64);
  ap.syscalls[41].push_back(PolicyRule{
      {ArgCondition{0, CmpOp::kEq, 16, 0}, ArgCondition{2, CmpOp::kEq, 9, 0}},
      kAllow,
      0});
  p.arches.push_back(ap);
  seccomp_data d = Data(AUDIT_ARCH_X86_64, 41, 16);
  EXPECT_EQ(Evaluate(p, d).action, kEperm);
  d.args[2] = 9;
  EXPECT_EQ(Evaluate(p, d).action, kAllow);
  d.args[0] = 17;
  EXPECT_EQ(Evaluate(p, d).action, kEperm);
}

// 32-bit ABIs decide on the low word of the register; the high word is junk
// a 64-bit task left there (int 0x80). Constants are read as 32-bit values:
// sign-extended ones as their low word, others never hold. x32 does not.
TEST(EvaluateTest, ThirtyTwoBitAbisCompareTheLowWord) {
  struct Case {
    ArchId arch;
    ArgCondition cond;
    uint64_t arg;
    bool holds;
  };
  const Case cases[] = {
      // The red team's calls: personality(0x1_ffffffff), prot 0x100000007.
      {ArchId::kX86, {0, CmpOp::kEq, 0xffffffff, 0}, 0x1ffffffff, true},
      {ArchId::kX86, {2, CmpOp::kEq, 7, 0}, 0x100000007, true},
      {ArchId::kX86, {0, CmpOp::kLt, 38, 0}, 0x100000026, false},
      {ArchId::kX86, {0, CmpOp::kGt, 40, 0}, 0x100000026, false},
      // A constant that is no 32-bit value (high word neither 0 nor the
      // sign extension of the low word) never holds, whatever the op.
      {ArchId::kX86, {0, CmpOp::kEq, k2_32 + 5, 0}, k2_32 + 5, false},
      {ArchId::kX86, {0, CmpOp::kEq, k2_32 + 5, 0}, 5, false},
      {ArchId::kX86, {0, CmpOp::kNe, k2_32 + 5, 0}, k2_32 + 5, false},
      {ArchId::kX86, {0, CmpOp::kNe, k2_32 + 5, 0}, 6, false},
      {ArchId::kX86, {0, CmpOp::kLt, k2_32, 0}, kMax64, false},
      {ArchId::kX86, {0, CmpOp::kLt, k2_32, 0}, 0, false},
      {ArchId::kX86, {0, CmpOp::kLe, kMax64 - k2_32, 0}, 0, false},
      {ArchId::kX86, {0, CmpOp::kGe, k2_32, 0}, kMax64, false},
      {ArchId::kX86, {0, CmpOp::kGt, 0xffffffff00000005, 0}, 6, false},
      {ArchId::kX86, {0, CmpOp::kMaskedEq, kMax64 >> 1, 7}, 7, false},
      {ArchId::kX86, {0, CmpOp::kMaskedEq, kMax64, k2_32}, k2_32, false},
      {ArchId::kX86, {0, CmpOp::kMaskedEq, kMax64, k2_32 | 7}, 7, false},
      // Sign-extended constants mean their low word: -1, AT_FDCWD.
      {ArchId::kX86, {0, CmpOp::kEq, kMax64, 0}, 0xffffffff, true},
      {ArchId::kX86, {0, CmpOp::kEq, kMax64, 0}, kMax64, true},
      {ArchId::kX86, {0, CmpOp::kEq, kMax64, 0}, 0x1ffffffff, true},
      {ArchId::kX86, {0, CmpOp::kEq, kMax64, 0}, 0xfffffffe, false},
      {ArchId::kX86, {0, CmpOp::kEq, 0xffffffffffffff9c, 0}, 0xffffff9c, true},
      {ArchId::kX86, {0, CmpOp::kNe, 0xffffffffffffff9c, 0}, 0xffffff9c, false},
      {ArchId::kX86, {0, CmpOp::kNe, 0xffffffffffffff9c, 0}, 3, true},
      // Compared unsigned as 32-bit values: -100 is 0xffffff9c.
      {ArchId::kX86, {0, CmpOp::kLt, 0xffffffffffffff9c, 0}, 0x7fffffff, true},
      {ArchId::kX86, {0, CmpOp::kGe, 0xffffffff80000000, 0}, 0x80000000, true},
      {ArchId::kX86, {0, CmpOp::kGe, 0xffffffff80000000, 0}, 0x7fffffff, false},
      {ArchId::kX86, {0, CmpOp::kLe, 0xffffffff80000000, 0}, k2_32 - 1, false},
      {ArchId::kX86, {0, CmpOp::kGt, 0xfffffffffffffffe, 0}, k2_32 - 1, true},
      // 0xffffffff_7fffffff is not the sign extension of 0x7fffffff.
      {ArchId::kX86, {0, CmpOp::kEq, 0xffffffff7fffffff, 0}, 0x7fffffff, false},
      {ArchId::kX86, {0, CmpOp::kMaskedEq, kMax64, kMax64}, 0xffffffff, true},
      {ArchId::kX86,
       {0, CmpOp::kMaskedEq, 0xffffffff80000000, 0xffffffff80000000},
       0x80000001,
       true},
      {ArchId::kX86, {0, CmpOp::kMaskedEq, kMax64, 7}, k2_32 + 7, true},
      // Constants below 2^32 as before.
      {ArchId::kX86, {0, CmpOp::kLe, k2_32 - 1, 0}, kMax64, true},
      {ArchId::kX86, {0, CmpOp::kGt, k2_32 - 1, 0}, kMax64, false},
      {ArchId::kX86, {0, CmpOp::kGt, k2_32 - 2, 0}, kMax64, true},
      // Big-endian 32-bit ABIs and arm alike.
      {ArchId::kS390, {1, CmpOp::kEq, 7, 0}, 0xffffffff00000007, true},
      {ArchId::kArm, {1, CmpOp::kEq, 7, 0}, 0x8000000000000007, true},
      {ArchId::kS390, {1, CmpOp::kEq, kMax64, 0}, 0xffffffff, true},
      {ArchId::kS390, {1, CmpOp::kEq, k2_32, 0}, k2_32, false},
      {ArchId::kMips64N32, {0, CmpOp::kEq, kMax64, 0}, 0xffffffff, true},
      {ArchId::kPpc, {0, CmpOp::kNe, 2 * k2_32, 0}, 1, false},
      // x32 and 64-bit ABIs compare all 64 bits.
      {ArchId::kX32, {0, CmpOp::kEq, 0xffffffff, 0}, 0x1ffffffff, false},
      {ArchId::kX32, {0, CmpOp::kEq, kMax64, 0}, 0xffffffff, false},
      {ArchId::kX32, {0, CmpOp::kNe, k2_32 + 5, 0}, 5, true},
      {ArchId::kX86_64, {0, CmpOp::kEq, kMax64, 0}, 0xffffffff, false},
      {ArchId::kX86_64, {2, CmpOp::kEq, 7, 0}, 0x100000007, false},
  };
  for (const Case& c : cases) {
    const ArchSpec& arch = GetArch(c.arch);
    Policy p;
    p.default_action = kEperm;
    ArchPolicy ap;
    ap.arch = &arch;
    const uint32_t nr = arch.nr_base + 1;  // x32: base has the marker
    ap.syscalls[nr].push_back(PolicyRule{{c.cond}, kAllow, 0});
    p.arches.push_back(ap);
    seccomp_data d = Data(arch.audit_arch, static_cast<int>(nr));
    d.args[c.cond.index] = c.arg;
    EXPECT_EQ(Evaluate(p, d).action, c.holds ? kAllow : kEperm)
        << arch.short_name << " op " << static_cast<int>(c.cond.op)
        << " value 0x" << std::hex << c.cond.value << " arg 0x" << c.arg;
  }
}

}  // namespace
}  // namespace seccompc

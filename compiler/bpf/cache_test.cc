#include "compiler/bpf/cache.h"

#include <linux/audit.h>

#include <string>
#include <vector>

#include "compiler/arch/arch.h"
#include "compiler/bpf/interpreter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr uint32_t kKill = SECCOMP_RET_KILL_PROCESS;
constexpr uint32_t kX86_64 = AUDIT_ARCH_X86_64;
constexpr uint32_t kI386 = AUDIT_ARCH_I386;

// x86_64 only; getpid (39) allowed, everything else EPERM.
const Program& AllowGetpid() {
  static const Program* p =
      new Program{LoadAbs(kArchOffset),      JumpEq(kX86_64, 1, 0), Ret(kKill),
                  LoadAbs(kNrOffset),        JumpEq(39, 0, 1),      Ret(kAllow),
                  Ret(SECCOMP_RET_ERRNO | 1)};
  return *p;
}

struct CacheCase {
  std::string name;
  Program program;
  uint32_t arch;
  uint32_t nr;
  bool cached;
};

std::vector<CacheCase> Cases() {
  // nr 1 checks args[0]; every other number is allowed outright.
  const Program arg_on_one_path = {LoadAbs(kNrOffset),   JumpEq(1, 0, 2),
                                   LoadAbs(kArgsOffset), JumpEq(0, 0, 1),
                                   Ret(kAllow),          Ret(kKill)};
  const Program jset_x32 = {LoadAbs(kNrOffset), JumpSet(0x40000000, 0, 1),
                            Ret(kKill), Ret(kAllow)};
  const Program and_low_byte = {LoadAbs(kNrOffset), AluAnd(0xff),
                                JumpEq(39, 0, 1), Ret(kAllow), Ret(kKill)};
  const Program below_100 = {LoadAbs(kNrOffset), JumpGe(100, 1, 0), Ret(kAllow),
                             Ret(kKill)};
  const Program up_to_100 = {LoadAbs(kNrOffset), JumpGt(100, 1, 0), Ret(kAllow),
                             Ret(kKill)};
  return {
      {"AllowedNr", AllowGetpid(), kX86_64, 39, true},
      {"ErrnoNr", AllowGetpid(), kX86_64, 40, false},
      {"OtherArchKilled", AllowGetpid(), kI386, 39, false},
      {"ArgLoadOnPath", arg_on_one_path, kX86_64, 1, false},
      {"ArgLoadOnOtherPathOnly", arg_on_one_path, kX86_64, 2, true},
      {"JsetClear", jset_x32, kX86_64, 5, true},
      {"JsetSet", jset_x32, kX86_64, 0x40000005, false},
      {"AluAndMatches", and_low_byte, kX86_64, 39 + 256, true},
      {"AluAndDiffers", and_low_byte, kX86_64, 40, false},
      {"JgeBelow", below_100, kX86_64, 99, true},
      {"JgeAtBoundary", below_100, kX86_64, 100, false},
      {"JgtAtBoundary", up_to_100, kX86_64, 100, true},
      {"JgtAbove", up_to_100, kX86_64, 101, false},
      {"JaOverKill",
       {JumpAlways(1), Ret(kKill), Ret(kAllow)},
       kX86_64,
       0,
       true},
      {"RetLogIsNotAllow", {Ret(SECCOMP_RET_LOG)}, kX86_64, 0, false},
      // The kernel compares k with SECCOMP_RET_ALLOW exactly.
      {"RetAllowWithDataBits", {Ret(kAllow | 1)}, kX86_64, 0, false},
      {"RetAIsUnknown",
       {Stmt(BPF_LD | BPF_IMM, kAllow), Stmt(BPF_RET | BPF_A, 0)},
       kX86_64,
       0,
       false},
      {"TaxIsUnknown",
       {LoadAbs(kNrOffset), Stmt(BPF_MISC | BPF_TAX, 0), Ret(kAllow)},
       kX86_64,
       0,
       false},
      {"JeqXIsUnknown",
       {Jump(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 0), Ret(kAllow)},
       kX86_64,
       0,
       false},
      {"AluOrIsUnknown",
       {Stmt(BPF_ALU | BPF_OR | BPF_K, 0), Ret(kAllow)},
       kX86_64,
       0,
       false},
      {"InstructionPointerLoad",
       {LoadAbs(kIpOffset), Ret(kAllow)},
       kX86_64,
       0,
       false},
      // Unknown instructions after the RET are never reached.
      {"UnknownAfterRet",
       {Ret(kAllow), Stmt(BPF_MISC | BPF_TAX, 0), Ret(kAllow)},
       kX86_64,
       0,
       true},
      // Unverified programs: no loop, no crash, not cached.
      {"RunsOffTheEnd", {LoadAbs(kNrOffset)}, kX86_64, 0, false},
      {"HugeJa", {JumpAlways(0xffffffff), Ret(kAllow)}, kX86_64, 0, false},
      {"Empty", {}, kX86_64, 0, false},
  };
}

class CacheTest : public ::testing::TestWithParam<CacheCase> {};

TEST_P(CacheTest, MatchesTheKernelsEmulator) {
  const CacheCase& c = GetParam();
  EXPECT_EQ(IsCacheAllowed(c.program, c.arch, c.nr), c.cached);
}

// Whatever the cache claims, the real run agrees for any argument values.
TEST_P(CacheTest, CachedMeansAllowedForAnyArguments) {
  const CacheCase& c = GetParam();
  if (!IsCacheAllowed(c.program, c.arch, c.nr)) return;
  for (uint64_t arg : {0ull, 1ull, 0xffffffffffffffffull}) {
    seccomp_data data{};
    data.nr = static_cast<int>(c.nr);
    data.arch = c.arch;
    data.instruction_pointer = arg;
    for (auto& a : data.args) a = arg;
    absl::StatusOr<uint32_t> ret = RunProgram(c.program, data);
    ASSERT_TRUE(ret.ok()) << ret.status();
    EXPECT_EQ(*ret, kAllow);
  }
}

INSTANTIATE_TEST_SUITE_P(Programs, CacheTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<CacheCase>& info) {
                           return info.param.name;
                         });

TEST(CacheAllowedSyscallsTest, ListsTheNumbersBelowTheLimit) {
  // x86_64: 0..2 and 39 allowed; i386: only 5.
  const Program p = {
      LoadAbs(kArchOffset), JumpEq(kX86_64, 0, 5), LoadAbs(kNrOffset),
      JumpGe(3, 0, 2),      JumpEq(39, 1, 0),      Ret(kKill),
      Ret(kAllow),          JumpEq(kI386, 0, 3),   LoadAbs(kNrOffset),
      JumpEq(5, 0, 1),      Ret(kAllow),           Ret(kKill)};
  const ArchSpec& x86_64 = GetArch(ArchId::kX86_64);
  EXPECT_THAT(CacheAllowedSyscalls(p, x86_64, 50), ElementsAre(0, 1, 2, 39));
  EXPECT_THAT(CacheAllowedSyscalls(p, x86_64), ElementsAre(0, 1, 2, 39));
  EXPECT_THAT(CacheAllowedSyscalls(p, x86_64, 2), ElementsAre(0, 1));
  EXPECT_THAT(CacheAllowedSyscalls(p, GetArch(ArchId::kX86), 50),
              ElementsAre(5));
}

TEST(CacheAllowedSyscallsTest, X32IsNeverCached) {
  const Program allow_all = {Ret(kAllow)};
  EXPECT_THAT(CacheAllowedSyscalls(allow_all, GetArch(ArchId::kX32)),
              IsEmpty());
  EXPECT_THAT(CacheAllowedSyscalls(allow_all, GetArch(ArchId::kX32), 100),
              IsEmpty());
  // The same program caches every x86_64 number, up to the table's end.
  const ArchSpec& x86_64 = GetArch(ArchId::kX86_64);
  EXPECT_EQ(CacheAllowedSyscalls(allow_all, x86_64).size(), x86_64.max_nr + 1);
}

}  // namespace
}  // namespace seccompc

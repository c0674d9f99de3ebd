// The compiler's meaning against the reference evaluator, on real profiles:
// for every profile in profiles/ (and ../shared/realworld when present),
// several targets (native arches of both byte orders with their archMap
// sub-arches; capability sets; kernels), every syscall number
// 0..max_nr+64 of every arch, x32-marked numbers, numbers near 2^31 and
// 2^32, foreign arch values, and for each syscall with argument rules a few
// hundred argument vectors built around the profile's own constants; on
// 32-bit ABIs each input again with junk high words (WithJunkHighWords):
//   RunProgram(compiled) == Evaluate(policy).
#include <linux/audit.h>

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/arch/seccomp_data_layout.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/compile.h"
#include "compiler/reference/evaluate.h"
#include "compiler/reference/junk_high_words.h"
#include "gtest/gtest.h"
#include "tests/profile_files.h"

namespace seccompc {
namespace {

// Values around a condition's constants where a wrong comparison would
// show: each constant +-1, its words swapped or cleared, the extremes.
std::vector<uint64_t> InterestingValues(const ArgCondition& c) {
  std::set<uint64_t> v = {0,
                          1,
                          0xffffffffull,
                          0x100000000ull,
                          0x1ffffffffull,
                          UINT64_MAX,
                          UINT64_MAX - 1,
                          0x8000000000000000ull,
                          0x7fffffffull,
                          0x80000000ull};
  for (uint64_t k : {c.value, c.value_two}) {
    for (uint64_t d : {k - 1, k, k + 1}) {
      v.insert(d);
      v.insert(d & 0xffffffffull);
      v.insert(d | 0xffffffff00000000ull);
      v.insert(d ^ 0x100000000ull);
      v.insert((d << 32) | (d >> 32));
    }
  }
  if (c.op == CmpOp::kMaskedEq) {
    v.insert(c.value_two | ~c.value);
    v.insert(c.value_two | (~c.value & 0x5555555555555555ull));
    v.insert(c.value_two ^ (c.value & 0x0000000100000001ull));
  }
  return {v.begin(), v.end()};
}

class DifferentialChecker {
 public:
  explicit DifferentialChecker(const CompiledFilter& f) : f_(f) {}

  // Checks `d`, and on a 32-bit ABI its variants with junk high words.
  void Check(const seccomp_data& d) {
    CheckOne(d);
    for (const ArchPolicy& ap : f_.policy.arches) {
      // Only numbers with rules read arguments.
      if (ap.arch->audit_arch != d.arch || !ArgumentsAre32Bit(*ap.arch) ||
          ap.syscalls.count(static_cast<uint32_t>(d.nr)) == 0) {
        continue;
      }
      for (const seccomp_data& v : WithJunkHighWords(d, junk_rng_)) {
        CheckOne(v);
      }
      break;
    }
  }

  // `d` holds logical values; the program reads them laid out as the arch
  // of `d.arch` (if the filter knows it) would present them.
  void CheckOne(const seccomp_data& d) {
    ++checks_;
    const Verdict want = Evaluate(f_.policy, d);
    seccomp_data raw = d;
    for (const ArchPolicy& ap : f_.policy.arches) {
      if (ap.arch->audit_arch == d.arch) raw = AsLaidOutFor(d, *ap.arch);
    }
    absl::StatusOr<uint32_t> got = RunProgram(f_.program, raw);
    ASSERT_TRUE(got.ok()) << got.status();
    std::optional<Action> action = ActionFromRet(*got);
    ASSERT_TRUE(action.has_value()) << *got;
    if (*action != want.action && failures_++ < 10) {
      ADD_FAILURE() << "arch 0x" << std::hex << d.arch << std::dec << " nr "
                    << d.nr << " args " << d.args[0] << "," << d.args[1] << ","
                    << d.args[2] << "," << d.args[3] << "," << d.args[4] << ","
                    << d.args[5] << ": reference " << want.action.ToString()
                    << ", compiled " << action->ToString();
    }
  }

  void CheckArch(const ArchPolicy& ap, std::mt19937_64& rng) {
    seccomp_data d{};
    d.arch = ap.arch->audit_arch;
    const uint32_t base = ap.arch->nr_base;
    for (uint32_t nr = 0; nr <= ap.arch->max_nr + 64; ++nr) {
      if (nr < base && nr > 64) nr = base;  // skip the empty region below
      d.nr = static_cast<int>(nr);
      Check(d);
    }
    for (uint32_t nr :
         {0x3fffffffu, 0x40000000u, 0x40000001u, 0x7fffffffu, 0x80000000u,
          0xbfffffffu, 0xc0000000u, 0xffffffffu, 0x000f0005u, 0x000f0000u}) {
      d.nr = static_cast<int>(nr);
      Check(d);
    }
    // Argument vectors for every syscall with conditions.
    for (const auto& [nr, rules] : ap.syscalls) {
      std::vector<std::vector<uint64_t>> per_index(6);
      for (const PolicyRule& r : rules) {
        for (const ArgCondition& c : r.conditions) {
          for (uint64_t v : InterestingValues(c)) {
            per_index[c.index].push_back(v);
          }
        }
      }
      bool any = false;
      for (const auto& values : per_index) any = any || !values.empty();
      if (!any) continue;
      d.nr = static_cast<int>(nr);
      // Each interesting value on its own index, the rest random or zero.
      for (int i = 0; i < 6; ++i) {
        for (uint64_t v : per_index[i]) {
          for (int fill = 0; fill < 2; ++fill) {
            for (int j = 0; j < 6; ++j) d.args[j] = fill ? rng() : 0;
            d.args[i] = v;
            Check(d);
          }
        }
      }
      // Random combinations of interesting values across indexes.
      for (int n = 0; n < 300; ++n) {
        for (int j = 0; j < 6; ++j) {
          d.args[j] = per_index[j].empty() || rng() % 4 == 0
                          ? rng()
                          : per_index[j][rng() % per_index[j].size()];
        }
        Check(d);
      }
      for (int j = 0; j < 6; ++j) d.args[j] = 0;
    }
  }

  void CheckForeignArches() {
    seccomp_data d{};
    for (const ArchSpec& a : AllArches()) {
      d.arch = a.audit_arch;
      for (int nr : {0, 1, 59, 0x40000000}) {
        d.nr = nr;
        Check(d);
      }
    }
    for (uint32_t arch : {0u, 0xffffffffu, 0x4000003eu, 0x8000003eu}) {
      d.arch = arch;
      d.nr = 0;
      Check(d);
    }
  }

  size_t checks() const { return checks_; }

 private:
  const CompiledFilter& f_;
  std::mt19937_64 junk_rng_{0x32b17};
  size_t checks_ = 0;
  int failures_ = 0;
};

struct TargetCase {
  std::string name;
  ArchId native;
  CapabilitySet caps;
  KernelVersion kernel;
  EnosysRule enosys = EnosysRule::kOff;
};

std::vector<TargetCase> Targets() {
  return {
      {"x86_64-docker-6.1",
       ArchId::kX86_64,
       DockerDefaultCapabilities(),
       {6, 1}},
      {"x86_64-none-4.4", ArchId::kX86_64, 0, {4, 4}},
      {"x86_64-all-6.18", ArchId::kX86_64, AllCapabilities(), {6, 18}},
      {"aarch64-docker", ArchId::kAarch64, DockerDefaultCapabilities(), {6, 1}},
      {"s390x-none (big-endian)", ArchId::kS390x, 0, {6, 1}},
      {"mips64-docker (big-endian, 3 ABIs)",
       ArchId::kMips64,
       DockerDefaultCapabilities(),
       {6, 1}},
      {"ppc64le-docker", ArchId::kPpc64le, DockerDefaultCapabilities(), {6, 1}},
      {"riscv64-all", ArchId::kRiscv64, AllCapabilities(), {6, 18}},
      // runc's ENOSYS stub: x86_64 with x32 apart, s390x's number 0, mips's
      // ENOSYS (89) and ABI bases.
      {"x86_64-docker-6.1 +enosys",
       ArchId::kX86_64,
       DockerDefaultCapabilities(),
       {6, 1},
       EnosysRule::kRunc},
      {"s390x-none +enosys", ArchId::kS390x, 0, {6, 1}, EnosysRule::kRunc},
      {"mips64-docker +enosys",
       ArchId::kMips64,
       DockerDefaultCapabilities(),
       {6, 18},
       EnosysRule::kRunc},
  };
}

void CheckProfile(const std::string& path) {
  std::mt19937_64 rng(0x5ecc0);
  size_t checks = 0;
  for (const TargetCase& t : Targets()) {
    SCOPED_TRACE(absl::StrCat(path, " target ", t.name));
    CompileOptions options;
    options.target.native = t.native;
    options.target.caps = t.caps;
    options.target.kernel = t.kernel;
    options.enosys = t.enosys;
    absl::StatusOr<CompiledFilter> f = CompileProfileFile(path, options);
    ASSERT_TRUE(f.ok()) << f.status();
    DifferentialChecker checker(*f);
    for (const ArchPolicy& ap : f->policy.arches) checker.CheckArch(ap, rng);
    checker.CheckForeignArches();
    checks += checker.checks();
  }
  std::printf("%s: %zu inputs checked\n", path.c_str(), checks);
}

TEST(DifferentialTest, ProjectProfiles) {
  std::vector<std::string> files = JsonFiles("profiles");
  ASSERT_GE(files.size(), 3u);
  for (const std::string& f : files) CheckProfile(f);
}

// Every 32-bit ABI at once (x86_64 native, the rest as listed arches):
// constants sign-extended from 32 bits (-1, AT_FDCWD, INT_MIN) mean their
// low word there, others of 2^32 or more never hold (model/policy.h), with
// every operator; the checker adds junk high words.
TEST(DifferentialTest, SignExtendedConstantsOnEvery32BitAbi) {
  constexpr char kProfile[] = R"({
    "defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [
      {"names": ["gettid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
       "args": [{"index": 0, "value": 18446744073709551615, "op": "SCMP_CMP_EQ"}]},
      {"names": ["gettid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 2,
       "args": [{"index": 1, "value": 18446744073709551516, "op": "SCMP_CMP_NE"},
                {"index": 0, "value": 18446744071562067968, "op": "SCMP_CMP_GE"}]},
      {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 3,
       "args": [{"index": 0, "value": 18446744073709551516, "op": "SCMP_CMP_LT"}]},
      {"names": ["getppid"], "action": "SCMP_ACT_KILL",
       "args": [{"index": 2, "value": 18446744073709551615,
                 "valueTwo": 18446744073709551516, "op": "SCMP_CMP_MASKED_EQ"}]},
      {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 4,
       "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_NE"}]},
      {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5,
       "args": [{"index": 1, "value": 8589934591, "op": "SCMP_CMP_LE"}]},
      {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 6,
       "args": [{"index": 2, "value": 18446744071562067967, "op": "SCMP_CMP_GT"}]},
      {"names": ["getpid"], "action": "SCMP_ACT_TRAP",
       "args": [{"index": 3, "value": 18446744069414584575, "valueTwo": 255,
                 "op": "SCMP_CMP_MASKED_EQ"}]}
    ]})";
  CompileOptions options;
  options.target.native = ArchId::kX86_64;
  options.target.arches = {ArchId::kX86_64};
  for (const ArchSpec& a : AllArches()) {
    if (ArgumentsAre32Bit(a) && a.has_table())
      options.target.arches.push_back(a.id);
  }
  ASSERT_GE(options.target.arches.size(), 11u);
  absl::StatusOr<CompiledFilter> f =
      CompileProfileText(kProfile, "sign-extension.json", options);
  ASSERT_TRUE(f.ok()) << f.status();
  std::mt19937_64 rng(0x5e);
  DifferentialChecker checker(*f);
  for (const ArchPolicy& ap : f->policy.arches) checker.CheckArch(ap, rng);
  // The reference itself, on i386: -1 with junk matches, 2^32 does not.
  seccomp_data d{};
  d.arch = AUDIT_ARCH_I386;
  d.nr = 224;  // gettid
  d.args[0] = 0x12345678ffffffff;
  EXPECT_EQ(Evaluate(f->policy, d).action, (Action{ActionKind::kErrno, 1}));
  d.nr = 20;  // getpid: NE 2^32 never holds there
  d.args[0] = 7;
  EXPECT_EQ(Evaluate(f->policy, d).action, (Action{ActionKind::kAllow, 0}));
}

TEST(DifferentialTest, RealWorldProfiles) {
  std::vector<std::string> files = RealWorldProfiles();
  if (files.empty()) GTEST_SKIP() << "no ../shared/realworld beside the clone";
  for (const std::string& f : files) CheckProfile(f);
}

}  // namespace
}  // namespace seccompc

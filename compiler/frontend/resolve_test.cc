#include "compiler/frontend/resolve.h"

#include <linux/capability.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "compiler/frontend/profile_parser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;

Profile Parse(const std::string& json) {
  absl::StatusOr<ParsedProfile> p = ParseProfile(json, "t.json");
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? p->profile : Profile{};
}

// Whether `name` has a rule on `arch` in the resolved policy.
bool HasRule(const Policy& p, ArchId arch, const char* name) {
  const ArchPolicy* ap = p.FindArch(arch);
  if (ap == nullptr) return false;
  std::optional<uint32_t> nr = ap->arch->Lookup(name);
  return nr && ap->syscalls.count(*nr) > 0;
}

constexpr char kArchMapProfile[] = R"({
  "defaultAction": "SCMP_ACT_ERRNO",
  "archMap": [
    {"architecture": "SCMP_ARCH_X86_64",
     "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
    {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}
  ],
  "syscalls": [
    {"names": ["read"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW",
     "includes": {"arches": ["amd64", "x32"]}},
    {"names": ["reboot"], "action": "SCMP_ACT_ALLOW",
     "includes": {"caps": ["CAP_SYS_BOOT"]}},
    {"names": ["mount"], "action": "SCMP_ACT_ALLOW",
     "includes": {"caps": ["CAP_SYS_ADMIN", "CAP_SYS_BOOT"]}},
    {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
     "args": [{"index": 0, "value": 2114060288, "op": "SCMP_CMP_MASKED_EQ"}],
     "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390x"]}},
    {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW",
     "includes": {"minKernel": "4.8"}},
    {"names": ["uselib"], "action": "SCMP_ACT_ALLOW",
     "excludes": {"minKernel": "5.0"}},
    {"names": ["frobnicate"], "action": "SCMP_ACT_ALLOW"}
  ]
})";

TEST(ResolveTest, ArchSetFromArchMapOfTheNativeArch) {
  Profile p = Parse(kArchMapProfile);
  Target t;
  t.native = ArchId::kX86_64;
  absl::StatusOr<std::vector<ArchId>> arches = TargetArches(p, t);
  ASSERT_TRUE(arches.ok());
  EXPECT_EQ(*arches,
            (std::vector<ArchId>{ArchId::kX86_64, ArchId::kX86, ArchId::kX32}));
  t.native = ArchId::kAarch64;
  arches = TargetArches(p, t);
  ASSERT_TRUE(arches.ok());
  EXPECT_EQ(*arches, (std::vector<ArchId>{ArchId::kAarch64, ArchId::kArm}));
  t.native = ArchId::kRiscv64;  // no archMap entry: native only
  arches = TargetArches(p, t);
  ASSERT_TRUE(arches.ok());
  EXPECT_EQ(*arches, (std::vector<ArchId>{ArchId::kRiscv64}));
  t.arches = {ArchId::kX86, ArchId::kX86_64};  // explicit wins
  arches = TargetArches(p, t);
  ASSERT_TRUE(arches.ok());
  EXPECT_EQ(*arches, (std::vector<ArchId>{ArchId::kX86, ArchId::kX86_64}));
}

TEST(ResolveTest, ArchesShareAuditValueOnlyForX32) {
  Profile p = Parse(R"({"defaultAction": "SCMP_ACT_ALLOW"})");
  Target t;
  t.arches = {ArchId::kParisc, ArchId::kParisc64};
  EXPECT_TRUE(TargetArches(p, t).ok());  // distinct AUDIT_ARCH values
  t.arches = {ArchId::kLoongarch64};
  absl::StatusOr<std::vector<ArchId>> a = TargetArches(p, t);
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(a.status().message(), HasSubstr("no syscall table"));
}

TEST(ResolveTest, IncludesAndExcludes) {
  Profile p = Parse(kArchMapProfile);
  struct Case {
    ArchId native;
    CapabilitySet caps;
    KernelVersion kernel;
    const char* name;
    bool present;
  } cases[] = {
      {ArchId::kX86_64, 0, {6, 1}, "read", true},
      {ArchId::kX86_64, 0, {6, 1}, "arch_prctl", true},
      {ArchId::kAarch64, 0, {6, 1}, "read", true},
      {ArchId::kX86_64, 0, {6, 1}, "reboot", false},
      {ArchId::kX86_64, 1ull << CAP_SYS_BOOT, {6, 1}, "reboot", true},
      // includes.caps needs ALL of them.
      {ArchId::kX86_64, 1ull << CAP_SYS_BOOT, {6, 1}, "mount", false},
      {ArchId::kX86_64,
       (1ull << CAP_SYS_BOOT) | (1ull << CAP_SYS_ADMIN),
       {6, 1},
       "mount",
       true},
      // excludes.caps drops on ANY of them.
      {ArchId::kX86_64, 0, {6, 1}, "clone", true},
      {ArchId::kX86_64, 1ull << CAP_SYS_ADMIN, {6, 1}, "clone", false},
      {ArchId::kS390x, 0, {6, 1}, "clone", false},
      {ArchId::kX86_64, 0, {4, 7}, "ptrace", false},
      {ArchId::kX86_64, 0, {4, 8}, "ptrace", true},
      {ArchId::kX86_64, 0, {4, 20}, "uselib", true},
      {ArchId::kX86_64, 0, {5, 0}, "uselib", false},
  };
  for (const Case& c : cases) {
    Target t;
    t.native = c.native;
    t.caps = c.caps;
    t.kernel = c.kernel;
    absl::StatusOr<Resolution> r = Resolve(p, t);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(HasRule(r->policy, c.native, c.name), c.present)
        << c.name << " native " << static_cast<int>(c.native);
  }
}

TEST(ResolveTest, NativeArchDecidesArchIncludesForSubArches) {
  // As in Docker: includes.arches ["amd64","x32"] applies to the i386 part
  // of an x86_64 host's filter too.
  Profile p = Parse(kArchMapProfile);
  Target t;
  t.native = ArchId::kX86_64;
  absl::StatusOr<Resolution> r = Resolve(p, t);
  ASSERT_TRUE(r.ok());
  // The entry is for amd64 and x32, yet i386 (which has arch_prctl at 384
  // since Linux 4.12) gets it too, because the native arch is amd64.
  EXPECT_TRUE(HasRule(r->policy, ArchId::kX86_64, "arch_prctl"));
  EXPECT_TRUE(HasRule(r->policy, ArchId::kX32, "arch_prctl"));
  EXPECT_TRUE(HasRule(r->policy, ArchId::kX86, "arch_prctl"));
  // On an aarch64 host the entry is dropped (and arm has no such call).
  t.native = ArchId::kAarch64;
  r = Resolve(p, t);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(HasRule(r->policy, ArchId::kAarch64, "arch_prctl"));
}

TEST(ResolveTest, UnknownNamesWarnOrFailUnderStrict) {
  Profile p = Parse(kArchMapProfile);
  Target t;
  absl::StatusOr<Resolution> r = Resolve(p, t);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_THAT(r->warnings[0].message,
              HasSubstr("unknown syscall \"frobnicate\""));
  EXPECT_EQ(r->warnings[0].location.json_path, "syscalls[7].names[0]");
  EXPECT_GT(r->warnings[0].location.line, 0);
  ResolveOptions strict;
  strict.strict = true;
  r = Resolve(p, t, strict);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("frobnicate"));
}

TEST(ResolveTest, NumbersPerArch) {
  Profile p = Parse(kArchMapProfile);
  Target t;
  absl::StatusOr<Resolution> r = Resolve(p, t);
  ASSERT_TRUE(r.ok());
  // read is 0 on x86_64, 3 on i386, 0x40000000 on x32.
  EXPECT_EQ(r->policy.FindArch(ArchId::kX86_64)->syscalls.count(0), 1u);
  EXPECT_EQ(r->policy.FindArch(ArchId::kX86)->syscalls.count(3), 1u);
  EXPECT_EQ(r->policy.FindArch(ArchId::kX32)->syscalls.count(0x40000000), 1u);
}

TEST(ResolveTest, WarnsWhenMeaningDependsOnCombination) {
  Profile p = Parse(R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
      {"names": ["socket"], "action": "SCMP_ACT_ERRNO",
       "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}]},
      {"names": ["socket"], "action": "SCMP_ACT_ALLOW"}]})");
  Target t;
  t.arches = {ArchId::kX86_64};
  absl::StatusOr<Resolution> r = Resolve(p, t);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_THAT(r->warnings[0].message, HasSubstr("socket (amd64)"));
  EXPECT_THAT(r->warnings[0].message, HasSubstr("libseccomp"));
}

TEST(ResolveTest, NoWarningWhenConditionsExcludeEachOther) {
  // containers/common's socket rules: ERRNO when arg0 == 16 and arg2 == 9,
  // ALLOW when arg2 != 9 or arg0 != 16; never both at once.
  Profile p = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
      {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22,
       "args": [{"index": 0, "value": 16, "op": "SCMP_CMP_EQ"},
                {"index": 2, "value": 9, "op": "SCMP_CMP_EQ"}]},
      {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 2, "value": 9, "op": "SCMP_CMP_NE"}]},
      {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 0, "value": 16, "op": "SCMP_CMP_NE"}]},
      {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
       "args": [{"index": 0, "value": 10, "op": "SCMP_CMP_LT"}]},
      {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 0, "value": 10, "op": "SCMP_CMP_GE"}]},
      {"names": ["ioctl"], "action": "SCMP_ACT_ERRNO",
       "args": [{"index": 1, "value": 255, "valueTwo": 1,
                 "op": "SCMP_CMP_MASKED_EQ"}]},
      {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 1, "value": 15, "valueTwo": 2,
                 "op": "SCMP_CMP_MASKED_EQ"}]},
      {"names": ["fcntl"], "action": "SCMP_ACT_ERRNO",
       "args": [{"index": 1, "value": 5, "op": "SCMP_CMP_GT"}]},
      {"names": ["fcntl"], "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 1, "value": 7, "op": "SCMP_CMP_LE"}]}]})");
  Target t;
  t.arches = {ArchId::kX86_64};
  absl::StatusOr<Resolution> r = Resolve(p, t);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->warnings.size(), 1u);  // only fcntl: 6 and 7 match both
  EXPECT_THAT(r->warnings[0].message, HasSubstr("fcntl (amd64)"));
}

// `count` ioctl entries, each one EQ condition on arg1 (its position, plus
// `first_value`), ALLOW for even values and KILL for odd ones, after
// `before` and before `after` (JSON entries with their commas).
std::string IoctlRules(int count, const std::string& before,
                       const std::string& after) {
  std::string json =
      R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [)" + before;
  for (int v = 0; v < count; ++v) {
    absl::StrAppend(&json, v > 0 || !before.empty() ? "," : "",
                    R"({"names": ["ioctl"], "action": ")",
                    v % 2 ? "SCMP_ACT_KILL" : "SCMP_ACT_ALLOW",
                    R"(", "args": [{"index": 1, "value": )", v,
                    R"(, "op": "SCMP_CMP_EQ"}]})");
  }
  return json + after + "]}";
}

// Rules with different EQ values on one argument never match together, so
// the order lint compares each rule only with the rules of its value and
// those without an EQ there: thousands of ioctl rules are checked whole
// (comparing every pair ran out of the lint's budget) and the clash found
// is the one every pair would have found first.
TEST(ResolveTest, OrderLintGroupsRulesByEqValue) {
  Target t;
  t.arches = {ArchId::kX86_64};
  // [1500] ALLOW arg1 == 1500 and [3000] KILL arg1 == 1500 && arg2 == 7
  // clash; [3001] ALLOW arg1 >= 2999 clashes with [2999] KILL, later.
  Profile p =
      Parse(IoctlRules(3000, "",
                       R"(,{"names": ["ioctl"], "action": "SCMP_ACT_KILL",
          "args": [{"index": 1, "value": 1500, "op": "SCMP_CMP_EQ"},
                   {"index": 2, "value": 7, "op": "SCMP_CMP_EQ"}]},
         {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW",
          "args": [{"index": 1, "value": 2999, "op": "SCMP_CMP_GE"}]})"));
  absl::StatusOr<Resolution> r = Resolve(p, t);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->warnings.size(), 1u) << r->warnings.back().message;
  EXPECT_THAT(r->warnings[0].message,
              HasSubstr("ioctl (amd64) can be matched by syscalls[1500] ALLOW "
                        "and syscalls[3000] KILL_THREAD"));
  EXPECT_EQ(r->warnings[0].location.json_path, "syscalls[1500]");

  // A rule without an EQ on arg1 is compared with every later one:
  // [0] ALLOW arg1 >= 2000 first clashes with [2002] KILL arg1 == 2001.
  p = Parse(IoctlRules(3000,
                       R"({"names": ["ioctl"], "action": "SCMP_ACT_ALLOW",
          "args": [{"index": 1, "value": 2000, "op": "SCMP_CMP_GE"}]})",
                       ""));
  r = Resolve(p, t);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->warnings.size(), 1u) << r->warnings.back().message;
  EXPECT_THAT(r->warnings[0].message,
              HasSubstr("can be matched by syscalls[0] ALLOW and "
                        "syscalls[2002] KILL_THREAD"));
}

// 32-bit ABIs read constants as 32-bit values (policy.h): one that is none
// makes its condition never hold there, which the user should hear; -1 and
// AT_FDCWD written sign-extended are 32-bit values.
TEST(ResolveTest, WarnsAboutConstantsPast32BitsOn32BitAbis) {
  const Profile p = Parse(R"({
    "defaultAction": "SCMP_ACT_ALLOW",
    "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
    "syscalls": [
      {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
       "args": [{"index": 0, "value": 8589934591, "op": "SCMP_CMP_EQ"}]},
      {"names": ["mprotect"], "action": "SCMP_ACT_ERRNO",
       "args": [{"index": 2, "value": 7, "op": "SCMP_CMP_EQ"}]},
      {"names": ["accept"], "action": "SCMP_ACT_ERRNO",
       "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_LT"}]},
      {"names": ["gettid"], "action": "SCMP_ACT_ERRNO",
       "args": [{"index": 0, "value": 18446744073709551615,
                 "op": "SCMP_CMP_EQ"},
                {"index": 1, "value": 18446744073709551516,
                 "op": "SCMP_CMP_NE"}]},
      {"names": ["getpid"], "action": "SCMP_ACT_ERRNO",
       "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_NE"},
                {"index": 1, "value": 18446744073709551615, "valueTwo": 1,
                 "op": "SCMP_CMP_MASKED_EQ"},
                {"index": 2, "value": 255, "valueTwo": 18446744069414584320,
                 "op": "SCMP_CMP_MASKED_EQ"}]}
    ]})");
  Target t;
  t.native = ArchId::kX86_64;
  absl::StatusOr<Resolution> r = Resolve(p, t);
  ASSERT_TRUE(r.ok()) << r.status();
  // personality on x86; mprotect fits; accept has no x86 number; gettid's
  // -1 and -100 are 32-bit values; getpid's NE 2^32 and MASKED_EQ value.
  ASSERT_EQ(r->warnings.size(), 3u);
  EXPECT_EQ(r->warnings[0].location.json_path, "syscalls[0].args[0]");
  EXPECT_EQ(r->warnings[0].location.line, 5);
  EXPECT_GT(r->warnings[0].location.column, 0);
  EXPECT_THAT(r->warnings[0].message, HasSubstr("0x1ffffffff"));
  EXPECT_THAT(r->warnings[0].message, HasSubstr("on x86 "));
  EXPECT_THAT(r->warnings[0].message, HasSubstr("never holds"));
  EXPECT_EQ(r->warnings[1].location.json_path, "syscalls[4].args[0]");
  EXPECT_THAT(r->warnings[1].message, HasSubstr("0x100000000"));
  EXPECT_THAT(r->warnings[1].message, HasSubstr("never holds"));
  EXPECT_EQ(r->warnings[2].location.json_path, "syscalls[4].args[2]");
  EXPECT_THAT(r->warnings[2].message, HasSubstr("0xffffffff00000000"));
  t.arches = {ArchId::kX86_64, ArchId::kX32};
  r = Resolve(p, t);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->warnings.empty());
}

// NOTIFY without an agent that answers is ERRNO(ENOSYS), in rules and as
// the default; only notify_listener keeps USER_NOTIF.
TEST(ResolveTest, NotifyBecomesEnosysWithoutListener) {
  const Profile p = Parse(R"({
    "defaultAction": "SCMP_ACT_NOTIFY",
    "syscalls": [
      {"names": ["getppid"], "action": "SCMP_ACT_NOTIFY"},
      {"names": ["read"], "action": "SCMP_ACT_ALLOW"}]})");
  Target t;
  t.arches = {ArchId::kX86_64};
  const Action enosys{ActionKind::kErrno, 38};
  const Action notify{ActionKind::kUserNotif, 0};
  for (bool listener : {false, true}) {
    ResolveOptions options;
    options.notify_listener = listener;
    absl::StatusOr<Resolution> r = Resolve(p, t, options);
    ASSERT_TRUE(r.ok()) << r.status();
    const Action want = listener ? notify : enosys;
    EXPECT_EQ(r->policy.default_action, want);
    const ArchPolicy* ap = r->policy.FindArch(ArchId::kX86_64);
    ASSERT_NE(ap, nullptr);
    EXPECT_EQ(ap->syscalls.at(110).front().action, want);  // getppid
    EXPECT_EQ(ap->syscalls.at(0).front().action,
              (Action{ActionKind::kAllow, 0}));
  }
}

// An errno name means the target arch's number: ENOSYS is 89 on mips, as
// EnosysErrno says; a number given as errnoRet stays that number.
TEST(ResolveTest, ErrnoNamesTakeEachArchsNumber) {
  const Profile p = Parse(R"({
    "defaultAction": "SCMP_ACT_ERRNO", "defaultErrno": "ENOSYS",
    "syscalls": [
      {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errno": "ENOSYS"},
      {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]})");
  for (auto [arch, enosys] :
       {std::pair{ArchId::kX86_64, 38u}, std::pair{ArchId::kMips, 89u},
        std::pair{ArchId::kParisc, 251u}}) {
    Target t;
    t.arches = {arch};
    absl::StatusOr<Resolution> r = Resolve(p, t, ResolveOptions{});
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(enosys, EnosysErrno(GetArch(arch)));
    EXPECT_EQ(r->policy.default_action, (Action{ActionKind::kErrno, enosys}));
    const ArchPolicy* ap = r->policy.FindArch(arch);
    ASSERT_NE(ap, nullptr);
    const uint32_t getppid = *ap->arch->Lookup("getppid");
    const uint32_t getpid = *ap->arch->Lookup("getpid");
    EXPECT_EQ(ap->syscalls.at(getppid).front().action,
              (Action{ActionKind::kErrno, enosys}));
    EXPECT_EQ(ap->syscalls.at(getpid).front().action,
              (Action{ActionKind::kErrno, 38}));
  }
}

// Equal entries give one rule per syscall, whether the copy is a name given
// twice in one entry, or a later entry among few or many rules.
TEST(ResolveTest, EqualEntriesGiveOneRule) {
  std::string json =
      R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [)"
      R"({"names": ["ioctl", "ioctl"], "action": "SCMP_ACT_ALLOW",)"
      R"( "args": [{"index": 1, "value": 100, "op": "SCMP_CMP_EQ"}]})";
  // Past the count where the resolver switches from a scan to a set, then
  // each content again.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 12; ++i) {
      absl::StrAppend(&json, R"(, {"names": ["ioctl"], "action": ")",
                      i % 2 ? "SCMP_ACT_KILL" : "SCMP_ACT_ALLOW",
                      R"(", "args": [{"index": 1, "value": )", i,
                      R"(, "op": "SCMP_CMP_EQ"}]})");
    }
  }
  absl::StrAppend(&json, "]}");
  Profile p = Parse(json);
  Target t;
  t.native = ArchId::kX86_64;
  t.arches = {ArchId::kX86_64};
  absl::StatusOr<Resolution> r = Resolve(p, t);
  ASSERT_TRUE(r.ok()) << r.status();
  const ArchPolicy* ap = r->policy.FindArch(ArchId::kX86_64);
  ASSERT_NE(ap, nullptr);
  const uint32_t ioctl = *ap->arch->Lookup("ioctl");
  ASSERT_EQ(ap->syscalls.count(ioctl), 1u);
  EXPECT_EQ(ap->syscalls.at(ioctl).size(), 13u);
}

}  // namespace
}  // namespace seccompc

// Checks the generated x86 tables against the UAPI headers installed on this
// machine (linux-libc-dev), read by the real compiler: every __NR_ macro is in
// the table with the same number, and every table row comes either from the
// headers or from tools/syscalls_supplement.tbl.
#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "compiler/arch/arch.h"
#include "compiler/arch/native_lists.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

struct Case {
  const char* label;  // the generator's ABI name, as in the supplement
  ArchId arch;
  absl::Span<const NativeSyscall> (*list)();
};

const Case kCases[] = {
    {"x86_64", ArchId::kX86_64, &NativeUnistd64},
    {"x32", ArchId::kX32, &NativeUnistdX32},
    {"x86", ArchId::kX86, &NativeUnistd32},
};

// name -> number on `arch`, for the supplement rows that apply to it.
std::map<std::string, uint32_t> SupplementFor(const Case& c) {
  std::ifstream in("tools/syscalls_supplement.tbl");
  EXPECT_TRUE(in.good()) << "tools/syscalls_supplement.tbl not in runfiles";
  const ArchSpec& arch = GetArch(c.arch);
  std::map<std::string, uint32_t> out;
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    std::vector<std::string> f =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (f.empty()) continue;
    EXPECT_EQ(f.size(), 4u) << line;
    if (f.size() != 4) continue;
    uint32_t nr = 0;
    EXPECT_TRUE(absl::SimpleAtoi(f[0], &nr)) << line;
    std::vector<std::string> abis = absl::StrSplit(f[1], ',');
    if (f[1] != "all" &&
        std::find(abis.begin(), abis.end(), c.label) == abis.end()) {
      continue;
    }
    out[f[2]] = (arch.nr_base + nr) | arch.nr_marker_bit;
  }
  return out;
}

class NativeHeadersTest : public testing::TestWithParam<Case> {};

TEST_P(NativeHeadersTest, EveryHeaderSyscallIsInTheTable) {
  const ArchSpec& arch = GetArch(GetParam().arch);
  absl::Span<const NativeSyscall> native = GetParam().list();
  EXPECT_GT(native.size(), 300u);
  for (const NativeSyscall& sc : native) {
    EXPECT_EQ(arch.Lookup(sc.name), sc.nr) << arch.short_name << " " << sc.name;
  }
}

TEST_P(NativeHeadersTest, EveryTableRowIsInTheHeadersOrTheSupplement) {
  const ArchSpec& arch = GetArch(GetParam().arch);
  std::map<std::string_view, uint32_t> native;
  for (const NativeSyscall& sc : GetParam().list()) native[sc.name] = sc.nr;
  const std::map<std::string, uint32_t> supplement = SupplementFor(GetParam());
  EXPECT_GE(supplement.size(), 20u);
  size_t from_supplement = 0;
  for (const SyscallDef& def : arch.syscalls) {
    auto it = native.find(def.name);
    if (it != native.end()) {
      EXPECT_EQ(def.nr, it->second) << def.name;
      continue;
    }
    auto sup = supplement.find(std::string(def.name));
    ASSERT_NE(sup, supplement.end())
        << arch.short_name << " " << def.name
        << " is neither in the installed headers nor in the supplement";
    EXPECT_EQ(def.nr, sup->second) << def.name;
    ++from_supplement;
  }
  EXPECT_EQ(from_supplement, supplement.size());
  EXPECT_EQ(arch.syscalls.size(), native.size() + supplement.size());
}

INSTANTIATE_TEST_SUITE_P(X86Abis, NativeHeadersTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.label);
                         });

}  // namespace
}  // namespace seccompc

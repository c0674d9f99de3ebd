// The checks the fuzzers rely on must be able to fail: a program that
// differs from its policy (a changed return value, a changed constant), a
// program the kernel would refuse, and an error without a message are all
// reported; the honest compiler output is not.
#include "fuzz/fuzz_invariants.h"

#include <linux/filter.h>

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace seccompc {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class FuzzInvariantsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    text_ = Slurp("fuzz/corpus/compile/oci_args_all_ops.json");
    ASSERT_FALSE(text_.empty());
    absl::StatusOr<CompiledFilter> f =
        CompileProfileText(text_, "t.json", CompileTargets()[0].options);
    ASSERT_TRUE(f.ok()) << f.status();
    filter_ = *std::move(f);
  }
  std::string text_;
  CompiledFilter filter_;
};

TEST_F(FuzzInvariantsTest, HonestOutputPasses) {
  EXPECT_TRUE(CheckCompiledFilter(filter_, 1).ok());
  EXPECT_TRUE(CheckCompileInvariant(text_).ok());
  EXPECT_TRUE(CheckParserInvariant(text_).ok());
}

TEST_F(FuzzInvariantsTest, EveryChangedReturnValueIsCaught) {
  int rets = 0;
  for (size_t i = 0; i < filter_.program.size(); ++i) {
    if (filter_.program[i].code != (BPF_RET | BPF_K)) continue;
    ++rets;
    CompiledFilter tampered = filter_;
    // ALLOW becomes LOG, anything else ALLOW.
    tampered.program[i].k = tampered.program[i].k == SECCOMP_RET_ALLOW
                                ? SECCOMP_RET_LOG
                                : SECCOMP_RET_ALLOW;
    EXPECT_FALSE(CheckCompiledFilter(tampered, 1).ok())
        << "return at " << i << " changed unnoticed";
  }
  EXPECT_GE(rets, 5);
}

TEST_F(FuzzInvariantsTest, ChangedComparisonConstantsAreCaught) {
  // Off-by-one in the constant of each nr/argument comparison (the first
  // JEQ compares the arch, which the foreign-arch probes cover).
  int jumps = 0, caught = 0;
  for (size_t i = 0; i < filter_.program.size(); ++i) {
    const sock_filter& insn = filter_.program[i];
    if (BPF_CLASS(insn.code) != BPF_JMP || BPF_OP(insn.code) == BPF_JA ||
        BPF_SRC(insn.code) != BPF_K) {
      continue;
    }
    ++jumps;
    CompiledFilter tampered = filter_;
    tampered.program[i].k += 1;
    if (!CheckCompiledFilter(tampered, 1).ok()) ++caught;
  }
  // Some changes are harmless (a JSET mask bit that no value reaches the
  // decision through, or a constant the optimizer left dead); most are not.
  EXPECT_GT(jumps, 10);
  EXPECT_GE(caught * 10, jumps * 8) << caught << " of " << jumps;
}

TEST_F(FuzzInvariantsTest, ProgramTheKernelRefusesIsCaught) {
  CompiledFilter tampered = filter_;
  tampered.program.back() = BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 2);  // no RET
  EXPECT_FALSE(CheckCompiledFilter(tampered, 1).ok());
}

TEST(FuzzInvariantsErrorsTest, ParserErrorsAreJudged) {
  EXPECT_TRUE(CheckParserInvariant("{").ok());  // an error, but a clear one
  EXPECT_TRUE(CheckParserInvariant("").ok());
  EXPECT_TRUE(CheckParserInvariant("\xff").ok());
  EXPECT_TRUE(CheckCompileInvariant("{\"defaultAction\": 1}").ok());
}

}  // namespace
}  // namespace seccompc

#include "compiler/codegen/filter_dag.h"

#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "compiler/codegen/optimizer.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

constexpr uint16_t kLoad = BPF_LD | BPF_W | BPF_ABS;
constexpr uint16_t kJeq = BPF_JMP | BPF_JEQ | BPF_K;

TEST(FilterDagTest, NodesAreMemoized) {
  FilterDag dag;
  const NodeId allow = dag.Return(SECCOMP_RET_ALLOW);
  EXPECT_EQ(dag.Return(SECCOMP_RET_ALLOW), allow);
  const NodeId kill = dag.Return(SECCOMP_RET_KILL_PROCESS);
  EXPECT_NE(kill, allow);
  const NodeId test = dag.Branch(kJeq, 1, allow, kill);
  EXPECT_EQ(dag.Branch(kJeq, 1, allow, kill), test);
  EXPECT_NE(dag.Branch(kJeq, 1, kill, allow), test);
  EXPECT_EQ(dag.Branch(kJeq, 2, allow, allow), allow);  // pointless test
  EXPECT_EQ(dag.size(), 4u);
}

TEST(FilterDagTest, SharedTailsAreEmittedOnce) {
  FilterDag dag;
  const NodeId allow = dag.Return(SECCOMP_RET_ALLOW);
  const NodeId kill = dag.Return(SECCOMP_RET_KILL_PROCESS);
  // Two branches reach the same "ld [args0]; jeq 7" tail.
  const NodeId tail =
      dag.Statement(kLoad, kArgsOffset, dag.Branch(kJeq, 7, allow, kill));
  const NodeId root =
      dag.Statement(kLoad, kNrOffset,
                    dag.Branch(kJeq, 1, tail, dag.Branch(kJeq, 2, tail, kill)));
  const Program p = dag.Emit(root);
  // ld, jeq 1, jeq 2, ld args, jeq 7, ret, ret: 7, the tail once.
  EXPECT_EQ(p.size(), 7u);
  ASSERT_TRUE(VerifyProgram(p).ok());
  seccomp_data d{};
  for (int nr : {1, 2, 3}) {
    for (uint64_t arg : {7, 8}) {
      d.nr = nr;
      d.args[0] = arg;
      const bool allowed = (nr == 1 || nr == 2) && arg == 7;
      EXPECT_EQ(*RunProgram(p, d),
                allowed ? SECCOMP_RET_ALLOW : SECCOMP_RET_KILL_PROCESS);
    }
  }
}

// A chain of 600 distinct tests that all fail to one shared return: the
// return ends up far from the first tests, which need trampolines.
TEST(FilterDagTest, FarTargetsGetTrampolines) {
  FilterDag dag;
  const NodeId kill = dag.Return(SECCOMP_RET_KILL_PROCESS);
  const NodeId errno_ret = dag.Return(SECCOMP_RET_ERRNO | 1);
  NodeId next = dag.Return(SECCOMP_RET_ALLOW);
  for (uint32_t k = 0; k < 600; ++k) {
    // Distinct per k so nothing merges: nr == k -> its own return.
    next = dag.Branch(kJeq, k, dag.Return(SECCOMP_RET_TRACE | k),
                      dag.Branch(kJeq, k + 100000, kill, next));
  }
  const Program p = dag.Emit(dag.Statement(
      kLoad, kNrOffset, dag.Branch(kJeq, 0xFFFFFFFF, errno_ret, next)));
  ASSERT_TRUE(VerifyProgram(p).ok()) << VerifyProgram(p);
  EXPECT_GT(p.size(), 1800u);
  seccomp_data d{};
  for (uint32_t nr : {0u, 1u, 299u, 599u, 600u, 100000u, 100599u}) {
    d.nr = static_cast<int>(nr);
    uint32_t want = SECCOMP_RET_ALLOW;
    if (nr < 600) want = SECCOMP_RET_TRACE | nr;
    if (nr >= 100000 && nr < 100600) want = SECCOMP_RET_KILL_PROCESS;
    EXPECT_EQ(*RunProgram(p, d), want) << nr;
  }
  d.nr = -1;
  EXPECT_EQ(*RunProgram(p, d), SECCOMP_RET_ERRNO | 1);
}

// A chain of `length` distinct statements (loads of nr, which leave A as
// it was for the return) ending in RET `value`.
NodeId Chain(FilterDag* dag, int length, uint32_t value) {
  NodeId next = dag->Return(value);
  for (int i = 0; i < length; ++i)
    next = dag->Statement(kLoad, kNrOffset, next);
  return next;
}

// Every branch distance around the 8-bit limit (240..270 instructions, on
// the true side, the false side and both), through Emit and through the
// optimizer's re-encoding: the programs verify and each side returns its
// own value. A truncated offset would verify too, and return the wrong one.
TEST(FilterDagTest, FarBranchSweep) {
  std::vector<int> lengths = {0, 1, 2};
  for (int d = 240; d <= 270; ++d) lengths.push_back(d);
  for (int t : lengths) {
    for (int f : lengths) {
      FilterDag dag;
      const NodeId root = dag.Branch(kJeq, 7, Chain(&dag, t, SECCOMP_RET_ALLOW),
                                     Chain(&dag, f, SECCOMP_RET_ERRNO | 2));
      Program p = dag.Emit(dag.Statement(kLoad, kNrOffset, root));
      for (int optimized = 0; optimized < 2; ++optimized) {
        if (optimized) Optimize(&p);
        ASSERT_TRUE(VerifyProgram(p).ok())
            << t << "/" << f << ": " << VerifyProgram(p);
        seccomp_data d{};
        d.nr = 7;
        EXPECT_EQ(*RunProgram(p, d), SECCOMP_RET_ALLOW) << t << "/" << f;
        d.nr = 8;
        EXPECT_EQ(*RunProgram(p, d), SECCOMP_RET_ERRNO | 2) << t << "/" << f;
      }
    }
  }
}

}  // namespace
}  // namespace seccompc

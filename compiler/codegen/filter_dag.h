// A seccomp filter as an immutable DAG of instructions, and its layout.
//
// Code is built bottom-up: every node is created after its successors, so
// the graph cannot have cycles, and a node is memoized by (instruction,
// successors): asking twice for the same node returns the same id. Identical
// tails (the same return, the same argument check followed by the same
// rest) therefore exist once, whoever jumps to them.
//
// Emit() lays the DAG out leaves first (each node after everything it
// reaches has been placed, building the program backwards), so every jump
// is forward by construction. One place handles the 8-bit limit of jt/jf:
// a branch whose target lies more than 255 instructions ahead jumps to a
// trampoline placed right after it (a JA, or a copy of the RET when the
// target is a return); a statement whose successor is not next gets one
// too. Trampolines are reused by later jumps while they are in reach. The
// offsets go through LayoutJump() (bpf.h), which aborts rather than
// truncate a distance over 255.
// Emit() does not enforce BPF_MAXINSNS; the caller checks the final size.
//
//   FilterDag dag;
//   NodeId allow = dag.Return(SECCOMP_RET_ALLOW);
//   NodeId kill = dag.Return(SECCOMP_RET_KILL_PROCESS);
//   NodeId check = dag.Branch(BPF_JMP | BPF_JEQ | BPF_K, 39, allow, kill);
//   Program p = dag.Emit(dag.Statement(BPF_LD | BPF_W | BPF_ABS, 0, check));
#ifndef SECCOMPC_COMPILER_CODEGEN_FILTER_DAG_H_
#define SECCOMPC_COMPILER_CODEGEN_FILTER_DAG_H_

#include <cstdint>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "compiler/bpf/bpf.h"

namespace seccompc {

using NodeId = int;

class FilterDag {
 public:
  // RET K.
  NodeId Return(uint32_t value);
  // A non-jump instruction (LD, ALU, ...) followed by `next`.
  NodeId Statement(uint16_t code, uint32_t k, NodeId next);
  // JEQ/JGT/JGE/JSET K. When both successors are the same node the test is
  // pointless and that node is returned instead.
  NodeId Branch(uint16_t code, uint32_t k, NodeId if_true, NodeId if_false);

  size_t size() const { return nodes_.size(); }
  // Room for `nodes` nodes without growing (an estimate is fine).
  void Reserve(size_t nodes) {
    nodes_.reserve(nodes);
    ids_.reserve(nodes);
  }

  // A node as built (for passes that rewrite sub-DAGs).
  struct NodeView {
    uint16_t code;
    uint32_t k;
    NodeId if_true;   // Statement: next; Return: -1
    NodeId if_false;  // Branch only, else -1
  };
  NodeView Get(NodeId id) const {
    const Node& n = nodes_[id];
    return {n.code, n.k, n.if_true, n.if_false};
  }

  // The program that starts at `entry`; only nodes reachable from it.
  Program Emit(NodeId entry) const;

 private:
  struct Node {
    uint16_t code;
    uint32_t k;
    NodeId if_true;   // Statement: next; Return: -1
    NodeId if_false;  // Branch only
  };
  NodeId Intern(const Node& node);

  std::vector<Node> nodes_;
  absl::flat_hash_map<std::tuple<uint16_t, uint32_t, NodeId, NodeId>, NodeId>
      ids_;
};

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CODEGEN_FILTER_DAG_H_

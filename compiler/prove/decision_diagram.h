// A hash-consed, reduced, ordered decision diagram over the 512 input bits
// of struct seccomp_data, with two kinds of leaves: the booleans (a set of
// inputs) and 32-bit values (a function of the inputs, such as the return
// value a policy means). The prover (prove.h) keeps every set of inputs and
// every symbolic register bit as one of these; equal functions are the same
// NodeId, so comparing two states is comparing integers.
//
// Variables are numbered in a fixed order: the words in struct order (nr,
// arch, then offsets 8..60), each word's bits most significant first
// (VariableOf()). Every operation counts against a node budget; once
// it is spent, exhausted() is true and results are meaningless (the caller
// answers "undecided").
//
//   DecisionDiagram dd(/*max_nodes=*/1 << 20);
//   NodeId nr_is_39 = dd.WordEquals(0, 39);
//   NodeId set = dd.And(nr_is_39, dd.Not(dd.Variable(VariableOf(4, 31))));
#ifndef SECCOMPC_COMPILER_PROVE_DECISION_DIAGRAM_H_
#define SECCOMPC_COMPILER_PROVE_DECISION_DIAGRAM_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <type_traits>
#include <vector>

namespace seccompc {

using NodeId = uint32_t;

inline constexpr NodeId kFalse = 0;
inline constexpr NodeId kTrue = 1;
inline constexpr uint32_t kWords = 16;       // 32-bit words in seccomp_data
inline constexpr uint32_t kVariables = 512;  // one per input bit
inline constexpr uint32_t kLeafLevel = kVariables;

// The variable for bit `bit` (0 = least significant) of the 32-bit word at
// byte offset 4*word of seccomp_data, as the kernel lays it out.
uint32_t VariableOf(uint32_t word, uint32_t bit);
// The inverse: which word and bit a variable stands for.
uint32_t WordOfVariable(uint32_t variable);
uint32_t BitOfVariable(uint32_t variable);

// A table of all-zero-bytes entries from calloc: in a fresh process (the
// runtime compiles once per process) its pages are faulted in only where
// used, where a std::vector would write every byte first.
template <typename T>
class ZeroedTable {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  explicit ZeroedTable(size_t size)
      : entries_(static_cast<T*>(std::calloc(size, sizeof(T)))), size_(size) {
    if (entries_ == nullptr) std::abort();  // as std::vector without exceptions
  }
  size_t size() const { return size_; }
  T& operator[](size_t i) { return entries_.get()[i]; }
  const T& operator[](size_t i) const { return entries_.get()[i]; }
  void Clear() { std::fill(entries_.get(), entries_.get() + size_, T{}); }

 private:
  struct Free {
    void operator()(T* p) const { std::free(p); }
  };
  std::unique_ptr<T, Free> entries_;
  size_t size_;
};

// A 32-bit value as 32 boolean functions, bit 0 least significant.
using BitVector = std::array<NodeId, 32>;

class DecisionDiagram {
 public:
  // `expected_nodes` sizes the tables up front (they grow past it): fresh
  // memory is a large part of a small proof's cost.
  explicit DecisionDiagram(size_t max_nodes, size_t expected_nodes = 1 << 16);

  bool exhausted() const { return exhausted_; }
  size_t node_count() const { return nodes_.size(); }

  // Leaves and structure.
  NodeId ValueLeaf(uint32_t value);
  bool IsLeaf(NodeId n) const { return nodes_[n].level == kLeafLevel; }
  uint32_t LeafValue(NodeId n) const { return nodes_[n].low; }
  uint32_t Level(NodeId n) const { return nodes_[n].level; }
  NodeId Low(NodeId n) const { return nodes_[n].low; }
  NodeId High(NodeId n) const { return nodes_[n].high; }
  NodeId MakeNode(uint32_t variable, NodeId low, NodeId high);
  NodeId Variable(uint32_t variable) {
    return MakeNode(variable, kFalse, kTrue);
  }

  // Boolean algebra; If() also selects between value-leaf functions.
  NodeId If(NodeId condition, NodeId then_node, NodeId else_node);
  NodeId And(NodeId a, NodeId b) { return If(a, b, kFalse); }
  NodeId Or(NodeId a, NodeId b) { return If(a, kTrue, b); }
  NodeId Not(NodeId a) { return If(a, kFalse, kTrue); }
  NodeId Xor(NodeId a, NodeId b) { return If(a, Not(b), b); }

  // Words and their comparisons with constants (unsigned).
  const BitVector& WordBits(uint32_t word);
  static BitVector Constant(uint32_t value);
  NodeId WordEquals(uint32_t word, uint32_t value) {
    return EqualsConstant(WordBits(word), value);
  }
  // Each is `yes` where the comparison holds and `no` elsewhere (so a
  // negation costs nothing). Built node by node when every bit of `v` is a
  // constant or an input bit (a loaded word, masked or not).
  NodeId EqualsConstant(const BitVector& v, uint32_t k, NodeId yes = kTrue,
                        NodeId no = kFalse);
  NodeId GreaterThanConstant(const BitVector& v, uint32_t k, bool or_equal,
                             NodeId yes = kTrue, NodeId no = kFalse);
  NodeId AnyBitSet(const BitVector& v, uint32_t mask, NodeId yes = kTrue,
                   NodeId no = kFalse);
  // The three-way comparison of `v` with `k`: `less`, `equal` or `greater`
  // by how v compares. For a literal `v` one chain, when the three
  // results decide only variables after v's (the low word of a 64-bit
  // comparison under its high word's chain, or the other way round).
  NodeId CompareConstant(const BitVector& v, uint32_t k, NodeId less,
                         NodeId equal, NodeId greater);
  // A branch on a comparison with a constant, applied to a set of inputs:
  // `set` where `v op k` holds (`holds`) or where it does not (!`holds`).
  // For a literal `v` (a loaded word, masked or not) one pass over `set`
  // along k's bits, which builds neither the comparison's chain nor its
  // complement; otherwise the chain, then And or If.
  enum class Comparison { kEqual, kGreater, kGreaterOrEqual, kAnyBitSet };
  NodeId AndCompare(NodeId set, const BitVector& v, Comparison op, uint32_t k,
                    bool holds);

  // Comparisons of two symbolic values.
  NodeId Equals(const BitVector& a, const BitVector& b);
  NodeId GreaterThan(const BitVector& a, const BitVector& b, bool or_equal);

  // The constant value of `v`, when every bit is a boolean leaf.
  static bool IsConstant(const BitVector& v, uint32_t* value);

  // One input of `set` (not kFalse): bits[variable] = 0 or 1 for the
  // variables the set decides; the others are left as they were.
  void PickMember(NodeId set, std::vector<uint8_t>* bits) const;

 private:
  struct Node {
    uint32_t level;  // variable, or kLeafLevel
    NodeId low;      // leaf: its value (booleans: 0, 1)
    NodeId high;     // leaf: 0 boolean, 1 value leaf
  };
  NodeId Cofactor(NodeId n, uint32_t level, bool high) const;
  NodeId Fail();
  // True when every bit is a constant or an input variable, variables of
  // higher bits earlier in the order (then comparisons need no If()).
  bool IsLiteral(const BitVector& v) const;
  bool IsVariable(NodeId n) const {
    return !IsLeaf(n) && nodes_[n].low == kFalse && nodes_[n].high == kTrue;
  }

  // AndCompare on a literal: the variable bits from the most significant,
  // what each of their values decides, and what is decided after the last.
  enum class Outcome : uint8_t { kContinue, kHolds, kFails };
  // Fixed arrays, written field by field: a step built as a struct and
  // copied into a vector stalled on store forwarding (perf).
  struct CompareWalk {
    size_t steps = 0;
    std::array<uint32_t, 32> level;             // of the step's variable
    std::array<std::array<Outcome, 2>, 32> on;  // by the bit's value
    Outcome end = Outcome::kFails;
  };
  static Outcome DecideBit(Comparison op, uint32_t k, uint32_t bit, bool value);
  void PlanCompare(const BitVector& v, Comparison op, uint32_t k, bool holds,
                   CompareWalk* walk) const;
  NodeId WalkCompare(NodeId set, const CompareWalk& walk, size_t step);
  NodeId Resolve(Outcome outcome, NodeId set, const CompareWalk& walk,
                 size_t next_step);

  // A lossy cache of If() results, indexed by a hash of the operands.
  struct CacheEntry {
    NodeId condition = 0, then_node = 0, else_node = 0, result = 0;
  };

  // The unique table: open addressing over node ids (0 = empty; kFalse is
  // never stored), keys read from nodes_. Size a power of two, at most
  // half full.
  size_t Slot(uint32_t level, NodeId low, NodeId high) const;
  void GrowUniqueTable();

  std::vector<Node> nodes_;
  ZeroedTable<NodeId> unique_;
  size_t unique_count_ = 0;
  ZeroedTable<CacheEntry> if_cache_;
  // A lossy memo of WalkCompare above the compared word, valid for one
  // AndCompare call (its generation): a set may reach the word along many
  // paths.
  struct WalkEntry {
    NodeId set = 0;
    uint32_t step = 0;
    uint32_t generation = 0;
    NodeId result = 0;
  };
  // Sized by the expected nodes, a power of two up to this.
  static constexpr size_t kMaxWalkMemoSize = size_t{1} << 12;
  ZeroedTable<WalkEntry> walk_memo_;
  uint32_t walk_generation_ = 0;
  CompareWalk walk_;  // the plan of the current AndCompare, reused
  // Each word's variables, made on first use (every argument condition of
  // the meaning and every load reads one).
  std::array<BitVector, kWords> word_bits_;
  std::array<bool, kWords> have_word_bits_{};
  size_t max_nodes_;
  bool exhausted_ = false;
};

// Looks for a member of a set of inputs on which a value function (a
// diagram with value leaves, such as a meaning) is not a given value: the
// check of a RET against the meaning. Pairs found to agree are remembered
// in a lossy table (the same sets meet the same functions again and again).
//
//   MismatchFinder finder(&dd, /*memo_size=*/1 << 14);
//   std::vector<uint8_t> bits(kVariables, 0);
//   if (finder.Find(reach, meaning, ret, &bits)) ... bits is a member ...
class MismatchFinder {
 public:
  // `memo_size`: a power of two; its table is faulted in only where used.
  MismatchFinder(const DecisionDiagram* dd, size_t memo_size)
      : dd_(*dd), memo_(memo_size) {}

  // True when `set` has a member on which `function` is not `value`; then
  // `bits` holds one (the variables along its path; the others are left as
  // they were).
  bool Find(NodeId set, NodeId function, uint32_t value,
            std::vector<uint8_t>* bits);

 private:
  struct Agreement {
    NodeId set = 0, function = 0;
    uint32_t value = 0;
  };
  const DecisionDiagram& dd_;
  ZeroedTable<Agreement> memo_;
};

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_PROVE_DECISION_DIAGRAM_H_

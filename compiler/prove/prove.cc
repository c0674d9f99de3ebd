#include "compiler/prove/prove.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "compiler/bpf/opcode.h"
#include "compiler/bpf/verifier.h"
#include "compiler/prove/counterexample.h"
#include "compiler/prove/decision_diagram.h"
#include "compiler/prove/interval_prover.h"
#include "compiler/prove/meaning.h"

namespace seccompc {
namespace {

constexpr size_t kScratchCells = 16;  // BPF_MEMWORDS
// Decision-diagram nodes a proof makes per instruction, roughly (Docker's
// default: 16,000 for 230 instructions), to size the tables up front.
constexpr size_t kNodesPerInstruction = 80;
// Bits of a register mask: A, X, then M[0..15].
constexpr uint32_t kA = 1u << 0;
constexpr uint32_t kX = 1u << 1;
constexpr uint32_t Cell(uint32_t k) { return 1u << (2 + k); }
constexpr size_t kRegisters = 2 + kScratchCells;

// The registers of one family of paths. `untracked` marks registers whose
// value the prover does not model (bits then meaningless): using one in a
// branch or a RET makes the proof undecided.
struct Registers {
  std::array<BitVector, kRegisters> value;  // A, X, M[0..15]
  uint32_t untracked = 0;

  bool operator==(const Registers& o) const {
    return untracked == o.untracked && value == o.value;
  }
  template <typename H>
  friend H AbslHashValue(H h, const Registers& r) {
    return H::combine(std::move(h), r.value, r.untracked);
  }
};

// Inputs that reach an instruction with these registers. Registers are
// interned (Prover::Intern): a branch passes them on by number instead of
// copying 2 KiB twice, and merging paths compares numbers.
using RegistersId = uint32_t;
struct Path {
  NodeId reach;
  RegistersId registers;
};

// ---- Liveness: which registers an instruction may still read ----------

struct Effect {
  uint32_t uses = 0;
  uint32_t defines = 0;
};

Effect EffectOf(const sock_filter& insn) {
  const uint16_t code = insn.code;
  const uint32_t cell = insn.k < kScratchCells ? Cell(insn.k) : 0;
  switch (BPF_CLASS(code)) {
    case BPF_LD:
      return {BPF_MODE(code) == BPF_MEM ? cell : 0u, kA};
    case BPF_LDX:
      return {BPF_MODE(code) == BPF_MEM ? cell : 0u, kX};
    case BPF_ST:
      return {kA, cell};
    case BPF_STX:
      return {kX, cell};
    case BPF_ALU:
      return {BPF_SRC(code) == BPF_X ? kA | kX : kA, kA};
    case BPF_JMP:
      if (BPF_OP(code) == BPF_JA) return {};
      return {BPF_SRC(code) == BPF_X ? kA | kX : kA, 0};
    case BPF_RET:
      return {BPF_RVAL(code) == BPF_A ? kA : 0u, 0};
    case BPF_MISC:
      return BPF_MISCOP(code) == BPF_TAX ? Effect{kA, kX} : Effect{kX, kA};
  }
  return {~0u, 0};
}

std::vector<uint32_t> LiveIn(absl::Span<const sock_filter> program) {
  std::vector<uint32_t> live(program.size() + 1, 0);
  for (size_t pc = program.size(); pc-- > 0;) {
    const sock_filter& insn = program[pc];
    uint32_t out = 0;
    if (BPF_CLASS(insn.code) == BPF_JMP) {
      if (BPF_OP(insn.code) == BPF_JA) {
        out = live[JumpTarget(pc, insn.k)];
      } else {
        out = live[pc + 1 + insn.jt] | live[pc + 1 + insn.jf];
      }
    } else if (BPF_CLASS(insn.code) != BPF_RET) {
      out = live[pc + 1];
    }
    const Effect e = EffectOf(insn);
    live[pc] = e.uses | (out & ~e.defines);
  }
  return live;
}

// ---- ALU on bit vectors -----------------------------------------------

BitVector Add(DecisionDiagram* dd, const BitVector& a, const BitVector& b,
              NodeId carry) {
  BitVector sum;
  for (uint32_t bit = 0; bit < 32; ++bit) {
    const NodeId half = dd->Xor(a[bit], b[bit]);
    sum[bit] = dd->Xor(half, carry);
    carry = dd->Or(dd->And(a[bit], b[bit]), dd->And(half, carry));
  }
  return sum;
}

BitVector Invert(DecisionDiagram* dd, const BitVector& a) {
  BitVector out;
  for (uint32_t bit = 0; bit < 32; ++bit) out[bit] = dd->Not(a[bit]);
  return out;
}

BitVector ShiftLeft(const BitVector& a, uint32_t n) {
  BitVector out = DecisionDiagram::Constant(0);
  for (uint32_t bit = n; bit < 32; ++bit) out[bit] = a[bit - n];
  return out;
}

BitVector ShiftRight(const BitVector& a, uint32_t n) {
  BitVector out = DecisionDiagram::Constant(0);
  for (uint32_t bit = 0; bit + n < 32; ++bit) out[bit] = a[bit + n];
  return out;
}

template <typename Op>
BitVector Bitwise(const BitVector& a, const BitVector& b, Op op) {
  BitVector out;
  for (uint32_t bit = 0; bit < 32; ++bit) out[bit] = op(a[bit], b[bit]);
  return out;
}

BitVector MultiplyByConstant(DecisionDiagram* dd, const BitVector& a,
                             uint32_t k) {
  BitVector product = DecisionDiagram::Constant(0);
  for (uint32_t bit = 0; bit < 32; ++bit) {
    if ((k >> bit) & 1) product = Add(dd, product, ShiftLeft(a, bit), kFalse);
  }
  return product;
}

bool IsPowerOfTwo(uint32_t k) { return k != 0 && (k & (k - 1)) == 0; }

uint32_t Log2(uint32_t k) {
  uint32_t n = 0;
  while ((k >> n) != 1) ++n;
  return n;
}

// A op B, or nullopt when the result is not modelled (a product or
// quotient of two inputs, a shift by an input). Division by zero is the
// caller's business.
std::optional<BitVector> Alu(DecisionDiagram* dd, uint16_t op,
                             const BitVector& a, const BitVector& b) {
  uint32_t ka = 0, kb = 0;
  const bool a_known = DecisionDiagram::IsConstant(a, &ka);
  const bool b_known = DecisionDiagram::IsConstant(b, &kb);
  switch (op) {
    case BPF_ADD:
      return Add(dd, a, b, kFalse);
    case BPF_SUB:
      return Add(dd, a, Invert(dd, b), kTrue);
    case BPF_AND:
      return Bitwise(a, b, [dd](NodeId x, NodeId y) { return dd->And(x, y); });
    case BPF_OR:
      return Bitwise(a, b, [dd](NodeId x, NodeId y) { return dd->Or(x, y); });
    case BPF_XOR:
      return Bitwise(a, b, [dd](NodeId x, NodeId y) { return dd->Xor(x, y); });
    case BPF_MUL:
      if (b_known) return MultiplyByConstant(dd, a, kb);
      if (a_known) return MultiplyByConstant(dd, b, ka);
      return std::nullopt;
    case BPF_DIV:
      if (a_known && b_known) return DecisionDiagram::Constant(ka / kb);
      if (b_known && IsPowerOfTwo(kb)) return ShiftRight(a, Log2(kb));
      return std::nullopt;
    case BPF_MOD:
      if (a_known && b_known) return DecisionDiagram::Constant(ka % kb);
      if (b_known && IsPowerOfTwo(kb)) {
        return Bitwise(a, DecisionDiagram::Constant(kb - 1),
                       [dd](NodeId x, NodeId y) { return dd->And(x, y); });
      }
      return std::nullopt;
    case BPF_LSH:
      if (b_known) return ShiftLeft(a, kb & 31);
      return std::nullopt;
    case BPF_RSH:
      if (b_known) return ShiftRight(a, kb & 31);
      return std::nullopt;
  }
  return std::nullopt;
}

// ---- The simulation ---------------------------------------------------

class Prover {
 public:
  Prover(const Policy& policy, absl::Span<const sock_filter> program,
         const ProveOptions& options)
      : policy_(policy),
        program_(program),
        options_(options),
        dd_(options.max_nodes, kNodesPerInstruction * program.size()),
        live_(LiveIn(program)),
        incoming_(program.size()) {}

  ProofResult Run();

 private:
  // Each returns false once the proof is over (refuted or undecided).
  bool Step(size_t pc, Path path);
  bool Load(size_t pc, Path path);
  bool Arithmetic(size_t pc, Path path);
  bool Branch(size_t pc, Path path);
  bool Return(size_t pc, Path path);
  bool CheckReturn(NodeId reach, uint32_t ret);
  bool CheckReturnOfA(NodeId reach, const BitVector& a);

  void Send(size_t to, NodeId reach, RegistersId registers);
  RegistersId Intern(const Registers& registers);
  RegistersId LiveOnly(RegistersId registers, uint32_t live);
  const Registers& RegistersOf(const Path& path) const {
    return *registers_[path.registers];
  }
  std::vector<Path> Gather(size_t pc);
  bool Undecided(std::string reason);
  bool Refuted(const std::vector<uint8_t>& bits, uint32_t program_ret);
  NodeId LeafIs(NodeId meaning, uint32_t value);

  const Policy& policy_;
  absl::Span<const sock_filter> program_;
  const ProveOptions& options_;
  DecisionDiagram dd_;
  std::vector<uint32_t> live_;
  std::vector<std::vector<Path>> incoming_;
  // Every register state met, by number (node_hash_map: stable addresses).
  absl::node_hash_map<Registers, RegistersId> register_ids_;
  std::vector<const Registers*> registers_;
  // (state, live mask) -> the state with dead registers dropped.
  absl::flat_hash_map<uint64_t, RegistersId> live_only_;
  const BitVector zero_ = DecisionDiagram::Constant(0);
  NodeId meaning_ = kFalse;
  size_t states_ = 0;
  // (reach, meaning, ret) triples found to agree, remembered.
  MismatchFinder mismatch_{&dd_, size_t{1} << 14};
  absl::flat_hash_map<std::pair<NodeId, uint32_t>, NodeId> leaf_is_;
  ProofResult result_;
};

// `program_` must be verified (Prove() checks it).
ProofResult Prover::Run() {
  meaning_ = MeaningDiagram(policy_, &dd_);
  if (dd_.exhausted()) {
    Undecided("the meaning exceeds the work budget");
    return result_;
  }
  Registers start;
  start.value.fill(DecisionDiagram::Constant(0));
  incoming_[0].push_back(Path{kTrue, Intern(start)});
  bool going = true;
  for (size_t pc = 0; going && pc < program_.size(); ++pc) {
    for (Path& path : Gather(pc)) {
      if (++states_ > options_.max_states) {
        going = Undecided("the program exceeds the work budget (states)");
        break;
      }
      going = Step(pc, std::move(path));
      if (going && dd_.exhausted()) {
        going = Undecided("the program exceeds the work budget (nodes)");
      }
      if (!going) break;
    }
  }
  if (going) result_.outcome = ProofOutcome::kProved;
  result_.stats.nodes = dd_.node_count();
  result_.stats.states = states_;
  return result_;
}

RegistersId Prover::Intern(const Registers& registers) {
  auto [it, inserted] = register_ids_.try_emplace(
      registers, static_cast<RegistersId>(registers_.size()));
  if (inserted) registers_.push_back(&it->first);
  return it->second;
}

// Drops the registers the rest of the program never reads, so that paths
// that differ only there merge.
RegistersId Prover::LiveOnly(RegistersId id, uint32_t live) {
  const uint64_t key = uint64_t{id} << 32 | live;
  if (auto it = live_only_.find(key); it != live_only_.end()) {
    return it->second;
  }
  Registers registers = *registers_[id];
  for (size_t r = 0; r < kRegisters; ++r) {
    if (!(live & (1u << r))) {
      registers.value[r] = zero_;
      registers.untracked &= ~(1u << r);
    }
  }
  const RegistersId out = Intern(registers);
  live_only_.emplace(key, out);
  return out;
}

void Prover::Send(size_t to, NodeId reach, RegistersId registers) {
  if (reach == kFalse) return;
  registers = LiveOnly(registers, live_[to]);
  std::vector<Path>& paths = incoming_[to];
  // A RET has no successor: its paths are checked one by one, and a union
  // of them would only cost (a shared RET ALLOW is reached from hundreds).
  if (BPF_CLASS(program_[to].code) == BPF_RET) {
    paths.push_back(Path{reach, registers});
    return;
  }
  for (Path& p : paths) {
    if (p.registers == registers) {
      p.reach = dd_.Or(p.reach, reach);
      return;
    }
  }
  paths.push_back(Path{reach, registers});
}

// The paths into `pc`; more than the option's number of different states
// become one, each register bit chosen by which path was taken (paths are
// disjoint sets of inputs: the program is a function).
std::vector<Path> Prover::Gather(size_t pc) {
  std::vector<Path> paths = std::move(incoming_[pc]);
  if (paths.size() <= options_.max_states_per_instruction ||
      BPF_CLASS(program_[pc].code) == BPF_RET) {
    return paths;
  }
  NodeId reach = paths.back().reach;
  Registers merged = RegistersOf(paths.back());
  paths.pop_back();
  for (const Path& p : paths) {
    const Registers& registers = RegistersOf(p);
    for (size_t r = 0; r < kRegisters; ++r) {
      for (uint32_t bit = 0; bit < 32; ++bit) {
        merged.value[r][bit] =
            dd_.If(p.reach, registers.value[r][bit], merged.value[r][bit]);
      }
    }
    merged.untracked |= registers.untracked;
    reach = dd_.Or(reach, p.reach);
  }
  return {Path{reach, Intern(merged)}};
}

bool Prover::Step(size_t pc, Path path) {
  const uint16_t code = program_[pc].code;
  switch (BPF_CLASS(code)) {
    case BPF_LD:
    case BPF_LDX:
    case BPF_ST:
    case BPF_STX:
    case BPF_MISC:
      return Load(pc, std::move(path));
    case BPF_ALU:
      return Arithmetic(pc, std::move(path));
    case BPF_JMP:
      return Branch(pc, std::move(path));
    case BPF_RET:
      return Return(pc, std::move(path));
  }
  return Undecided(absl::StrCat("instruction ", pc, ": unknown class"));
}

// Loads, stores and register moves.
bool Prover::Load(size_t pc, Path path) {
  const sock_filter& insn = program_[pc];
  Registers regs = RegistersOf(path);
  const bool to_x = BPF_CLASS(insn.code) == BPF_LDX;
  const size_t dest = to_x ? 1 : 0;
  auto copy = [&regs](size_t to, size_t from) {
    regs.value[to] = regs.value[from];
    regs.untracked =
        (regs.untracked & ~(1u << to)) | (((regs.untracked >> from) & 1) << to);
  };
  auto set = [&regs](size_t to, const BitVector& v) {
    regs.value[to] = v;
    regs.untracked &= ~(1u << to);
  };
  switch (BPF_CLASS(insn.code)) {
    case BPF_LD:
    case BPF_LDX:
      switch (BPF_MODE(insn.code)) {
        case BPF_ABS:
          set(dest, dd_.WordBits(insn.k / 4));
          break;
        case BPF_LEN:
          set(dest, DecisionDiagram::Constant(sizeof(seccomp_data)));
          break;
        case BPF_IMM:
          set(dest, DecisionDiagram::Constant(insn.k));
          break;
        case BPF_MEM:
          copy(dest, 2 + insn.k);
          break;
        default:
          return Undecided(absl::StrCat("instruction ", pc, ": load mode"));
      }
      break;
    case BPF_ST:
      copy(2 + insn.k, 0);
      break;
    case BPF_STX:
      copy(2 + insn.k, 1);
      break;
    case BPF_MISC:
      if (BPF_MISCOP(insn.code) == BPF_TAX) {
        copy(1, 0);
      } else {
        copy(0, 1);
      }
      break;
  }
  Send(pc + 1, path.reach, Intern(regs));
  return true;
}

bool Prover::Arithmetic(size_t pc, Path path) {
  const sock_filter& insn = program_[pc];
  Registers regs = RegistersOf(path);
  const uint16_t op = BPF_OP(insn.code);
  if (op == BPF_NEG) {
    regs.value[0] = Add(&dd_, DecisionDiagram::Constant(0),
                        Invert(&dd_, regs.value[0]), kTrue);
    Send(pc + 1, path.reach, Intern(regs));
    return true;
  }
  const bool by_x = BPF_SRC(insn.code) == BPF_X;
  const BitVector operand =
      by_x ? regs.value[1] : DecisionDiagram::Constant(insn.k);
  const bool operand_untracked = by_x && (regs.untracked & kX);
  if ((op == BPF_DIV || op == BPF_MOD) && by_x) {
    uint32_t divisor = 0;
    if (operand_untracked || !DecisionDiagram::IsConstant(operand, &divisor)) {
      return Undecided(absl::StrCat("instruction ", pc,
                                    ": division by an input-dependent X"));
    }
    if (divisor == 0) return CheckReturn(path.reach, 0);  // classic BPF rule
  }
  std::optional<BitVector> result;
  if (!(regs.untracked & kA) && !operand_untracked) {
    result = Alu(&dd_, op, regs.value[0], operand);
  }
  if (result) {
    regs.value[0] = *result;
    regs.untracked &= ~kA;
  } else {
    regs.value[0] = DecisionDiagram::Constant(0);
    regs.untracked |= kA;
  }
  Send(pc + 1, path.reach, Intern(regs));
  return true;
}

bool Prover::Branch(size_t pc, Path path) {
  const sock_filter& insn = program_[pc];
  const Registers& regs = RegistersOf(path);
  if (BPF_OP(insn.code) == BPF_JA) {
    Send(JumpTarget(pc, insn.k), path.reach, path.registers);
    return true;
  }
  const bool by_x = BPF_SRC(insn.code) == BPF_X;
  if ((regs.untracked & kA) || (by_x && (regs.untracked & kX))) {
    return Undecided(absl::StrCat(
        "instruction ", pc, ": a branch on a value the prover does not model"));
  }
  const BitVector& a = regs.value[0];
  const uint16_t op = BPF_OP(insn.code);
  if (op != BPF_JEQ && op != BPF_JGT && op != BPF_JGE && op != BPF_JSET) {
    return Undecided(absl::StrCat("instruction ", pc, ": jump code"));
  }
  if (!by_x) {
    // Against a constant: each edge's set in one pass over the path's set.
    const DecisionDiagram::Comparison comparison =
        op == BPF_JEQ   ? DecisionDiagram::Comparison::kEqual
        : op == BPF_JGT ? DecisionDiagram::Comparison::kGreater
        : op == BPF_JGE ? DecisionDiagram::Comparison::kGreaterOrEqual
                        : DecisionDiagram::Comparison::kAnyBitSet;
    Send(pc + 1 + insn.jt,
         dd_.AndCompare(path.reach, a, comparison, insn.k, true),
         path.registers);
    Send(pc + 1 + insn.jf,
         dd_.AndCompare(path.reach, a, comparison, insn.k, false),
         path.registers);
    return true;
  }
  const BitVector& x = regs.value[1];
  NodeId taken = kFalse;
  switch (op) {
    case BPF_JEQ:
      taken = dd_.Equals(a, x);
      break;
    case BPF_JGT:
    case BPF_JGE:
      taken = dd_.GreaterThan(a, x, op == BPF_JGE);
      break;
    case BPF_JSET:
      taken = dd_.Not(dd_.EqualsConstant(
          Bitwise(a, x, [this](NodeId l, NodeId r) { return dd_.And(l, r); }),
          0));
      break;
  }
  // The complement is not built: reach and not taken is If(taken, 0, reach).
  Send(pc + 1 + insn.jt, dd_.And(path.reach, taken), path.registers);
  Send(pc + 1 + insn.jf, dd_.If(taken, kFalse, path.reach), path.registers);
  return true;
}

bool Prover::Return(size_t pc, Path path) {
  const sock_filter& insn = program_[pc];
  if (BPF_RVAL(insn.code) == BPF_K) return CheckReturn(path.reach, insn.k);
  const Registers& regs = RegistersOf(path);
  if (regs.untracked & kA) {
    return Undecided(absl::StrCat(
        "instruction ", pc, ": returns a value the prover does not model"));
  }
  uint32_t ret = 0;
  if (DecisionDiagram::IsConstant(regs.value[0], &ret)) {
    return CheckReturn(path.reach, ret);
  }
  return CheckReturnOfA(path.reach, regs.value[0]);
}

bool Prover::CheckReturn(NodeId reach, uint32_t ret) {
  std::vector<uint8_t> bits(kVariables, 0);
  if (!mismatch_.Find(reach, meaning_, ret, &bits)) return true;
  return Refuted(bits, ret);
}

// The set of inputs on which the meaning returns `value`.
NodeId Prover::LeafIs(NodeId meaning, uint32_t value) {
  if (dd_.IsLeaf(meaning)) {
    return dd_.LeafValue(meaning) == value ? kTrue : kFalse;
  }
  const auto key = std::make_pair(meaning, value);
  if (auto it = leaf_is_.find(key); it != leaf_is_.end()) return it->second;
  const NodeId out =
      dd_.MakeNode(dd_.Level(meaning), LeafIs(dd_.Low(meaning), value),
                   LeafIs(dd_.High(meaning), value));
  leaf_is_.emplace(key, out);
  return out;
}

// RET A with an input-dependent A: for each value the meaning can return,
// A must equal it wherever the meaning returns it.
bool Prover::CheckReturnOfA(NodeId reach, const BitVector& a) {
  std::vector<NodeId> stack = {meaning_};
  absl::flat_hash_set<NodeId> seen;
  std::vector<uint32_t> values;
  while (!stack.empty()) {
    const NodeId n = stack.back();
    stack.pop_back();
    if (!seen.insert(n).second) continue;
    if (dd_.IsLeaf(n)) {
      values.push_back(dd_.LeafValue(n));
    } else {
      stack.push_back(dd_.Low(n));
      stack.push_back(dd_.High(n));
    }
  }
  for (const uint32_t value : values) {
    const NodeId there = dd_.And(reach, LeafIs(meaning_, value));
    const NodeId wrong = dd_.And(there, dd_.Not(dd_.EqualsConstant(a, value)));
    if (dd_.exhausted()) {
      return Undecided("the program exceeds the work budget (nodes)");
    }
    if (wrong == kFalse) continue;
    std::vector<uint8_t> bits(kVariables, 0);
    dd_.PickMember(wrong, &bits);
    // A's value on this input: evaluate its bits.
    uint32_t ret = 0;
    for (uint32_t bit = 0; bit < 32; ++bit) {
      NodeId n = a[bit];
      while (!dd_.IsLeaf(n)) n = bits[dd_.Level(n)] ? dd_.High(n) : dd_.Low(n);
      if (n == kTrue) ret |= 1u << bit;
    }
    return Refuted(bits, ret);
  }
  return true;
}

bool Prover::Undecided(std::string reason) {
  result_.outcome = ProofOutcome::kUndecided;
  result_.reason = std::move(reason);
  return false;
}

bool Prover::Refuted(const std::vector<uint8_t>& bits, uint32_t program_ret) {
  std::optional<Counterexample> c =
      ConfirmCounterexample(policy_, program_, WordsOfBits(bits), program_ret);
  if (!c) return Undecided(kUnconfirmedCounterexample);
  result_.outcome = ProofOutcome::kRefuted;
  result_.counterexample = *c;
  return false;
}

std::string RetName(uint32_t ret) {
  std::optional<Action> a = ActionFromRet(ret);
  if (!a) return absl::StrFormat("0x%08x", ret);
  return a->ToString();
}

}  // namespace

ProofResult Prove(const Policy& meaning, absl::Span<const sock_filter> program,
                  const ProveOptions& options) {
  ProofResult result;
  if (absl::Status s = VerifyProgram(program); !s.ok()) {
    result.reason =
        absl::StrCat("not a program the kernel accepts: ", s.message());
    return result;
  }
  if (options.method == ProofMethod::kGeneral) {
    return Prover(meaning, program, options).Run();
  }
  IntervalProof fast = ProveByIntervals(meaning, program, options);
  result.stats = fast.stats;
  switch (fast.outcome) {
    case FastOutcome::kProved:
      result.outcome = ProofOutcome::kProved;
      return result;
    case FastOutcome::kRefuted:
      result.outcome = ProofOutcome::kRefuted;
      result.counterexample = std::move(fast.counterexample);
      return result;
    case FastOutcome::kInternalError:
      result.reason = std::move(fast.reason);
      return result;
    case FastOutcome::kNotApplicable:
      break;
  }
  if (options.method == ProofMethod::kIntervals) {
    result.reason =
        absl::StrCat("the interval prover does not apply: ", fast.reason);
    return result;
  }
  return Prover(meaning, program, options).Run();
}

std::string DescribeCounterexample(const Counterexample& c) {
  std::vector<std::string> args;
  for (uint64_t a : c.data.args) args.push_back(absl::StrFormat("0x%x", a));
  const std::string abi = c.abi != nullptr
                              ? std::string(LowercaseArchName(*c.abi))
                              : "not in the target";
  std::string deciding = "the default action";
  if (c.abi == nullptr) deciding = "an arch outside the target";
  if (c.by_stub) deciding = "the ENOSYS stub";
  if (c.entry_index >= 0)
    deciding = absl::StrCat("syscalls[", c.entry_index, "]");
  return absl::StrFormat(
      "arch 0x%08x (%s) nr %u args %s: the program returns %s, the profile "
      "means %s (%s)",
      c.data.arch, abi, static_cast<uint32_t>(c.data.nr),
      absl::StrJoin(args, ","), RetName(c.program_ret), c.meaning.ToString(),
      deciding);
}

absl::Status ProofStatus(const ProofResult& result) {
  switch (result.outcome) {
    case ProofOutcome::kProved:
      return absl::OkStatus();
    case ProofOutcome::kRefuted:
      return absl::FailedPreconditionError(
          absl::StrCat("the program does not mean the profile: ",
                       DescribeCounterexample(*result.counterexample)));
    case ProofOutcome::kUndecided:
      break;
  }
  return absl::UnknownError(
      absl::StrCat("could not prove the program: ", result.reason));
}

}  // namespace seccompc

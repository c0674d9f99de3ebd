#include "compiler/prove/interval_prover.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "compiler/bpf/opcode.h"
#include "compiler/prove/counterexample.h"
#include "compiler/prove/decision_diagram.h"
#include "compiler/prove/meaning.h"

namespace seccompc {
namespace {

constexpr uint32_t kNrWord = 0;
constexpr uint32_t kArchWord = 1;
constexpr uint32_t kMaxWord = 0xFFFFFFFF;
// Aligned blocks a JSET on nr or arch may visit to split an interval list:
// a mask such as 0x80000001 makes 2^30 intervals of [0, 2^32).
constexpr size_t kMaskSplitBudget = 1024;
// Decision-diagram nodes the argument checks make per argument load,
// roughly, to size the tables: a fresh process pays for every page.
// Docker's default: 1,516 nodes for 5 argument loads, most of them the
// meaning's diagrams of the numbers whose arguments decide.
constexpr size_t kNodesPerArgumentLoad = 192;
constexpr size_t kBaseNodes = 512;

// ---- Sets of 32-bit values ----------------------------------------------

struct Interval {
  uint32_t lo = 0;
  uint32_t hi = 0;
  bool operator==(const Interval& o) const { return lo == o.lo && hi == o.hi; }
};

// Sorted, disjoint and never adjacent, so that equal sets are equal lists.
using IntervalSet = absl::InlinedVector<Interval, 2>;

IntervalSet Everything() { return {Interval{0, kMaxWord}}; }

// Appends [lo, hi] (above every interval of `set`), joining a neighbour.
void Append(IntervalSet* set, uint32_t lo, uint32_t hi) {
  if (!set->empty() && uint64_t{set->back().hi} + 1 == lo) {
    set->back().hi = hi;
    return;
  }
  set->push_back(Interval{lo, hi});
}

IntervalSet Within(const IntervalSet& set, uint32_t lo, uint32_t hi) {
  IntervalSet out;
  for (const Interval& i : set) {
    const uint32_t l = std::max(i.lo, lo);
    const uint32_t h = std::min(i.hi, hi);
    if (l <= h) out.push_back(Interval{l, h});
  }
  return out;
}

IntervalSet Without(const IntervalSet& set, uint32_t lo, uint32_t hi) {
  IntervalSet out;
  for (const Interval& i : set) {
    if (i.hi < lo || i.lo > hi) {
      out.push_back(i);
      continue;
    }
    if (i.lo < lo) out.push_back(Interval{i.lo, lo - 1});
    if (i.hi > hi) out.push_back(Interval{hi + 1, i.hi});
  }
  return out;
}

IntervalSet Union(const IntervalSet& a, const IntervalSet& b) {
  IntervalSet out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const Interval next =
        j == b.size() || (i < a.size() && a[i].lo < b[j].lo) ? a[i++] : b[j++];
    if (!out.empty() && uint64_t{out.back().hi} + 1 >= next.lo) {
      out.back().hi = std::max(out.back().hi, next.hi);
    } else {
      out.push_back(next);
    }
  }
  return out;
}

bool Contains(const IntervalSet& set, uint32_t value) {
  for (const Interval& i : set) {
    if (value < i.lo) return false;
    if (value <= i.hi) return true;
  }
  return false;
}

// The members of `set` with (x & mask) != 0 (`any`) and == 0 (`none`),
// by aligned blocks; false when that takes more than the budget.
class MaskSplitter {
 public:
  explicit MaskSplitter(uint32_t mask) : mask_(mask) {}

  bool Split(const IntervalSet& set, IntervalSet* any, IntervalSet* none) {
    for (const Interval& i : set) {
      // The largest aligned blocks that tile [lo, hi].
      uint64_t x = i.lo;
      while (x <= i.hi) {
        uint32_t bits = 0;
        while (bits < 32 && (x & ((uint64_t{1} << (bits + 1)) - 1)) == 0 &&
               x + (uint64_t{1} << (bits + 1)) - 1 <= i.hi) {
          ++bits;
        }
        if (!Block(x, bits, any, none)) return false;
        x += uint64_t{1} << bits;
      }
    }
    return true;
  }

 private:
  // The block [base, base + 2^bits): decided by the mask's bits above
  // `bits` (base's), or by none of the mask below them, or split in two.
  bool Block(uint64_t base, uint32_t bits, IntervalSet* any,
             IntervalSet* none) {
    if (++visits_ > kMaskSplitBudget) return false;
    const uint64_t size = uint64_t{1} << bits;
    const uint32_t last = static_cast<uint32_t>(base + size - 1);
    if ((base & mask_) != 0) {
      Append(any, static_cast<uint32_t>(base), last);
      return true;
    }
    if ((mask_ & (size - 1)) == 0) {
      Append(none, static_cast<uint32_t>(base), last);
      return true;
    }
    return Block(base, bits - 1, any, none) &&
           Block(base + size / 2, bits - 1, any, none);
  }

  uint32_t mask_;
  size_t visits_ = 0;
};

// ---- Paths ----------------------------------------------------------------

// What A holds on a path.
struct AValue {
  enum class Kind : uint8_t { kConstant, kNr, kArch, kWord };
  Kind kind = Kind::kConstant;
  uint32_t word = 0;   // kWord: which (never nr or arch)
  uint32_t value = 0;  // kConstant: the value; kWord: the AND mask applied

  bool operator==(const AValue& o) const {
    return kind == o.kind && word == o.word && value == o.value;
  }
};

// The inputs that follow one path: arch x nr x rest (the other words).
struct Path {
  IntervalSet arch;
  IntervalSet nr;
  NodeId rest = kTrue;
  AValue a;
};

bool Dead(const Path& p) {
  return p.arch.empty() || p.nr.empty() || p.rest == kFalse;
}

// Whether A may be read before it is loaded again, per instruction.
std::vector<bool> LiveA(absl::Span<const sock_filter> program) {
  std::vector<bool> live(program.size() + 1, false);
  for (size_t pc = program.size(); pc-- > 0;) {
    const sock_filter& insn = program[pc];
    switch (BPF_CLASS(insn.code)) {
      case BPF_LD:
      case BPF_RET:
        live[pc] = false;
        break;
      case BPF_JMP:
        live[pc] = BPF_OP(insn.code) == BPF_JA
                       ? static_cast<bool>(live[JumpTarget(pc, insn.k)])
                       : true;
        break;
      default:
        live[pc] = true;
    }
  }
  return live;
}

// Empty when every instruction is one this prover models, else why not.
std::string Unsupported(absl::Span<const sock_filter> program) {
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const uint16_t code = program[pc].code;
    bool ok = false;
    switch (BPF_CLASS(code)) {
      case BPF_LD:
        ok = code == (BPF_LD | BPF_W | BPF_ABS) && program[pc].k % 4 == 0 &&
             program[pc].k / 4 < kWords;
        break;
      case BPF_ALU:
        ok = code == (BPF_ALU | BPF_AND | BPF_K);
        break;
      case BPF_JMP:
        ok = BPF_OP(code) == BPF_JA ||
             (BPF_SRC(code) == BPF_K &&
              (BPF_OP(code) == BPF_JEQ || BPF_OP(code) == BPF_JGT ||
               BPF_OP(code) == BPF_JGE || BPF_OP(code) == BPF_JSET));
        break;
      case BPF_RET:
        ok = BPF_RVAL(code) == BPF_K;
        break;
    }
    if (!ok) {
      return absl::StrCat("instruction ", pc, " (code 0x", absl::Hex(code),
                          ") is outside the supported shapes");
    }
  }
  return "";
}

// ---- The simulation -------------------------------------------------------

class IntervalProver {
 public:
  IntervalProver(const Policy& policy, absl::Span<const sock_filter> program,
                 const ProveOptions& options)
      : policy_(policy),
        program_(program),
        options_(options),
        dd_(options.max_nodes, ExpectedNodes(program)),
        mismatch_(&dd_, size_t{1} << 10),
        live_a_(LiveA(program)),
        incoming_(program.size()),
        bad_arch_ret_(Action{kBadArchAction, 0}.ToRet()),
        default_ret_(policy.default_action.ToRet()) {
    for (const ArchPolicy& abi : policy.arches) {
      target_arches_.push_back(abi.arch->audit_arch);
    }
    std::sort(target_arches_.begin(), target_arches_.end());
    target_arches_.erase(
        std::unique(target_arches_.begin(), target_arches_.end()),
        target_arches_.end());
  }

  IntervalProof Run();

 private:
  static size_t ExpectedNodes(absl::Span<const sock_filter> program) {
    size_t loads = 0;
    for (const sock_filter& insn : program) {
      if (BPF_CLASS(insn.code) == BPF_LD && insn.k / 4 != kNrWord &&
          insn.k / 4 != kArchWord) {
        ++loads;
      }
    }
    return kBaseNodes + kNodesPerArgumentLoad * loads;
  }

  // Each returns false once the proof is over (refuted or not applicable).
  bool Step(size_t pc, Path path);
  bool Branch(size_t pc, Path path);
  bool BranchOnConstant(size_t pc, Path path);
  bool BranchOnWordSet(size_t pc, Path path, bool on_nr);
  bool BranchOnArgument(size_t pc, Path path);
  bool Send(size_t to, Path path);
  bool CheckReturn(const Path& path, uint32_t ret);
  bool CheckArchValue(uint32_t arch, const Path& path, uint32_t ret);
  bool CheckNamed(const ArchPolicy& abi, uint32_t arch, uint32_t lo,
                  uint32_t hi, NodeId rest, uint32_t ret);
  bool Expect(uint32_t meaning_ret, uint32_t arch, uint32_t nr, NodeId rest,
              uint32_t ret);
  bool Refute(uint32_t arch, uint32_t nr, uint32_t ret);
  bool NotApplicable(std::string reason);
  BitVector ValueOf(const AValue& a);
  NodeId RulesMeaning(const ArchPolicy& abi,
                      const std::vector<PolicyRule>& rules);
  std::optional<uint32_t> FirstOutsideTarget(const IntervalSet& arch) const;

  const Policy& policy_;
  absl::Span<const sock_filter> program_;
  const ProveOptions& options_;
  DecisionDiagram dd_;
  MismatchFinder mismatch_;
  std::vector<bool> live_a_;
  std::vector<std::vector<Path>> incoming_;
  std::vector<uint32_t> target_arches_;  // sorted, distinct
  const uint32_t bad_arch_ret_;
  const uint32_t default_ret_;
  // The diagrams of numbers whose arguments decide, by their rules, and
  // the ones built, by their first rule's entry (to share them).
  absl::flat_hash_map<const std::vector<PolicyRule>*, NodeId> diagram_of_rules_;
  struct KnownRules {
    const std::vector<PolicyRule>* rules;
    const ArchSpec* arch;
    NodeId diagram;
  };
  absl::flat_hash_map<int, std::vector<KnownRules>> by_first_entry_;
  // A member's argument bits, written only when a difference is found.
  std::vector<uint8_t> bits_ = std::vector<uint8_t>(kVariables, 0);
  size_t states_ = 0;
  IntervalProof result_;
};

// `program_` holds only supported instructions (ProveByIntervals checks).
IntervalProof IntervalProver::Run() {
  bool going = true;
  if (!program_.empty()) {
    going = Send(0, Path{Everything(), Everything(), kTrue, AValue{}});
  }
  for (size_t pc = 0; going && pc < program_.size(); ++pc) {
    std::vector<Path> paths = std::move(incoming_[pc]);
    for (Path& path : paths) {
      if (++states_ > options_.max_states) {
        going = NotApplicable("the program exceeds the work budget (states)");
      } else {
        going = Step(pc, std::move(path));
      }
      if (going && dd_.exhausted()) {
        going = NotApplicable("the program exceeds the work budget (nodes)");
      }
      if (!going) break;
    }
  }
  if (going) result_.outcome = FastOutcome::kProved;
  result_.stats.nodes = dd_.node_count();
  result_.stats.states = states_;
  result_.stats.method = ProofMethod::kIntervals;
  return result_;
}

bool IntervalProver::Step(size_t pc, Path path) {
  const sock_filter& insn = program_[pc];
  switch (BPF_CLASS(insn.code)) {
    case BPF_LD: {
      const uint32_t word = insn.k / 4;
      if (word == kNrWord) {
        path.a = AValue{AValue::Kind::kNr, 0, 0};
      } else if (word == kArchWord) {
        path.a = AValue{AValue::Kind::kArch, 0, 0};
      } else {
        path.a = AValue{AValue::Kind::kWord, word, kMaxWord};
      }
      return Send(pc + 1, std::move(path));
    }
    case BPF_ALU:  // AND #k (Unsupported() lets nothing else through)
      switch (path.a.kind) {
        case AValue::Kind::kConstant:
        case AValue::Kind::kWord:
          path.a.value &= insn.k;
          return Send(pc + 1, std::move(path));
        case AValue::Kind::kNr:
        case AValue::Kind::kArch:
          break;
      }
      return NotApplicable(
          absl::StrCat("instruction ", pc, ": an AND of nr or arch"));
    case BPF_JMP:
      return Branch(pc, std::move(path));
  }
  // RET: checked where it is reached (Send).
  return NotApplicable(absl::StrCat("instruction ", pc, ": unexpected"));
}

bool IntervalProver::Branch(size_t pc, Path path) {
  const sock_filter& insn = program_[pc];
  if (BPF_OP(insn.code) == BPF_JA) {
    return Send(JumpTarget(pc, insn.k), std::move(path));
  }
  switch (path.a.kind) {
    case AValue::Kind::kConstant:
      return BranchOnConstant(pc, std::move(path));
    case AValue::Kind::kNr:
      return BranchOnWordSet(pc, std::move(path), /*on_nr=*/true);
    case AValue::Kind::kArch:
      return BranchOnWordSet(pc, std::move(path), /*on_nr=*/false);
    case AValue::Kind::kWord:
      break;
  }
  return BranchOnArgument(pc, std::move(path));
}

bool IntervalProver::BranchOnConstant(size_t pc, Path path) {
  const sock_filter& insn = program_[pc];
  const uint32_t a = path.a.value;
  bool taken = false;
  switch (BPF_OP(insn.code)) {
    case BPF_JEQ:
      taken = a == insn.k;
      break;
    case BPF_JGT:
      taken = a > insn.k;
      break;
    case BPF_JGE:
      taken = a >= insn.k;
      break;
    case BPF_JSET:
      taken = (a & insn.k) != 0;
      break;
  }
  return Send(pc + 1 + (taken ? insn.jt : insn.jf), std::move(path));
}

// A comparison of nr or arch splits its interval list exactly.
bool IntervalProver::BranchOnWordSet(size_t pc, Path path, bool on_nr) {
  const sock_filter& insn = program_[pc];
  const IntervalSet& set = on_nr ? path.nr : path.arch;
  const uint32_t k = insn.k;
  IntervalSet holds;
  IntervalSet fails;
  switch (BPF_OP(insn.code)) {
    case BPF_JEQ:
      holds = Within(set, k, k);
      fails = Without(set, k, k);
      break;
    case BPF_JGT:
      if (k != kMaxWord) holds = Within(set, k + 1, kMaxWord);
      fails = Within(set, 0, k);
      break;
    case BPF_JGE:
      holds = Within(set, k, kMaxWord);
      if (k != 0) fails = Within(set, 0, k - 1);
      break;
    case BPF_JSET:
      if (!MaskSplitter(k).Split(set, &holds, &fails)) {
        return NotApplicable(absl::StrCat(
            "instruction ", pc, ": a JSET that cuts nr or arch too finely"));
      }
      break;
  }
  Path other = path;
  (on_nr ? path.nr : path.arch) = std::move(holds);
  (on_nr ? other.nr : other.arch) = std::move(fails);
  return Send(pc + 1 + insn.jt, std::move(path)) &&
         Send(pc + 1 + insn.jf, std::move(other));
}

BitVector IntervalProver::ValueOf(const AValue& a) {
  BitVector v = dd_.WordBits(a.word);
  for (uint32_t bit = 0; bit < 32; ++bit) {
    if (!((a.value >> bit) & 1)) v[bit] = kFalse;
  }
  return v;
}

// A comparison of another word restricts the path's diagram, as the
// general prover does.
bool IntervalProver::BranchOnArgument(size_t pc, Path path) {
  const sock_filter& insn = program_[pc];
  const BitVector v = ValueOf(path.a);
  const DecisionDiagram::Comparison comparison =
      BPF_OP(insn.code) == BPF_JEQ   ? DecisionDiagram::Comparison::kEqual
      : BPF_OP(insn.code) == BPF_JGT ? DecisionDiagram::Comparison::kGreater
      : BPF_OP(insn.code) == BPF_JGE
          ? DecisionDiagram::Comparison::kGreaterOrEqual
          : DecisionDiagram::Comparison::kAnyBitSet;
  Path other = path;
  path.rest = dd_.AndCompare(other.rest, v, comparison, insn.k, true);
  other.rest = dd_.AndCompare(other.rest, v, comparison, insn.k, false);
  return Send(pc + 1 + insn.jt, std::move(path)) &&
         Send(pc + 1 + insn.jf, std::move(other));
}

// Hands `path` to instruction `to`: a RET checks it at once; elsewhere it
// joins a path whose product differs in at most one factor.
bool IntervalProver::Send(size_t to, Path path) {
  if (Dead(path)) return true;
  const sock_filter& insn = program_[to];
  if (BPF_CLASS(insn.code) == BPF_RET) {
    ++states_;
    return CheckReturn(path, insn.k);
  }
  if (!live_a_[to]) path.a = AValue{};
  for (Path& p : incoming_[to]) {
    if (!(p.a == path.a)) continue;
    const bool same_arch = p.arch == path.arch;
    const bool same_nr = p.nr == path.nr;
    if (same_arch && same_nr) {
      p.rest = dd_.Or(p.rest, path.rest);
      return true;
    }
    if (p.rest != path.rest) continue;
    if (same_arch) {
      p.nr = Union(p.nr, path.nr);
      return true;
    }
    if (same_nr) {
      p.arch = Union(p.arch, path.arch);
      return true;
    }
  }
  incoming_[to].push_back(std::move(path));
  return true;
}

// ---- The meaning at a RET -------------------------------------------------

// The least arch value of `arch` that no ABI of the target has.
std::optional<uint32_t> IntervalProver::FirstOutsideTarget(
    const IntervalSet& arch) const {
  for (const Interval& i : arch) {
    uint64_t x = i.lo;
    auto t =
        std::lower_bound(target_arches_.begin(), target_arches_.end(), i.lo);
    while (t != target_arches_.end() && *t == x && x <= i.hi) {
      ++x;
      ++t;
    }
    if (x <= i.hi) return static_cast<uint32_t>(x);
  }
  return std::nullopt;
}

bool IntervalProver::CheckReturn(const Path& path, uint32_t ret) {
  if (std::optional<uint32_t> outside = FirstOutsideTarget(path.arch)) {
    if (!Expect(bad_arch_ret_, *outside, path.nr.front().lo, path.rest, ret)) {
      return false;
    }
  }
  for (const uint32_t arch : target_arches_) {
    if (Contains(path.arch, arch) && !CheckArchValue(arch, path, ret)) {
      return false;
    }
  }
  return true;
}

// One arch value of the target: per nr interval, per quarter of the nr
// space (the x32 bit selects the ABI), per run of the ENOSYS stub.
bool IntervalProver::CheckArchValue(uint32_t arch, const Path& path,
                                    uint32_t ret) {
  for (const Interval& i : path.nr) {
    uint64_t lo = i.lo;
    while (lo <= i.hi) {
      uint64_t hi = i.hi;
      for (const uint32_t split : kAbiSplits) {
        if (lo < split) hi = std::min<uint64_t>(hi, split - 1);
      }
      const ArchPolicy* abi =
          SelectAbi(policy_, arch, static_cast<uint32_t>(lo));
      bool going = true;
      if (abi == nullptr) {
        going = Expect(bad_arch_ret_, arch, static_cast<uint32_t>(lo),
                       path.rest, ret);
      } else {
        ForEachStubRun(
            *abi, static_cast<uint32_t>(lo), static_cast<uint32_t>(hi),
            [&](uint32_t l, uint32_t h, const Action* stub) {
              if (!going) return;
              going = stub != nullptr
                          ? Expect(stub->ToRet(), arch, l, path.rest, ret)
                          : CheckNamed(*abi, arch, l, h, path.rest, ret);
            });
      }
      if (!going) return false;
      lo = hi + 1;
    }
  }
  return true;
}

// Numbers [lo, hi] of `abi` that the stub leaves: each named one's rules,
// and the default action for any between them.
bool IntervalProver::CheckNamed(const ArchPolicy& abi, uint32_t arch,
                                uint32_t lo, uint32_t hi, NodeId rest,
                                uint32_t ret) {
  uint64_t next = lo;  // the least number not yet seen
  std::optional<uint32_t> unnamed;
  for (auto it = abi.syscalls.lower_bound(lo);
       it != abi.syscalls.end() && it->first <= hi; ++it) {
    const uint32_t nr = it->first;
    if (!unnamed && nr > next) unnamed = static_cast<uint32_t>(next);
    next = uint64_t{nr} + 1;
    if (std::optional<Action> action = ArgumentFreeAction(it->second)) {
      if (!Expect(action->ToRet(), arch, nr, rest, ret)) return false;
      continue;
    }
    const NodeId meaning = RulesMeaning(abi, it->second);
    if (dd_.exhausted()) {
      return NotApplicable("the meaning exceeds the work budget (nodes)");
    }
    if (mismatch_.Find(rest, meaning, ret, &bits_)) {
      return Refute(arch, nr, ret);
    }
  }
  if (!unnamed && next <= hi) unnamed = static_cast<uint32_t>(next);
  if (unnamed) return Expect(default_ret_, arch, *unnamed, rest, ret);
  return true;
}

// Same diagram: the same rules read on the same argument words (x86_64 and
// x32 share most numbers' rules and their layout).
bool SameRulesDiagram(const ArchSpec& a, const std::vector<PolicyRule>& ra,
                      const ArchSpec& b, const std::vector<PolicyRule>& rb) {
  if (ArgumentsAre32Bit(a) != ArgumentsAre32Bit(b) || ra.size() != rb.size()) {
    return false;
  }
  for (int i = 0; i < 6; ++i) {
    if (a.ArgLowOffset(i) != b.ArgLowOffset(i) ||
        a.ArgHighOffset(i) != b.ArgHighOffset(i)) {
      return false;
    }
  }
  for (size_t i = 0; i < ra.size(); ++i) {
    if (!(ra[i].action == rb[i].action) ||
        ra[i].entry_index != rb[i].entry_index ||
        ra[i].conditions != rb[i].conditions) {
      return false;
    }
  }
  return true;
}

NodeId IntervalProver::RulesMeaning(const ArchPolicy& abi,
                                    const std::vector<PolicyRule>& rules) {
  auto [it, inserted] = diagram_of_rules_.try_emplace(&rules, kFalse);
  if (!inserted) return it->second;
  // Candidates for sharing: rules from the same first entry.
  std::vector<KnownRules>& same_entry =
      by_first_entry_[rules.empty() ? -1 : rules.front().entry_index];
  for (const KnownRules& known : same_entry) {
    if (SameRulesDiagram(*known.arch, *known.rules, *abi.arch, rules)) {
      it->second = known.diagram;
      return known.diagram;
    }
  }
  it->second = RulesDiagram(&dd_, *abi.arch, rules, policy_.default_action);
  same_entry.push_back(KnownRules{&rules, abi.arch, it->second});
  return it->second;
}

// The meaning is `meaning_ret` on arch x {nr} x rest: the program's `ret`
// must be it.
bool IntervalProver::Expect(uint32_t meaning_ret, uint32_t arch, uint32_t nr,
                            NodeId rest, uint32_t ret) {
  if (meaning_ret == ret) return true;
  dd_.PickMember(rest, &bits_);
  return Refute(arch, nr, ret);
}

bool IntervalProver::Refute(uint32_t arch, uint32_t nr, uint32_t ret) {
  InputWords words = WordsOfBits(bits_);
  words[kNrWord] = nr;
  words[kArchWord] = arch;
  std::optional<Counterexample> c =
      ConfirmCounterexample(policy_, program_, words, ret);
  if (!c) {
    result_.outcome = FastOutcome::kInternalError;
    result_.reason = kUnconfirmedCounterexample;
    return false;
  }
  result_.outcome = FastOutcome::kRefuted;
  result_.counterexample = *c;
  return false;
}

bool IntervalProver::NotApplicable(std::string reason) {
  result_.outcome = FastOutcome::kNotApplicable;
  result_.reason = std::move(reason);
  return false;
}

}  // namespace

IntervalProof ProveByIntervals(const Policy& meaning,
                               absl::Span<const sock_filter> program,
                               const ProveOptions& options) {
  // Before any table is allocated: the general prover takes these.
  if (std::string why = Unsupported(program); !why.empty()) {
    IntervalProof out;
    out.reason = std::move(why);
    return out;
  }
  return IntervalProver(meaning, program, options).Run();
}

}  // namespace seccompc

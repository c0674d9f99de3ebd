#include "compiler/codegen/optimizer.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

namespace seccompc {
namespace {

// An instruction with absolute jump targets, so that passes can move and
// delete code without recomputing offsets. For JA the target is in `jt`.
struct Insn {
  uint16_t code;
  uint32_t k;
  size_t jt;
  size_t jf;
};

bool IsReturn(uint16_t code) { return BPF_CLASS(code) == BPF_RET; }
bool IsJa(uint16_t code) {
  return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) == BPF_JA;
}
bool IsBranch(uint16_t code) {
  return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}
bool InShortReach(size_t pc, size_t target) {
  return target > pc && target - pc - 1 <= kMaxShortJump;
}

std::vector<Insn> Decode(const Program& program) {
  std::vector<Insn> code(program.size());
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const sock_filter& f = program[pc];
    code[pc] = {f.code, f.k, 0, 0};
    if (IsJa(f.code)) {
      code[pc].jt = pc + 1 + f.k;
      code[pc].k = 0;
    } else if (IsBranch(f.code)) {
      code[pc].jt = pc + 1 + f.jt;
      code[pc].jf = pc + 1 + f.jf;
    }
  }
  return code;
}

Program Encode(const std::vector<Insn>& code) {
  Program program(code.size());
  for (size_t pc = 0; pc < code.size(); ++pc) {
    const Insn& i = code[pc];
    if (IsJa(i.code)) {
      program[pc] = JumpAlways(static_cast<uint32_t>(i.jt - pc - 1));
    } else if (IsBranch(i.code)) {
      program[pc] = LayoutJump(i.code, i.k, i.jt - pc - 1, i.jf - pc - 1);
    } else {
      program[pc] = Stmt(i.code, i.k);
    }
  }
  return program;
}

// Deletes the marked instructions. A jump to a deleted one goes to the next
// kept one instead, which is right for code nothing reaches and for
// instructions that only fall through.
void Erase(std::vector<Insn>* code, const std::vector<bool>& erase) {
  const size_t n = code->size();
  std::vector<size_t> kept_before(n + 1);
  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) {
    kept_before[i] = kept;
    if (!erase[i]) ++kept;
  }
  kept_before[n] = kept;
  // A deleted index maps to the next kept instruction's new index, which is
  // exactly the number of kept instructions before it.
  std::vector<Insn> out;
  out.reserve(kept);
  for (size_t i = 0; i < n; ++i) {
    if (erase[i]) continue;
    Insn insn = (*code)[i];
    if (IsJa(insn.code) || IsBranch(insn.code)) {
      insn.jt = kept_before[std::min(insn.jt, n)];
    }
    if (IsBranch(insn.code)) insn.jf = kept_before[std::min(insn.jf, n)];
    out.push_back(insn);
  }
  code->swap(out);
}

// Runs `pass` on the decoded program and re-encodes it when it changed.
template <typename Pass>
bool Rewrite(Program* program, Pass pass) {
  std::vector<Insn> code = Decode(*program);
  if (!pass(&code)) return false;
  *program = Encode(code);
  return true;
}

bool RemoveUnreachableOnCode(std::vector<Insn>* code) {
  const size_t n = code->size();
  std::vector<bool> reached(n + 1, false);
  if (n > 0) reached[0] = true;
  for (size_t pc = 0; pc < n; ++pc) {
    if (!reached[pc]) continue;
    const Insn& i = (*code)[pc];
    if (IsReturn(i.code)) continue;
    if (IsJa(i.code)) {
      reached[std::min(i.jt, n)] = true;
    } else if (IsBranch(i.code)) {
      reached[std::min(i.jt, n)] = true;
      reached[std::min(i.jf, n)] = true;
    } else {
      reached[pc + 1] = true;
    }
  }
  std::vector<bool> erase(n);
  bool any = false;
  for (size_t pc = 0; pc < n; ++pc) {
    erase[pc] = !reached[pc];
    any = any || erase[pc];
  }
  if (any) Erase(code, erase);
  return any;
}

bool ThreadJumpsOnCode(std::vector<Insn>* code) {
  bool changed = false;
  for (size_t pc = 0; pc < code->size(); ++pc) {
    Insn& i = (*code)[pc];
    if (IsJa(i.code)) {
      size_t t = i.jt;
      while (t < code->size() && IsJa((*code)[t].code)) t = (*code)[t].jt;
      if (t != i.jt) {
        i.jt = t;
        changed = true;
      }
      continue;
    }
    if (!IsBranch(i.code)) continue;
    for (bool taken : {true, false}) {
      size_t& edge = taken ? i.jt : i.jf;
      size_t t = edge;
      while (t < code->size()) {
        const Insn& next = (*code)[t];
        size_t further;
        if (IsJa(next.code)) {
          further = next.jt;
        } else if (next.code == i.code && next.k == i.k) {
          // Jumps leave A alone: the same test has the same outcome.
          further = taken ? next.jt : next.jf;
        } else {
          break;
        }
        if (!InShortReach(pc, further)) break;
        t = further;
      }
      if (t != edge) {
        edge = t;
        changed = true;
      }
    }
  }
  return changed;
}

bool SimplifySameTargetBranchesOnCode(std::vector<Insn>* code) {
  bool changed = false;
  for (Insn& i : *code) {
    if (IsBranch(i.code) && i.jt == i.jf) {
      i = {static_cast<uint16_t>(BPF_JMP | BPF_JA), 0, i.jt, 0};
      changed = true;
    }
  }
  return changed;
}

bool RemoveFallthroughJumpsOnCode(std::vector<Insn>* code) {
  std::vector<bool> erase(code->size(), false);
  bool any = false;
  for (size_t pc = 0; pc < code->size(); ++pc) {
    const Insn& i = (*code)[pc];
    if (IsJa(i.code) && i.jt == pc + 1) erase[pc] = any = true;
  }
  if (any) Erase(code, erase);
  return any;
}

bool ReplaceJumpsToReturnOnCode(std::vector<Insn>* code) {
  // The kernel's scratch-store check treats code after a JA as fresh but
  // code after a RET as reached by the path before it, so with scratch
  // reads in the program this swap could make dead code unverifiable.
  for (const Insn& i : *code) {
    if (BPF_MODE(i.code) == BPF_MEM &&
        (BPF_CLASS(i.code) == BPF_LD || BPF_CLASS(i.code) == BPF_LDX)) {
      return false;
    }
  }
  bool changed = false;
  for (Insn& i : *code) {
    if (IsJa(i.code) && i.jt < code->size() && IsReturn((*code)[i.jt].code)) {
      i = (*code)[i.jt];
      changed = true;
    }
  }
  return changed;
}

bool MergeIdenticalReturnsOnCode(std::vector<Insn>* code) {
  // Positions of each distinct return instruction, ascending.
  std::map<std::pair<uint16_t, uint32_t>, std::vector<size_t>> returns;
  for (size_t pc = 0; pc < code->size(); ++pc) {
    const Insn& i = (*code)[pc];
    if (IsReturn(i.code)) returns[{i.code, i.k}].push_back(pc);
  }
  bool changed = false;
  for (size_t pc = 0; pc < code->size(); ++pc) {
    Insn& i = (*code)[pc];
    if (!IsBranch(i.code)) continue;
    for (size_t* edge : {&i.jt, &i.jf}) {
      if (*edge >= code->size()) continue;
      const Insn& target = (*code)[*edge];
      if (!IsReturn(target.code)) continue;
      const std::vector<size_t>& same = returns[{target.code, target.k}];
      // The last copy still in reach; *edge itself always is.
      auto last =
          std::upper_bound(same.begin(), same.end(), pc + 1 + kMaxShortJump);
      const size_t best = *std::prev(last);
      if (best != *edge) {
        *edge = best;
        changed = true;
      }
    }
  }
  return changed;
}

bool RemoveRedundantLoadsOnCode(std::vector<Insn>* code) {
  // What A holds on entry to each instruction: unreached, unknown, or the
  // seccomp_data word at an offset.
  constexpr int64_t kUnreached = -2;
  constexpr int64_t kUnknown = -1;
  const size_t n = code->size();
  std::vector<int64_t> in(n + 1, kUnreached);
  if (n > 0) in[0] = kUnknown;
  auto flow = [&](size_t to, int64_t state) {
    if (to > n) return;
    if (in[to] == kUnreached) {
      in[to] = state;
    } else if (in[to] != state) {
      in[to] = kUnknown;
    }
  };
  std::vector<bool> erase(n, false);
  bool any = false;
  for (size_t pc = 0; pc < n; ++pc) {
    const int64_t state = in[pc];
    if (state == kUnreached) continue;
    const Insn& i = (*code)[pc];
    const uint16_t cls = BPF_CLASS(i.code);
    if (cls == BPF_RET) continue;
    if (IsJa(i.code)) {
      flow(i.jt, state);
      continue;
    }
    if (IsBranch(i.code)) {
      flow(i.jt, state);
      flow(i.jf, state);
      continue;
    }
    int64_t out = state;
    if (i.code == (BPF_LD | BPF_W | BPF_ABS)) {
      if (state == i.k) erase[pc] = any = true;
      out = i.k;
    } else if (cls == BPF_LD || cls == BPF_ALU ||
               (cls == BPF_MISC && BPF_MISCOP(i.code) == BPF_TXA)) {
      out = kUnknown;
    }
    flow(pc + 1, out);
  }
  if (any) Erase(code, erase);
  return any;
}

}  // namespace

bool RemoveUnreachable(Program* program) {
  return Rewrite(program, RemoveUnreachableOnCode);
}
bool ThreadJumps(Program* program) {
  return Rewrite(program, ThreadJumpsOnCode);
}
bool SimplifySameTargetBranches(Program* program) {
  return Rewrite(program, SimplifySameTargetBranchesOnCode);
}
bool RemoveFallthroughJumps(Program* program) {
  return Rewrite(program, RemoveFallthroughJumpsOnCode);
}
bool ReplaceJumpsToReturn(Program* program) {
  return Rewrite(program, ReplaceJumpsToReturnOnCode);
}
bool MergeIdenticalReturns(Program* program) {
  return Rewrite(program, MergeIdenticalReturnsOnCode);
}
bool RemoveRedundantLoads(Program* program) {
  return Rewrite(program, RemoveRedundantLoadsOnCode);
}

OptimizerStats Optimize(Program* program) {
  OptimizerStats stats;
  stats.instructions_before = program->size();
  // Decoded once and encoded once: the passes work on absolute targets,
  // and encoding then decoding a pass's output gives it back unchanged,
  // so this is the public passes run one after another, without a decode
  // and an encode (two allocations) per pass and round.
  std::vector<Insn> code = Decode(*program);
  // Every pass only shrinks the program or moves targets forward, so this
  // settles quickly; the bound is a guard, not a tuning knob.
  constexpr int kMaxRounds = 64;
  bool any = false;
  for (int round = 0; round < kMaxRounds; ++round) {
    bool changed = false;
    changed |= RemoveUnreachableOnCode(&code);
    changed |= ThreadJumpsOnCode(&code);
    changed |= SimplifySameTargetBranchesOnCode(&code);
    changed |= RemoveFallthroughJumpsOnCode(&code);
    changed |= ReplaceJumpsToReturnOnCode(&code);
    changed |= MergeIdenticalReturnsOnCode(&code);
    changed |= RemoveRedundantLoadsOnCode(&code);
    if (!changed) break;
    any = true;
    ++stats.rounds;
  }
  if (any) *program = Encode(code);
  stats.instructions_after = program->size();
  return stats;
}

}  // namespace seccompc

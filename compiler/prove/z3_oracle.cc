#include "compiler/prove/z3_oracle.h"

#include <linux/audit.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/arch/arch.h"
#include "z3++.h"

namespace seccompc {
namespace {

constexpr int kWordCount = 16;  // sizeof(seccomp_data) / 4
constexpr int kMemCells = 16;   // BPF_MEMWORDS
// Registers of the unrolled program: A, X, then M[0..15].
constexpr int kA = 0;
constexpr int kX = 1;
constexpr int kM0 = 2;
constexpr int kRegisters = kM0 + kMemCells;

// The kernel's return value of an action (SECCOMP_RET_* | data), written
// from <linux/seccomp.h> rather than with Action::ToRet.
uint32_t RetOf(const Action& action) {
  switch (action.kind) {
    case ActionKind::kKillProcess:
      return SECCOMP_RET_KILL_PROCESS;
    case ActionKind::kKillThread:
      return SECCOMP_RET_KILL_THREAD;
    case ActionKind::kTrap:
      return SECCOMP_RET_TRAP;
    case ActionKind::kErrno:
      return SECCOMP_RET_ERRNO | (action.data & SECCOMP_RET_DATA);
    case ActionKind::kUserNotif:
      return SECCOMP_RET_USER_NOTIF;
    case ActionKind::kTrace:
      return SECCOMP_RET_TRACE | (action.data & SECCOMP_RET_DATA);
    case ActionKind::kLog:
      return SECCOMP_RET_LOG;
    case ActionKind::kAllow:
      return SECCOMP_RET_ALLOW;
  }
  return SECCOMP_RET_KILL_PROCESS;
}

// The kernel's precedence between filters' answers (seccomp_run_filters):
// the smaller action part, read as a signed 32-bit number, wins. Derived
// here from the return values, not from ActionKind's order.
int32_t Rank(const Action& action) {
  return static_cast<int32_t>(RetOf(action) & SECCOMP_RET_ACTION_FULL);
}

// A 64-bit constant as a 32-bit ABI's task can pass it (policy.h): its low
// word when the high word is the low word's sign extension; else none.
std::optional<uint32_t> As32BitValue(uint64_t v) {
  const uint64_t sign_extended =
      static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)));
  if ((v >> 32) == 0 || v == sign_extended) return static_cast<uint32_t>(v);
  return std::nullopt;
}

}  // namespace

struct Z3Oracle::Impl {
  z3::context ctx;
  unsigned timeout_ms;
  std::vector<z3::expr> words;  // the 16 input words
  z3::expr meaning;

  explicit Impl(const Policy& policy, unsigned timeout)
      : timeout_ms(timeout), meaning(ctx) {
    for (int i = 0; i < kWordCount; ++i) {
      words.push_back(ctx.bv_const(absl::StrCat("w", i).c_str(), 32));
    }
    meaning = MeaningTerm(policy);
  }

  z3::expr Bv32(uint32_t v) { return ctx.bv_val(v, 32); }
  z3::expr Bv64(uint64_t v) { return ctx.bv_val(static_cast<uint64_t>(v), 64); }

  // One argument condition on `abi`.
  z3::expr Condition(const ArchSpec& abi, const ArgCondition& c) {
    const int first = 4 + 2 * static_cast<int>(c.index);  // args[i]'s words
    const bool big = abi.byte_order == ByteOrder::kBig;
    const z3::expr low = words[big ? first + 1 : first];
    const z3::expr high = words[big ? first : first + 1];
    const bool narrow = abi.word_bits == 32 && abi.id != ArchId::kX32;
    if (narrow) {
      const std::optional<uint32_t> v = As32BitValue(c.value);
      const std::optional<uint32_t> v2 = As32BitValue(c.value_two);
      if (!v || (c.op == CmpOp::kMaskedEq && !v2)) return ctx.bool_val(false);
      return Compare(c.op, low, Bv32(*v), Bv32(v2.value_or(0)));
    }
    return Compare(c.op, z3::concat(high, low), Bv64(c.value),
                   Bv64(c.value_two));
  }

  z3::expr Compare(CmpOp op, const z3::expr& arg, const z3::expr& v,
                   const z3::expr& v2) {
    switch (op) {
      case CmpOp::kNe:
        return arg != v;
      case CmpOp::kLt:
        return z3::ult(arg, v);
      case CmpOp::kLe:
        return z3::ule(arg, v);
      case CmpOp::kEq:
        return arg == v;
      case CmpOp::kGe:
        return z3::uge(arg, v);
      case CmpOp::kGt:
        return z3::ugt(arg, v);
      case CmpOp::kMaskedEq:
        return (arg & v) == v2;
    }
    return ctx.bool_val(false);
  }

  z3::expr AbiMeaning(const Policy& policy, const ArchPolicy& abi) {
    const z3::expr nr = words[0];
    z3::expr result = Bv32(RetOf(policy.default_action));
    // Built from the last alternative to the first: the ite nest tests the
    // numbers in table order.
    std::vector<std::pair<uint32_t, const std::vector<PolicyRule>*>> table;
    for (const auto& [n, rules] : abi.syscalls) table.push_back({n, &rules});
    for (auto it = table.rbegin(); it != table.rend(); ++it) {
      std::vector<const PolicyRule*> rules;
      for (const PolicyRule& r : *it->second) rules.push_back(&r);
      // The first rule that holds in (precedence, entry) order decides.
      std::stable_sort(rules.begin(), rules.end(),
                       [](const PolicyRule* a, const PolicyRule* b) {
                         if (Rank(a->action) != Rank(b->action))
                           return Rank(a->action) < Rank(b->action);
                         return a->entry_index < b->entry_index;
                       });
      z3::expr decided = Bv32(RetOf(policy.default_action));
      for (auto r = rules.rbegin(); r != rules.rend(); ++r) {
        z3::expr holds = ctx.bool_val(true);
        for (const ArgCondition& c : (*r)->conditions) {
          holds = holds && Condition(*abi.arch, c);
        }
        decided = z3::ite(holds, Bv32(RetOf((*r)->action)), decided);
      }
      result = z3::ite(nr == Bv32(it->first), decided, result);
    }
    // The ENOSYS stub comes before every rule.
    const z3::expr stub =
        Bv32(RetOf(Action{ActionKind::kErrno, EnosysErrno(*abi.arch)}));
    if (abi.enosys_nr_zero) result = z3::ite(nr == Bv32(0), stub, result);
    if (abi.enosys_above) {
      result = z3::ite(z3::ugt(nr, Bv32(*abi.enosys_above)), stub, result);
    }
    return result;
  }

  z3::expr MeaningTerm(const Policy& policy) {
    const z3::expr nr = words[0];
    const z3::expr arch = words[1];
    // No ABI of the target: KILL_PROCESS.
    z3::expr result = Bv32(SECCOMP_RET_KILL_PROCESS);
    for (auto it = policy.arches.rbegin(); it != policy.arches.rend(); ++it) {
      z3::expr selected = arch == Bv32(it->arch->audit_arch);
      if (it->arch->audit_arch == AUDIT_ARCH_X86_64) {
        // __X32_SYSCALL_BIT (bit 30) tells x32 from x86_64.
        const z3::expr marked = (nr & Bv32(0x40000000)) != Bv32(0);
        selected =
            selected && (it->arch->id == ArchId::kX32 ? marked : !marked);
      }
      result = z3::ite(selected, AbiMeaning(policy, *it), result);
    }
    return result;
  }

  // The program's return value as a term; nullopt with `why` for a program
  // the encoding does not model.
  std::optional<z3::expr> ProgramTerm(absl::Span<const sock_filter> program,
                                      std::string* why) {
    struct Edge {
      z3::expr cond;
      std::vector<z3::expr> regs;
    };
    const size_t n = program.size();
    std::vector<std::vector<Edge>> incoming(n);
    std::vector<std::pair<z3::expr, z3::expr>> exits;  // (condition, value)
    std::vector<z3::expr> initial(kRegisters, Bv32(0));
    if (n == 0) {
      *why = "empty program";
      return std::nullopt;
    }
    incoming[0].push_back(Edge{ctx.bool_val(true), initial});
    auto fail = [&](size_t pc, const std::string& what) {
      *why = absl::StrCat("instruction ", pc, ": ", what);
      return std::nullopt;
    };
    for (size_t pc = 0; pc < n; ++pc) {
      if (incoming[pc].empty()) continue;  // unreachable
      // Join: the paths that reach pc are exclusive, so one if-then-else
      // per differing register picks the one that was taken.
      std::vector<Edge>& in = incoming[pc];
      z3::expr reach = in[0].cond;
      for (size_t i = 1; i < in.size(); ++i) reach = reach || in[i].cond;
      std::vector<z3::expr> regs = in.back().regs;
      for (int r = 0; r < kRegisters; ++r) {
        for (size_t i = in.size() - 1; i-- > 0;) {
          if (z3::eq(in[i].regs[r], regs[r])) continue;
          regs[r] = z3::ite(in[i].cond, in[i].regs[r], regs[r]);
        }
      }
      in.clear();
      in.shrink_to_fit();

      const sock_filter insn = program[pc];
      const uint32_t k = insn.k;
      auto go = [&](uint64_t target, const z3::expr& cond,
                    const std::vector<z3::expr>& state) -> bool {
        if (target >= n) return false;
        incoming[target].push_back(Edge{cond, state});
        return true;
      };
      z3::expr& a = regs[kA];
      z3::expr& x = regs[kX];
      switch (insn.code) {
        case BPF_LD | BPF_W | BPF_ABS:
          if (k >= 64 || k % 4 != 0) return fail(pc, "load offset");
          a = words[k / 4];
          break;
        case BPF_LD | BPF_W | BPF_LEN:
          a = Bv32(64);
          break;
        case BPF_LDX | BPF_W | BPF_LEN:
          x = Bv32(64);
          break;
        case BPF_LD | BPF_IMM:
          a = Bv32(k);
          break;
        case BPF_LDX | BPF_IMM:
          x = Bv32(k);
          break;
        case BPF_LD | BPF_MEM:
        case BPF_LDX | BPF_MEM:
          if (k >= kMemCells) return fail(pc, "scratch index");
          (insn.code == (BPF_LD | BPF_MEM) ? a : x) = regs[kM0 + k];
          break;
        case BPF_ST:
        case BPF_STX:
          if (k >= kMemCells) return fail(pc, "scratch index");
          regs[kM0 + k] = insn.code == BPF_ST ? a : x;
          break;
        case BPF_MISC | BPF_TAX:
          x = a;
          break;
        case BPF_MISC | BPF_TXA:
          a = x;
          break;
        case BPF_ALU | BPF_NEG:
          a = -a;
          break;
        case BPF_RET | BPF_K:
          exits.push_back({reach, Bv32(k)});
          continue;
        case BPF_RET | BPF_A:
          exits.push_back({reach, a});
          continue;
        case BPF_JMP | BPF_JA:
          if (!go(pc + 1 + static_cast<uint64_t>(k), reach, regs))
            return fail(pc, "jump past the end");
          continue;
        default:
          if (BPF_CLASS(insn.code) == BPF_ALU && insn.code < 0x100) {
            const bool by_x = BPF_SRC(insn.code) == BPF_X;
            const z3::expr operand = by_x ? x : Bv32(k);
            const uint16_t op = BPF_OP(insn.code);
            if (!by_x && ((op == BPF_DIV && k == 0) ||
                          ((op == BPF_LSH || op == BPF_RSH) && k >= 32))) {
              return fail(pc, "constant operand the kernel refuses");
            }
            const z3::expr shift = operand & Bv32(31);
            switch (op) {
              case BPF_ADD:
                a = a + operand;
                break;
              case BPF_SUB:
                a = a - operand;
                break;
              case BPF_MUL:
                a = a * operand;
                break;
              case BPF_DIV:
                if (by_x) {
                  // Classic BPF: dividing by X == 0 returns 0 from the
                  // whole program.
                  exits.push_back({reach && x == Bv32(0), Bv32(0)});
                  reach = reach && x != Bv32(0);
                }
                a = z3::udiv(a, operand);
                break;
              case BPF_AND:
                a = a & operand;
                break;
              case BPF_OR:
                a = a | operand;
                break;
              case BPF_XOR:
                a = a ^ operand;
                break;
              case BPF_LSH:
                a = z3::shl(a, shift);
                break;
              case BPF_RSH:
                a = z3::lshr(a, shift);
                break;
              default:
                return fail(pc, "ALU operation seccomp refuses");
            }
            break;
          }
          if (BPF_CLASS(insn.code) == BPF_JMP && insn.code < 0x100) {
            const z3::expr operand = BPF_SRC(insn.code) == BPF_X ? x : Bv32(k);
            std::optional<z3::expr> taken;
            switch (BPF_OP(insn.code)) {
              case BPF_JEQ:
                taken = a == operand;
                break;
              case BPF_JGT:
                taken = z3::ugt(a, operand);
                break;
              case BPF_JGE:
                taken = z3::uge(a, operand);
                break;
              case BPF_JSET:
                taken = (a & operand) != Bv32(0);
                break;
            }
            if (taken) {
              if (!go(pc + 1 + insn.jt, reach && *taken, regs) ||
                  !go(pc + 1 + insn.jf, reach && !*taken, regs)) {
                return fail(pc, "jump past the end");
              }
              continue;
            }
          }
          return fail(pc, absl::StrCat("opcode 0x", absl::Hex(insn.code),
                                       " not modelled"));
      }
      if (!go(pc + 1, reach, regs)) return fail(pc, "falls off the end");
    }
    if (exits.empty()) {
      *why = "no reachable RET";
      return std::nullopt;
    }
    // Exactly one exit is reached on every input: the last needs no test.
    z3::expr ret = exits.back().second;
    for (size_t i = exits.size() - 1; i-- > 0;) {
      ret = z3::ite(exits[i].first, exits[i].second, ret);
    }
    return ret;
  }

  z3::expr Substitute(const z3::expr& e, const seccomp_data& raw) {
    uint32_t w[kWordCount];
    std::memcpy(w, &raw, sizeof(w));
    z3::expr_vector from(ctx), to(ctx);
    for (int i = 0; i < kWordCount; ++i) {
      from.push_back(words[i]);
      to.push_back(Bv32(w[i]));
    }
    z3::expr copy = e;
    return copy.substitute(from, to).simplify();
  }
};

Z3Oracle::Z3Oracle(const Policy& policy, unsigned timeout_ms)
    : impl_(std::make_unique<Impl>(policy, timeout_ms)) {}

Z3Oracle::~Z3Oracle() = default;

OracleResult Z3Oracle::Check(absl::Span<const sock_filter> program) {
  const auto start = std::chrono::steady_clock::now();
  OracleResult result;
  auto done = [&]() {
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    return result;
  };
  try {
    std::optional<z3::expr> ret = impl_->ProgramTerm(program, &result.reason);
    if (!ret) {
      result.answer = OracleAnswer::kUnsupported;
      return done();
    }
    z3::solver solver(impl_->ctx, "QF_BV");
    z3::params p(impl_->ctx);
    p.set("timeout", impl_->timeout_ms);
    solver.set(p);
    solver.add(*ret != impl_->meaning);
    switch (solver.check()) {
      case z3::unsat:
        result.answer = OracleAnswer::kEqual;
        break;
      case z3::sat: {
        result.answer = OracleAnswer::kDiffer;
        z3::model m = solver.get_model();
        uint32_t w[kWordCount];
        for (int i = 0; i < kWordCount; ++i) {
          w[i] = m.eval(impl_->words[i], true).get_numeral_uint();
        }
        std::memcpy(&result.raw, w, sizeof(w));
        result.program_ret = m.eval(*ret, true).get_numeral_uint();
        result.meaning_ret = m.eval(impl_->meaning, true).get_numeral_uint();
        break;
      }
      case z3::unknown:
        result.answer = OracleAnswer::kUnknown;
        result.reason = solver.reason_unknown();
        break;
    }
  } catch (const z3::exception& e) {
    result.answer = OracleAnswer::kUnknown;
    result.reason = absl::StrCat("z3: ", e.msg());
  }
  return done();
}

uint32_t Z3Oracle::MeaningOn(const seccomp_data& raw) {
  return impl_->Substitute(impl_->meaning, raw).get_numeral_uint();
}

std::optional<uint32_t> Z3Oracle::ProgramOn(
    absl::Span<const sock_filter> program, const seccomp_data& raw) {
  std::string why;
  std::optional<z3::expr> ret = impl_->ProgramTerm(program, &why);
  if (!ret) return std::nullopt;
  return impl_->Substitute(*ret, raw).get_numeral_uint();
}

}  // namespace seccompc

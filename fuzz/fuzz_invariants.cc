#include "fuzz/fuzz_invariants.h"

#include <linux/seccomp.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <set>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "compiler/arch/arch.h"
#include "compiler/arch/seccomp_data_layout.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/opcode.h"
#include "compiler/bpf/verifier.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/model/action.h"
#include "compiler/model/capabilities.h"
#include "compiler/prove/prove.h"
#include "compiler/reference/evaluate.h"
#include "compiler/reference/junk_high_words.h"

namespace seccompc {
namespace {

// Values where a wrong comparison against `c` would show: the constants
// +-1, with their 32-bit halves cleared, set, swapped or flipped.
void AddInterestingValues(const ArgCondition& c, std::vector<uint64_t>* out) {
  for (uint64_t k : {c.value, c.value_two}) {
    for (uint64_t d : {k - 1, k, k + 1}) {
      out->push_back(d);
      out->push_back(d & 0xffffffffull);
      out->push_back(d | 0xffffffff00000000ull);
      out->push_back(d ^ 0x100000000ull);
      out->push_back((d << 32) | (d >> 32));
      out->push_back((d & 0xffffffffull) | 0x8000000000000000ull);
    }
  }
  for (uint64_t low :
       {0x0ull, 0x1ull, 0x7fffffffull, 0x80000000ull, 0xffffffffull}) {
    out->push_back(low);
  }
  if (c.op == CmpOp::kMaskedEq) {
    out->push_back(c.value_two | ~c.value);
    out->push_back(c.value_two ^ (c.value & 0x0000000100000001ull));
  }
}

std::string DescribeData(const seccomp_data& d) {
  return absl::StrFormat("arch 0x%x nr %d args 0x%x,0x%x,0x%x,0x%x,0x%x,0x%x",
                         d.arch, d.nr, d.args[0], d.args[1], d.args[2],
                         d.args[3], d.args[4], d.args[5]);
}

// Runs the program and the reference on logical data `d`.
absl::Status CheckOne(const CompiledFilter& f, const seccomp_data& d) {
  const Verdict want = Evaluate(f.policy, d);
  seccomp_data raw = d;
  for (const ArchPolicy& ap : f.policy.arches) {
    if (ap.arch->audit_arch == d.arch) raw = AsLaidOutFor(d, *ap.arch);
  }
  absl::StatusOr<uint32_t> got = RunProgram(f.program, raw);
  if (!got.ok()) {
    return absl::InternalError(absl::StrCat("interpreter failed on ",
                                            DescribeData(d), ": ",
                                            got.status().ToString()));
  }
  const std::optional<Action> action = ActionFromRet(*got);
  if (!action.has_value() || !(*action == want.action)) {
    return absl::InternalError(absl::StrFormat(
        "%s: reference says %s, compiled program returns 0x%08x (%s)",
        DescribeData(d), want.action.ToString(), *got,
        action.has_value() ? action->ToString() : "undefined action"));
  }
  return absl::OkStatus();
}

// `ap` with every constant that is a 32-bit value on its ABI written the
// other way (zero-extended <-> sign-extended from bit 31: 0xffffff9c <->
// 0xffffffffffffff9c); others unchanged. On a 32-bit ABI both spellings
// must mean the same (model/policy.h).
ArchPolicy OtherSpelling(const ArchPolicy& ap) {
  auto flip = [](uint64_t k) -> uint64_t {
    const std::optional<uint32_t> low = ConstantOn32BitAbi(k);
    if (!low || (*low & 0x80000000u) == 0) return k;
    return k == *low ? (k | 0xffffffff00000000ull) : *low;
  };
  ArchPolicy out = ap;
  for (auto& [nr, rules] : out.syscalls) {
    for (PolicyRule& r : rules) {
      for (ArgCondition& c : r.conditions) {
        c.value = flip(c.value);
        c.value_two = flip(c.value_two);
      }
    }
  }
  return out;
}

// The reference's verdict on `d` is the same for `other_spelling`.
absl::Status CheckOtherSpelling(const CompiledFilter& f,
                                const Policy& other_spelling,
                                const seccomp_data& d) {
  const Verdict want = Evaluate(f.policy, d);
  const Verdict other = Evaluate(other_spelling, d);
  if (!(other.action == want.action)) {
    return absl::InternalError(absl::StrFormat(
        "%s: the reference says %s, but %s with the 32-bit constants "
        "spelled the other way (zero- vs sign-extended)",
        DescribeData(d), want.action.ToString(), other.action.ToString()));
  }
  return absl::OkStatus();
}

absl::Status CheckArch(const CompiledFilter& f, const ArchPolicy& ap,
                       int budget, std::mt19937_64& rng) {
  seccomp_data d{};
  d.arch = ap.arch->audit_arch;
  auto check_nr = [&](uint32_t nr) -> absl::Status {
    --budget;
    d.nr = static_cast<int>(nr);
    for (auto& a : d.args) a = 0;
    return CheckOne(f, d);
  };
  // Numbers with rules and their neighbours (range edges), table edges,
  // the x32 bit and the sign bit.
  std::set<uint32_t> nrs = {
      0,           ap.arch->nr_base, ap.arch->max_nr, ap.arch->max_nr + 1,
      0x40000000u, 0x7fffffffu,      0x80000000u,     0xffffffffu};
  for (const auto& [nr, rules] : ap.syscalls) {
    if (nrs.size() > static_cast<size_t>(budget / 2)) break;
    nrs.insert({nr - 1, nr, nr + 1});
  }
  for (uint32_t nr : nrs) {
    if (absl::Status s = check_nr(nr); !s.ok()) return s;
  }
  for (int i = 0; i < 16 && budget > 0; ++i) {
    const uint32_t span = ap.arch->max_nr - ap.arch->nr_base + 64;
    if (absl::Status s = check_nr(ap.arch->nr_base + rng() % span); !s.ok()) {
      return s;
    }
  }
  // Argument vectors for numbers with conditions, round-robin until the
  // budget is spent.
  std::vector<std::pair<uint32_t, std::vector<std::vector<uint64_t>>>> arg_nrs;
  for (const auto& [nr, rules] : ap.syscalls) {
    std::vector<std::vector<uint64_t>> per_index(6);
    bool any = false;
    for (const PolicyRule& r : rules) {
      for (const ArgCondition& c : r.conditions) {
        if (c.index >= 6) continue;
        AddInterestingValues(c, &per_index[c.index]);
        any = true;
      }
    }
    if (any) arg_nrs.emplace_back(nr, std::move(per_index));
  }
  if (arg_nrs.empty()) return absl::OkStatus();
  // The policy with `ap`'s constants spelled the other way (32-bit ABIs).
  std::optional<Policy> other_spelling;
  if (ArgumentsAre32Bit(*ap.arch)) {
    other_spelling = f.policy;
    for (ArchPolicy& a : other_spelling->arches) {
      if (a.arch == ap.arch) a = OtherSpelling(ap);
    }
  }
  const int rounds = std::max(4, budget / static_cast<int>(arg_nrs.size()));
  for (const auto& [nr, per_index] : arg_nrs) {
    d.nr = static_cast<int>(nr);
    for (int n = 0; n < rounds; ++n) {
      for (int j = 0; j < 6; ++j) {
        const std::vector<uint64_t>& v = per_index[j];
        d.args[j] = v.empty() || rng() % 4 == 0 ? (rng() % 3 == 0 ? 0 : rng())
                                                : v[rng() % v.size()];
      }
      if (absl::Status s = CheckOne(f, d); !s.ok()) return s;
      // 32-bit ABIs: the same low words under junk high words (int 0x80
      // from a 64-bit task) must get the same answer as the reference, and
      // the constants' other spelling must not change it.
      if (!ArgumentsAre32Bit(*ap.arch)) continue;
      if (absl::Status s = CheckOtherSpelling(f, *other_spelling, d); !s.ok()) {
        return s;
      }
      for (const seccomp_data& junk : WithJunkHighWords(d, rng)) {
        if (absl::Status s = CheckOne(f, junk); !s.ok()) return s;
        if (absl::Status s = CheckOtherSpelling(f, *other_spelling, junk);
            !s.ok()) {
          return s;
        }
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckForeignArches(const CompiledFilter& f) {
  seccomp_data d{};
  for (uint32_t arch :
       {0u, 0xffffffffu, 0x4000003eu, 0x8000003eu, 0xc000003eu /* x86_64 */,
        0x40000003u /* x86 */, 0x80000016u /* s390x */, 0x16u /* s390 */,
        0xc00000b7u /* aarch64 */}) {
    d.arch = arch;
    for (int nr : {0, 59, 0x40000000 | 59}) {
      d.nr = nr;
      if (absl::Status s = CheckOne(f, d); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckParserInvariant(std::string_view text) {
  absl::StatusOr<ParsedProfile> parsed = ParseProfile(text, kFuzzSourceName);
  if (parsed.ok()) return absl::OkStatus();
  const absl::Status& s = parsed.status();
  if (s.message().empty()) {
    return absl::InternalError(
        absl::StrCat("parser error without a message: ", s.ToString()));
  }
  if (s.code() != absl::StatusCode::kInvalidArgument &&
      s.code() != absl::StatusCode::kResourceExhausted) {
    return absl::InternalError(
        absl::StrCat("parser error of unexpected code: ", s.ToString()));
  }
  if (!absl::StartsWith(s.message(), std::string(kFuzzSourceName))) {
    return absl::InternalError(
        absl::StrCat("parser error does not name the source: ", s.ToString()));
  }
  return absl::OkStatus();
}

absl::Status CheckCompiledFilter(const CompiledFilter& f, uint64_t seed,
                                 int samples_per_arch) {
  if (absl::Status s = VerifyProgram(f.program); !s.ok()) {
    return absl::InternalError(
        absl::StrCat("returned program fails the verifier: ", s.ToString()));
  }
  std::mt19937_64 rng(seed);
  for (const ArchPolicy& ap : f.policy.arches) {
    if (absl::Status s = CheckArch(f, ap, samples_per_arch, rng); !s.ok()) {
      return absl::InternalError(
          absl::StrCat(std::string(ap.arch->short_name), ": ", s.message()));
    }
  }
  return CheckForeignArches(f);
}

std::vector<FuzzTarget> CompileTargets() {
  std::vector<FuzzTarget> targets(3);
  targets[0].name = "x86_64+x86+x32 docker 6.1";
  targets[0].options.target.native = ArchId::kX86_64;
  targets[0].options.target.arches = {ArchId::kX86_64, ArchId::kX86,
                                      ArchId::kX32};
  targets[0].options.target.caps = DockerDefaultCapabilities();
  targets[0].options.target.kernel = {6, 1};
  targets[1].name = "s390x (big-endian, archMap) none 4.4";
  targets[1].options.target.native = ArchId::kS390x;
  targets[1].options.target.caps = 0;
  targets[1].options.target.kernel = {4, 4};
  // Every other 32-bit ABI (arm, mips o32 and n32 in both byte orders,
  // ppc, parisc, m68k, sh): each reads constants as 32-bit values.
  targets[2].name = "aarch64 + every 32-bit ABI, no caps, 6.18";
  targets[2].options.target.native = ArchId::kAarch64;
  targets[2].options.target.arches = {ArchId::kAarch64};
  for (const ArchSpec& a : AllArches()) {
    if (ArgumentsAre32Bit(a) && a.has_table() && a.id != ArchId::kX86 &&
        a.id != ArchId::kS390) {
      targets[2].options.target.arches.push_back(a.id);
    }
  }
  targets[2].options.target.caps = 0;
  targets[2].options.target.kernel = {6, 18};
  return targets;
}

absl::Status CheckCompileInvariant(std::string_view text,
                                   int samples_per_arch) {
  const uint64_t seed = std::hash<std::string_view>()(text);
  for (const FuzzTarget& t : CompileTargets()) {
    absl::StatusOr<CompiledFilter> f =
        CompileProfileText(text, kFuzzSourceName, t.options);
    if (!f.ok()) {
      const absl::Status& s = f.status();
      if (s.message().empty() || s.code() == absl::StatusCode::kInternal ||
          s.code() == absl::StatusCode::kUnknown) {
        return absl::InternalError(absl::StrCat(
            t.name, ": compile error is empty or internal: ", s.ToString()));
      }
      continue;
    }
    if (absl::Status s = CheckCompiledFilter(*f, seed, samples_per_arch);
        !s.ok()) {
      return absl::InternalError(absl::StrCat(t.name, ": ", s.message()));
    }
  }
  return absl::OkStatus();
}

namespace {

// Both provers (prove.h): the default (the interval prover first) and the
// general one forced.
constexpr ProofMethod kProofMethods[] = {ProofMethod::kAuto,
                                         ProofMethod::kGeneral};

const char* MethodName(ProofMethod m) {
  return m == ProofMethod::kGeneral ? "general prover" : "default prover";
}

ProofResult ProveWith(ProofMethod method, const Policy& policy,
                      const Program& program) {
  ProveOptions options;
  options.method = method;
  return Prove(policy, program, options);
}

absl::Status CheckFaultRefuted(const CompiledFilter& f, ProofMethod method) {
  std::optional<Program> faulty = FlipFirstArgumentComparison(f.program);
  if (!faulty) return absl::OkStatus();
  const ProofResult r = ProveWith(method, f.policy, *faulty);
  if (r.outcome != ProofOutcome::kRefuted) {
    return absl::InternalError(
        absl::StrCat("a flipped argument comparison is not refuted: ",
                     r.outcome == ProofOutcome::kProved ? "proved" : r.reason));
  }
  const Counterexample& c = *r.counterexample;
  absl::StatusOr<uint32_t> ret = RunProgram(*faulty, c.raw);
  const Verdict v = Evaluate(f.policy, c.data);
  if (!ret.ok() || *ret != c.program_ret || v.action != c.meaning ||
      v.action.ToRet() == *ret) {
    return absl::InternalError(absl::StrCat(
        "the counterexample does not reproduce: ", DescribeCounterexample(c)));
  }
  return absl::OkStatus();
}

}  // namespace

std::optional<Program> FlipFirstArgumentComparison(const Program& program) {
  bool a_is_argument = false;
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const sock_filter& insn = program[pc];
    if (insn.code == (BPF_LD | BPF_W | BPF_ABS)) {
      a_is_argument = insn.k >= offsetof(seccomp_data, args);
    } else if (BPF_CLASS(insn.code) == BPF_LD ||
               BPF_CLASS(insn.code) == BPF_MISC) {
      a_is_argument = false;
    } else if (a_is_argument && IsConditionalJump(insn.code) &&
               insn.jt != insn.jf) {
      Program out = program;
      std::swap(out[pc].jt, out[pc].jf);
      return out;
    }
  }
  return std::nullopt;
}

absl::Status CheckProofInvariant(std::string_view text) {
  for (FuzzTarget& t : CompileTargets()) {
    t.options.prove = false;  // proved below, with the fault too
    absl::StatusOr<CompiledFilter> f =
        CompileProfileText(text, kFuzzSourceName, t.options);
    if (!f.ok()) continue;
    for (const ProofMethod method : kProofMethods) {
      const ProofResult r = ProveWith(method, f->policy, f->program);
      if (r.outcome != ProofOutcome::kProved) {
        return absl::InternalError(absl::StrCat(
            t.name, ": the compiler's program is not proved by the ",
            MethodName(method), ": ", ProofStatus(r).message()));
      }
      if (absl::Status s = CheckFaultRefuted(*f, method); !s.ok()) {
        return absl::InternalError(
            absl::StrCat(t.name, " (", MethodName(method), "): ", s.message()));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace seccompc

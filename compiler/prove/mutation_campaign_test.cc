// The mutation campaign: every single-instruction mutant of the compiled
// programs of the project's profiles, ../shared/realworld's (when present)
// and a few hostile shapes, for x86_64+x86+x32 and s390x, is proved,
// refuted or undecided, and each answer is checked by something else:
//  - a proved mutant must agree with compiler/reference on the sampled
//    inputs of fuzz/fuzz_invariants.h (rule numbers +-1, table edges, every
//    constant +-1, junk high words on 32-bit ABIs);
//  - a refuted mutant's counterexample must reproduce: the interpreter
//    returns the program's value, compiler/reference the meaning's, and
//    they differ;
//  - Z3 (z3_oracle.h, its own encoding of the program and of the meaning)
//    must find every proved mutant and every original program equal for
//    all inputs (unsat), and a sample of the refuted mutants different
//    (sat), with a model that reproduces through the interpreter and
//    compiler/reference.
// It runs twice: with the general prover forced, and with the default
// method (the interval prover first), where each mutant is also proved by
// both methods forced: the interval prover must give the general one's
// answer, or not apply (counted). Zero disagreements; the counts are
// printed. Mutations: jump constants
// +-1 and bit flips, jt/jf swapped, jump targets +-1, another comparison,
// return values changed, load offsets +-4, ALU constants and operations.
// Mutants the kernel would refuse (VerifyProgram) are counted and skipped.
#include <linux/audit.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "compiler/bpf/bpf.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "compiler/compile.h"
#include "compiler/model/capabilities.h"
#include "compiler/prove/prove.h"
#include "compiler/prove/z3_oracle.h"
#include "compiler/reference/evaluate.h"
#include "fuzz/fuzz_invariants.h"
#include "gtest/gtest.h"
#include "tests/profile_files.h"

namespace seccompc {
namespace {

// Per program at most this many mutants (an even sample of all of them),
// so that the test stays under a minute on a loaded machine; the
// environment variable SECCOMPC_MUTANTS_PER_PROGRAM changes it (0: all).
size_t MaxMutantsPerProgram() {
  const char* env = std::getenv("SECCOMPC_MUTANTS_PER_PROGRAM");
  if (env == nullptr || *env == '\0') return 80;
  const size_t n = std::strtoull(env, nullptr, 10);
  return n == 0 ? SIZE_MAX : n;
}

// Refuted mutants per program that Z3 also checks (an even sample; the
// proved ones and the originals are all checked):
// SECCOMPC_Z3_REFUTED_PER_PROGRAM changes it (0: all).
size_t MaxZ3RefutedPerProgram() {
  const char* env = std::getenv("SECCOMPC_Z3_REFUTED_PER_PROGRAM");
  if (env == nullptr || *env == '\0') return 3;
  const size_t n = std::strtoull(env, nullptr, 10);
  return n == 0 ? SIZE_MAX : n;
}

// Per Z3 query; a timeout is counted (z3_unknown), not taken as an answer.
constexpr unsigned kZ3TimeoutMs = 20000;

struct Counts {
  size_t programs = 0;
  size_t mutants = 0;
  size_t rejected_by_verifier = 0;
  size_t proved = 0;
  size_t refuted = 0;
  size_t undecided = 0;
  // Default method only: mutants the interval prover leaves to the
  // general one.
  size_t not_intervals = 0;
  std::vector<std::string> disagreements;
  // Z3's answers: equal (unsat) on proved programs, differ (sat, model
  // reproduced) on refuted ones.
  size_t z3_equal = 0;
  size_t z3_differ = 0;
  size_t z3_unknown = 0;
  double z3_seconds = 0;
  double z3_max_seconds = 0;
};

void AddJumpMutants(const sock_filter& insn, std::vector<sock_filter>* out) {
  if (BPF_OP(insn.code) == BPF_JA) {
    for (uint32_t k : {insn.k + 1, insn.k - 1}) {
      out->push_back(Stmt(insn.code, k));
    }
    return;
  }
  for (uint32_t k : {insn.k + 1, insn.k - 1, insn.k ^ 1u, insn.k ^ 2u,
                     insn.k ^ 0x40000000u, insn.k ^ 0x80000000u}) {
    out->push_back(Jump(insn.code, k, insn.jt, insn.jf));
  }
  out->push_back(Jump(insn.code, insn.k, insn.jf, insn.jt));
  out->push_back(Jump(insn.code, insn.k, insn.jt + 1, insn.jf));
  out->push_back(Jump(insn.code, insn.k, insn.jt, insn.jf + 1));
  if (insn.jt > 0)
    out->push_back(Jump(insn.code, insn.k, insn.jt - 1, insn.jf));
  if (insn.jf > 0)
    out->push_back(Jump(insn.code, insn.k, insn.jt, insn.jf - 1));
  for (uint16_t op : {BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET}) {
    if (op == BPF_OP(insn.code)) continue;
    out->push_back(
        Jump(static_cast<uint16_t>(BPF_JMP | op | BPF_SRC(insn.code)), insn.k,
             insn.jt, insn.jf));
  }
}

void AddOtherMutants(const sock_filter& insn, std::vector<sock_filter>* out) {
  switch (BPF_CLASS(insn.code)) {
    case BPF_RET:
      if (BPF_RVAL(insn.code) != BPF_K) return;
      for (uint32_t k : {insn.k ^ 1u, insn.k + 0x10000u, insn.k ^ 0x80000000u,
                         insn.k == SECCOMP_RET_ALLOW ? SECCOMP_RET_ERRNO | 1u
                                                     : SECCOMP_RET_ALLOW}) {
        out->push_back(Ret(k));
      }
      return;
    case BPF_LD:
      if (BPF_MODE(insn.code) != BPF_ABS) return;
      out->push_back(Stmt(insn.code, insn.k + 4));
      out->push_back(Stmt(insn.code, insn.k - 4));
      return;
    case BPF_ALU:
      if (BPF_SRC(insn.code) != BPF_K) return;
      out->push_back(Stmt(insn.code, insn.k ^ 1u));
      out->push_back(Stmt(insn.code, insn.k ^ 0x80000000u));
      out->push_back(Stmt(BPF_ALU | BPF_OR | BPF_K, insn.k));
      return;
  }
}

std::vector<Program> Mutants(const Program& program) {
  std::vector<Program> all;
  for (size_t pc = 0; pc < program.size(); ++pc) {
    std::vector<sock_filter> replacements;
    if (BPF_CLASS(program[pc].code) == BPF_JMP) {
      AddJumpMutants(program[pc], &replacements);
    } else {
      AddOtherMutants(program[pc], &replacements);
    }
    for (const sock_filter& r : replacements) {
      if (r == program[pc]) continue;
      Program m = program;
      m[pc] = r;
      all.push_back(std::move(m));
    }
  }
  const size_t max = MaxMutantsPerProgram();
  if (all.size() <= max) return all;
  std::vector<Program> sample;
  const double stride = static_cast<double>(all.size()) / max;
  for (size_t i = 0; i < max; ++i) {
    sample.push_back(all[static_cast<size_t>(i * stride)]);
  }
  return sample;
}

// Empty when the counterexample reproduces through the interpreter and
// the reference evaluator.
std::string CheckCounterexample(const Policy& policy, const Program& program,
                                const Counterexample& c) {
  absl::StatusOr<uint32_t> ret = RunProgram(program, c.raw);
  if (!ret.ok()) return std::string(ret.status().message());
  const Verdict v = Evaluate(policy, c.data);
  if (*ret != c.program_ret) return "the interpreter returns another value";
  if (v.action != c.meaning) return "the reference means another action";
  if (v.action.ToRet() == *ret) return "the reference agrees with the program";
  return "";
}

// seccomp_data as the ABI sees it from the words the program reads: the
// arguments in the byte order of the target's ABI with that arch value
// (both x86_64 and x32 are little-endian; any order for an unknown arch).
seccomp_data AbiView(const Policy& policy, const seccomp_data& raw) {
  bool big = false;
  for (const ArchPolicy& a : policy.arches) {
    if (a.arch->audit_arch == raw.arch)
      big = a.arch->byte_order == ByteOrder::kBig;
  }
  seccomp_data d = raw;
  if (!big) return d;
  auto swap_words = [](uint64_t v) { return (v << 32) | (v >> 32); };
  d.instruction_pointer = swap_words(raw.instruction_pointer);
  for (int i = 0; i < 6; ++i) d.args[i] = swap_words(raw.args[i]);
  return d;
}

// Z3 on `program`; `proved` is the prover's answer (proved or refuted).
// Records the answer in `counts`; a different answer, or a model that does
// not reproduce, is a disagreement.
void CheckWithZ3(const std::string& name, const Policy& policy,
                 const Program& program, bool proved, Z3Oracle* oracle,
                 Counts* counts) {
  const OracleResult z = oracle->Check(program);
  counts->z3_seconds += z.seconds;
  counts->z3_max_seconds = std::max(counts->z3_max_seconds, z.seconds);
  switch (z.answer) {
    case OracleAnswer::kUnknown:
      ++counts->z3_unknown;
      return;
    case OracleAnswer::kUnsupported:
      counts->disagreements.push_back(
          absl::StrCat(name, ": Z3 oracle cannot encode it: ", z.reason));
      return;
    case OracleAnswer::kEqual:
      if (!proved) {
        counts->disagreements.push_back(
            absl::StrCat(name, ": refuted, but Z3 finds it equal"));
        return;
      }
      ++counts->z3_equal;
      return;
    case OracleAnswer::kDiffer: {
      absl::StatusOr<uint32_t> run = RunProgram(program, z.raw);
      const uint32_t reference =
          Evaluate(policy, AbiView(policy, z.raw)).action.ToRet();
      std::string wrong;
      if (proved) wrong = "proved, but Z3 finds a difference";
      if (!run.ok() || *run != z.program_ret)
        wrong = "Z3's program value differs from the interpreter's";
      if (reference != z.meaning_ret)
        wrong = "Z3's meaning differs from compiler/reference";
      if (z.program_ret == z.meaning_ret) wrong = "Z3's model is no difference";
      if (!wrong.empty()) {
        counts->disagreements.push_back(absl::StrFormat(
            "%s: %s (Z3 model arch 0x%x nr %d: program 0x%x meaning 0x%x)",
            name, wrong, z.raw.arch, z.raw.nr, z.program_ret, z.meaning_ret));
        return;
      }
      ++counts->z3_differ;
      return;
    }
  }
}

ProofResult ProveWith(ProofMethod method, const Policy& policy,
                      const Program& program) {
  ProveOptions options;
  options.method = method;
  return Prove(policy, program, options);
}

// The interval prover forced against the general one forced: the same
// outcome, or the interval prover does not apply.
void CompareMethods(const std::string& name, const Policy& policy,
                    const Program& mutant, Counts* counts) {
  const ProofResult general = ProveWith(ProofMethod::kGeneral, policy, mutant);
  const ProofResult fast = ProveWith(ProofMethod::kIntervals, policy, mutant);
  if (fast.outcome == general.outcome) return;
  if (fast.outcome == ProofOutcome::kUndecided &&
      fast.reason.find("interval prover does not apply") != std::string::npos) {
    ++counts->not_intervals;
    return;
  }
  counts->disagreements.push_back(absl::StrCat(
      name, ": the interval prover says ", static_cast<int>(fast.outcome), " (",
      fast.counterexample ? DescribeCounterexample(*fast.counterexample)
                          : fast.reason,
      "), the general one ", static_cast<int>(general.outcome)));
}

void RunCampaign(const std::string& name, const CompiledFilter& original,
                 ProofMethod method, Z3Oracle* oracle, Counts* counts) {
  ++counts->programs;
  const size_t z3_refuted_max = MaxZ3RefutedPerProgram();
  std::vector<Program> refuted;
  for (const Program& mutant : Mutants(original.program)) {
    ++counts->mutants;
    if (!VerifyProgram(mutant).ok()) {
      ++counts->rejected_by_verifier;
      continue;
    }
    const ProofResult r = ProveWith(method, original.policy, mutant);
    if (method == ProofMethod::kAuto) {
      CompareMethods(name, original.policy, mutant, counts);
    }
    switch (r.outcome) {
      case ProofOutcome::kProved: {
        ++counts->proved;
        CompiledFilter f = original;
        f.program = mutant;
        if (absl::Status s = CheckCompiledFilter(f, counts->mutants); !s.ok()) {
          counts->disagreements.push_back(
              absl::StrCat(name, ": proved, but ", s.message()));
        }
        CheckWithZ3(name, original.policy, mutant, /*proved=*/true, oracle,
                    counts);
        break;
      }
      case ProofOutcome::kRefuted: {
        ++counts->refuted;
        const std::string wrong =
            CheckCounterexample(original.policy, mutant, *r.counterexample);
        if (!wrong.empty()) {
          counts->disagreements.push_back(absl::StrCat(
              name, ": counterexample ",
              DescribeCounterexample(*r.counterexample), ": ", wrong));
        }
        refuted.push_back(mutant);
        break;
      }
      case ProofOutcome::kUndecided:
        ++counts->undecided;
        break;
    }
  }
  // An even sample of the refuted mutants: Z3 must find each different.
  const size_t take = std::min(refuted.size(), z3_refuted_max);
  for (size_t i = 0; i < take; ++i) {
    CheckWithZ3(name, original.policy, refuted[i * refuted.size() / take],
                /*proved=*/false, oracle, counts);
  }
}

std::vector<std::pair<std::string, std::string>> HostileProfiles() {
  std::string many_args = R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[)";
  for (int i = 0; i < 40; ++i) {
    absl::StrAppend(&many_args, i ? "," : "",
                    R"({"names":["ioctl"],"action":")",
                    i % 2 ? "SCMP_ACT_KILL" : "SCMP_ACT_ALLOW",
                    R"(","args":[{"index":1,"value":)", i * 7919,
                    R"(,"op":"SCMP_CMP_EQ"}]})");
  }
  many_args += "]}";
  const std::string every_op = R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
    {"names":["read"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":3,"op":"SCMP_CMP_GT"}]},
    {"names":["write"],"action":"SCMP_ACT_TRAP","args":[{"index":2,"value":4096,"op":"SCMP_CMP_LE"},{"index":0,"value":2,"op":"SCMP_CMP_NE"}]},
    {"names":["openat"],"action":"SCMP_ACT_LOG","args":[{"index":2,"value":3,"valueTwo":1,"op":"SCMP_CMP_MASKED_EQ"}]},
    {"names":["mmap"],"action":"SCMP_ACT_KILL_PROCESS","args":[{"index":2,"value":4294967295,"op":"SCMP_CMP_GE"}]},
    {"names":["close"],"action":"SCMP_ACT_ERRNO","errnoRet":9,"args":[{"index":0,"value":100,"op":"SCMP_CMP_LT"}]}]})";
  return {{"hostile-40-ioctl-rules", many_args},
          {"hostile-every-op", every_op}};
}

std::vector<std::pair<std::string, CompileOptions>> Targets() {
  std::vector<std::pair<std::string, CompileOptions>> out;
  CompileOptions x86;
  x86.target.native = ArchId::kX86_64;
  x86.target.arches = {ArchId::kX86_64, ArchId::kX86, ArchId::kX32};
  x86.target.caps = DockerDefaultCapabilities();
  x86.prove = false;  // the campaign proves (and counts) itself
  out.push_back({"x86_64+x86+x32", x86});
  CompileOptions s390x = x86;
  s390x.target.native = ArchId::kS390x;
  s390x.target.arches = {ArchId::kS390x, ArchId::kS390};
  out.push_back({"s390x+s390", s390x});
  return out;
}

class MutationCampaignTest : public testing::TestWithParam<ProofMethod> {};

INSTANTIATE_TEST_SUITE_P(Methods, MutationCampaignTest,
                         testing::Values(ProofMethod::kGeneral,
                                         ProofMethod::kAuto),
                         [](const testing::TestParamInfo<ProofMethod>& info) {
                           return info.param == ProofMethod::kGeneral
                                      ? "General"
                                      : "Auto";
                         });

TEST_P(MutationCampaignTest, EveryAnswerIsConfirmed) {
  const ProofMethod method = GetParam();
  std::vector<std::pair<std::string, std::string>> profiles;  // name, text
  const std::string root = SourceRoot();
  ASSERT_FALSE(root.empty());
  std::vector<std::string> files = JsonFiles(root + "/profiles");
  const std::vector<std::string> real = RealWorldProfiles();
  if (real.empty()) {
    std::printf("../shared/realworld absent: the project's profiles only\n");
  }
  files.insert(files.end(), real.begin(), real.end());
  for (const std::string& f : files) profiles.push_back({f, ""});
  for (auto& h : HostileProfiles()) profiles.push_back(h);

  Counts counts;
  size_t original_not_proved = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& [name, text] : profiles) {
    for (const auto& [target_name, options] : Targets()) {
      absl::StatusOr<CompiledFilter> f =
          text.empty() ? CompileProfileFile(name, options)
                       : CompileProfileText(text, name, options);
      ASSERT_TRUE(f.ok()) << f.status();
      const ProofResult r = ProveWith(method, f->policy, f->program);
      if (r.outcome != ProofOutcome::kProved) {
        ++original_not_proved;
        ADD_FAILURE() << name << " for " << target_name
                      << ": the compiler's own program is not proved: "
                      << ProofStatus(r).message();
        continue;
      }
      const std::string program_name =
          absl::StrCat(name, " (", target_name, ")");
      Z3Oracle oracle(f->policy, kZ3TimeoutMs);
      CheckWithZ3(program_name + " original", f->policy, f->program,
                  /*proved=*/true, &oracle, &counts);
      RunCampaign(program_name, *f, method, &oracle, &counts);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf(
      "mutation campaign: %zu programs, %zu mutants: %zu refused by the "
      "verifier, %zu proved (all agree with the reference on the sampled "
      "inputs), %zu refuted (every counterexample reproduced), %zu "
      "undecided; %zu disagreements; %.1f s\n",
      counts.programs, counts.mutants, counts.rejected_by_verifier,
      counts.proved, counts.refuted, counts.undecided,
      counts.disagreements.size(), seconds);
  if (method == ProofMethod::kAuto) {
    std::printf(
        "interval prover: the general prover's answer on every mutant but "
        "%zu, which it leaves to the general prover\n",
        counts.not_intervals);
  }
  std::printf(
      "Z3 oracle: %zu equal (every original and every proved mutant), %zu "
      "different (sampled refuted mutants, every model reproduced), %zu "
      "unknown (timeout %u ms); %.1f s in Z3, at most %.2f s per query\n",
      counts.z3_equal, counts.z3_differ, counts.z3_unknown, kZ3TimeoutMs,
      counts.z3_seconds, counts.z3_max_seconds);
  for (const std::string& d : counts.disagreements) ADD_FAILURE() << d;
  EXPECT_EQ(original_not_proved, 0u);
  EXPECT_GT(counts.refuted, counts.programs);  // the campaign can fail
  EXPECT_EQ(counts.undecided, 0u);
  EXPECT_EQ(counts.z3_equal, counts.proved + counts.programs);
  EXPECT_GT(counts.z3_differ, 0u);
}

}  // namespace
}  // namespace seccompc

// Compile time, Google Benchmark: for each benchmark profile (see
// bench_profiles.h),
//   seccompc/<profile>          parse + resolve + generate + verify +
//                               prove (CompileProfileText, from the JSON
//                               text: the proof is on by default);
//   seccompc-noprove/<profile>  the same with CompileOptions::prove off;
//   prove/<profile>             the proof alone (compiler/prove), on the
//                               compiled program and its Policy;
//   prove-general/<profile>     the same with the general prover forced
//                               (ProveOptions::method), which the default
//                               leaves for shapes the code generator does
//                               not emit;
//   seccompc-parse/<profile>, seccompc-resolve/<profile>,
//   seccompc-generate/<profile> the stages alone (generate includes the
//                               verifier run GenerateProgram always does);
//   seccompc-generate-balanced/<profile>
//                               generate with the balanced search instead
//                               of the optimal one (range_search.h);
//   libseccomp-tree/<profile>, libseccomp-list/<profile>
//                               seccomp_init + seccomp_rule_add_array for the
//                               same rule set + seccomp_merge +
//                               seccomp_export_bpf, from the translated
//                               Policy (libseccomp_peer.h), i.e. WITHOUT
//                               parsing or resolving: libseccomp is given
//                               the head start.
// All in one process and, by default, randomly interleaved repetitions
// (the machine is shared). After Google Benchmark's own output, Markdown
// tables of the medians and the ratios to seccompc, the last one the
// targets' view: libseccomp's tree against seccompc without and with the
// proof.
//
//   bazel run -c opt --define=with_libseccomp=1 //bench:compile_time
#include <benchmark/benchmark.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "bench/bench_profiles.h"
#include "bench/libseccomp_peer.h"
#include "compiler/codegen/codegen.h"
#include "compiler/compile.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/prove/prove.h"

namespace seccompc {
namespace {

// Unless the caller gives --benchmark_repetitions (the hostile inputs keep
// their own 3).
constexpr int kRepetitions = 7;

// Google Benchmark's console output, plus the medians kept for the summary.
class MedianRecorder : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Aggregate || run.aggregate_name != "median" ||
          run.error_occurred) {
        continue;
      }
      // As registered: without "/repeats:N", "/iterations:N" or the
      // aggregate's suffix.
      const std::string& name = run.run_name.function_name;
      // In microseconds whatever the display unit.
      const double to_us =
          benchmark::GetTimeUnitMultiplier(benchmark::kMicrosecond) /
          benchmark::GetTimeUnitMultiplier(run.time_unit);
      medians_[name] = {run.GetAdjustedCPUTime() * to_us,
                        run.GetAdjustedRealTime() * to_us};
    }
  }
  // CPU and wall-clock medians in µs; -1 when the benchmark did not run.
  struct Median {
    double cpu_us = -1;
    double real_us = -1;
  };
  Median Get(const std::string& name) const {
    auto it = medians_.find(name);
    return it == medians_.end() ? Median{} : it->second;
  }

 private:
  std::map<std::string, Median> medians_;
};

// Stops the benchmark with a message instead of measuring a failure.
template <typename T>
bool Ok(benchmark::State& state, const absl::StatusOr<T>& result) {
  if (result.ok()) return true;
  state.SkipWithError(result.status().ToString().c_str());
  return false;
}

void Register(const std::string& name,
              std::function<void(benchmark::State&)> fn) {
  benchmark::RegisterBenchmark(name.c_str(), fn)
      ->Unit(benchmark::kMicrosecond)
      ->DisplayAggregatesOnly(true);
}

// The repetitions the run uses: the last --benchmark_repetitions given,
// else kRepetitions (which Main passes first, so that a caller's wins).
int RepetitionsOf(int argc, char** argv) {
  int repetitions = kRepetitions;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    int n = 0;
    if (absl::ConsumePrefix(&arg, "--benchmark_repetitions=") &&
        absl::SimpleAtoi(arg, &n)) {
      repetitions = n;
    }
  }
  return repetitions;
}

// Registers a benchmark of `stage()`, which returns an absl::StatusOr: the
// result is kept from being optimised away, and an error stops the
// benchmark instead of being measured.
template <typename Stage>
void RegisterStage(const std::string& name, Stage stage) {
  Register(name, [stage](benchmark::State& state) {
    for (auto _ : state) {
      auto result = stage();
      if (!Ok(state, result)) return;
      benchmark::DoNotOptimize(*result);
    }
  });
}

int Main(int argc, char** argv) {
  absl::StatusOr<std::vector<BenchProfile>> loaded = BenchProfiles();
  if (!loaded.ok()) {
    absl::FPrintF(stderr, "%s\n", loaded.status().ToString());
    return 1;
  }
  // The registered benchmarks point into these; they run before Main()
  // returns.
  const std::vector<BenchProfile> profiles = *std::move(loaded);
  const CompileOptions options_storage = BenchCompileOptions();
  const CompileOptions* options = &options_storage;
  struct Inputs {
    Profile profile;
    Policy policy;
    LibseccompRuleSet rules;
  };
  std::vector<std::unique_ptr<Inputs>> inputs;
  std::vector<std::string> notes;
  CompileOptions noprove_storage = options_storage;
  noprove_storage.prove = false;
  const CompileOptions* noprove = &noprove_storage;
  // The proof's size case: every x86_64 syscall with an errno of its own
  // (one decision per number: the largest program a table makes).
  std::vector<BenchProfile> proof_profiles = profiles;
  {
    BenchProfile every;
    every.name = "every-x86_64-syscall-own-errno";
    every.path = every.name + ".json";
    every.text = R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[)";
    int errno_value = 0;
    for (const SyscallDef& def : GetArch(ArchId::kX86_64).syscalls) {
      ++errno_value;
      absl::StrAppend(&every.text, errno_value > 1 ? "," : "", R"({"names":[")",
                      absl::string_view(def.name.data(), def.name.size()),
                      R"("],"action":"SCMP_ACT_ERRNO","errnoRet":)",
                      errno_value, "}");
    }
    every.text += "]}";
    proof_profiles.push_back(std::move(every));
  }
  struct ProofInputs {
    std::string name;
    CompiledFilter filter;
  };
  std::vector<std::unique_ptr<ProofInputs>> proof_inputs;
  for (const BenchProfile& p : proof_profiles) {
    absl::StatusOr<CompiledFilter> f =
        CompileProfileText(p.text, p.path, *noprove);
    if (!f.ok()) {
      notes.push_back(p.name + ": " + f.status().ToString());
      continue;
    }
    proof_inputs.push_back(
        std::make_unique<ProofInputs>(ProofInputs{p.name, *std::move(f)}));
    const ProofInputs* in = proof_inputs.back().get();
    // The proof's work, for the README's explanation of its cost.
    const ProofStats work = Prove(in->filter.policy, in->filter.program).stats;
    notes.push_back(absl::StrCat("prove/", p.name, ": ", work.nodes,
                                 " decision-diagram nodes, ", work.states,
                                 " states"));
    RegisterStage("seccompc-noprove/" + p.name, [&p, noprove] {
      return CompileProfileText(p.text, p.path, *noprove);
    });
    for (const ProofMethod method :
         {ProofMethod::kAuto, ProofMethod::kGeneral}) {
      const std::string stage =
          method == ProofMethod::kAuto ? "prove/" : "prove-general/";
      RegisterStage(stage + p.name,
                    [in, method]() -> absl::StatusOr<ProofResult> {
                      ProveOptions options;
                      options.method = method;
                      ProofResult r =
                          Prove(in->filter.policy, in->filter.program, options);
                      if (r.outcome != ProofOutcome::kProved) {
                        return ProofStatus(r);
                      }
                      return r;
                    });
    }
    if (&p - proof_profiles.data() >= static_cast<ptrdiff_t>(profiles.size())) {
      RegisterStage("seccompc/" + p.name, [&p, options] {
        return CompileProfileText(p.text, p.path, *options);
      });
    }
  }

  for (const BenchProfile& p : profiles) {
    absl::StatusOr<ParsedProfile> parsed = ParseProfile(p.text, p.path);
    if (!parsed.ok()) {
      absl::FPrintF(stderr, "%s\n", parsed.status().ToString());
      return 1;
    }
    absl::StatusOr<Resolution> resolved =
        Resolve(parsed->profile, options->target, options->resolve);
    if (!resolved.ok()) {
      absl::FPrintF(stderr, "%s\n", resolved.status().ToString());
      return 1;
    }
    inputs.push_back(std::make_unique<Inputs>(
        Inputs{parsed->profile, resolved->policy, {}}));
    Inputs* in = inputs.back().get();
    const Profile* profile = &in->profile;
    const Policy* policy = &in->policy;

    RegisterStage("seccompc/" + p.name, [&p, options] {
      return CompileProfileText(p.text, p.path, *options);
    });
    RegisterStage("seccompc-parse/" + p.name,
                  [&p] { return ParseProfile(p.text, p.path); });
    RegisterStage("seccompc-resolve/" + p.name, [profile, options] {
      return Resolve(*profile, options->target, options->resolve);
    });
    RegisterStage("seccompc-generate/" + p.name, [policy, options] {
      return GenerateProgram(*policy, options->codegen);
    });
    // Where generate's time goes: the same without the optimal search.
    CodegenOptions balanced = options->codegen;
    balanced.search.max_optimal_ranges = 0;
    RegisterStage("seccompc-generate-balanced/" + p.name, [policy, balanced] {
      return GenerateProgram(*policy, balanced);
    });

    if (!LibseccompAvailable()) continue;
    absl::StatusOr<LibseccompRuleSet> rules = TranslatePolicy(*policy);
    if (!rules.ok()) {
      notes.push_back(p.name + ": " + rules.status().ToString());
      continue;
    }
    in->rules = *std::move(rules);
    const LibseccompRuleSet* rule_set = &in->rules;
    for (auto [label, layout] :
         {std::pair{"libseccomp-tree/", LibseccompLayout::kTree},
          std::pair{"libseccomp-list/", LibseccompLayout::kList}}) {
      RegisterStage(label + p.name, [rule_set, layout = layout] {
        return BuildLibseccompProgram(*rule_set, layout);
      });
    }
  }

  // The worst hostile shape found: ~58 MiB of distinct
  // ioctl EQ rules, actions alternating (every pair of rules may clash, the
  // order lint's worst case), which must end in a clear size error within
  // a second. Built here, not read from a file.
  struct Hostile {
    std::string name;
    std::string text;
    std::string result;  // the status it ends with
  };
  std::vector<std::unique_ptr<Hostile>> hostile;
  {
    auto h = std::make_unique<Hostile>();
    h->name = "ioctl-580k-rules-alternating";
    std::string& t = h->text;
    t = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[";
    for (int i = 0; i < 580000; ++i) {
      absl::StrAppend(&t, i > 0 ? "," : "",
                      "{\"names\":[\"ioctl\"],\"action\":\"",
                      i % 2 ? "SCMP_ACT_KILL" : "SCMP_ACT_ALLOW",
                      "\",\"args\":[{\"index\":1,\"value\":", i,
                      ",\"op\":\"SCMP_CMP_EQ\"}]}");
    }
    t += "]}";
    hostile.push_back(std::move(h));
  }
  for (const std::unique_ptr<Hostile>& h : hostile) {
    Hostile* hp = h.get();
    benchmark::RegisterBenchmark(
        ("hostile/" + h->name).c_str(),
        [hp, options](benchmark::State& state) {
          for (auto _ : state) {
            absl::StatusOr<CompiledFilter> f =
                CompileProfileText(hp->text, "hostile.json", *options);
            hp->result = f.ok()
                             ? absl::StrCat("a program of ", f->program.size(),
                                            " instructions")
                             : std::string(f.status().message());
          }
        })
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1)
        ->Repetitions(3)
        ->DisplayAggregatesOnly(true);
  }

  // Random interleaving and kRepetitions unless the caller says otherwise
  // (Google Benchmark takes the last of a flag given twice). A repetition
  // count set on each benchmark would silently override the caller's.
  std::vector<char*> args(argv, argv + argc);
  std::string interleave = "--benchmark_enable_random_interleaving=true";
  std::string repeat = absl::StrCat("--benchmark_repetitions=", kRepetitions);
  args.insert(args.begin() + 1, {interleave.data(), repeat.data()});
  const int repetitions = RepetitionsOf(argc, argv);
  int args_count = static_cast<int>(args.size());
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 1;
  MedianRecorder recorder;
  benchmark::RunSpecifiedBenchmarks(&recorder);
  benchmark::Shutdown();

  absl::PrintF(
      "\nMedians of %d repetitions, µs of CPU time per compile (wall clock "
      "in parentheses; libseccomp %s):\n\n",
      repetitions, LibseccompVersion());
  absl::PrintF(
      "| profile | seccompc (all stages) | parse | resolve | generate+verify "
      "| generate, balanced search | libseccomp tree | libseccomp list | tree "
      "/ seccompc | list / seccompc |\n"
      "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
  auto cell = [](MedianRecorder::Median m) {
    return m.cpu_us < 0 ? std::string("–")
                        : absl::StrFormat("%.0f (%.0f)", m.cpu_us, m.real_us);
  };
  auto ratio = [](MedianRecorder::Median a, MedianRecorder::Median b) {
    return a.cpu_us < 0 || b.cpu_us <= 0
               ? std::string("–")
               : absl::StrFormat("%.1fx", a.cpu_us / b.cpu_us);
  };
  for (const BenchProfile& p : profiles) {
    const auto ours = recorder.Get("seccompc/" + p.name);
    const auto tree = recorder.Get("libseccomp-tree/" + p.name);
    const auto list = recorder.Get("libseccomp-list/" + p.name);
    absl::PrintF("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                 p.name, cell(ours),
                 cell(recorder.Get("seccompc-parse/" + p.name)),
                 cell(recorder.Get("seccompc-resolve/" + p.name)),
                 cell(recorder.Get("seccompc-generate/" + p.name)),
                 cell(recorder.Get("seccompc-generate-balanced/" + p.name)),
                 cell(tree), cell(list), ratio(tree, ours), ratio(list, ours));
  }
  // The targets are stated against libseccomp's tree, with and without
  // the proof (bench/README.md).
  absl::PrintF(
      "\nAgainst libseccomp's tree (medians, µs of CPU time):\n\n"
      "| profile | libseccomp tree | seccompc without proof | ratio | "
      "seccompc with proof | ratio |\n|---|--:|--:|--:|--:|--:|\n");
  auto us = [](MedianRecorder::Median m) {
    return m.cpu_us < 0 ? std::string("–") : absl::StrFormat("%.0f", m.cpu_us);
  };
  for (const BenchProfile& p : profiles) {
    const auto tree = recorder.Get("libseccomp-tree/" + p.name);
    const auto without = recorder.Get("seccompc-noprove/" + p.name);
    const auto with = recorder.Get("seccompc/" + p.name);
    absl::PrintF("| %s | %s | %s | %s | %s | %s |\n", p.name, us(tree),
                 us(without), ratio(tree, without), us(with),
                 ratio(tree, with));
  }
  if (!LibseccompAvailable()) {
    absl::PrintF(
        "\nlibseccomp columns absent: rebuild with "
        "--define=with_libseccomp=1.\n");
  }
  absl::PrintF(
      "\nHostile input, generated (median of 3, ms of CPU time, wall clock "
      "in parentheses):\n\n| shape | bytes | ms | result |\n"
      "|---|--:|--:|---|\n");
  for (const std::unique_ptr<Hostile>& h : hostile) {
    const MedianRecorder::Median m = recorder.Get("hostile/" + h->name);
    absl::PrintF("| %s | %d | %s | %s |\n", h->name, h->text.size(),
                 m.cpu_us < 0 ? std::string("–")
                              : absl::StrFormat("%.0f (%.0f)", m.cpu_us / 1000,
                                                m.real_us / 1000),
                 h->result.substr(0, 120));
  }
  absl::PrintF(
      "\nThe proof (compiler/prove), medians in µs of CPU time (wall clock in "
      "parentheses):\n\n| profile | instructions | compile without proof | "
      "compile with proof | proof alone | proof / compile |\n"
      "|---|--:|--:|--:|--:|--:|\n");
  for (const std::unique_ptr<ProofInputs>& in : proof_inputs) {
    const auto without = recorder.Get("seccompc-noprove/" + in->name);
    const auto proof = recorder.Get("prove/" + in->name);
    absl::PrintF("| %s | %d | %s | %s | %s | %s |\n", in->name,
                 in->filter.program.size(), cell(without),
                 cell(recorder.Get("seccompc/" + in->name)), cell(proof),
                 ratio(proof, without));
  }
  for (const std::string& n : notes) absl::PrintF("\n%s\n", n);
  return 0;
}

}  // namespace
}  // namespace seccompc

int main(int argc, char** argv) { return seccompc::Main(argc, argv); }

#include "compiler/cli/prove.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "compiler/arch/arch.h"
#include "compiler/compile.h"

namespace seccompc::cli {
namespace {

std::string RetName(uint32_t ret) {
  if (std::optional<Action> a = ActionFromRet(ret)) return a->ToString();
  return absl::StrFormat("0x%08x", ret);
}

std::string DecidingRule(const Counterexample& c) {
  if (c.entry_index >= 0) return absl::StrCat("syscalls[", c.entry_index, "]");
  if (c.by_stub) return "the ENOSYS stub";
  if (c.abi == nullptr) return "an ABI outside the target";
  return "the default action";
}

}  // namespace

std::string CounterexampleLines(const Counterexample& c) {
  std::vector<std::string> args;
  for (uint64_t a : c.data.args) args.push_back(absl::StrFormat("0x%x", a));
  const ArchSpec* abi =
      c.abi != nullptr ? c.abi
                       : AbiOf(c.data.arch, static_cast<uint32_t>(c.data.nr));
  const std::string where = abi != nullptr
                                ? LowercaseArchName(*abi)
                                : absl::StrFormat("arch 0x%08x", c.data.arch);
  return absl::StrCat(
      "counterexample: ", where, " ", static_cast<uint32_t>(c.data.nr), " ",
      absl::StrJoin(args, " "), "\nprogram: ", RetName(c.program_ret),
      "\nprofile: ", c.meaning.ToString(), " (", DecidingRule(c), ")\n");
}

int RunProve(const std::vector<std::string>& args, const ProveFlags& flags) {
  if (args.size() != 2) {
    return Fail(kExitUsage, "prove takes a PROFILE and a PROGRAM");
  }
  absl::StatusOr<CompileOptions> options = MakeCompileOptions(flags.target);
  if (!options.ok()) return Fail(kExitUsage, options.status().message());
  options->prove = false;  // the policy is what we need here
  absl::StatusOr<CompiledFilter> f = CompileProfileFile(args[0], *options);
  if (!f.ok()) return Fail(kExitUsage, f.status().message());
  PrintWarnings(args[0], f->warnings);
  absl::StatusOr<std::string> bytes =
      ReadInput(args[1], kMaxInstructions * sizeof(sock_filter) * 2);
  if (!bytes.ok()) return Fail(kExitUsage, bytes.status().message());
  absl::StatusOr<Program> program = ParseProgramBytes(*bytes);
  if (!program.ok()) {
    return Fail(kExitUsage,
                absl::StrCat(args[1], ": ", program.status().message()));
  }
  const ProofResult r = Prove(f->policy, *program);
  const std::string arches = absl::StrJoin(
      f->policy.arches, "+", [](std::string* o, const ArchPolicy& a) {
        o->append(LowercaseArchName(*a.arch));
      });
  switch (r.outcome) {
    case ProofOutcome::kProved:
      std::printf("proved for %s: %s means %s for every input\n",
                  arches.c_str(), args[1].c_str(), args[0].c_str());
      return kExitOk;
    case ProofOutcome::kRefuted:
      std::fputs(CounterexampleLines(*r.counterexample).c_str(), stdout);
      return kExitInvalid;
    case ProofOutcome::kUndecided:
      break;
  }
  std::printf("undecided: %s\n", r.reason.c_str());
  return kExitUsage;
}

}  // namespace seccompc::cli

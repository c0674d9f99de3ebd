#include "compiler/cli/simulate.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <variant>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "compiler/analysis/case_table.h"
#include "compiler/arch/seccomp_data_layout.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "compiler/frontend/json_document.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/model/policy.h"
#include "compiler/reference/evaluate.h"
#include "compiler/util/status_macros.h"

namespace seccompc::cli {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxInputBytes = 64 << 20;

// What is being judged: a compiled profile (checked against the reference
// evaluator) or a bare program.
struct Judge {
  std::optional<CompiledFilter> filter;
  Program program;
  std::string source;
};

struct Case {
  const ArchSpec* abi = nullptr;
  uint32_t nr = 0;
  uint64_t args[6] = {};
  std::optional<ExpectedAction> expect;
  std::string expect_text;
  int line = 0;  // in the batch file
};

struct Outcome {
  Action action;
  uint32_t ret = 0;
  size_t instructions = 0;
  std::string why;      // "syscalls[3] (line 40)", "default action"
  std::string comment;  // the deciding entry's comment
  int entry_index = -1;
};

// --abi: one ABI name, any case.
absl::StatusOr<const ArchSpec*> ParseAbiFlag(absl::string_view name) {
  absl::StatusOr<const ArchSpec*> abi = ParseAbi(Std(name));
  if (!abi.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--abi: ", abi.status().message()));
  }
  return abi;
}

// A name of `abi`'s table, or a number in C syntax: the register's value,
// of which the kernel reads the low 32 bits (seccomp_data.nr is an int), so
// rax 0x10000006f runs getpgrp on x86_64. Without an explicit ABI an x86_64
// number with the x32 bit is x32's. `register_value`, when not null, gets
// the value as written.
absl::StatusOr<uint32_t> ParseSyscall(absl::string_view token,
                                      const ArchSpec** abi, bool abi_given,
                                      uint64_t* register_value = nullptr) {
  uint64_t value = 0;
  SECCOMPC_ASSIGN_OR_RETURN(const uint32_t nr,
                            ParseSyscallOf(**abi, Std(token), &value));
  if (register_value != nullptr) *register_value = value;
  if (!abi_given && (*abi)->id == ArchId::kX86_64 && (nr & kX32SyscallBit)) {
    *abi = &GetArch(ArchId::kX32);
  }
  return nr;
}

absl::StatusOr<Outcome> Decide(const Judge& judge, const Case& c) {
  seccomp_data data{};
  data.arch = c.abi->audit_arch;
  data.nr = static_cast<int>(c.nr);
  for (int i = 0; i < 6; ++i) data.args[i] = c.args[i];
  ExecutionStats stats;
  SECCOMPC_ASSIGN_OR_RETURN(
      const uint32_t ret,
      RunProgram(judge.program, AsLaidOutFor(data, *c.abi), &stats));
  std::optional<Action> compiled = ActionFromRet(ret);
  if (!compiled) {
    return absl::InvalidArgumentError(
        absl::StrFormat("the program returns 0x%08x, no seccomp action", ret));
  }
  Outcome out;
  out.action = *compiled;
  out.ret = ret;
  out.instructions = stats.instructions_executed;
  if (!judge.filter) {
    out.why = "compiled program";
    return out;
  }
  const Verdict reference = Evaluate(judge.filter->policy, data);
  if (reference.action != *compiled) {
    return absl::InternalError(absl::StrCat(
        "compiled program (", compiled->ToString(), ") and reference (",
        reference.action.ToString(), ") disagree"));
  }
  // A 32-bit ABI sees only the low words (model/policy.h); a 64-bit task
  // can leave anything in the high ones. Program and reference must give
  // the same answer whatever they hold.
  if (ArgumentsAre32Bit(*c.abi)) {
    for (uint64_t high : {0x1ull, 0x80000000ull, 0xffffffffull}) {
      seccomp_data junk = data;
      for (auto& a : junk.args) a = (a & 0xffffffffull) | (high << 32);
      absl::StatusOr<uint32_t> r =
          RunProgram(judge.program, AsLaidOutFor(junk, *c.abi));
      const Action want = Evaluate(judge.filter->policy, junk).action;
      if (!r.ok() || *r != want.ToRet() || want != reference.action) {
        return absl::InternalError(absl::StrFormat(
            "with high words 0x%x the compiled program or the reference "
            "answers differently",
            high));
      }
    }
  }
  switch (reference.reason) {
    case Verdict::Reason::kEnosysStub:
      out.why = "the ENOSYS rule (newer than the profile)";
      break;
    case Verdict::Reason::kRule: {
      const SyscallEntry& e =
          judge.filter->profile.syscalls[reference.entry_index];
      out.entry_index = reference.entry_index;
      out.why = absl::StrCat("syscalls[", reference.entry_index, "] (line ",
                             e.location.line, ")");
      out.comment = e.comment;
      break;
    }
    case Verdict::Reason::kDefault:
      out.why = "default action";
      break;
    case Verdict::Reason::kUnknownArch:
    case Verdict::Reason::kForeignAbi:
      out.why = "ABI not in the filter";
      break;
  }
  return out;
}

std::string SyscallName(const Case& c) {
  std::string_view name = c.abi->NameOf(c.nr);
  return name.empty() ? "?" : std::string(name);
}

json CaseJson(const Case& c, const Outcome& o) {
  json j;
  j["abi"] = std::string(c.abi->short_name);
  j["syscall"] = SyscallName(c);
  j["nr"] = c.nr;
  j["args"] = json::array();
  for (uint64_t a : c.args) j["args"].push_back(a);
  j["action"] = o.action.ToString();
  j["ret"] = absl::StrFormat("0x%08x", o.ret);
  j["instructions"] = o.instructions;
  j["why"] = o.why;
  if (o.entry_index >= 0) j["entry"] = o.entry_index;
  if (!o.comment.empty()) j["comment"] = o.comment;
  if (c.expect) {
    j["expected"] = c.expect_text;
    j["ok"] = c.expect->Matches(o.action);
  }
  if (c.line > 0) j["line"] = c.line;
  return j;
}

void PrintCase(const Case& c, const Outcome& o) {
  std::printf(
      "%s %s (nr %u) args [%s]: %s (0x%08x) by %s after %zu "
      "instructions%s%s\n",
      std::string(c.abi->short_name).c_str(), SyscallName(c).c_str(), c.nr,
      absl::StrJoin(c.args, ", ",
                    [](std::string* out, uint64_t v) {
                      absl::StrAppendFormat(out, "0x%x", v);
                    })
          .c_str(),
      o.action.ToString().c_str(), o.ret, o.why.c_str(), o.instructions,
      o.comment.empty() ? "" : "\n  entry comment: ", o.comment.c_str());
}

absl::StatusOr<Judge> LoadJudge(const std::string& path,
                                const SimulateFlags& flags) {
  SECCOMPC_ASSIGN_OR_RETURN(const std::string bytes,
                            ReadInput(path, kMaxInputBytes));
  Judge judge;
  judge.source = path;
  if (LooksLikeJson(bytes)) {
    SECCOMPC_ASSIGN_OR_RETURN(const CompileOptions options,
                              MakeCompileOptions(flags.target));
    SECCOMPC_ASSIGN_OR_RETURN(
        judge.filter,
        CompileProfileText(bytes, path == "-" ? "<stdin>" : path, options));
    PrintWarnings(path, judge.filter->warnings);
    judge.program = judge.filter->program;
    return judge;
  }
  absl::StatusOr<Program> program = ParseProgramBytes(bytes);
  if (!program.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        ": neither a profile nor a program: ", program.status().message()));
  }
  if (absl::Status s = VerifyProgram(*program); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": the kernel would refuse this program: ", s.message()));
  }
  judge.program = *std::move(program);
  return judge;
}

// The ABI a case without --abi uses: the profile's native arch, or for a
// bare program the --arch's first or this machine's.
absl::StatusOr<const ArchSpec*> DefaultAbi(const Judge& judge,
                                           const SimulateFlags& flags) {
  if (judge.filter) return judge.filter->policy.arches.front().arch;
  SECCOMPC_ASSIGN_OR_RETURN(const Target target,
                            ParseHostTarget(TargetTextOf(flags.target)));
  return &GetArch(target.native);
}

Case FromTable(const TableCase& t) {
  Case c;
  c.abi = t.abi;
  c.nr = t.nr;
  for (int i = 0; i < 6; ++i) c.args[i] = t.args[i];
  c.expect = t.expect;
  c.expect_text = t.expect_text;
  c.line = t.line;
  return c;
}

int RunBatch(const Judge& judge, const SimulateFlags& flags) {
  absl::StatusOr<std::string> text = ReadInput(flags.batch, kMaxInputBytes);
  if (!text.ok()) return Fail(kExitInvalid, text.status().message());
  absl::StatusOr<std::vector<TableCase>> table =
      ParseCaseTable(*text, flags.batch);
  if (!table.ok()) return Fail(kExitUsage, table.status().message());
  std::vector<Case> cases;
  for (const TableCase& t : *table) cases.push_back(FromTable(t));
  if (cases.empty()) {
    return Fail(kExitUsage, absl::StrCat(flags.batch, ": no cases"));
  }
  int failed = 0;
  json all = json::array();
  for (const Case& c : cases) {
    absl::StatusOr<Outcome> o = Decide(judge, c);
    if (!o.ok()) {
      return Fail(kExitInvalid, absl::StrCat(flags.batch, ":", c.line, ": ",
                                             o.status().message()));
    }
    const bool ok = c.expect->Matches(o->action);
    failed += !ok;
    if (flags.json) {
      all.push_back(CaseJson(c, *o));
    } else if (!ok) {
      std::printf("%s:%d: FAIL: %s %s: got %s by %s, expected %s\n",
                  flags.batch.c_str(), c.line,
                  std::string(c.abi->short_name).c_str(),
                  SyscallName(c).c_str(), o->action.ToString().c_str(),
                  o->why.c_str(), c.expect_text.c_str());
    }
  }
  if (flags.json) {
    std::printf("%s\n", all.dump(2).c_str());
  } else {
    std::printf("%zu case(s), %d failed\n", cases.size(), failed);
  }
  return failed == 0 ? kExitOk : kExitInvalid;
}

}  // namespace

absl::StatusOr<std::vector<uint64_t>> ParseArgList(absl::string_view list) {
  std::vector<uint64_t> out;
  if (list.empty()) return out;
  std::vector<absl::string_view> values = absl::StrSplit(list, ',');
  if (values.size() > 6) {
    return absl::InvalidArgumentError(
        absl::StrCat("--args: ", values.size(), " values, at most 6"));
  }
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--args: argument ", i, " is empty (write 0 for a zero argument)"));
    }
    absl::StatusOr<uint64_t> v = ParseArgValue(Std(values[i]));
    if (!v.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--args: argument ", i, ": ", v.status().message()));
    }
    out.push_back(*v);
  }
  return out;
}

int RunSimulate(const std::vector<std::string>& args,
                const SimulateFlags& flags) {
  if (args.size() != 1) {
    return Fail(kExitUsage, "simulate takes one PROFILE or PROGRAM");
  }
  const bool single = !flags.syscall.empty();
  if (single == !flags.batch.empty()) {
    return Fail(kExitUsage, "simulate needs exactly one of --syscall, --batch");
  }
  if (!single &&
      (!flags.args.empty() || !flags.expect.empty() || !flags.abi.empty())) {
    return Fail(kExitUsage,
                "--args, --abi and --expect belong to --syscall; a batch "
                "case carries its own");
  }
  if (absl::StatusOr<Target> t = ParseHostTarget(TargetTextOf(flags.target));
      !t.ok()) {
    return Fail(kExitUsage, t.status().message());
  }
  Case c;
  if (single) {
    if (!flags.expect.empty()) {
      // Checked here, as a usage error; numbered below, once the ABI is known.
      absl::StatusOr<ExpectedAction> e =
          ParseExpectedAction(flags.expect, NativeArch().id);
      if (!e.ok()) return Fail(kExitUsage, e.status().message());
      c.expect = *e;
      c.expect_text = flags.expect;
    }
    absl::StatusOr<std::vector<uint64_t>> values = ParseArgList(flags.args);
    if (!values.ok()) return Fail(kExitUsage, values.status().message());
    for (size_t i = 0; i < values->size(); ++i) c.args[i] = (*values)[i];
    if (!flags.abi.empty()) {
      absl::StatusOr<const ArchSpec*> abi = ParseAbiFlag(flags.abi);
      if (!abi.ok()) return Fail(kExitUsage, abi.status().message());
      c.abi = *abi;
    }
  }
  absl::StatusOr<Judge> judge = LoadJudge(args[0], flags);
  if (!judge.ok()) return Fail(kExitInvalid, judge.status().message());
  if (!single) return RunBatch(*judge, flags);

  if (c.abi == nullptr) {
    absl::StatusOr<const ArchSpec*> abi = DefaultAbi(*judge, flags);
    if (!abi.ok()) return Fail(kExitUsage, abi.status().message());
    c.abi = *abi;
  }
  uint64_t register_value = 0;
  absl::StatusOr<uint32_t> nr =
      ParseSyscall(flags.syscall, &c.abi, !flags.abi.empty(), &register_value);
  if (!nr.ok()) return Fail(kExitUsage, nr.status().message());
  c.nr = *nr;
  if (register_value != c.nr) {
    std::fprintf(stderr,
                 "seccompc: note: the kernel reads the low 32 bits of the "
                 "syscall number register: 0x%llx is nr %u (%s)\n",
                 static_cast<unsigned long long>(register_value), c.nr,
                 SyscallName(c).c_str());
  }
  if (c.expect) {
    absl::StatusOr<ExpectedAction> e =
        ParseExpectedAction(c.expect_text, c.abi->id);
    if (!e.ok()) return Fail(kExitUsage, e.status().message());
    c.expect = *e;
  }
  absl::StatusOr<Outcome> o = Decide(*judge, c);
  if (!o.ok()) return Fail(kExitInvalid, o.status().message());
  if (flags.json) {
    std::printf("%s\n", CaseJson(c, *o).dump(2).c_str());
  } else {
    PrintCase(c, *o);
  }
  if (c.expect && !c.expect->Matches(o->action)) {
    if (!flags.json) {
      std::fprintf(stderr, "seccompc: expected %s, got %s\n",
                   c.expect_text.c_str(), o->action.ToString().c_str());
    }
    return kExitInvalid;
  }
  return kExitOk;
}

}  // namespace seccompc::cli

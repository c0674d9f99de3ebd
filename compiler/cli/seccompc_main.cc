// seccompc: compile seccomp profiles (Docker/OCI JSON) into classic BPF,
// and the tools around them (see kCommands and docs/tools.md).
//
// Exit status: 0 success, 1 invalid profile / failed compile / verdict not
// as expected / profiles differ, 2 usage (diff: 2 on any error; prove: 2
// undecided or an error). Errors and usage: docs/tools.md, "Output and exit
// codes".
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "compiler/bpf/disasm.h"
#include "compiler/bpf/verifier.h"
#include "compiler/cli/c_header.h"
#include "compiler/cli/common.h"
#include "compiler/cli/diff.h"
#include "compiler/cli/dump.h"
#include "compiler/cli/merge.h"
#include "compiler/cli/mesos_check.h"
#include "compiler/cli/prove.h"
#include "compiler/cli/record.h"
#include "compiler/cli/resolve_command.h"
#include "compiler/cli/simulate.h"
#include "compiler/codegen/decision.h"
#include "compiler/compile.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/model/policy.h"
#include "compiler/util/standard_flags.h"
#include "compiler/version.h"

ABSL_FLAG(std::string, arch, "",
          "comma-separated target arches, the first one native (default: "
          "this machine's arch plus its archMap sub-arches)");
ABSL_FLAG(std::string, caps, "docker",
          "capabilities the task holds: CAP_X,CAP_Y or none|docker|all");
ABSL_FLAG(std::string, kernel, "",
          "kernel version MAJOR.MINOR for minKernel (default: running kernel)");
ABSL_FLAG(bool, strict, false,
          "every warning is an error (unknown keys and syscall names, "
          "conditions that never hold, order-dependent entries)");
ABSL_FLAG(bool, enosys, false,
          "runc's ENOSYS rule: per ABI, numbers above the greatest one the "
          "profile names get ERRNO(ENOSYS) (not with an ALLOW/LOG/TRACE or "
          "ENOSYS default)");
ABSL_FLAG(std::string, o, "-",
          "compile, record, merge, resolve: output file (- for stdout)");
ABSL_FLAG(std::string, format, "raw",
          "compile: raw (struct sock_filter bytes), c (header), listing, "
          "base64 (crun's run.oci.seccomp_bpf_data); resolve: oci (the "
          "default there) or docker");
ABSL_FLAG(std::string, c_name, "",
          "compile --format c: prefix of the C symbols (default: from the "
          "profile's file name)");
ABSL_FLAG(std::string, syscall, "", "simulate: syscall name or number");
ABSL_FLAG(std::string, args, "",
          "simulate: arguments a0,a1,... (C syntax: 12, 0x1f, 017, -1)");
ABSL_FLAG(std::string, abi, "",
          "simulate: the calling ABI (x86_64, x86, x32, aarch64, ...; "
          "default: the target's native arch)");
ABSL_FLAG(std::string, expect, "",
          "simulate: exit 1 unless the verdict is this action (ALLOW, "
          "ERRNO(1), ERRNO, KILL_PROCESS, ...)");
ABSL_FLAG(std::string, batch, "",
          "simulate: file of cases 'ABI SYSCALL [ARG ...] -> ACTION' "
          "(- for stdin)");
ABSL_FLAG(std::string, profile, "",
          "dump: say whether each installed filter is proven to mean this "
          "profile (else a counterexample)");
ABSL_FLAG(std::string, base, "",
          "record: write this profile plus only the additions the run "
          "needed");
ABSL_FLAG(int, default_errno_ret, 1,
          "record: defaultErrnoRet of the recorded profile");
ABSL_FLAG(bool, follow_descendants, false,
          "record: go on recording after the command exits, until every "
          "descendant has exited too");
ABSL_FLAG(bool, summary, false,
          "dump: one line per filter (index, instructions, whether it is "
          "the --profile's program) instead of the listing");
ABSL_FLAG(double, timeout, 5,
          "dump: seconds to wait for the process to stop for the reads");
ABSL_FLAG(bool, mesos, false,
          "check: what Apache Mesos 1.8's isolator would reject or read "
          "differently; record: write a profile it accepts");
ABSL_FLAG(bool, noprove, false,
          "compile: skip the proof that the program means the profile (for "
          "measuring only)");
ABSL_FLAG(bool, json, false, "simulate, diff, check --mesos: JSON output");

namespace seccompc {
namespace {

using cli::kExitInvalid;
using cli::kExitOk;
using cli::kExitUsage;

constexpr char kTargetUsage[] =
    "TARGET: [--arch A,...] [--caps none|docker|all|CAP_X,...] "
    "[--kernel X.Y] [--strict] [--enosys]";

// Usage errors found by a command: the dispatcher adds the command's usage.
int UsageError(const std::string& message) {
  return cli::Fail(kExitUsage, message);
}

cli::TargetFlags TargetFlagsFromFlags() {
  cli::TargetFlags t;
  t.arch = absl::GetFlag(FLAGS_arch);
  t.caps = absl::GetFlag(FLAGS_caps);
  t.kernel = absl::GetFlag(FLAGS_kernel);
  t.strict = absl::GetFlag(FLAGS_strict);
  t.enosys = absl::GetFlag(FLAGS_enosys);
  return t;
}

void PrintWarnings(const std::string& source, const Diagnostics& warnings) {
  cli::PrintWarnings(source, warnings);
}

// Per arch: how many syscalls of the table get each action; syscalls whose
// action depends on their arguments are counted apart. The action is the
// code generator's decision (ENOSYS stub first, then DecideSyscall), so
// the summary says what the program does.
void PrintSummary(const Policy& policy) {
  std::printf("default action: %s\n", policy.default_action.ToString().c_str());
  for (const ArchPolicy& ap : policy.arches) {
    std::map<std::string, int> counts;
    int numbers = 0;
    uint32_t last = UINT32_MAX;
    for (const SyscallDef& def : ap.arch->syscalls) {
      if (def.nr == last) continue;  // aliases share a number
      last = def.nr;
      ++numbers;
      const Decision decision = DecideNumber(ap, def.nr, policy.default_action);
      if (decision.is_argument_free()) {
        ++counts[decision.fallback.ToString()];
      } else {
        ++counts["depends on arguments"];
      }
    }
    std::vector<std::string> parts;
    for (const auto& [action, n] : counts) {
      parts.push_back(absl::StrCat(action, " ", n));
    }
    std::printf("%s (%s): %d syscalls: %s\n",
                std::string(ap.arch->short_name).c_str(),
                std::string(ap.arch->scmp_name).c_str(), numbers,
                absl::StrJoin(parts, ", ").c_str());
  }
}

absl::StatusOr<CompiledFilter> CompileForFlags(const std::string& path,
                                               int* exit_code) {
  absl::StatusOr<CompileOptions> options =
      cli::MakeCompileOptions(TargetFlagsFromFlags());
  if (!options.ok()) {
    *exit_code = UsageError(std::string(options.status().message()));
    return options.status();
  }
  options->prove = !absl::GetFlag(FLAGS_noprove);
  absl::StatusOr<CompiledFilter> f = CompileProfileFile(path, *options);
  if (!f.ok()) {
    *exit_code = cli::Fail(kExitInvalid, f.status().message());
    return f.status();
  }
  PrintWarnings(path, f->warnings);
  return f;
}

int Check(const std::vector<std::string>& args) {
  if (args.size() != 1) return UsageError("check takes one PROFILE");
  if (absl::GetFlag(FLAGS_mesos)) {
    cli::MesosCheckFlags flags;
    flags.json = absl::GetFlag(FLAGS_json);
    flags.strict = absl::GetFlag(FLAGS_strict);
    return cli::RunMesosCheck(args, flags);
  }
  // The whole pipeline, exactly as compile runs it (--enosys, --strict,
  // the size limit, verification): "valid" means compile would succeed.
  int exit_code = kExitOk;
  absl::StatusOr<CompiledFilter> f = CompileForFlags(args[0], &exit_code);
  if (!f.ok()) return exit_code;
  std::printf("%s: valid\n", args[0].c_str());
  PrintSummary(f->policy);
  // The pipeline proved the program (unless --noprove): say for which ABIs.
  if (!absl::GetFlag(FLAGS_noprove)) {
    std::printf("proved for %s\n",
                absl::StrJoin(f->policy.arches, "+",
                              [](std::string* o, const ArchPolicy& a) {
                                o->append(LowercaseArchName(*a.arch));
                              })
                    .c_str());
  }
  return kExitOk;
}

int Compile(const std::vector<std::string>& args) {
  if (args.size() != 1) return UsageError("compile takes one PROFILE");
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "raw" && format != "c" && format != "listing" &&
      format != "base64") {
    return UsageError(absl::StrCat("unknown --format ", format));
  }
  int exit_code = kExitOk;
  absl::StatusOr<CompiledFilter> f = CompileForFlags(args[0], &exit_code);
  if (!f.ok()) return exit_code;
  std::string bytes;
  if (format == "raw") {
    bytes = SerializeRawProgram(f->program);
  } else if (format == "base64") {
    bytes = absl::Base64Escape(SerializeRawProgram(f->program)) + "\n";
  } else if (format == "listing") {
    bytes = Disassemble(f->program);
  } else {
    std::string name = absl::GetFlag(FLAGS_c_name);
    if (name.empty()) name = CNameForProfile(args[0]);
    absl::StatusOr<std::string> header = CHeader(f->program, args[0], name);
    if (!header.ok()) {
      return UsageError(absl::StrCat("--c_name: ", header.status().message()));
    }
    bytes = *std::move(header);
  }
  const std::string out = absl::GetFlag(FLAGS_o);
  // Raw bytes would garble the terminal; the text formats are fine there.
  if (out == "-" && (format == "raw") && isatty(STDOUT_FILENO)) {
    return UsageError(
        "compile: refusing to write the raw program to a terminal; use -o "
        "FILE, a pipe, or --format listing|base64|c");
  }
  if (absl::Status s = cli::WriteOutput(out, bytes); !s.ok()) {
    return cli::Fail(kExitInvalid, s.message());
  }
  std::fprintf(stderr, "seccompc: %s: %zu instructions for %s\n",
               args[0].c_str(), f->program.size(),
               absl::StrJoin(f->policy.arches, "+",
                             [](std::string* o, const ArchPolicy& a) {
                               o->append(std::string(a.arch->short_name));
                             })
                   .c_str());
  return kExitOk;
}

int Disasm(const std::vector<std::string>& args) {
  if (args.size() != 1)
    return UsageError("disasm takes one FILE (- for stdin)");
  absl::StatusOr<std::string> bytes =
      cli::ReadInput(args[0], kMaxInstructions * 8 * 16);
  if (!bytes.ok()) return cli::Fail(kExitInvalid, bytes.status().message());
  absl::StatusOr<Program> program = cli::ParseProgramBytes(*bytes);
  if (!program.ok()) {
    return cli::Fail(kExitInvalid,
                     absl::StrCat(args[0], ": ", program.status().message()));
  }
  std::fputs(Disassemble(*program).c_str(), stdout);
  if (absl::Status s = VerifyProgram(*program); !s.ok()) {
    return cli::Fail(kExitInvalid,
                     absl::StrCat(args[0],
                                  ": the kernel would refuse this "
                                  "program: ",
                                  s.message()));
  }
  return kExitOk;
}

int Simulate(const std::vector<std::string>& args) {
  cli::SimulateFlags flags;
  flags.syscall = absl::GetFlag(FLAGS_syscall);
  flags.args = absl::GetFlag(FLAGS_args);
  flags.abi = absl::GetFlag(FLAGS_abi);
  flags.expect = absl::GetFlag(FLAGS_expect);
  flags.batch = absl::GetFlag(FLAGS_batch);
  flags.json = absl::GetFlag(FLAGS_json);
  flags.target = TargetFlagsFromFlags();
  return cli::RunSimulate(args, flags);
}

int Prove(const std::vector<std::string>& args) {
  cli::ProveFlags flags;
  flags.target = TargetFlagsFromFlags();
  return cli::RunProve(args, flags);
}

int Diff(const std::vector<std::string>& args) {
  cli::DiffFlags flags;
  flags.json = absl::GetFlag(FLAGS_json);
  flags.target = TargetFlagsFromFlags();
  return cli::RunDiff(args, flags);
}

int ResolveProfile(const std::vector<std::string>& args) {
  cli::ResolveFlags flags;
  const std::string format = absl::GetFlag(FLAGS_format);
  // --format's default is compile's "raw"; resolve's own default is oci.
  flags.format = format == "raw" ? "oci" : format;
  flags.output = absl::GetFlag(FLAGS_o);
  flags.target = TargetFlagsFromFlags();
  return cli::RunResolve(args, flags);
}

int Dump(const std::vector<std::string>& args) {
  cli::DumpFlags flags;
  flags.profile = absl::GetFlag(FLAGS_profile);
  flags.timeout_seconds = absl::GetFlag(FLAGS_timeout);
  flags.summary = absl::GetFlag(FLAGS_summary);
  flags.target = TargetFlagsFromFlags();
  return cli::RunDump(args, flags);
}

int Record(const std::vector<std::string>& args,
           const std::vector<std::string>& command) {
  cli::RecordFlags flags;
  flags.output = absl::GetFlag(FLAGS_o);
  flags.base = absl::GetFlag(FLAGS_base);
  flags.default_errno = absl::GetFlag(FLAGS_default_errno_ret);
  flags.follow_descendants = absl::GetFlag(FLAGS_follow_descendants);
  flags.mesos = absl::GetFlag(FLAGS_mesos);
  flags.target = TargetFlagsFromFlags();
  return cli::RunRecord(args, command, flags);
}

int Merge(const std::vector<std::string>& args) {
  cli::MergeFlags flags;
  flags.output = absl::GetFlag(FLAGS_o);
  return cli::RunMerge(args, flags);
}

// One home for what each command is: its usage, the flags it reads (help
// lists them and the dispatcher refuses the others) and how it runs.
// "TARGET" in `flags` stands for kTargetFlags.
struct Command {
  std::string_view name;
  std::string_view usage;
  std::string_view flags;  // space-separated flag names
  // When exit status 2 also means something besides a usage error (diff: any
  // error, prove: undecided), the dispatcher checks the argument count itself
  // (this many, with this message) so that a usage error still shows usage.
  size_t exact_args;
  std::string_view args_message;
  int (*run)(const std::vector<std::string>& args,
             const std::vector<std::string>& after_dashes);
};

constexpr std::string_view kTargetFlags = "arch caps kernel strict enosys";

using Args = std::vector<std::string>;
const Command kCommands[] = {
    {"check",
     "seccompc check PROFILE [--noprove] [TARGET]\n"
     "seccompc check --mesos PROFILE [--json] [--strict]",
     "TARGET mesos json noprove", 0, "",
     [](const Args& a, const Args&) { return Check(a); }},
    {"compile",
     "seccompc compile PROFILE [-o OUT] [--format raw|c|listing|base64] "
     "[--c_name NAME] [--noprove] [TARGET]",
     "TARGET o format c_name noprove", 0, "",
     [](const Args& a, const Args&) { return Compile(a); }},
    {"prove",
     "seccompc prove PROFILE PROGRAM|- [TARGET]   (exit 0 proved, 1 "
     "refuted, 2 undecided or error)",
     "TARGET", 2, "prove takes a PROFILE and a PROGRAM",
     [](const Args& a, const Args&) { return Prove(a); }},
    {"disasm", "seccompc disasm FILE|-   (raw sock_filter bytes or base64)", "",
     0, "", [](const Args& a, const Args&) { return Disasm(a); }},
    {"simulate",
     "seccompc simulate PROFILE|PROGRAM --syscall NAME|NR [--args A0,A1,...] "
     "[--abi ABI] [--expect ACTION] [--json] [TARGET]\n"
     "seccompc simulate PROFILE|PROGRAM --batch CASES [--json] [TARGET]",
     "TARGET syscall args abi expect batch json", 0, "",
     [](const Args& a, const Args&) { return Simulate(a); }},
    {"diff",
     "seccompc diff OLD NEW [--json] [TARGET]   (exit 0 same, 1 different, "
     "2 error)",
     "TARGET json", 2, "diff takes OLD and NEW",
     [](const Args& a, const Args&) { return Diff(a); }},
    {"resolve",
     "seccompc resolve PROFILE [-o OUT] [--format oci|docker] [TARGET]",
     "TARGET o format", 0, "",
     [](const Args& a, const Args&) { return ResolveProfile(a); }},
    {"dump",
     "seccompc dump PID [--profile PROFILE] [--summary] [--timeout SECONDS] "
     "[TARGET]",
     "TARGET profile summary timeout", 0, "",
     [](const Args& a, const Args&) { return Dump(a); }},
    {"record",
     "seccompc record -o OUT.json [--base PROFILE] [--default_errno_ret N] "
     "[--follow_descendants] [--mesos] [TARGET] -- CMD ARGS",
     "TARGET o base default_errno_ret follow_descendants mesos", 0, "",
     [](const Args& a, const Args& cmd) { return Record(a, cmd); }},
    {"merge",
     "seccompc merge A.json B.json ... [-o OUT.json]   (recordings, pins "
     "kept)",
     "o", 0, "", [](const Args& a, const Args&) { return Merge(a); }},
};

const Command* FindCommand(std::string_view name) {
  for (const Command& c : kCommands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::vector<std::string> FlagNames(const Command& c) {
  std::vector<std::string> names;
  for (absl::string_view word :
       absl::StrSplit(absl::string_view(c.flags.data(), c.flags.size()), ' ',
                      absl::SkipEmpty())) {
    if (word == "TARGET") {
      for (absl::string_view t : absl::StrSplit(
               absl::string_view(kTargetFlags.data(), kTargetFlags.size()),
               ' ')) {
        names.emplace_back(t);
      }
    } else {
      names.emplace_back(word);
    }
  }
  return names;
}

bool TakesTarget(const Command& c) {
  return c.flags.find("TARGET") != std::string_view::npos;
}

// "usage: LINE\n       LINE..." for one command, or for all of them.
std::string UsageText(const Command* only) {
  std::vector<std::string> lines;
  bool target = false;
  for (const Command& c : kCommands) {
    if (only != nullptr && &c != only) continue;
    target = target || TakesTarget(c);
    for (absl::string_view line : absl::StrSplit(
             absl::string_view(c.usage.data(), c.usage.size()), '\n')) {
      lines.emplace_back(line);
    }
  }
  if (only == nullptr) lines.push_back("seccompc help [COMMAND]");
  std::string text = absl::StrCat("usage: ", absl::StrJoin(lines, "\n       "));
  if (target) absl::StrAppend(&text, "\n", kTargetUsage);
  return text;
}

// Usage errors of the command line as a whole (no command, an unknown one,
// a bad flag): the message, then every command's usage.
int CommandLineError(const std::string& message) {
  std::fprintf(stderr, "seccompc: %s\n%s\n", message.c_str(),
               UsageText(nullptr).c_str());
  return kExitUsage;
}

// A usage error of one command: the message, then that command's usage.
int CommandUsageError(const Command& c, const std::string& message) {
  std::fprintf(stderr, "seccompc: %s\n", message.c_str());
  std::fprintf(stderr, "%s\n(seccompc help %s: its flags)\n",
               UsageText(&c).c_str(), std::string(c.name).c_str());
  return kExitUsage;
}

void PrintCommandHelp(const Command& c) {
  std::printf("%s\n\nFlags:\n", UsageText(&c).c_str());
  for (const std::string& name : FlagNames(c)) {
    std::fputs(FlagHelpLine(name).c_str(), stdout);
  }
  std::printf("  --help  this text\n");
}

void PrintOverview() {
  std::printf(
      "%s\n\n'seccompc help COMMAND' or 'seccompc COMMAND --help': the "
      "command's flags; 'seccompc --help': all flags.\n",
      UsageText(nullptr).c_str());
}

// `seccompc help [COMMAND]`.
int Help(const std::vector<std::string>& args) {
  if (args.empty()) {
    PrintOverview();
    return kExitOk;
  }
  if (args.size() > 1) return CommandLineError("help takes one COMMAND");
  const Command* c = FindCommand(args[0]);
  if (c == nullptr) {
    return CommandLineError(
        absl::StrCat("help: unknown command \"", args[0], "\""));
  }
  PrintCommandHelp(*c);
  return kExitOk;
}

// `seccompc COMMAND --help` (also -h): that command's help, before the
// general --help of HandleVersionOrHelp sees the flag. The command is the
// first word that names one.
std::optional<int> HandleCommandHelp(const std::vector<std::string>& words) {
  bool help = false;
  const Command* command = nullptr;
  for (const std::string& w : words) {
    if (w == "--help" || w == "-help" || w == "-h" || w == "--helpshort") {
      help = true;
    } else if (command == nullptr && !w.empty() && w[0] != '-') {
      command = FindCommand(w);
    }
  }
  if (!help || command == nullptr) return std::nullopt;
  PrintCommandHelp(*command);
  return kExitOk;
}

// Flags the command does not read are refused: a flag silently ignored
// (dump --o, merge --arch) would let a user believe it took effect.
absl::Status CheckFlagsTaken(const Command& c,
                             const std::vector<std::string>& flags_set) {
  const std::vector<std::string> taken = FlagNames(c);
  for (const std::string& name : flags_set) {
    if (std::find(taken.begin(), taken.end(), name) == taken.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          std::string(c.name), " does not take ", DashedFlagName(name)));
    }
  }
  return absl::OkStatus();
}

int RunCommand(const Command& c, const std::vector<std::string>& args,
               const std::vector<std::string>& flags_set,
               const std::vector<std::string>& after_dashes) {
  if (absl::Status s = CheckFlagsTaken(c, flags_set); !s.ok()) {
    return CommandUsageError(c, std::string(s.message()));
  }
  if (!after_dashes.empty() && c.name != "record") {
    return CommandUsageError(
        c,
        absl::StrCat(std::string(c.name), " takes no command line after --"));
  }
  if (c.exact_args != 0) {
    if (args.size() != c.exact_args) {
      return CommandUsageError(c, std::string(c.args_message));
    }
    return c.run(args, after_dashes);
  }
  const int code = c.run(args, after_dashes);
  if (code == kExitUsage) {
    std::fprintf(stderr, "%s\n(seccompc help %s: its flags)\n",
                 UsageText(&c).c_str(), std::string(c.name).c_str());
  }
  return code;
}

int Main(int argc, char** argv) {
  // Everything after the first "--" is a command line to run (record).
  const SplitCommandLine line = SplitAtDashes(argc, argv);
  if (std::optional<int> done = HandleCommandHelp(line.flag_words)) {
    return *done;
  }
  const std::string usage = UsageText(nullptr);
  const ToolInfo tool{"seccompc", usage, "compiler/cli/seccompc_main.cc",
                      SECCOMPC_VERSION_STRING};
  if (std::optional<int> done = HandleVersionOrHelp(argc, argv, tool)) {
    return *done;
  }
  absl::SetProgramUsageMessage(usage);
  // The project's one flag parser (compiler/util/standard_flags.h): an unknown
  // flag, a missing or bad value is a usage error (2) here, not absl's exit 1.
  absl::StatusOr<ToolArgs> flags = ApplyToolFlags(line.flag_words, tool);
  if (!flags.ok()) {
    return CommandLineError(std::string(flags.status().message()));
  }
  if (flags->help) {
    // --helpon, --helpmatch, ...: absl prints them and exits.
    absl::ParseCommandLine(argc, argv);
    return kExitOk;
  }
  if (flags->positional.empty()) return CommandLineError("missing command");
  const std::string name = flags->positional[0];
  std::vector<std::string> args(flags->positional.begin() + 1,
                                flags->positional.end());
  if (name == "help") return Help(args);
  const Command* command = FindCommand(name);
  if (command == nullptr) {
    return CommandLineError(absl::StrCat("unknown command \"", name, "\""));
  }
  return RunCommand(*command, args, flags->flags_set, line.after_dashes);
}

}  // namespace
}  // namespace seccompc

int main(int argc, char** argv) {
  // A 64 MiB profile makes a model of hundreds of MiB, much of it in blocks
  // of 1 to 30 MiB (the input text, the entries, a syscall's rules) that
  // live for one stage. glibc maps such blocks on their own and unmaps them
  // when freed, so the next stage faults fresh zeroed pages in again, and it
  // trims its heap's top the same way: keeping freed memory for reuse cut a
  // third of the page faults (sys time) of `check` on such a profile, at the
  // same peak.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  return seccompc::Main(argc, argv);
}

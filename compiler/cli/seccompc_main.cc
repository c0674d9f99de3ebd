// seccompc: compile seccomp profiles (Docker/OCI JSON) into classic BPF.
//
//   seccompc check PROFILE [TARGET]
//   seccompc compile PROFILE [-o OUT] [--format raw|c|listing|base64]
//                    [--c_name NAME] [TARGET]
//   seccompc disasm FILE
//   seccompc simulate PROFILE --syscall NAME|NR [--args A0,A1,...] [TARGET]
// TARGET: [--arch A,...] [--caps LIST] [--kernel X.Y] [--strict] [--enosys]
//
// Exit status: 0 success, 1 invalid profile / failed compile / simulate
// disagreement, 2 usage.
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "compiler/arch/seccomp_data_layout.h"
#include "compiler/bpf/disasm.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "compiler/cli/c_header.h"
#include "compiler/cli/standard_flags.h"
#include "compiler/compile.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/model/policy.h"
#include "compiler/reference/evaluate.h"

ABSL_FLAG(std::string, arch, "",
          "comma-separated target arches, the first one native (default: "
          "this machine's arch plus its archMap sub-arches)");
ABSL_FLAG(std::string, caps, "docker",
          "capabilities the task holds: CAP_X,CAP_Y or none|docker|all");
ABSL_FLAG(std::string, kernel, "",
          "kernel version MAJOR.MINOR for minKernel (default: running kernel)");
ABSL_FLAG(bool, strict, false, "unknown syscall names are errors");
ABSL_FLAG(bool, enosys, false,
          "runc's ENOSYS rule: per ABI, numbers above the greatest one the "
          "profile names get ERRNO(ENOSYS) (not with an ALLOW/LOG/TRACE or "
          "ENOSYS default)");
ABSL_FLAG(std::string, o, "-", "compile: output file (- for stdout)");
ABSL_FLAG(std::string, format, "raw",
          "compile: raw (struct sock_filter bytes), c (header), listing, "
          "base64 (crun's run.oci.seccomp_bpf_data)");
ABSL_FLAG(std::string, c_name, "",
          "compile --format c: prefix of the C symbols (default: from the "
          "profile's file name)");
ABSL_FLAG(std::string, syscall, "", "simulate: syscall name or number");
ABSL_FLAG(std::string, args, "", "simulate: arguments a0,a1,... (C syntax)");

namespace seccompc {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitUsage = 2;

constexpr char kUsage[] =
    "usage: seccompc check PROFILE [TARGET]\n"
    "       seccompc compile PROFILE [-o OUT] [--format "
    "raw|c|listing|base64] [--c_name NAME] [TARGET]\n"
    "       seccompc disasm FILE\n"
    "       seccompc simulate PROFILE --syscall NAME|NR [--args A0,A1,...] "
    "[TARGET]\n"
    "TARGET: [--arch A,...] [--caps none|docker|all|CAP_X,...] "
    "[--kernel X.Y] [--strict] [--enosys]";

int UsageError(const std::string& message) {
  std::fprintf(stderr, "seccompc: %s\n%s\n", message.c_str(), kUsage);
  return kExitUsage;
}

// The target from the command line; usage errors as InvalidArgument.
absl::StatusOr<Target> TargetFromFlags() {
  Target target;
  target.native = NativeArch().id;
  if (const std::string arch = absl::GetFlag(FLAGS_arch); !arch.empty()) {
    absl::StatusOr<std::vector<ArchId>> arches = ParseArchList(arch);
    if (!arches.ok()) return arches.status();
    target.arches = *arches;
    target.native = target.arches.front();
  }
  absl::StatusOr<CapabilitySet> caps =
      ParseCapabilityList(absl::GetFlag(FLAGS_caps));
  if (!caps.ok()) return caps.status();
  target.caps = *caps;
  std::string kernel = absl::GetFlag(FLAGS_kernel);
  if (kernel.empty()) {
    struct utsname u;
    if (uname(&u) != 0) return absl::InternalError("uname failed");
    kernel = u.release;
  }
  absl::StatusOr<KernelVersion> kv = ParseKernelRelease(kernel);
  if (!kv.ok()) return kv.status();
  target.kernel = *kv;
  return target;
}

void PrintWarnings(const std::string& source, const Diagnostics& warnings) {
  for (const Diagnostic& d : warnings) {
    std::fprintf(
        stderr, "%s\n",
        FormatAt(source, d.location, absl::StrCat("warning: ", d.message))
            .c_str());
  }
}

// Per arch: how many syscalls of the table get each action; syscalls whose
// action depends on their arguments are counted apart.
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
      auto it = ap.syscalls.find(def.nr);
      if (it == ap.syscalls.end()) {
        ++counts[policy.default_action.ToString()];
        continue;
      }
      // The decision is argument-free when the rule that would win over
      // all others has no conditions.
      const PolicyRule* top = &it->second.front();
      for (const PolicyRule& r : it->second) {
        if (TakesPrecedence(r.action.kind, top->action.kind) ||
            (r.action.kind == top->action.kind &&
             r.entry_index < top->entry_index)) {
          top = &r;
        }
      }
      if (top->conditions.empty()) {
        ++counts[top->action.ToString()];
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

int Check(const std::vector<std::string>& args) {
  if (args.size() != 1) return UsageError("check takes one PROFILE");
  absl::StatusOr<Target> target = TargetFromFlags();
  if (!target.ok()) return UsageError(std::string(target.status().message()));
  absl::StatusOr<ParsedProfile> parsed = ParseProfileFile(args[0]);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(parsed.status().message()).c_str());
    return kExitInvalid;
  }
  PrintWarnings(args[0], parsed->warnings);
  ResolveOptions options;
  options.strict = absl::GetFlag(FLAGS_strict);
  absl::StatusOr<Resolution> resolved =
      Resolve(parsed->profile, *target, options);
  if (!resolved.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(resolved.status().message()).c_str());
    return kExitInvalid;
  }
  PrintWarnings(args[0], resolved->warnings);
  std::printf("%s: valid\n", args[0].c_str());
  PrintSummary(resolved->policy);
  return kExitOk;
}

absl::StatusOr<CompiledFilter> CompileForFlags(const std::string& path,
                                               int* exit_code) {
  absl::StatusOr<Target> target = TargetFromFlags();
  if (!target.ok()) {
    *exit_code = UsageError(std::string(target.status().message()));
    return target.status();
  }
  CompileOptions options;
  options.target = *target;
  options.resolve.strict = absl::GetFlag(FLAGS_strict);
  options.enosys =
      absl::GetFlag(FLAGS_enosys) ? EnosysRule::kRunc : EnosysRule::kOff;
  absl::StatusOr<CompiledFilter> f = CompileProfileFile(path, options);
  if (!f.ok()) {
    std::fprintf(stderr, "%s\n", std::string(f.status().message()).c_str());
    *exit_code = kExitInvalid;
    return f.status();
  }
  PrintWarnings(path, f->warnings);
  return f;
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
  FILE* file = out == "-" ? stdout : std::fopen(out.c_str(), "wb");
  if (file == nullptr) {
    std::fprintf(stderr, "seccompc: cannot write %s\n", out.c_str());
    return kExitInvalid;
  }
  const bool ok =
      std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() &&
      std::fflush(file) == 0;
  if (file != stdout) std::fclose(file);
  if (!ok) {
    std::fprintf(stderr, "seccompc: cannot write %s\n", out.c_str());
    return kExitInvalid;
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
  if (args.size() != 1) return UsageError("disasm takes one FILE");
  absl::StatusOr<std::string> bytes =
      ReadFileLimited(args[0], kMaxInstructions * 8 * 16);
  if (!bytes.ok()) {
    std::fprintf(stderr, "%s\n", std::string(bytes.status().message()).c_str());
    return kExitInvalid;
  }
  absl::StatusOr<Program> program = ParseRawProgram(*bytes);
  if (!program.ok()) {
    std::fprintf(stderr, "%s: %s\n", args[0].c_str(),
                 std::string(program.status().message()).c_str());
    return kExitInvalid;
  }
  std::fputs(Disassemble(*program).c_str(), stdout);
  if (absl::Status s = VerifyProgram(*program); !s.ok()) {
    std::fprintf(stderr, "%s: the kernel would refuse this program: %s\n",
                 args[0].c_str(), std::string(s.message()).c_str());
    return kExitInvalid;
  }
  return kExitOk;
}

int Simulate(const std::vector<std::string>& args) {
  if (args.size() != 1) return UsageError("simulate takes one PROFILE");
  const std::string syscall = absl::GetFlag(FLAGS_syscall);
  if (syscall.empty()) return UsageError("simulate needs --syscall");
  int exit_code = kExitOk;
  absl::StatusOr<CompiledFilter> f = CompileForFlags(args[0], &exit_code);
  if (!f.ok()) return exit_code;
  const ArchPolicy& arch = f->policy.arches.front();
  seccomp_data data{};
  data.arch = arch.arch->audit_arch;
  uint32_t nr = 0;
  if (std::optional<uint32_t> n = arch.arch->Lookup(syscall)) {
    nr = *n;
  } else {
    // A number in C syntax: decimal, 0x... (x32's 0x40000000 bit), 0...
    errno = 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(syscall.c_str(), &end, 0);
    if (errno != 0 || end == syscall.c_str() || *end != '\0' ||
        v > UINT32_MAX || syscall[0] == '-') {
      return UsageError(
          absl::StrCat("\"", syscall, "\" is neither a syscall of ",
                       std::string(arch.arch->short_name), " nor a number"));
    }
    nr = static_cast<uint32_t>(v);
  }
  data.nr = static_cast<int>(nr);
  std::vector<std::string> values =
      absl::StrSplit(absl::GetFlag(FLAGS_args), ',', absl::SkipEmpty());
  if (values.size() > 6) return UsageError("at most 6 --args");
  for (size_t i = 0; i < values.size(); ++i) {
    errno = 0;
    char* end = nullptr;
    data.args[i] = std::strtoull(values[i].c_str(), &end, 0);
    if (errno != 0 || end == values[i].c_str() || *end != '\0') {
      return UsageError(absl::StrCat("bad argument \"", values[i], "\""));
    }
  }
  const Verdict reference = Evaluate(f->policy, data);
  ExecutionStats stats;
  absl::StatusOr<uint32_t> ret =
      RunProgram(f->program, AsLaidOutFor(data, *arch.arch), &stats);
  if (!ret.ok()) {
    std::fprintf(stderr, "seccompc: %s\n",
                 std::string(ret.status().message()).c_str());
    return kExitInvalid;
  }
  std::optional<Action> compiled = ActionFromRet(*ret);
  const std::string name(arch.arch->NameOf(nr));
  std::printf("%s %s (nr %u) args [%s]\n",
              std::string(arch.arch->short_name).c_str(),
              name.empty() ? "?" : name.c_str(), nr,
              absl::StrJoin(data.args, ", ").c_str());
  std::printf("reference: %s", reference.action.ToString().c_str());
  if (reference.reason == Verdict::Reason::kRule) {
    const SyscallEntry& e = f->profile.syscalls[reference.entry_index];
    std::printf(" by syscalls[%d] (line %d)%s%s\n", reference.entry_index,
                e.location.line, e.comment.empty() ? "" : ": ",
                e.comment.c_str());
  } else if (reference.reason == Verdict::Reason::kDefault) {
    std::printf(" (default action)\n");
  } else if (reference.reason == Verdict::Reason::kEnosysStub) {
    std::printf(" (--enosys: newer than the profile)\n");
  } else {
    std::printf(" (architecture not in the filter)\n");
  }
  std::printf("compiled:  %s (0x%08x) after %zu instructions\n",
              compiled ? compiled->ToString().c_str() : "?", *ret,
              stats.instructions_executed);
  if (!compiled || *compiled != reference.action) {
    std::fprintf(stderr, "seccompc: compiled program and reference disagree\n");
    return kExitInvalid;
  }
  // A 32-bit ABI sees only the low words (model/policy.h); a 64-bit task
  // can leave anything in the high ones. Both must answer the same then.
  if (ArgumentsAre32Bit(*arch.arch)) {
    for (uint64_t high : {0x1ull, 0x80000000ull, 0xffffffffull}) {
      seccomp_data junk = data;
      for (auto& a : junk.args) a = (a & 0xffffffffull) | (high << 32);
      absl::StatusOr<uint32_t> r =
          RunProgram(f->program, AsLaidOutFor(junk, *arch.arch));
      const Action want = Evaluate(f->policy, junk).action;
      if (!r.ok() || *r != want.ToRet() || want != reference.action) {
        std::fprintf(stderr,
                     "seccompc: with high words 0x%llx the compiled program "
                     "or the reference answers differently\n",
                     static_cast<unsigned long long>(high));
        return kExitInvalid;
      }
    }
    std::printf("(32-bit arguments: the same with junk high words)\n");
  }
  return kExitOk;
}

// absl exits with status 1 on an unknown flag; usage errors here are 2.
bool AllFlagsKnown(int argc, char** argv, std::string* unknown) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-') continue;
    a = a.substr(a[1] == '-' ? 2 : 1);
    a = a.substr(0, a.find('='));
    if (a.rfind("no", 0) == 0 && absl::FindCommandLineFlag(a.substr(2))) {
      continue;
    }
    if (absl::FindCommandLineFlag(a) == nullptr && a != "help" &&
        a != "helpfull") {
      *unknown = argv[i];
      return false;
    }
  }
  return true;
}

int Main(int argc, char** argv) {
  if (std::optional<int> done = HandleVersionOrHelp(
          argc, argv, {"seccompc", kUsage, "compiler/cli/seccompc_main.cc"})) {
    return *done;
  }
  absl::SetProgramUsageMessage(kUsage);
  std::string unknown;
  if (!AllFlagsKnown(argc, argv, &unknown)) {
    return UsageError(absl::StrCat("unknown option ", unknown));
  }
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() < 2) return UsageError("missing command");
  const std::string command = rest[1];
  std::vector<std::string> args(rest.begin() + 2, rest.end());
  if (command == "check") return Check(args);
  if (command == "compile") return Compile(args);
  if (command == "disasm") return Disasm(args);
  if (command == "simulate") return Simulate(args);
  return UsageError(absl::StrCat("unknown command \"", command, "\""));
}

}  // namespace
}  // namespace seccompc

int main(int argc, char** argv) { return seccompc::Main(argc, argv); }

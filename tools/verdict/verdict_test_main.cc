// The driver behind seccomp_verdict_test (defs.bzl): checks a table of
// cases against a compiled filter, one per line,
//
//   ABI SYSCALL [ARG0 ...] -> ACTION      # comment
//   x86_64 personality 0xffffffff -> ERRNO(1)
//   x32 read -> ALLOW
//
// in the case-table grammar of `seccompc simulate --batch`
// (compiler/analysis/case_table.h; -1, ERRNO(EPERM), any-case ABI names);
// actions compare as values.
//
// Each case is decided by the program (the interpreter, on the seccomp_data
// as this ABI lays it out) and by the reference evaluator on the policy;
// both must give ACTION. With --live, also by the running kernel: a child
// installs a guard filter that answers ERRNO(4094) for exactly that call,
// then the program, then makes the call. The syscall itself never runs;
// kill, trap and errno verdicts are told apart, ALLOW/LOG/TRACE/USER_NOTIF
// all read as "passed the filter". Live cases run for x86_64, x32 (the
// filter runs before the kernel rejects x32 numbers) and i386 (int $0x80).
//
// Flags: --profile=FILE --arch=A,B --caps=LIST --kernel=X.Y [--strict]
// [--enosys] [--flagfile=FILE (flags, one per line: a seccomp_filter's
// NAME.flags)] [--bpf=FILE: check this built program, which must equal
// what the profile compiles to] --cases=FILE... --case=LINE... [--live],
// parsed by the project's flag parser (compiler/util/standard_flags.h).
// Exit 0 when every case holds, 1 when one does not, 2 on a usage error.
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "compiler/analysis/case_table.h"
#include "compiler/arch/arch.h"
#include "compiler/arch/seccomp_data_layout.h"
#include "compiler/bpf/disasm.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/compile.h"
#include "compiler/frontend/resolve.h"
#include "compiler/model/action.h"
#include "compiler/model/target.h"
#include "compiler/reference/evaluate.h"
#include "compiler/util/standard_flags.h"
#include "compiler/version.h"

ABSL_FLAG(std::string, profile, "", "the profile (JSON) to compile");
ABSL_FLAG(std::string, arch, "",
          "comma-separated target arches, the first one native (required)");
ABSL_FLAG(std::string, caps, "",
          "capabilities the task holds: CAP_X,CAP_Y or none|docker|all "
          "(required)");
ABSL_FLAG(std::string, kernel, "", "kernel version MAJOR.MINOR (required)");
ABSL_FLAG(bool, strict, false, "every warning is an error");
ABSL_FLAG(bool, enosys, false,
          "runc's ENOSYS rule: per ABI, numbers above the greatest the "
          "profile names get ERRNO(ENOSYS)");
ABSL_FLAG(std::string, bpf, "",
          "a built program (raw) that must equal what the profile compiles "
          "to; its verdicts are checked");
ABSL_FLAG(std::string, cases, "", "a file of cases, one a line (repeatable)");
ABSL_FLAG(std::string, case, "", "one case line (repeatable)");
ABSL_FLAG(bool, live, false,
          "also check each x86 case on the running kernel, in a child");

namespace seccompc {
namespace {

constexpr uint32_t kGuardErrno = 4094;

struct Options {
  std::string profile;
  std::string arch, caps, kernel;
  bool strict = false;
  bool enosys = false;
  std::string bpf;
  std::vector<std::string> case_files;
  std::vector<std::string> inline_cases;
  bool live = false;
};

struct Case {
  std::string where;  // "cases.txt:12" or "case 3"
  std::string text;
  const ArchSpec* abi = nullptr;
  seccomp_data data{};  // logical: nr as the kernel sees it, args as u64
  ExpectedAction expected;
  std::string expected_text;  // as written
};

Case FromTable(const TableCase& t, std::string where) {
  Case c;
  c.where = std::move(where);
  c.text = t.text;
  c.abi = t.abi;
  c.data.arch = t.abi->audit_arch;
  c.data.nr = static_cast<int>(t.nr);
  for (int i = 0; i < 6; ++i) c.data.args[i] = t.args[i];
  c.expected = t.expect;
  c.expected_text = t.expect_text;
  return c;
}

// The cases of --cases files ("FILE:LINE") and --case lines ("case N"),
// in the case-table grammar (compiler/analysis/case_table.h).
absl::Status ReadCases(const Options& o, std::vector<Case>* cases) {
  for (const std::string& file : o.case_files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", file));
    absl::StatusOr<std::vector<TableCase>> table =
        ParseCaseTable(text.str(), file);
    if (!table.ok()) return table.status();
    for (const TableCase& t : *table) {
      cases->push_back(FromTable(t, absl::StrCat(file, ":", t.line)));
    }
  }
  for (size_t i = 0; i < o.inline_cases.size(); ++i) {
    const std::string where = absl::StrCat("case ", i + 1);
    absl::StatusOr<std::vector<TableCase>> table =
        ParseCaseTable(o.inline_cases[i], where);
    if (!table.ok()) return table.status();
    for (const TableCase& t : *table) cases->push_back(FromTable(t, where));
  }
  if (cases->empty()) return absl::InvalidArgumentError("no cases given");
  return absl::OkStatus();
}

// ---- live: the running kernel, in a child --------------------------------

struct LiveResult {
  volatile int done;     // the call returned
  volatile int trapped;  // SIGSYS delivered to the handler (TRAP)
  volatile long ret;
  volatile int err;
};

LiveResult* g_live = nullptr;  // set in the child only, for the handler

void OnSigsys(int, siginfo_t*, void*) { g_live->trapped = 1; }

long CallI386(uint32_t nr, const __u64* a) {
  long r;
  __asm__ volatile(
      "int $0x80"
      : "=a"(r)
      : "a"(nr), "b"(static_cast<uint32_t>(a[0])),
        "c"(static_cast<uint32_t>(a[1])), "d"(static_cast<uint32_t>(a[2])),
        "S"(static_cast<uint32_t>(a[3])), "D"(static_cast<uint32_t>(a[4]))
      : "memory");
  const int32_t r32 = static_cast<int32_t>(r);
  if (r32 < 0 && r32 >= -4095) {
    errno = -r32;
    return -1;
  }
  return r32;
}

bool LiveSupported(const Case& c, std::string* why) {
  const std::string_view n = c.abi->scmp_name;
  if (n == "SCMP_ARCH_X86_64" || n == "SCMP_ARCH_X32") return true;
  if (n == "SCMP_ARCH_X86") {
    if (c.data.args[5] != 0) {
      *why = "live i386 calls take at most 5 arguments here";
      return false;
    }
    return true;
  }
  *why = std::string(c.abi->short_name) + " cannot run on this machine";
  return false;
}

// What the kernel did, as a class comparable with an expected action.
std::string LiveVerdict(const Program& program, const Case& c) {
  void* mem = mmap(nullptr, sizeof(LiveResult), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return "error: mmap failed";
  auto* result = new (mem) LiveResult{};
  const uint32_t nr = static_cast<uint32_t>(c.data.nr);
  // Guard: exactly this (arch, nr) gets ERRNO(kGuardErrno); the program's
  // verdict wins when stricter, and its errno wins at equal precedence
  // because it is installed last.
  sock_filter guard[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, c.data.arch, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | kGuardErrno),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog guard_prog = {static_cast<unsigned short>(std::size(guard)),
                           guard};
  sock_fprog prog = {static_cast<unsigned short>(program.size()),
                     const_cast<sock_filter*>(program.data())};
  const bool i386 = c.abi->scmp_name == "SCMP_ARCH_X86";
  const pid_t pid = fork();
  if (pid < 0) return "error: fork failed";
  if (pid == 0) {
    g_live = result;
    struct sigaction sa = {};
    sa.sa_sigaction = OnSigsys;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSYS, &sa, nullptr);
    alarm(10);  // a profile that denies exit_group must not hang the test
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &guard_prog) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
      _exit(120);
    }
    errno = 0;
    long r;
    if (i386) {
      r = CallI386(nr, c.data.args);
    } else {
      r = syscall(static_cast<long>(nr), c.data.args[0], c.data.args[1],
                  c.data.args[2], c.data.args[3], c.data.args[4],
                  c.data.args[5]);
    }
    result->err = errno;
    result->ret = r;
    result->done = 1;
    syscall(SYS_exit_group, 0);
    for (;;) pause();
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::string out;
  if (result->trapped) {
    out = "TRAP";
  } else if (result->done) {
    if (result->ret == -1 && result->err == static_cast<int>(kGuardErrno)) {
      out = "PASS";
    } else if (result->ret == -1) {
      out = absl::StrCat("ERRNO(", result->err, ")");
    } else if (result->ret == 0) {
      out = "ERRNO(0)";
    } else {
      out = absl::StrCat("error: the call returned ", result->ret);
    }
  } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS) {
    out = "KILL";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 120) {
    out = "error: the child could not install the filters";
  } else {
    out = absl::StrCat("error: child ended with status 0x", absl::Hex(status));
  }
  munmap(mem, sizeof(LiveResult));
  return out;
}

// The live class an expected action falls into: KILL, TRAP, ERRNO(N) (or
// ERRNO for any errno) and PASS (ALLOW, LOG, TRACE, USER_NOTIF).
std::string LiveClass(const ExpectedAction& e) {
  switch (e.kind) {
    case ActionKind::kKillProcess:
    case ActionKind::kKillThread:
      return "KILL";
    case ActionKind::kTrap:
      return "TRAP";
    case ActionKind::kErrno:
      return e.data ? absl::StrCat("ERRNO(", *e.data, ")") : "ERRNO";
    default:
      return "PASS";
  }
}

bool LiveMatches(const std::string& live, const ExpectedAction& e) {
  const std::string want = LiveClass(e);
  if (want == "ERRNO") return absl::StartsWith(live, "ERRNO(");
  return live == want;
}

std::string Decider(const CompiledFilter& f, const Verdict& v) {
  switch (v.reason) {
    case Verdict::Reason::kRule: {
      const SyscallEntry& e = f.profile.syscalls[v.entry_index];
      return absl::StrCat("syscalls[", v.entry_index, "] (line ",
                          e.location.line, ": ", absl::StrJoin(e.names, ","),
                          " -> ", e.action.ToString(),
                          e.comment.empty() ? "" : "; ", e.comment, ")");
    }
    case Verdict::Reason::kEnosysStub:
      return "the ENOSYS rule (a syscall newer than the profile)";
    case Verdict::Reason::kDefault:
      return "defaultAction";
    case Verdict::Reason::kUnknownArch:
      return "architecture not in the filter";
    case Verdict::Reason::kForeignAbi:
      return "ABI not in the filter";
  }
  return "?";
}

int Run(const Options& o) {
  if (o.profile.empty() || o.arch.empty() || o.caps.empty() ||
      o.kernel.empty()) {
    std::fprintf(stderr,
                 "verdict_test: --profile, --arch, --caps and --kernel are "
                 "required (no defaults from this machine)\n");
    return 2;
  }
  CompileOptions options;
  TargetText text;
  text.arches = o.arch;
  text.caps = o.caps;
  text.kernel = o.kernel;
  // Every field is given: nothing of this machine's is used.
  absl::StatusOr<Target> target = ParseTarget(text, Target{});
  if (!target.ok()) {
    std::fprintf(stderr, "verdict_test: %s\n",
                 std::string(target.status().message()).c_str());
    return 2;
  }
  options.target = *std::move(target);
  options.resolve.strict = o.strict;
  options.enosys = o.enosys ? EnosysRule::kRunc : EnosysRule::kOff;
  absl::StatusOr<CompiledFilter> f = CompileProfileFile(o.profile, options);
  if (!f.ok()) {
    std::fprintf(stderr, "verdict_test: %s\n",
                 std::string(f.status().message()).c_str());
    return 1;
  }
  Program program = f->program;
  if (!o.bpf.empty()) {
    std::ifstream in(o.bpf, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    absl::StatusOr<Program> built = ParseRawProgram(bytes.str());
    if (!in || !built.ok()) {
      std::fprintf(stderr, "verdict_test: cannot read the program %s\n",
                   o.bpf.c_str());
      return 1;
    }
    if (SerializeRawProgram(*built) != SerializeRawProgram(program)) {
      std::fprintf(stderr,
                   "verdict_test: %s is not what %s compiles to with these "
                   "options (stale build or different flags)\n",
                   o.bpf.c_str(), o.profile.c_str());
      return 1;
    }
    program = *std::move(built);
  }
  std::vector<Case> cases;
  if (absl::Status s = ReadCases(o, &cases); !s.ok()) {
    std::fprintf(stderr, "verdict_test: %s\n",
                 std::string(s.message()).c_str());
    return 2;
  }
  int failed = 0, live_skipped = 0;
  for (const Case& c : cases) {
    const Verdict reference = Evaluate(f->policy, c.data);
    const std::string ref = reference.action.ToString();
    absl::StatusOr<uint32_t> ret =
        RunProgram(program, AsLaidOutFor(c.data, *c.abi));
    std::optional<Action> compiled;
    if (ret.ok()) compiled = ActionFromRet(*ret);
    const std::string prog = compiled   ? compiled->ToString()
                             : ret.ok() ? absl::StrCat("?", *ret)
                                        : std::string(ret.status().message());
    const bool prog_ok = compiled && c.expected.Matches(*compiled);
    std::string live = "not run";
    bool live_ok = true;
    if (o.live) {
      std::string why;
      if (LiveSupported(c, &why)) {
        live = LiveVerdict(program, c);
        live_ok = LiveMatches(live, c.expected);
      } else {
        live = absl::StrCat("skipped: ", why);
        ++live_skipped;
      }
    }
    if (prog_ok && c.expected.Matches(reference.action) && live_ok) continue;
    ++failed;
    std::printf(
        "FAIL %s: %s\n  expected:    %s\n  program:     %s\n"
        "  reference:   %s\n  decided by:  %s\n",
        c.where.c_str(), c.text.c_str(), c.expected_text.c_str(), prog.c_str(),
        ref.c_str(), Decider(*f, reference).c_str());
    if (o.live) {
      std::printf("  live kernel: %s (expected %s)\n", live.c_str(),
                  LiveClass(c.expected).c_str());
    }
  }
  std::printf(
      "%zu cases, %d failed%s (%s, %zu instructions%s)\n", cases.size(), failed,
      o.live ? absl::StrCat(", ", live_skipped, " not run live").c_str() : "",
      o.profile.c_str(), program.size(), o.live ? ", live kernel too" : "");
  return failed == 0 ? 0 : 1;
}

constexpr char kUsage[] =
    "checks a table of verdict cases against a compiled profile "
    "(seccomp_verdict_test)\n"
    "usage: verdict_test --profile=FILE --arch=A,B --caps=LIST --kernel=X.Y "
    "[--strict] [--enosys] [--bpf=FILE] [--flagfile=FILE] "
    "(--cases=FILE | --case=LINE)... [--live]";

// The flags, by the project's one parser: --case and --cases may repeat,
// and a seccomp_filter's NAME.flags comes in as a --flagfile.
absl::StatusOr<Options> ParseOptions(int argc, char** argv,
                                     const ToolInfo& tool) {
  // Every word is a flag: the driver runs no command, so "--" is refused
  // like any unknown flag.
  absl::StatusOr<ToolArgs> args =
      ApplyToolFlags(std::vector<std::string>(argv + 1, argv + argc), tool,
                     "cases come with --case or --cases");
  if (!args.ok()) return args.status();
  Options o;
  o.profile = absl::GetFlag(FLAGS_profile);
  o.arch = absl::GetFlag(FLAGS_arch);
  o.caps = absl::GetFlag(FLAGS_caps);
  o.kernel = absl::GetFlag(FLAGS_kernel);
  o.strict = absl::GetFlag(FLAGS_strict);
  o.enosys = absl::GetFlag(FLAGS_enosys);
  o.bpf = absl::GetFlag(FLAGS_bpf);
  o.live = absl::GetFlag(FLAGS_live);
  o.case_files = args->repeated["cases"];
  o.inline_cases = args->repeated["case"];
  return o;
}

int Main(int argc, char** argv) {
  const ToolInfo tool = {"verdict_test",
                         kUsage,
                         "tools/verdict/verdict_test_main.cc",
                         SECCOMPC_VERSION_STRING,
                         {"case", "cases"}};
  if (std::optional<int> done = HandleVersionOrHelp(argc, argv, tool)) {
    return *done;
  }
  absl::StatusOr<Options> options = ParseOptions(argc, argv, tool);
  if (!options.ok()) {
    std::fprintf(stderr, "verdict_test: %s\n",
                 std::string(options.status().message()).c_str());
    return 2;
  }
  return Run(*options);
}

}  // namespace
}  // namespace seccompc

int main(int argc, char** argv) { return seccompc::Main(argc, argv); }

// Live syscall latency under each filter, measured in one run.
//
// For each (filter, syscall) a forked child installs the filter
// (PR_SET_NO_NEW_PRIVS + seccomp(SECCOMP_SET_MODE_FILTER)), warms up, then
// times N calls of syscall(2) in 16 chunks with its own CPU-time clock
// (CLOCK_THREAD_CPUTIME_ID: user + system time of the thread, so time spent
// preempted by other tasks does not count) and reports the median chunk's
// ns per call through a pipe. Filters: none; seccompc's program for
// profiles/default.json (x86_64 + x86 + x32, Docker's capabilities,
// kernel 6.1); libseccomp's tree and list for the same rule set (with
// --define=with_libseccomp=1); the floor, `ld [args[0].lo]; ret ALLOW`, the
// least filter the kernel's cache cannot skip, i.e. the fixed entry cost every
// filter pays for a syscall it does not cache; and the deny floor, the least
// uncached filter that denies the call (DenyFloor(); shown for the denied
// calls only). Syscalls:
//   getppid()              allowed without arg rules: cached by the kernel;
//   personality(~0u)       allowed by an argument rule (query only);
//   create_module()        denied: ERRNO(EPERM) by the default action;
//                          unfiltered the kernel answers ENOSYS at once
//                          (removed in 2.6), so "overhead over no filter"
//                          is the filter's cost;
//   setns(-1, 0)           denied likewise, but a real syscall: unfiltered
//                          it fails with EBADF, yet on this machine takes
//                          far longer than getppid (the host instruments
//                          it), so its overhead is negative and says more
//                          about the host than about filters;
//   syscall 1000           past the table: the default action.
// The machine is shared: every repetition runs every (syscall, filter) pair
// with the filter order rotated, and the table shows medians over the
// repetitions. What each filter answers, and how many instructions our
// interpreter executes for it, is printed beside the times.
//
//   bazel run -c opt --define=with_libseccomp=1 //bench:latency --
//       [--profile=FILE] [--syscalls=getppid,personality:0xffffffff,...]
//       [--arch=x86_64,x86,x32] [--caps=LIST] [--kernel=X.Y]
//       [--calls=N] [--repetitions=R] [--svg=FILE]
// The profile's filter must allow what the harness itself calls once the
// filter is installed (clock_gettime, write, exit_group); otherwise it
// stops with an error naming the call. Calls the profile kills, traps,
// traces or notifies cannot be timed and are refused too.
#include <errno.h>
#include <linux/audit.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "bench/bench_profiles.h"
#include "bench/libseccomp_peer.h"
#include "compiler/arch/arch.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/compile.h"
#include "compiler/frontend/resolve.h"
#include "compiler/model/target.h"
#include "compiler/util/status_macros.h"

namespace seccompc {
namespace {

constexpr int kChunks = 16;

// "42", "0x2a", "052", "-1" (two's complement) -> value.
bool ParseCNumber(const std::string& text, uint64_t* out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  if (text[0] == '-') {
    const long long v = std::strtoll(text.c_str(), &end, 0);
    if (errno != 0 || *end != '\0') return false;
    *out = static_cast<uint64_t>(v);
    return true;
  }
  const unsigned long long v = std::strtoull(text.c_str(), &end, 0);
  if (errno != 0 || *end != '\0') return false;
  *out = v;
  return true;
}

struct Call {
  std::string name;
  long nr;
  uint64_t arg0;
  bool denied;  // by the default profile
};

struct Filter {
  std::string name;
  std::optional<Program> program;  // nullopt: no filter
  // The deny floor: built per call, see DenyFloor().
  bool deny_floor = false;
};

// The least filter the cache cannot skip that denies `call` (ERRNO(EPERM),
// like the default profile) and allows everything else: one argument load,
// then the nr check. For a denied call the plain floor is not the right
// yardstick: it lets the call through, so its time includes the syscall's
// own work, which a denying filter skips.
Program DenyFloor(const Call& call) {
  return {LoadAbs(kArgsOffset), LoadAbs(kNrOffset),
          JumpEq(static_cast<uint32_t>(call.nr), 0, 1),
          Ret(SECCOMP_RET_ERRNO | EPERM), Ret(SECCOMP_RET_ALLOW)};
}

std::optional<Program> ProgramFor(const Filter& filter, const Call& call) {
  if (filter.deny_floor) return DenyFloor(call);
  return filter.program;
}

struct Options {
  long calls = 200000;
  int repetitions = 15;
  std::string svg_path;
  std::string profile_path;  // empty: profiles/default.json
  std::string syscalls;      // empty: the default set below
  std::string arch;          // empty: x86_64,x86,x32
  std::string caps;          // empty: Docker's default set
  std::string kernel;        // empty: 6.1
};

// What the harness itself calls in the measuring child once the filter is
// installed: a filter that denies one of these cannot be measured (every
// cell would read 0.0 ns or the child could not report).
struct HarnessCall {
  const char* name;
  long nr;
  uint64_t arg0;
};
constexpr HarnessCall kHarnessCalls[] = {
    {"clock_gettime", SYS_clock_gettime, CLOCK_THREAD_CPUTIME_ID},
    {"write", SYS_write, 0},
    {"exit_group", SYS_exit_group, 0},
};

// The child's own CPU time: on a shared, loaded machine the time it spends
// descheduled is not the syscall's; wall-clock time would count it.
double ThreadCpuNs() {
  timespec ts;
  // A filter that denies it slipped past the check in Main(): say so
  // rather than time nothing.
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) _exit(97);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

// In the child: install, warm up, time. Never returns.
[[noreturn]] void MeasureInChild(const Filter& filter, const Call& call,
                                 long calls, int report_fd) {
  const std::optional<Program> program = ProgramFor(filter, call);
  if (program.has_value()) {
    sock_fprog prog{static_cast<unsigned short>(program->size()),
                    const_cast<sock_filter*>(program->data())};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
      _exit(99);
    }
  }
  for (long i = 0; i < calls / 10; ++i) {
    syscall(call.nr, call.arg0, 0, 0, 0, 0, 0);
  }
  // Timed in chunks; the child reports the median chunk, so that a
  // preemption by another task on the shared machine spoils one chunk, not
  // the sample.
  const long chunk = std::max(1L, calls / kChunks);
  double chunk_ns[kChunks];
  for (int c = 0; c < kChunks; ++c) {
    const double start = ThreadCpuNs();
    for (long i = 0; i < chunk; ++i) {
      syscall(call.nr, call.arg0, 0, 0, 0, 0, 0);
    }
    chunk_ns[c] = (ThreadCpuNs() - start) / chunk;
  }
  std::sort(chunk_ns, chunk_ns + kChunks);
  const double ns_per_call =
      (chunk_ns[kChunks / 2 - 1] + chunk_ns[kChunks / 2]) / 2;
  errno = 0;
  const long ret = syscall(call.nr, call.arg0, 0, 0, 0, 0, 0);
  const double report[3] = {ns_per_call, static_cast<double>(ret),
                            static_cast<double>(errno)};
  if (write(report_fd, report, sizeof(report)) != sizeof(report)) _exit(98);
  _exit(0);
}

struct Sample {
  double ns_per_call = -1;
  long ret = 0;
  int error = 0;
};

absl::StatusOr<Sample> Measure(const Filter& filter, const Call& call,
                               long calls) {
  int fds[2];
  if (pipe(fds) != 0) return absl::InternalError("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    close(fds[0]);
    MeasureInChild(filter, call, calls, fds[1]);
  }
  close(fds[1]);
  double report[3];
  const bool got = read(fds[0], report, sizeof(report)) == sizeof(report);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!got) {
    return absl::InternalError(absl::StrCat(
        filter.name, " / ", call.name, ": the child reported nothing (",
        WIFEXITED(status) ? absl::StrCat("exit ", WEXITSTATUS(status))
                          : absl::StrCat("signal ", WTERMSIG(status)),
        WIFEXITED(status) && WEXITSTATUS(status) == 99
            ? ": could not install the filter)"
        : WIFEXITED(status) && WEXITSTATUS(status) == 97
            ? ": clock_gettime failed under the filter)"
            : ")"));
  }
  return Sample{report[0], static_cast<long>(report[1]),
                static_cast<int>(report[2])};
}

// -1 for no samples (a pair that is not measured).
double Median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// What the filter answers for the call, and at what cost in instructions.
std::string Answer(const Filter& filter, const Call& call) {
  const std::optional<Program> program = ProgramFor(filter, call);
  if (!program.has_value()) return "–";
  seccomp_data data{};
  data.nr = static_cast<int>(call.nr);
  data.arch = AUDIT_ARCH_X86_64;
  data.args[0] = call.arg0;
  ExecutionStats stats;
  absl::StatusOr<uint32_t> ret = RunProgram(*program, data, &stats);
  if (!ret.ok()) return "error";
  std::optional<Action> action = ActionFromRet(*ret);
  return absl::StrFormat("%s, %d insns",
                         action ? action->ToString() : "unknown",
                         stats.instructions_executed);
}

// A horizontal bar chart of the medians, one group per syscall.
void WriteSvg(const std::string& path, const std::vector<Call>& calls,
              const std::vector<Filter>& filters,
              const std::vector<std::vector<double>>& median) {
  const char* colors[] = {"#999999", "#1b9e77", "#d95f02",
                          "#7570b3", "#e7298a", "#66a61e"};
  double max_ns = 1;
  for (const auto& row : median)
    for (double v : row) max_ns = std::max(max_ns, v);
  const int bar = 14, label_w = 170, chart_w = 520;
  const int group_h = bar * static_cast<int>(filters.size()) + 16;
  const int height = 40 + group_h * static_cast<int>(calls.size()) +
                     16 * static_cast<int>(filters.size());
  std::string svg = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n"
      "<text x=\"4\" y=\"16\" font-size=\"13\">ns per syscall (median), by "
      "filter</text>\n",
      label_w + chart_w + 80, height);
  int y = 30;
  for (size_t c = 0; c < calls.size(); ++c) {
    svg += absl::StrFormat("<text x=\"4\" y=\"%d\">%s</text>\n", y + bar,
                           calls[c].name);
    for (size_t f = 0; f < filters.size(); ++f) {
      const double v = median[c][f];
      if (v < 0) continue;
      const int w = static_cast<int>(chart_w * v / max_ns);
      svg += absl::StrFormat(
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
          "<text x=\"%d\" y=\"%d\">%.0f</text>\n",
          label_w, y, w, bar - 2, colors[f % 6], label_w + w + 4, y + bar - 3,
          v);
      y += bar;
    }
    y += 16;
  }
  for (size_t f = 0; f < filters.size(); ++f) {
    svg += absl::StrFormat(
        "<rect x=\"4\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
        "<text x=\"18\" y=\"%d\">%s</text>\n",
        y, colors[f % 6], y + 9, filters[f].name);
    y += 16;
  }
  svg += "</svg>\n";
  FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) {
    absl::FPrintF(stderr, "cannot write %s\n", path);
    return;
  }
  std::fputs(svg.c_str(), out);
  std::fclose(out);
}

constexpr char kUsage[] =
    "usage: latency [--profile=FILE] [--syscalls=LIST] [--arch=A,B]\n"
    "               [--caps=LIST] [--kernel=X.Y] [--calls=N]\n"
    "               [--repetitions=R] [--svg=FILE]\n"
    "  --syscalls: comma-separated NAME or NAME:ARG0 (x86_64 names or\n"
    "  numbers, ARG0 in C syntax), e.g. getppid,personality:0xffffffff,1000";

absl::StatusOr<Options> ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--calls=") &&
        absl::SimpleAtoi(arg.substr(8), &o.calls) && o.calls > 0) {
      continue;
    }
    if (absl::StartsWith(arg, "--repetitions=") &&
        absl::SimpleAtoi(arg.substr(14), &o.repetitions) && o.repetitions > 0) {
      continue;
    }
    bool matched = false;
    for (auto [flag, out] :
         {std::pair{"--svg=", &o.svg_path},
          std::pair{"--profile=", &o.profile_path},
          std::pair{"--syscalls=", &o.syscalls}, std::pair{"--arch=", &o.arch},
          std::pair{"--caps=", &o.caps}, std::pair{"--kernel=", &o.kernel}}) {
      if (absl::StartsWith(arg, flag)) {
        *out = arg.substr(std::string(flag).size());
        matched = true;
      }
    }
    if (matched) continue;
    return absl::InvalidArgumentError(
        absl::StrCat(kUsage, "\nbad argument: ", arg));
  }
  return o;
}

// "name" or "name:arg0" (or numbers) -> calls on x86_64.
absl::StatusOr<std::vector<Call>> ParseCalls(const std::string& list) {
  std::vector<Call> out;
  const ArchSpec& x86_64 = GetArch(ArchId::kX86_64);
  for (absl::string_view item : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    std::vector<absl::string_view> parts =
        absl::StrSplit(item, absl::MaxSplits(':', 1));
    Call call;
    call.name = std::string(item);
    const std::string name(parts[0]);
    uint64_t number = 0;
    if (std::optional<uint32_t> nr = x86_64.Lookup(name)) {
      call.nr = *nr;
    } else if (ParseCNumber(name, &number) && number <= 0xffffffffu) {
      call.nr = static_cast<long>(number);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--syscalls: \"", name,
                       "\" is neither an x86_64 syscall name nor "
                       "a number"));
    }
    if (parts.size() == 2 && !ParseCNumber(std::string(parts[1]), &call.arg0)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--syscalls: argument \"", std::string(parts[1]), "\" of ", name,
          " is not a number (C syntax: 42, 0x2a, -1)"));
    }
    out.push_back(call);
  }
  if (out.empty()) return absl::InvalidArgumentError("--syscalls is empty");
  return out;
}

// What `program` answers for the native call (nr, arg0, 0, ...); nullopt
// when it fails or returns no seccomp action.
std::optional<Action> FilterAnswer(const Program& program, long nr,
                                   uint64_t arg0) {
  seccomp_data data{};
  data.nr = static_cast<int>(nr);
  data.arch = AUDIT_ARCH_X86_64;
  data.args[0] = arg0;
  absl::StatusOr<uint32_t> ret = RunProgram(program, data);
  return ret.ok() ? ActionFromRet(*ret) : std::nullopt;
}

// The call runs (ALLOW or LOG), as the harness needs it to.
bool LetsThrough(const std::optional<Action>& action) {
  return action.has_value() && (action->kind == ActionKind::kAllow ||
                                action->kind == ActionKind::kLog);
}

// `target` with what --arch, --caps and --kernel say instead.
absl::StatusOr<Target> TargetFromOptions(const Options& options,
                                         Target target) {
  TargetText text;
  if (!options.arch.empty()) text.arches = options.arch;
  if (!options.caps.empty()) text.caps = options.caps;
  if (!options.kernel.empty()) text.kernel = options.kernel;
  absl::StatusOr<Target> parsed = ParseTarget(text, std::move(target));
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--arch/--caps/--kernel: ", parsed.status().message()));
  }
  if (parsed->native != ArchId::kX86_64) {
    return absl::InvalidArgumentError(
        "--arch: the first (native) arch must be x86_64: the harness "
        "calls syscalls natively on this machine");
  }
  return parsed;
}

int Main(int argc, char** argv) {
  absl::StatusOr<Options> options = ParseArgs(argc, argv);
  if (!options.ok()) {
    absl::FPrintF(stderr, "%s\n", options.status().message());
    return 2;
  }
  CompileOptions compile_options = BenchCompileOptions();
  absl::StatusOr<Target> target =
      TargetFromOptions(*options, compile_options.target);
  if (!target.ok()) {
    absl::FPrintF(stderr, "%s\n", target.status().message());
    return 2;
  }
  compile_options.target = *std::move(target);
  absl::StatusOr<CompiledFilter> compiled;
  std::string profile_name;
  if (options->profile_path.empty()) {
    absl::StatusOr<std::vector<BenchProfile>> profiles = BenchProfiles();
    if (!profiles.ok()) {
      absl::FPrintF(stderr, "%s\n", profiles.status().ToString());
      return 1;
    }
    const BenchProfile& profile = profiles->front();  // default.json
    profile_name = profile.path;
    compiled = CompileProfileText(profile.text, profile.path, compile_options);
  } else {
    profile_name = options->profile_path;
    compiled = CompileProfileFile(options->profile_path, compile_options);
  }
  if (!compiled.ok()) {
    absl::FPrintF(stderr, "%s\n", compiled.status().ToString());
    return 1;
  }
  // The harness's own calls must get through the profile's filter, or
  // nothing can be timed: refuse with the reason instead of printing zeros.
  for (const HarnessCall& h : kHarnessCalls) {
    const std::optional<Action> action =
        FilterAnswer(compiled->program, h.nr, h.arg0);
    if (!LetsThrough(action)) {
      absl::FPrintF(stderr,
                    "%s: the profile does not allow %s (it answers %s), which "
                    "the latency harness calls in the measured process after "
                    "installing the filter; allow it to measure this "
                    "profile\n",
                    profile_name, h.name,
                    action.has_value() ? action->ToString()
                                       : std::string("an invalid return"));
      return 1;
    }
  }
  std::vector<Filter> filters = {{"no filter", std::nullopt},
                                 {"seccompc", compiled->program}};
  std::string note;
  if (LibseccompAvailable()) {
    absl::StatusOr<LibseccompRuleSet> rules = TranslatePolicy(compiled->policy);
    if (!rules.ok()) {
      absl::FPrintF(stderr, "%s\n", rules.status().ToString());
      return 1;
    }
    for (auto [name, layout] :
         {std::pair{"libseccomp tree", LibseccompLayout::kTree},
          std::pair{"libseccomp list", LibseccompLayout::kList}}) {
      absl::StatusOr<Program> p = BuildLibseccompProgram(*rules, layout);
      if (!p.ok()) {
        absl::FPrintF(stderr, "%s\n", p.status().ToString());
        return 1;
      }
      filters.push_back({name, *std::move(p)});
    }
  } else {
    note =
        "libseccomp columns absent: rebuild with --define=with_libseccomp=1.";
  }
  filters.push_back(
      {"floor", Program{LoadAbs(kArgsOffset), Ret(SECCOMP_RET_ALLOW)}});
  filters.push_back({"deny floor", std::nullopt, true});

  std::vector<Call> calls = {
      {"getppid (cached)", SYS_getppid, 0, false},
      {"personality(~0) (arg rule)", SYS_personality, 0xffffffff, false},
      {"create_module (denied)", SYS_create_module, 0, true},
      {"setns(-1) (denied)", SYS_setns, ~uint64_t{0}, true},
      {"nr 1000 (past table)", 1000, 0, true},
  };
  if (!options->syscalls.empty()) {
    absl::StatusOr<std::vector<Call>> parsed = ParseCalls(options->syscalls);
    if (!parsed.ok()) {
      absl::FPrintF(stderr, "%s\n", parsed.status().message());
      return 2;
    }
    calls = *std::move(parsed);
  }
  // Denied (for the deny floor) by what the compiled filter answers.
  for (Call& call : calls) {
    const std::optional<Action> action =
        FilterAnswer(compiled->program, call.nr, call.arg0);
    call.denied = !LetsThrough(action);
    if (action.has_value() && (action->kind == ActionKind::kKillProcess ||
                               action->kind == ActionKind::kKillThread ||
                               action->kind == ActionKind::kTrap ||
                               action->kind == ActionKind::kUserNotif ||
                               action->kind == ActionKind::kTrace)) {
      absl::FPrintF(stderr,
                    "--syscalls: the profile answers %s with %s; only calls "
                    "it allows or fails with an errno can be timed\n",
                    call.name, action->ToString());
      return 1;
    }
  }
  // samples[call][filter] over the repetitions.
  std::vector<std::vector<std::vector<double>>> samples(
      calls.size(), std::vector<std::vector<double>>(filters.size()));
  std::vector<std::vector<Sample>> last(calls.size(),
                                        std::vector<Sample>(filters.size()));
  for (int rep = 0; rep < options->repetitions; ++rep) {
    for (size_t c = 0; c < calls.size(); ++c) {
      for (size_t k = 0; k < filters.size(); ++k) {
        const size_t f = (k + rep + c) % filters.size();
        if (filters[f].deny_floor && !calls[c].denied) continue;
        absl::StatusOr<Sample> s =
            Measure(filters[f], calls[c], options->calls);
        if (!s.ok()) {
          absl::FPrintF(stderr, "%s\n", s.status().ToString());
          return 1;
        }
        samples[c][f].push_back(s->ns_per_call);
        last[c][f] = *s;
      }
    }
  }

  std::vector<std::vector<double>> median(calls.size(),
                                          std::vector<double>(filters.size()));
  for (size_t c = 0; c < calls.size(); ++c)
    for (size_t f = 0; f < filters.size(); ++f)
      median[c][f] = Median(samples[c][f]);

  auto index_of = [&](const std::string& name) -> int {
    for (size_t f = 0; f < filters.size(); ++f)
      if (filters[f].name == name) return static_cast<int>(f);
    return -1;
  };
  const int none = index_of("no filter"), ours = index_of("seccompc"),
            tree = index_of("libseccomp tree"), floor = index_of("floor"),
            deny_floor = index_of("deny floor");

  absl::PrintF(
      "Median ns of CPU time per call over %d repetitions of %d calls; "
      "overhead over no filter in parentheses.\n\n",
      options->repetitions, options->calls);
  std::string header = "| syscall |";
  std::string rule = "|---|";
  for (const Filter& f : filters) {
    header += " " + f.name + " |";
    rule += "--:|";
  }
  header +=
      " seccompc / tree overhead | seccompc / floor overhead | seccompc / "
      "deny floor overhead |";
  rule += "--:|--:|--:|";
  absl::PrintF("%s\n%s\n", header, rule);
  for (size_t c = 0; c < calls.size(); ++c) {
    std::string row = "| " + calls[c].name + " |";
    for (size_t f = 0; f < filters.size(); ++f) {
      const double v = median[c][f];
      if (v < 0) {
        row += " – |";
        continue;
      }
      row += static_cast<int>(f) == none
                 ? absl::StrFormat(" %.1f |", v)
                 : absl::StrFormat(" %.1f (%+.1f) |", v, v - median[c][none]);
    }
    auto overhead = [&](int f) { return median[c][f] - median[c][none]; };
    auto ratio = [&](int f) {
      return f < 0 || median[c][f] < 0 || overhead(f) <= 0
                 ? std::string("–")
                 : absl::StrFormat("%.2f", overhead(ours) / overhead(f));
    };
    row += " " + ratio(tree) + " | " + ratio(floor) + " | " +
           (calls[c].denied ? ratio(deny_floor) : std::string("–")) + " |";
    absl::PrintF("%s\n", row);
  }

  absl::PrintF(
      "\nWhat each filter answers (our interpreter), and what the "
      "last timed call returned:\n\n");
  absl::PrintF("| syscall | filter | answer | returned |\n|---|---|---|---|\n");
  for (size_t c = 0; c < calls.size(); ++c) {
    for (size_t f = 0; f < filters.size(); ++f) {
      if (median[c][f] < 0) continue;
      const Sample& s = last[c][f];
      absl::PrintF("| %s | %s | %s | %s |\n", calls[c].name, filters[f].name,
                   Answer(filters[f], calls[c]),
                   s.ret == -1 ? absl::StrCat("-1, errno ", s.error)
                               : absl::StrCat(s.ret));
    }
  }
  if (!note.empty()) absl::PrintF("\n%s\n", note);
  if (!options->svg_path.empty()) {
    WriteSvg(options->svg_path, calls, filters, median);
  }
  return 0;
}

}  // namespace
}  // namespace seccompc

int main(int argc, char** argv) { return seccompc::Main(argc, argv); }

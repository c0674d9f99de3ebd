#include "compiler/cli/dump.h"

#include <errno.h>
#include <linux/filter.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "compiler/bpf/disasm.h"
#include "compiler/cli/prove.h"
#include "compiler/os/errno_text.h"
#include "compiler/os/ptrace_stop.h"
#include "compiler/prove/prove.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif

namespace seccompc::cli {
namespace {

absl::Status PtraceError(pid_t pid, const char* step, int e) {
  std::string hint;
  if (e == EPERM || e == EACCES) {
    hint =
        " (reading filters needs CAP_SYS_ADMIN and ptrace permission on "
        "the process: run as root, and check kernel.yama.ptrace_scope)";
  }
  if (e == ESRCH) hint = " (no such process, or it exited)";
  return absl::PermissionDeniedError(
      absl::StrCat("process ", pid, ": ", CallError(step, e), hint));
}

// The value of field `key` ("TracerPid:") in /proc/PID/status, or "".
std::string StatusField(pid_t pid, const std::string& key) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key, 0) == 0) {
      const size_t start = line.find_first_not_of(" \t", key.size());
      return start == std::string::npos ? "" : line.substr(start);
    }
  }
  return "";
}

// PTRACE_SEIZE failed with EPERM or EACCES: a process has one tracer at a
// time, and one under seccomp-launch --report (or a debugger) has one
// already; that is not a missing capability.
absl::Status SeizeRefused(pid_t pid, int e) {
  const std::string tracer = StatusField(pid, "TracerPid:");
  if (e != EPERM || tracer.empty() || tracer == "0") {
    return PtraceError(pid, "PTRACE_SEIZE", e);
  }
  const std::string count = StatusField(pid, "Seccomp_filters:");
  return absl::FailedPreconditionError(absl::StrCat(
      "process ", pid, " is already traced by process ", tracer,
      " (a process has one tracer; seccomp-launch --report traces its task), "
      "so PTRACE_SECCOMP_GET_FILTER cannot read its filters",
      count.empty() ? ""
                    : absl::StrCat("; /proc/", pid, "/status says it has ",
                                   count, " filter(s)")));
}

// Why `pid` did not stop: a vfork parent waits for its child to exec or
// exit (in kernel_clone; wait_for_vfork_done where it is not inlined) and
// stops only then.
std::string NoStopReason(pid_t pid) {
  std::ifstream wchan(absl::StrCat("/proc/", pid, "/wchan"));
  std::string where;
  std::getline(wchan, where);
  if (where.find("vfork") != std::string::npos || where == "kernel_clone") {
    return absl::StrCat(" (it waits in ", where,
                        ": a vfork parent waiting for its child to exec or "
                        "exit; dump the child, or again later)");
  }
  return where.empty() || where == "0"
             ? ""
             : absl::StrCat(" (it waits in ", where, ")");
}

// Seizes `pid` and brings it to a ptrace stop within `timeout`, with the
// error worded for dump's users; detached when the result goes away.
absl::StatusOr<SeizedProcess> Seize(pid_t pid,
                                    std::chrono::milliseconds timeout) {
  std::variant<SeizedProcess, SeizeFailure> seized =
      SeizedProcess::SeizeAndStop(pid, 0, timeout);
  if (SeizedProcess* stopped = std::get_if<SeizedProcess>(&seized)) {
    return std::move(*stopped);
  }
  const SeizeFailure& failure = std::get<SeizeFailure>(seized);
  switch (failure.kind) {
    case SeizeFailure::Kind::kTimedOut:
      return absl::DeadlineExceededError(
          absl::StrCat("process ", pid, " did not stop for the reads within ",
                       timeout.count() / 1000.0, " s", NoStopReason(pid)));
    case SeizeFailure::Kind::kExited:
      return absl::NotFoundError(absl::StrCat("process ", pid, " exited"));
    case SeizeFailure::Kind::kCallFailed:
      break;
  }
  const std::string call = failure.call;
  if (call == "PTRACE_SEIZE" &&
      (failure.err == EPERM || failure.err == EACCES)) {
    return SeizeRefused(pid, failure.err);
  }
  return PtraceError(pid, failure.call, failure.err);
}

// The options (besides those given) with which `program` would be proven
// to mean `profile`: --enosys toggled and/or another --caps set. "" when
// none does. Each try resolves and proves once: milliseconds.
std::string OptionThatMatches(const Profile& profile, const TargetFlags& given,
                              const Program& program) {
  std::vector<std::pair<std::string, TargetFlags>> tries;
  const std::string enosys = given.enosys ? "without --enosys" : "--enosys";
  TargetFlags toggled = given;
  toggled.enosys = !given.enosys;
  tries.emplace_back(enosys, toggled);
  for (const char* caps : {"none", "docker", "all"}) {
    if (given.caps == caps) continue;
    for (bool toggle : {false, true}) {
      TargetFlags f = toggle ? toggled : given;
      f.caps = caps;
      tries.emplace_back(absl::StrCat("--caps ", caps,
                                      toggle ? absl::StrCat(" ", enosys) : ""),
                         f);
    }
  }
  for (const auto& [name, flags] : tries) {
    absl::StatusOr<CompileOptions> options = MakeCompileOptions(flags);
    if (!options.ok()) continue;
    absl::StatusOr<Policy> meaning = ResolveMeaning(profile, *options);
    if (!meaning.ok()) continue;
    if (Prove(*meaning, program).outcome == ProofOutcome::kProved) return name;
  }
  return "";
}

// ": matches P (proved)", or ": differs from P ..." with the
// counterexample, and the option that would make them equal if one does.
std::string Verdict(const CompiledFilter& expected, const DumpFlags& flags,
                    const Program& p, bool* match) {
  const ProofResult proof = Prove(expected.policy, p);
  *match = proof.outcome == ProofOutcome::kProved;
  if (*match) {
    return absl::StrCat(": matches ", flags.profile,
                        ProgramsEqual(p, expected.program)
                            ? " (proved; the same bytes)"
                            : " (proved; other bytes)");
  }
  std::string out = absl::StrCat(": differs from ", flags.profile, " (",
                                 expected.program.size(), " instructions)\n");
  if (proof.outcome == ProofOutcome::kRefuted) {
    const std::string lines = CounterexampleLines(*proof.counterexample);
    absl::StrAppend(
        &out, "  ",
        absl::StrReplaceAll(absl::StripSuffix(lines, "\n"), {{"\n", "\n  "}}));
  } else {
    absl::StrAppend(&out, "  undecided: ", proof.reason);
  }
  const std::string option =
      OptionThatMatches(expected.profile, flags.target, p);
  if (!option.empty()) {
    absl::StrAppend(&out, "\n  it would match with ", option);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<Program>> ReadInstalledFilters(
    pid_t pid, std::chrono::milliseconds timeout) {
  absl::StatusOr<SeizedProcess> seized = Seize(pid, timeout);
  if (!seized.ok()) return seized.status();
  std::vector<Program> filters;
  for (unsigned long index = 0;; ++index) {
    const long n =
        ptrace(static_cast<__ptrace_request>(PTRACE_SECCOMP_GET_FILTER), pid,
               reinterpret_cast<void*>(index), nullptr);
    if (n < 0 && errno == ENOENT) break;  // past the newest filter
    if (n < 0 && errno == EINVAL && index == 0) break;  // no filter at all
    if (n < 0 && errno == EMEDIUMTYPE) {
      return absl::FailedPreconditionError(absl::StrCat(
          "process ", pid, " is in seccomp strict mode (no filters)"));
    }
    if (n < 0) return PtraceError(pid, "PTRACE_SECCOMP_GET_FILTER", errno);
    Program program(static_cast<size_t>(n));
    const long got =
        ptrace(static_cast<__ptrace_request>(PTRACE_SECCOMP_GET_FILTER), pid,
               reinterpret_cast<void*>(index), program.data());
    if (got != n) return PtraceError(pid, "PTRACE_SECCOMP_GET_FILTER", errno);
    filters.push_back(std::move(program));
  }
  return filters;
}

int RunDump(const std::vector<std::string>& args, const DumpFlags& flags) {
  if (args.size() != 1) return Fail(kExitUsage, "dump takes one PID");
  int pid = 0;
  if (!absl::SimpleAtoi(args[0], &pid) || pid <= 0) {
    return Fail(kExitUsage, absl::StrCat("\"", args[0], "\" is not a PID"));
  }
  if (!(flags.timeout_seconds > 0 && flags.timeout_seconds <= 3600)) {
    return Fail(kExitUsage, "--timeout: seconds, more than 0 and at most 3600");
  }
  std::optional<CompiledFilter> expected;
  if (!flags.profile.empty()) {
    absl::StatusOr<CompileOptions> options = MakeCompileOptions(flags.target);
    if (!options.ok()) return Fail(kExitUsage, options.status().message());
    absl::StatusOr<CompiledFilter> f =
        CompileProfileFile(flags.profile, *options);
    if (!f.ok()) return Fail(kExitInvalid, f.status().message());
    expected = *std::move(f);
  }
  absl::StatusOr<std::vector<Program>> filters = ReadInstalledFilters(
      pid, std::chrono::milliseconds(
               static_cast<int64_t>(flags.timeout_seconds * 1000)));
  if (!filters.ok()) return Fail(kExitInvalid, filters.status().message());
  if (filters->empty()) {
    std::printf("process %d: no seccomp filter\n", pid);
    return expected ? kExitInvalid : kExitOk;
  }
  bool any_match = false;
  for (size_t i = 0; i < filters->size(); ++i) {
    const Program& p = (*filters)[i];
    std::string verdict;
    if (expected) {
      bool match = false;
      verdict = Verdict(*expected, flags, p, &match);
      any_match = any_match || match;
      // --summary: one line a filter; the counterexample needs the listing.
      if (flags.summary) verdict = verdict.substr(0, verdict.find('\n'));
    }
    std::printf("filter %zu of %zu%s: %zu instructions%s\n", i, filters->size(),
                i == 0 ? " (oldest, installed first)" : "", p.size(),
                verdict.c_str());
    if (!flags.summary) std::fputs(Disassemble(p).c_str(), stdout);
  }
  if (expected && !any_match) {
    std::fprintf(stderr,
                 "seccompc: no filter of process %d is %s compiled "
                 "for this target\n",
                 pid, flags.profile.c_str());
    return kExitInvalid;
  }
  return kExitOk;
}

}  // namespace seccompc::cli

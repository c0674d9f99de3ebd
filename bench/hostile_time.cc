// Hostile profiles up to the 64 MiB input limit: CPU time, wall clock and
// peak memory of `seccompc check`, `compile` (each with and without the
// proof) and `diff`, the commands a user runs on them.
//
// Each command runs as its own process (fork + exec of the seccompc binary
// given as the first argument) and is measured with wait4(): its CPU time
// (user + system) and ru_maxrss are its own, not those of this process
// (which holds every generated input). The inputs are generated here into
// a temporary directory, not committed. A second table times the parser
// alone, in this process, to tell parsing from the rest of a command.
//
//   bazel run -c opt //bench:hostile_time                  # every shape
//   bazel run -c opt //bench:hostile_time -- --filter=ioctl --repetitions=1
//   bazel run -c opt //bench:hostile_time -- --commands=false --keep=/tmp/h
//       # the shapes kept in /tmp/h, to run or profile one command by hand
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "compiler/arch/arch.h"
#include "compiler/frontend/profile_parser.h"

ABSL_FLAG(int, repetitions, 3, "runs per command; the median is shown");
ABSL_FLAG(std::string, filter, "", "only shapes whose name contains this");
ABSL_FLAG(bool, commands, true,
          "run the commands (false: only the parser table, to iterate on it)");
ABSL_FLAG(std::string, keep, "",
          "also write each shape and its changed copy into this directory "
          "and keep them there (to profile one command by hand)");

namespace seccompc {
namespace {

// The parser refuses larger inputs (JsonLimits::max_bytes); every shape
// stays just below.
constexpr size_t kMaxBytes = 64u << 20;
constexpr size_t kHeadroom = 256;

// A generated profile: `variant` changes one rule near the start, so that
// `diff` of the two has something to report.
struct Shape {
  std::string name;
  std::string what;
  std::function<std::string(bool variant)> generate;
};

// `head` + as many `element(i)` as fit (comma-separated) + `tail`.
std::string Fill(const std::string& head,
                 const std::function<std::string(size_t)>& element,
                 const std::string& tail) {
  std::string t = head;
  for (size_t i = 0;; ++i) {
    std::string e = element(i);
    if (t.size() + e.size() + 1 + tail.size() + kHeadroom > kMaxBytes) break;
    if (i > 0) t += ',';
    t += e;
  }
  t += tail;
  return t;
}

std::vector<std::string> X86_64Names() {
  std::vector<std::string> names;
  for (const SyscallDef& def : GetArch(ArchId::kX86_64).syscalls) {
    names.emplace_back(def.name.data(), def.name.size());
  }
  return names;
}

std::vector<Shape> Shapes() {
  const std::string head = R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[)";
  std::vector<Shape> shapes;
  shapes.push_back(
      {"ioctl-eq-rules-alternating",
       "distinct ioctl EQ rules on arg1, actions alternating (the order "
       "lint's worst case)",
       [head](bool variant) {
         return Fill(
             head,
             [variant](size_t i) {
               return absl::StrCat(R"({"names":["ioctl"],"action":")",
                                   i % 2 ? "SCMP_ACT_KILL" : "SCMP_ACT_ALLOW",
                                   R"(","args":[{"index":1,"value":)",
                                   variant && i == 4 ? 999999999 : i,
                                   R"(,"op":"SCMP_CMP_EQ"}]})");
             },
             "]}");
       }});
  shapes.push_back(
      {"ioctl-eq-rules-pretty",
       "the same rules pretty-printed: a third of the bytes whitespace",
       [head](bool variant) {
         return Fill(
             "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": [",
             [variant](size_t i) {
               return absl::StrCat(
                   "\n    {\n      \"names\": [\n        \"ioctl\"\n      ],"
                   "\n      \"action\": \"",
                   i % 2 ? "SCMP_ACT_KILL" : "SCMP_ACT_ALLOW",
                   "\",\n      \"args\": [\n        {\n          \"index\": "
                   "1,\n          \"value\": ",
                   variant && i == 4 ? 999999999 : i,
                   ",\n          \"op\": \"SCMP_CMP_EQ\"\n        }\n      ]"
                   "\n    }");
             },
             "\n  ]\n}\n");
       }});
  const std::vector<std::string> names = X86_64Names();
  shapes.push_back(
      {"every-syscall-repeated",
       "one entry per x86_64 syscall, its own errno, the table repeated",
       [head, names](bool variant) {
         return Fill(
             head,
             [&names, variant](size_t i) {
               return absl::StrCat(
                   R"({"names":[")", names[i % names.size()],
                   R"("],"action":"SCMP_ACT_ERRNO","errnoRet":)",
                   variant && i == 4 ? 4095 : 1 + i % 4000, "}");
             },
             "]}");
       }});
  shapes.push_back(
      {"unknown-names-one-entry",
       "one entry naming millions of distinct unknown syscalls",
       [](bool variant) {
         return Fill(
             R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"action":")" +
                 std::string(variant ? "SCMP_ACT_KILL" : "SCMP_ACT_ALLOW") +
                 R"(","names":["getpid",)",
             [](size_t i) { return absl::StrCat("\"nosuchcall", i, "\""); },
             "]}]}");
       }});
  shapes.push_back({"long-comment", "one entry whose comment is the whole file",
                    [](bool variant) {
                      std::string t = absl::StrCat(
                          R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[)",
                          R"({"names":["getpid"],"action":")",
                          variant ? "SCMP_ACT_KILL" : "SCMP_ACT_ALLOW",
                          R"(","comment":")");
                      t.append(kMaxBytes - kHeadroom - t.size(), 'c');
                      t += "\"}]}";
                      return t;
                    }});
  shapes.push_back({"nested-unknown-keys",
                    "entries each carrying an unknown key 60 arrays deep",
                    [head](bool variant) {
                      const std::string deep =
                          std::string(60, '[') + "1" + std::string(60, ']');
                      return Fill(
                          head,
                          [&deep, variant](size_t i) {
                            return absl::StrCat(
                                R"({"names":["getpid"],"action":")",
                                variant && i == 4 ? "SCMP_ACT_KILL"
                                                  : "SCMP_ACT_ALLOW",
                                R"(","x":)", deep, "}");
                          },
                          "]}");
                    }});
  return shapes;
}

double Seconds(const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; }

double Now() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

struct Run {
  double cpu_s = 0;
  double wall_s = 0;
  long peak_kb = 0;
  int exit_code = -1;
  std::string first_line;  // of stderr, else of stdout
};

// The first line of `path` (at most 200 bytes of it).
std::string FirstLine(const std::string& path) {
  char buffer[200];
  FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) return "";
  const size_t n = std::fread(buffer, 1, sizeof buffer, f);
  std::fclose(f);
  std::string s(buffer, n);
  return s.substr(0, s.find('\n'));
}

// Runs `argv` with stdout and stderr into files under `dir`.
absl::StatusOr<Run> RunCommand(const std::vector<std::string>& argv,
                               const std::string& dir) {
  const std::string out_path = dir + "/stdout";
  const std::string err_path = dir + "/stderr";
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.data()));
  args.push_back(nullptr);
  const double start = Now();
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) {
    return absl::InternalError("wait4 failed");
  }
  Run run;
  run.wall_s = Now() - start;
  run.cpu_s = Seconds(usage.ru_utime) + Seconds(usage.ru_stime);
  run.peak_kb = usage.ru_maxrss;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.first_line = FirstLine(err_path);
  if (run.first_line.empty()) run.first_line = FirstLine(out_path);
  return run;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

absl::Status WriteFile(const std::string& path, const std::string& text) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return absl::InternalError("cannot write " + path);
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) {
    return absl::InternalError("cannot write " + path);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) return absl::InternalError("cannot read " + path);
  std::string text;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
    text.append(buffer, n);
  }
  const bool ok = !std::ferror(f);
  std::fclose(f);
  if (!ok) return absl::InternalError("cannot read " + path);
  return text;
}

// The parser alone on `text`, in this process: median CPU seconds.
double ParseSeconds(const std::string& text, int repetitions) {
  std::vector<double> cpu;
  for (int r = 0; r < repetitions; ++r) {
    timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    {
      absl::StatusOr<ParsedProfile> parsed = ParseProfile(text, "hostile");
      if (!parsed.ok()) return -1;
    }  // the destruction counts too: a command pays it
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    cpu.push_back((b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
  }
  return Median(cpu);
}

// Markdown: the first line of a message, shortened, with pipes escaped.
std::string Cell(const std::string& s) {
  std::string out = s.size() > 90 ? s.substr(0, 90) + "..." : s;
  std::string escaped;
  for (char c : out) {
    if (c == '|') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

int Main(int argc, char** argv) {
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() != 2) {
    absl::FPrintF(stderr, "usage: hostile_time SECCOMPC [--repetitions=N]\n");
    return 2;
  }
  char real[PATH_MAX];
  if (realpath(rest[1], real) == nullptr) {
    absl::FPrintF(stderr, "no such binary: %s\n", rest[1]);
    return 2;
  }
  const std::string seccompc = real;
  const int repetitions = std::max(1, absl::GetFlag(FLAGS_repetitions));
  char dir_template[] = "/tmp/hostile_time.XXXXXX";
  if (mkdtemp(dir_template) == nullptr) return 1;
  const std::string dir = dir_template;
  // One target for every run, so that numbers do not depend on the host.
  const std::vector<std::string> target = {"--arch=x86_64,x86,x32",
                                           "--kernel=6.1", "--caps=docker"};
  struct Command {
    std::string label;
    std::vector<std::string> args;  // FILE and FILE2 stand for the inputs
  };
  const std::vector<Command> commands = {
      {"check", {"check", "FILE"}},
      {"check --noprove", {"check", "--noprove", "FILE"}},
      // Into a file of the temporary directory, never -o /dev/null: a
      // seccompc before 2026-12-07 renamed its output over the device.
      {"compile", {"compile", "FILE", "-o", "OUT"}},
      {"compile --noprove", {"compile", "--noprove", "FILE", "-o", "OUT"}},
      {"diff", {"diff", "FILE", "FILE2"}},
  };
  absl::PrintF(
      "Hostile profiles, each command its own process, median of %d runs "
      "(CPU = user + system; peak = ru_maxrss):\n\n"
      "| shape | bytes | command | CPU ms | wall ms | peak MiB | exit | "
      "first line of output |\n|---|--:|---|--:|--:|--:|--:|---|\n",
      repetitions);
  std::vector<std::string> parse_rows;
  std::vector<std::string> legend;
  for (const Shape& shape : Shapes()) {
    if (!absl::StrContains(shape.name, absl::GetFlag(FLAGS_filter))) continue;
    const std::string file = dir + "/" + shape.name + ".json";
    const std::string file2 = dir + "/" + shape.name + "-changed.json";
    // The texts are freed before any command starts: a forked child's
    // ru_maxrss counts the RSS it had at fork (this process's), and it
    // must measure the command alone.
    size_t bytes = 0;
    for (bool variant : {false, true}) {
      const std::string text = shape.generate(variant);
      if (!variant) bytes = text.size();
      if (absl::Status s = WriteFile(variant ? file2 : file, text); !s.ok()) {
        absl::FPrintF(stderr, "%s\n", s.ToString());
        return 1;
      }
    }
    if (const std::string keep = absl::GetFlag(FLAGS_keep); !keep.empty()) {
      for (const std::string& from : {file, file2}) {
        const std::string to = keep + from.substr(dir.size());
        absl::StatusOr<std::string> text = ReadWholeFile(from);
        absl::Status s = text.ok() ? WriteFile(to, *text) : text.status();
        if (!s.ok()) {
          absl::FPrintF(stderr, "%s\n", s.ToString());
          return 1;
        }
      }
    }
    legend.push_back(absl::StrCat("- ", shape.name, ": ", shape.what));
    for (const Command& c :
         absl::GetFlag(FLAGS_commands) ? commands : std::vector<Command>{}) {
      std::vector<std::string> argv = {seccompc};
      for (const std::string& a : c.args) {
        argv.push_back(a == "FILE"    ? file
                       : a == "FILE2" ? file2
                       : a == "OUT"   ? dir + "/out.bpf"
                                      : a);
      }
      argv.insert(argv.end(), target.begin(), target.end());
      std::vector<double> cpu, wall, peak;
      Run last;
      for (int r = 0; r < repetitions; ++r) {
        absl::StatusOr<Run> run = RunCommand(argv, dir);
        if (!run.ok()) {
          absl::FPrintF(stderr, "%s\n", run.status().ToString());
          return 1;
        }
        cpu.push_back(run->cpu_s);
        wall.push_back(run->wall_s);
        peak.push_back(run->peak_kb);
        last = *run;
      }
      absl::PrintF(
          "| %s | %d | %s | %.0f | %.0f | %.0f | %d | %s |\n", shape.name,
          bytes, c.label, Median(cpu) * 1000, Median(wall) * 1000,
          Median(peak) / 1024, last.exit_code,
          Cell(absl::StrReplaceAll(last.first_line, {{dir + "/", ""}})));
      std::fflush(stdout);
    }
    absl::StatusOr<std::string> text = ReadWholeFile(file);
    if (!text.ok()) {
      absl::FPrintF(stderr, "%s\n", text.status().ToString());
      return 1;
    }
    parse_rows.push_back(absl::StrFormat(
        "| %s | %.0f |", shape.name, ParseSeconds(*text, repetitions) * 1000));
    unlink(file.c_str());
    unlink(file2.c_str());
  }
  absl::PrintF("\n%s\n", absl::StrJoin(legend, "\n"));
  absl::PrintF(
      "\nThe parser alone (ParseProfile, in this process, median CPU ms, "
      "freeing the result included):\n\n| shape | parse ms |\n|---|--:|\n%s\n",
      absl::StrJoin(parse_rows, "\n"));
  unlink((dir + "/out.bpf").c_str());
  unlink((dir + "/stdout").c_str());
  unlink((dir + "/stderr").c_str());
  rmdir(dir.c_str());
  return 0;
}

}  // namespace
}  // namespace seccompc

int main(int argc, char** argv) { return seccompc::Main(argc, argv); }

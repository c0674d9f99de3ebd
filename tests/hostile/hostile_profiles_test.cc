// Hostile input: profiles and config-folder entries written to hurt the
// compiler (huge, deep, malformed, numerically out of range, or not files
// at all). Each case must end in a clear error or in a correct program,
// within bounded time and memory. Inputs are generated here, not committed.
//
// Every case runs in a forked child with a deadline (RunBounded), so a hang
// (a FIFO opened for reading blocks until a writer comes) or a crash is
// reported as a failure of that case instead of stalling or killing the
// whole test binary. The child also measures its own peak RSS.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "compiler/arch/arch.h"
#include "compiler/bpf/interpreter.h"
#include "compiler/bpf/verifier.h"
#include "compiler/compile.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/util/read_file.h"
#include "fuzz/fuzz_invariants.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

// ---- running a case in a child with a deadline

struct BoundedResult {
  bool finished = false;  // exited normally within the deadline
  std::string failure;    // what the body reported; empty: success
  long peak_rss_kb = -1;  // VmHWM, reset after the input was generated
  double seconds = 0;
};

long StatusField(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, field)) {
      return std::strtol(line.c_str() + std::strlen(field), nullptr, 10);
    }
  }
  return -1;
}

// Called by a body once its input is built: from here on VmHWM measures
// only the work under test (on top of the input itself). Writing 5 to
// clear_refs resets the high-water mark (Linux 4.0+).
void StartMeasuringPeakRss() {
  const int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    (void)!write(fd, "5", 1);
    close(fd);
  }
}

BoundedResult RunBounded(const std::function<std::string()>& body,
                         int timeout_seconds) {
  BoundedResult result;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    result.failure = "pipe2 failed";
    return result;
  }
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string failure = body();
    std::fflush(stdout);  // _exit() skips stdio's buffers
    const std::string report =
        absl::StrCat(StatusField("VmHWM:"), "\n", failure);
    size_t off = 0;
    while (off < report.size()) {
      const ssize_t n = write(fds[1], report.data() + off, report.size() - off);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string report;
  bool timed_out = false;
  for (;;) {
    const double left =
        timeout_seconds -
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int r = poll(&p, 1, static_cast<int>(left * 1000) + 1);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) continue;
    char buf[4096];
    const ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n <= 0) break;
    report.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (timed_out) {
    result.failure =
        absl::StrCat("did not finish within ", timeout_seconds, " s (hang)");
    return result;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    result.failure = absl::StrCat(
        "child died: ", WIFSIGNALED(status)
                            ? absl::StrCat("signal ", WTERMSIG(status))
                            : absl::StrCat("exit ", WEXITSTATUS(status)));
    return result;
  }
  result.finished = true;
  const size_t nl = report.find('\n');
  std::sscanf(report.substr(0, nl).c_str(), "%ld", &result.peak_rss_kb);
  result.failure =
      nl == std::string::npos ? "no report" : report.substr(nl + 1);
  return result;
}

// Deadlines are generous: ASan + UBSan builds run these several times
// slower, and the machine is shared.
constexpr int kDeadlineSeconds = 120;

void ExpectBounded(const std::function<std::string()>& body,
                   const std::string& what, int timeout = kDeadlineSeconds) {
  SCOPED_TRACE(what);
  const BoundedResult r = RunBounded(body, timeout);
  EXPECT_TRUE(r.finished) << what << ": " << r.failure;
  EXPECT_EQ(r.failure, "") << what;
}

// ---- judging results

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    int len = c < 0x80         ? 1
              : (c >> 5) == 6  ? 2
              : (c >> 4) == 14 ? 3
              : (c >> 3) == 30 ? 4
                               : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += len;
  }
  return true;
}

// A clear error: InvalidArgument or ResourceExhausted, starting with the
// source name, short (never echoing a huge input back), and mentioning every
// word of `mentions`. Returns "" when it is one.
std::string JudgeError(const absl::Status& s, std::string_view source,
                       const std::vector<std::string>& mentions) {
  if (s.ok()) return "accepted, expected an error";
  const std::string m(s.message());
  std::string bad;
  if (s.code() != absl::StatusCode::kInvalidArgument &&
      s.code() != absl::StatusCode::kResourceExhausted &&
      s.code() != absl::StatusCode::kNotFound) {
    absl::StrAppend(&bad, "unexpected code; ");
  }
  if (!absl::StartsWith(m, std::string(source))) {
    absl::StrAppend(&bad, "does not start with the source name; ");
  }
  if (m.size() > 2000) {
    absl::StrAppend(&bad, "message is ", m.size(), " bytes long; ");
  }
  for (const std::string& w : mentions) {
    if (!absl::StrContains(m, w)) absl::StrAppend(&bad, "no \"", w, "\"; ");
  }
  if (bad.empty()) return "";
  return absl::StrCat(bad, "status: ", s.ToString().substr(0, 500));
}

std::string ParseError(const std::string& text,
                       const std::vector<std::string>& mentions) {
  return JudgeError(ParseProfile(text, "hostile.json").status(), "hostile.json",
                    mentions);
}

std::string Entry(std::string_view names, std::string_view action,
                  std::string_view extra = "") {
  return absl::StrCat("{\"names\":[", std::string(names), "],\"action\":\"",
                      std::string(action), "\"", std::string(extra), "}");
}

// An entry's names: name_of(0) .. name_of(count - 1), quoted and
// comma-separated.
std::string NameList(int count,
                     const std::function<std::string(int)>& name_of) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ",";
    absl::StrAppend(&out, "\"", name_of(i), "\"");
  }
  return out;
}

std::string Profile(std::string_view default_action,
                    const std::vector<std::string>& entries,
                    std::string_view top_extra = "") {
  std::string out =
      absl::StrCat("{\"defaultAction\":\"", std::string(default_action), "\"",
                   std::string(top_extra), ",\"syscalls\":[");
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out += ",\n";
    out += entries[i];
  }
  out += "]}";
  return out;
}

CompileOptions ThreeAbiOptions() { return CompileTargets()[0].options; }

// ---- size

TEST(HostileProfilesTest, TenMegabytesOfJsonCompilesInBoundedMemory) {
  const BoundedResult r = RunBounded(
      [] {
        // Entries cycling through real names and argument rules, padded
        // with comments, up to 10 MiB.
        const std::vector<std::string> names = {
            "\"read\"", "\"write\",\"close\"", "\"openat\"", "\"mmap\"",
            "\"futex\",\"getpid\",\"gettid\""};
        const std::string comment(900, 'c');
        std::vector<std::string> entries;
        size_t bytes = 0;
        for (int i = 0; bytes < (10u << 20); ++i) {
          std::string e = Entry(
              names[i % names.size()], "SCMP_ACT_ALLOW",
              absl::StrCat(",\"comment\":\"", i, comment, "\"",
                           i % 7 == 0 ? ",\"args\":[{\"index\":1,\"value\":" +
                                            std::to_string(i % 40) +
                                            ",\"op\":\"SCMP_CMP_EQ\"}]"
                                      : ""));
          bytes += e.size() + 2;
          entries.push_back(std::move(e));
        }
        const std::string text = Profile("SCMP_ACT_ERRNO", entries);
        entries.clear();
        entries.shrink_to_fit();
        if (text.size() < (10u << 20)) return std::string("input too small");
        StartMeasuringPeakRss();
        const auto start = std::chrono::steady_clock::now();
        absl::StatusOr<CompiledFilter> f =
            CompileProfileText(text, "ten-mb.json", ThreeAbiOptions());
        const double secs = std::chrono::duration<double>(
                                std::chrono::steady_clock::now() - start)
                                .count();
        if (!f.ok()) return f.status().ToString();
        std::printf(
            "10 MiB profile (%zu bytes, %zu entries): compiled to %zu "
            "instructions in %.2f s\n",
            text.size(), f->profile.syscalls.size(), f->program.size(), secs);
        // The compiled program must mean what the policy says.
        absl::Status s = CheckCompileInvariant(text, 100);
        return s.ok() ? std::string() : s.ToString();
      },
      kDeadlineSeconds * 2);
  ASSERT_TRUE(r.finished) << r.failure;
  EXPECT_EQ(r.failure, "");
  std::printf("peak RSS of the 10 MiB case: %ld KiB (%.1f MiB)\n",
              r.peak_rss_kb, r.peak_rss_kb / 1024.0);
  // Parsing keeps a DOM and a path->offset map; a few hundred MiB would
  // mean something is copied per value.
  EXPECT_GT(r.peak_rss_kb, 0);
  EXPECT_LT(r.peak_rss_kb, 1024 * 1024) << "over 1 GiB for 10 MiB of JSON";
}

TEST(HostileProfilesTest, OversizedInputRefusedBeforeParsing) {
  ExpectBounded(
      [] {
        JsonLimits limits;
        limits.max_bytes = 1 << 20;
        const std::string text = Profile(
            "SCMP_ACT_ALLOW", {},
            absl::StrCat(",\"comment\":\"", std::string(2 << 20, 'x'), "\""));
        return JudgeError(ParseProfile(text, "big.json", limits).status(),
                          "big.json", {});
      },
      "2 MiB with a 1 MiB limit");
}

TEST(HostileProfilesTest, HugeWrongValueGivesShortError) {
  // A megabyte where an action name belongs: the message may quote the
  // type, not the value.
  ExpectBounded(
      [] {
        const std::string text =
            absl::StrCat("{\"defaultAction\":\"", std::string(1 << 20, 'A'),
                         "\",\"syscalls\":[]}");
        return ParseError(text, {"defaultAction"});
      },
      "1 MiB action name");
}

TEST(HostileProfilesTest, HundredThousandNamesInOneEntry) {
  ExpectBounded(
      [] {
        const ArchSpec& x86_64 = GetArch(ArchId::kX86_64);
        const std::string names = NameList(100000, [&x86_64](int i) {
          return std::string(x86_64.syscalls[i % x86_64.syscalls.size()].name);
        });
        const std::string text =
            Profile("SCMP_ACT_KILL_PROCESS",
                    {Entry(names, "SCMP_ACT_ERRNO", ",\"errnoRet\":7")});
        absl::Status s = CheckCompileInvariant(text, 200);
        if (!s.ok()) return s.ToString();
        absl::StatusOr<CompiledFilter> f =
            CompileProfileText(text, "names.json", ThreeAbiOptions());
        if (!f.ok()) return f.status().ToString();
        // Every x86_64 syscall is now ERRNO(7).
        seccomp_data d{};
        d.arch = x86_64.audit_arch;
        d.nr = 0;
        absl::StatusOr<uint32_t> ret = RunProgram(f->program, d);
        if (!ret.ok() || *ret != (SECCOMP_RET_ERRNO | 7)) {
          return std::string("read is not ERRNO(7)");
        }
        return std::string();
      },
      "100k known names");
  ExpectBounded(
      [] {
        const std::string names = NameList(
            100000, [](int i) { return absl::StrCat("no_such_call_", i); });
        const std::string text =
            Profile("SCMP_ACT_ALLOW", {Entry(names, "SCMP_ACT_KILL")});
        // Docker's rule: unknown names are skipped (with warnings) ...
        absl::StatusOr<CompiledFilter> f =
            CompileProfileText(text, "unknown.json", ThreeAbiOptions());
        if (!f.ok()) return f.status().ToString();
        if (f->warnings.empty()) return std::string("no warnings");
        seccomp_data d{};
        d.arch = GetArch(ArchId::kX86_64).audit_arch;
        absl::StatusOr<uint32_t> ret = RunProgram(f->program, d);
        if (!ret.ok() || *ret != SECCOMP_RET_ALLOW) {
          return std::string("unknown names changed the verdict");
        }
        // ... and an error under --strict, naming one of them.
        CompileOptions strict = ThreeAbiOptions();
        strict.resolve.strict = true;
        return JudgeError(
            CompileProfileText(text, "unknown.json", strict).status(),
            "unknown.json", {"no_such_call_"});
      },
      "100k unknown names");
}

// ---- repetition: linear or n log n, never quadratic.
// Sizes at which the quadratic front end took minutes (1M duplicate names
// did not finish in 300 s; 20,000 distinct ioctl rules took 24.5 s); in
// -c opt each takes well under a second now (bench/README.md), the
// deadline leaves room for ASan on a shared machine.
constexpr int kRepetitionDeadlineSeconds = 60;

// `count` copies of `item`, comma-separated.
std::string Repeat(std::string_view item, int count) {
  std::string out;
  out.reserve((item.size() + 1) * static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ",";
    out.append(item.data(), item.size());
  }
  return out;
}

TEST(HostileProfilesTest, MillionDuplicateNamesInOneEntry) {
  ExpectBounded(
      [] {
        const std::string text =
            Profile("SCMP_ACT_ERRNO",
                    {Entry(Repeat("\"read\"", 1000000), "SCMP_ACT_ALLOW")});
        absl::StatusOr<CompiledFilter> f =
            CompileProfileText(text, "dup.json", ThreeAbiOptions());
        if (!f.ok()) return f.status().ToString();
        // Warned about, but not a million times.
        if (f->warnings.empty() || f->warnings.size() > 20) {
          return absl::StrCat(f->warnings.size(), " warnings");
        }
        seccomp_data d{};
        d.arch = GetArch(ArchId::kX86_64).audit_arch;
        d.nr = 0;  // read
        absl::StatusOr<uint32_t> ret = RunProgram(f->program, d);
        if (!ret.ok() || *ret != SECCOMP_RET_ALLOW) {
          return std::string("read is not allowed");
        }
        return std::string();
      },
      "1M copies of one name", kRepetitionDeadlineSeconds);
}

TEST(HostileProfilesTest, TwoHundredThousandIdenticalEntries) {
  ExpectBounded(
      [] {
        std::vector<std::string> entries(
            200000, Entry("\"read\"", "SCMP_ACT_ALLOW",
                          ",\"args\":[{\"index\":0,\"value\":3,"
                          "\"op\":\"SCMP_CMP_EQ\"}]"));
        const std::string text = Profile("SCMP_ACT_ERRNO", entries);
        // Equal rules are one rule: a small program, not a size error.
        absl::StatusOr<CompiledFilter> f =
            CompileProfileText(text, "same.json", ThreeAbiOptions());
        if (!f.ok()) return f.status().ToString();
        if (f->program.size() > 64) {
          return absl::StrCat(f->program.size(), " instructions");
        }
        return std::string();
      },
      "200k identical entries", kRepetitionDeadlineSeconds);
}

TEST(HostileProfilesTest, ManyDistinctArgumentRulesGiveASizeError) {
  for (const bool mixed : {false, true}) {
    ExpectBounded(
        [mixed] {
          std::vector<std::string> entries;
          for (int i = 0; i < 100000; ++i) {
            entries.push_back(
                Entry("\"ioctl\"",
                      mixed && i % 2 ? "SCMP_ACT_KILL" : "SCMP_ACT_ALLOW",
                      absl::StrCat(",\"args\":[{\"index\":1,\"value\":", i,
                                   ",\"op\":\"SCMP_CMP_EQ\"}]")));
          }
          const std::string text = Profile("SCMP_ACT_ERRNO", entries);
          return JudgeError(
              CompileProfileText(text, "ioctl.json", ThreeAbiOptions())
                  .status(),
              "", {"BPF_MAXINSNS"});
        },
        mixed ? "100k ioctl rules, actions alternating"
              : "100k distinct ioctl rules",
        kRepetitionDeadlineSeconds);
  }
}

TEST(HostileProfilesTest, HalfAMillionUnknownNames) {
  ExpectBounded(
      [] {
        const std::string names =
            NameList(500000, [](int i) { return absl::StrCat("nope", i); });
        const std::string text =
            Profile("SCMP_ACT_ALLOW", {Entry(names, "SCMP_ACT_KILL")});
        absl::StatusOr<CompiledFilter> f =
            CompileProfileText(text, "unknown.json", ThreeAbiOptions());
        if (!f.ok()) return f.status().ToString();
        // One warning per name up to a cap, then a count.
        if (f->warnings.empty() || f->warnings.size() > 200) {
          return absl::StrCat(f->warnings.size(), " warnings");
        }
        return std::string();
      },
      "500k unknown names", kRepetitionDeadlineSeconds);
}

// ---- structure

TEST(HostileProfilesTest, NestingTenThousandDeep) {
  const std::string open(10000, '['), close(10000, ']');
  const std::string objects = [] {
    std::string s;
    for (int i = 0; i < 10000; ++i) s += "{\"a\":";
    s += "1";
    s += std::string(10000, '}');
    return s;
  }();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"arrays in architectures",
       absl::StrCat("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":",
                    open, close, "}")},
      {"objects in syscalls",
       absl::StrCat("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[",
                    objects, "]}")},
      {"bare arrays", open + close},
      {"unclosed", open},
  };
  for (const auto& [what, text] : cases) {
    ExpectBounded([&text] { return ParseError(text, {"nesting"}); }, what);
  }
  // With the depth limit lifted, nothing may recurse on the machine stack
  // 10k frames deep: the result is a type error, not a crash. (Deeper
  // still, the parser's path bookkeeping grows with depth squared; the
  // default limit of 64 is what keeps it bounded.)
  const BoundedResult r = RunBounded(
      [] {
        JsonLimits limits;
        limits.max_depth = 1 << 30;
        const std::string text = absl::StrCat(
            "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":",
            std::string(10000, '['), std::string(10000, ']'), "}");
        StartMeasuringPeakRss();
        return JudgeError(ParseProfile(text, "deep.json", limits).status(),
                          "deep.json", {"architectures"});
      },
      kDeadlineSeconds);
  EXPECT_TRUE(r.finished) << r.failure;
  EXPECT_EQ(r.failure, "");
  std::printf("depth 10000 without the limit: %.2f s, peak RSS %ld KiB\n",
              r.seconds, r.peak_rss_kb);
}

TEST(HostileProfilesTest, DuplicateKeys) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"top level",
       "{\"defaultAction\":\"SCMP_ACT_ALLOW\","
       "\"defaultAction\":\"SCMP_ACT_KILL\"}"},
      {"same key spelled with an escape",
       "{\"defaultAction\":\"SCMP_ACT_ALLOW\","
       "\"\\u0064efaultAction\":\"SCMP_ACT_KILL\"}"},
      {"in an entry",
       Profile("SCMP_ACT_ALLOW", {"{\"names\":[\"read\"],\"action\":"
                                  "\"SCMP_ACT_KILL\",\"action\":"
                                  "\"SCMP_ACT_ALLOW\"}"})},
      {"in an arg",
       Profile("SCMP_ACT_ALLOW",
               {Entry("\"read\"", "SCMP_ACT_KILL",
                      ",\"args\":[{\"index\":0,\"value\":1,\"value\":2,"
                      "\"op\":\"SCMP_CMP_EQ\"}]")})},
      {"syscalls twice",
       "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[],"
       "\"syscalls\":[]}"},
  };
  for (const auto& [what, text] : cases) {
    SCOPED_TRACE(what);
    EXPECT_EQ(ParseError(text, {"duplicate"}), "") << what;
  }
}

// ---- numbers

TEST(HostileProfilesTest, NumbersOutOfRangeOrNotIntegers) {
  const std::vector<std::string> bad_numbers = {
      "18446744073709551616",                     // 2^64
      "99999999999999999999999999999999999999",   // far beyond
      "340282366920938463463374607431768211456",  // 2^128
      "1e20",
      "1e400",  // overflows a double too
      "-1",
      "-9223372036854775808",
      "-9223372036854775809",
      "-0",
      "1.5",
      "1.0",
      "1e2",
      "0.0000001",
      "-1e-400",
  };
  // Every integer field of the format.
  auto make = [](const std::string& field, const std::string& n) {
    if (field == "defaultErrnoRet") {
      return absl::StrCat(
          "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":", n, "}");
    }
    if (field == "errnoRet") {
      return Profile("SCMP_ACT_ALLOW",
                     {Entry("\"read\"", "SCMP_ACT_ERRNO",
                            absl::StrCat(",\"errnoRet\":", n))});
    }
    std::string arg =
        "{\"index\":0,\"value\":1,\"valueTwo\":1,"
        "\"op\":\"SCMP_CMP_MASKED_EQ\"}";
    const std::string key = absl::StrCat("\"", field, "\":");
    const size_t at = arg.find(key) + key.size();
    arg.replace(at, 1, n);
    return Profile("SCMP_ACT_ALLOW",
                   {Entry("\"read\"", "SCMP_ACT_KILL",
                          absl::StrCat(",\"args\":[", arg, "]"))});
  };
  for (const std::string field :
       {"defaultErrnoRet", "errnoRet", "index", "value", "valueTwo"}) {
    for (const std::string& n : bad_numbers) {
      if (n == "-0" && field != "index") {
        // "-0" is the integer 0 in JSON; nlohmann reads it as a signed 0.
        // Either a clear error or acceptance as 0 is fine; checked below.
        continue;
      }
      SCOPED_TRACE(absl::StrCat(field, " = ", n));
      // The lexer's own overflow message names the token, not the field.
      EXPECT_EQ(ParseError(make(field, n), {n == "1e400" ? n : field}), "")
          << field << " = " << n;
    }
  }
  // The extremes that ARE valid stay valid.
  absl::StatusOr<ParsedProfile> max =
      ParseProfile(make("value", "18446744073709551615"), "max.json");
  ASSERT_TRUE(max.ok()) << max.status();
  EXPECT_EQ(max->profile.syscalls[0].args[0].value, UINT64_MAX);
  // "-0": 0 or a clear error, never a wrapped 2^64-1.
  absl::StatusOr<ParsedProfile> minus_zero =
      ParseProfile(make("value", "-0"), "minus-zero.json");
  if (minus_zero.ok()) {
    EXPECT_EQ(minus_zero->profile.syscalls[0].args[0].value, 0u);
  } else {
    EXPECT_EQ(JudgeError(minus_zero.status(), "minus-zero.json", {"value"}),
              "");
  }
}

TEST(HostileProfilesTest, NanAndInfinityAreNotJson) {
  for (const std::string n : {"NaN", "nan", "Infinity", "-Infinity", "inf",
                              "0x10", "+1", "01", ".5", "1.", "1e", "--1"}) {
    SCOPED_TRACE(n);
    const std::string text =
        Profile("SCMP_ACT_ALLOW",
                {Entry("\"read\"", "SCMP_ACT_KILL",
                       absl::StrCat(",\"args\":[{\"index\":0,\"value\":", n,
                                    ",\"op\":\"SCMP_CMP_EQ\"}]"))});
    // A syntax error with a position.
    EXPECT_EQ(ParseError(text, {"hostile.json:1:", "invalid JSON"}), "") << n;
  }
}

// ---- text

std::vector<std::pair<std::string, std::string>> InvalidUtf8Cases() {
  return {
      {"lone continuation byte",
       "re\x80"
       "ad"},
      {"0xff", "\xff"},
      {"overlong slash", "\xc0\xaf"},
      {"UTF-16 surrogate encoded", "\xed\xa0\x80"},
      {"beyond U+10FFFF", "\xf4\x90\x80\x80"},
      {"truncated sequence", "read\xe2\x82"},
  };
}

TEST(HostileProfilesTest, InvalidUtf8) {
  const std::vector<std::pair<std::string, std::string>> bad =
      InvalidUtf8Cases();
  for (const auto& [what, bytes] : bad) {
    SCOPED_TRACE(what);
    // In a syscall name, in a comment, in a key.
    EXPECT_EQ(
        ParseError(
            Profile("SCMP_ACT_ALLOW",
                    {Entry(absl::StrCat("\"", bytes, "\""), "SCMP_ACT_KILL")}),
            {}),
        "")
        << what << " in a name";
    EXPECT_EQ(ParseError(absl::StrCat("{\"defaultAction\":\"SCMP_ACT_ALLOW\","
                                      "\"comment\":\"",
                                      bytes, "\"}"),
                         {}),
              "")
        << what << " in a comment";
    EXPECT_EQ(ParseError(absl::StrCat("{\"defaultAction\":\"SCMP_ACT_ALLOW\","
                                      "\"",
                                      bytes, "\":1}"),
                         {}),
              "")
        << what << " in a key";
  }
  // Escapes that decode to invalid UTF-16 are refused by the lexer too.
  EXPECT_EQ(ParseError(Profile("SCMP_ACT_ALLOW",
                               {Entry("\"\\ud800\"", "SCMP_ACT_KILL")}),
                       {}),
            "");
  // NUL inside a name: valid JSON, but no syscall is called that; under
  // --strict it is an error, never a name silently cut at the NUL.
  CompileOptions strict = ThreeAbiOptions();
  strict.resolve.strict = true;
  absl::StatusOr<CompiledFilter> nul = CompileProfileText(
      Profile("SCMP_ACT_ALLOW", {Entry("\"read\\u0000x\"", "SCMP_ACT_KILL")}),
      "nul.json", strict);
  EXPECT_FALSE(nul.ok()) << "\"read\\0x\" was taken for read";
}

TEST(HostileProfilesTest, ErrorMessagesAboutInvalidUtf8StayUtf8) {
  // The message itself must stay UTF-8: it ends up in terminals and in
  // JSON logs, where quoting the offending raw bytes corrupts the line.
  for (const auto& [what, bytes] : InvalidUtf8Cases()) {
    const absl::Status s =
        ParseProfile(
            Profile("SCMP_ACT_ALLOW",
                    {Entry(absl::StrCat("\"", bytes, "\""), "SCMP_ACT_KILL")}),
            "hostile.json")
            .status();
    EXPECT_TRUE(IsValidUtf8(std::string(s.message())))
        << what << ": message quotes the raw bytes: " << s;
  }
}

// ---- size of the program

std::string ThousandsOfArgRules(int rules) {
  std::vector<std::string> entries;
  for (int i = 0; i < rules; ++i) {
    const uint64_t v = 0x100000000ull * (i + 1) + 7919u * i;
    entries.push_back(Entry("\"ioctl\"", "SCMP_ACT_ERRNO",
                            absl::StrCat(",\"errnoRet\":", i % 4000 + 1,
                                         ",\"args\":[{\"index\":1,\"value\":",
                                         v, ",\"op\":\"SCMP_CMP_EQ\"}]")));
  }
  return Profile("SCMP_ACT_ALLOW", entries);
}

TEST(HostileProfilesTest, OverMaxInstructionsIsAClearError) {
  ExpectBounded(
      [] {
        absl::StatusOr<CompiledFilter> f = CompileProfileText(
            ThousandsOfArgRules(3000), "too-big.json", ThreeAbiOptions());
        if (f.ok()) {
          return absl::StrCat("compiled to ", f->program.size(),
                              " instructions");
        }
        std::string bad =
            JudgeError(f.status(), "too-big.json", {"4096", "instructions"});
        if (!bad.empty()) return bad;
        // It names the size it would have needed, which is over the limit.
        const std::string m(f.status().message());
        const size_t at = m.find("needs ");
        if (at == std::string::npos ||
            std::strtoul(m.c_str() + at + 6, nullptr, 10) <= 4096) {
          return "no size over 4096 in: " + m;
        }
        return std::string();
      },
      "3000 distinct arg rules");
}

TEST(HostileProfilesTest, OverMaxInstructionsCliWritesNothing) {
  const std::string dir = std::getenv("TEST_TMPDIR");
  const std::string profile = dir + "/too-big.json";
  const std::string out = dir + "/too-big.bpf";
  {
    std::ofstream f(profile);
    f << ThousandsOfArgRules(3000);
  }
  const std::string cmd = absl::StrCat(
      "compiler/cli/seccompc compile ", profile, " -o ", out,
      " --format raw --arch x86_64,x86,x32 2>", dir, "/stderr.txt");
  const int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  EXPECT_NE(WEXITSTATUS(rc), 0);
  struct stat st;
  EXPECT_NE(stat(out.c_str(), &st), 0)
      << "a program was written anyway (" << st.st_size << " bytes)";
  std::ifstream err(dir + "/stderr.txt");
  std::stringstream msg;
  msg << err.rdbuf();
  EXPECT_TRUE(absl::StrContains(msg.str(), "4096")) << msg.str();
}

// ---- empty policies

TEST(HostileProfilesTest, EmptySyscallListUnderEachDefaultAction) {
  struct Case {
    std::string top;  // defaultAction and extras
    uint32_t ret;     // what every call of a known arch returns
  };
  const std::vector<Case> cases = {
      {"\"SCMP_ACT_ALLOW\"", SECCOMP_RET_ALLOW},
      {"\"SCMP_ACT_LOG\"", SECCOMP_RET_LOG},
      {"\"SCMP_ACT_TRAP\"", SECCOMP_RET_TRAP},
      {"\"SCMP_ACT_ERRNO\"", SECCOMP_RET_ERRNO | EPERM},
      {"\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":38", SECCOMP_RET_ERRNO | 38},
      {"\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":0", SECCOMP_RET_ERRNO | 0},
      {"\"SCMP_ACT_TRACE\"", SECCOMP_RET_TRACE | EPERM},
      {"\"SCMP_ACT_KILL\"", SECCOMP_RET_KILL_THREAD},
      {"\"SCMP_ACT_KILL_THREAD\"", SECCOMP_RET_KILL_THREAD},
      {"\"SCMP_ACT_KILL_PROCESS\"", SECCOMP_RET_KILL_PROCESS},
  };
  for (const Case& c : cases) {
    for (const std::string syscalls :
         {",\"syscalls\":[]", ",\"syscalls\":null", ""}) {
      const std::string text =
          absl::StrCat("{\"defaultAction\":", c.top, syscalls, "}");
      SCOPED_TRACE(text);
      absl::StatusOr<CompiledFilter> f =
          CompileProfileText(text, "empty.json", ThreeAbiOptions());
      ASSERT_TRUE(f.ok()) << f.status();
      EXPECT_TRUE(VerifyProgram(f->program).ok());
      EXPECT_LE(f->program.size(), 8u) << "an empty policy needs no search";
      for (ArchId id : {ArchId::kX86_64, ArchId::kX86, ArchId::kX32}) {
        const ArchSpec& arch = GetArch(id);
        seccomp_data d{};
        d.arch = arch.audit_arch;
        for (uint32_t nr : {0u, 1u, 59u, 231u, 0x7fffffffu, 0xffffffffu}) {
          d.nr = static_cast<int>(nr | arch.nr_base);
          absl::StatusOr<uint32_t> ret = RunProgram(f->program, d);
          ASSERT_TRUE(ret.ok()) << ret.status();
          EXPECT_EQ(*ret, c.ret) << arch.short_name << " nr " << d.nr;
        }
      }
      // Unknown arches are killed whatever the default.
      seccomp_data foreign{};
      foreign.arch = GetArch(ArchId::kAarch64).audit_arch;
      absl::StatusOr<uint32_t> ret = RunProgram(f->program, foreign);
      ASSERT_TRUE(ret.ok());
      EXPECT_EQ(*ret, SECCOMP_RET_KILL_PROCESS);
      EXPECT_TRUE(CheckCompileInvariant(text).ok());
    }
  }
}

// ---- the config folder

class ConfigFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::string(std::getenv("TEST_TMPDIR")) + "/config.d";
    mkdir(dir_.c_str(), 0755);
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  // ParseProfileFile and ReadFileLimited on `path`: a clear error naming the
  // path, quickly, in a child (so a blocking open is caught).
  void ExpectFileError(const std::string& path, const std::string& what,
                       const std::vector<std::string>& mentions = {}) {
    ExpectBounded(
        [path, mentions] {
          std::string bad =
              JudgeError(ParseProfileFile(path).status(), path, mentions);
          if (!bad.empty()) return "ParseProfileFile: " + bad;
          bad = JudgeError(ReadFileLimited(path, 1 << 20).status(), path,
                           mentions);
          if (!bad.empty()) return "ReadFileLimited: " + bad;
          return std::string();
        },
        what, 20);
  }
  std::string dir_;
};

TEST_F(ConfigFolderTest, SymlinkLoops) {
  ASSERT_EQ(symlink("loop-b.json", Path("loop-a.json").c_str()), 0);
  ASSERT_EQ(symlink("loop-a.json", Path("loop-b.json").c_str()), 0);
  ASSERT_EQ(symlink("self.json", Path("self.json").c_str()), 0);
  ExpectFileError(Path("loop-a.json"), "two-link loop");
  ExpectFileError(Path("self.json"), "self loop");
}

TEST_F(ConfigFolderTest, DanglingSymlinkAndMissingFile) {
  ASSERT_EQ(symlink("gone.json", Path("dangling.json").c_str()), 0);
  ExpectFileError(Path("dangling.json"), "dangling symlink");
  ExpectFileError(Path("missing.json"), "missing file");
}

TEST_F(ConfigFolderTest, DirectoryAndSymlinkToDirectory) {
  ASSERT_EQ(mkdir(Path("dir.json").c_str(), 0755), 0);
  ASSERT_EQ(symlink("dir.json", Path("to-dir.json").c_str()), 0);
  ExpectFileError(Path("dir.json"), "a directory");
  ExpectFileError(Path("to-dir.json"), "a symlink to a directory");
}

TEST_F(ConfigFolderTest, FifoWithoutWriterDoesNotHang) {
  // open(O_RDONLY) on a FIFO blocks until a writer appears; a launcher
  // scanning its folder must not wait forever for one.
  ASSERT_EQ(mkfifo(Path("fifo.json").c_str(), 0644), 0);
  ExpectFileError(Path("fifo.json"), "a FIFO");
}

TEST_F(ConfigFolderTest, SocketAndDevices) {
  const int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string sock = Path("sock.json");
  if (sock.size() < sizeof(addr.sun_path)) {
    std::snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", sock.c_str());
    ASSERT_EQ(bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    ExpectFileError(sock, "a unix socket");
  }
  close(s);
  // Endless and empty character devices, reached through symlinks the way
  // a mistaken config link would.
  ASSERT_EQ(symlink("/dev/zero", Path("zero.json").c_str()), 0);
  ASSERT_EQ(symlink("/dev/urandom", Path("urandom.json").c_str()), 0);
  ASSERT_EQ(symlink("/dev/null", Path("null.json").c_str()), 0);
  ExpectFileError(Path("zero.json"), "/dev/zero");
  ExpectFileError(Path("urandom.json"), "/dev/urandom");
  ExpectFileError(Path("null.json"), "/dev/null");
}

TEST_F(ConfigFolderTest, ReadErrorsAndUnreadableFiles) {
  // A regular file whose read() fails: /proc/self/mem at offset 0 (EIO).
  ExpectFileError("/proc/self/mem", "a read error");
  // Mode 000: root reads it anyway (DAC override); anyone else must get a
  // clear error.
  const std::string locked = Path("locked.json");
  {
    std::ofstream f(locked);
    f << "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}";
  }
  ASSERT_EQ(chmod(locked.c_str(), 0), 0);
  if (geteuid() != 0) {
    ExpectFileError(locked, "mode 000");
  } else {
    EXPECT_TRUE(ParseProfileFile(locked).ok()) << "root may read mode 000";
  }
}

TEST_F(ConfigFolderTest, HugeSparseFileIsRefusedQuickly) {
  const std::string sparse = Path("sparse.json");
  const int fd = open(sparse.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, 100ll << 30), 0);  // 100 GiB of holes
  close(fd);
  ExpectFileError(sparse, "100 GiB sparse file", {"larger"});
  ExpectBounded(
      [sparse] {
        JsonLimits limits;
        limits.max_bytes = 4 << 20;
        return JudgeError(ParseProfileFile(sparse, limits).status(), sparse,
                          {"larger"});
      },
      "100 GiB sparse file, 4 MiB limit", 20);
}

TEST_F(ConfigFolderTest, GoodFileBesideTheBadOnesStillParses) {
  const std::string good = Path("good.json");
  {
    std::ofstream f(good);
    f << Profile("SCMP_ACT_ERRNO", {Entry("\"read\"", "SCMP_ACT_ALLOW")});
  }
  ASSERT_EQ(symlink("good.json", Path("link-to-good.json").c_str()), 0);
  for (const std::string& p : {good, Path("link-to-good.json")}) {
    absl::StatusOr<ParsedProfile> parsed = ParseProfileFile(p);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed->profile.syscalls.size(), 1u);
  }
}

}  // namespace
}  // namespace seccompc

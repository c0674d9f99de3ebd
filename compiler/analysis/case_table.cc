#include "compiler/analysis/case_table.h"

#include <cerrno>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "compiler/arch/errno_numbers.h"
#include "compiler/frontend/json_document.h"
#include "compiler/model/target.h"

namespace seccompc {
namespace {

// absl::string_view is not std::string_view in this absl build.
std::string_view Std(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}

constexpr char kLineShape[] = "expected \"ABI SYSCALL [ARG0 ...] -> ACTION\"";

}  // namespace

absl::StatusOr<ExpectedAction> ParseExpectedAction(std::string_view text_in,
                                                   ArchId abi) {
  std::string text = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(
      absl::string_view(text_in.data(), text_in.size())));
  if (absl::StartsWith(text, "SCMP_ACT_")) text = text.substr(9);
  std::string name = text;
  std::optional<std::string> data;
  if (const size_t open = text.find('('); open != std::string::npos) {
    if (text.back() != ')') {
      return absl::InvalidArgumentError(
          absl::StrCat("expected ACTION or ACTION(N), got \"",
                       PrintableExcerpt(text_in, 64), "\""));
    }
    name = text.substr(0, open);
    data = text.substr(open + 1, text.size() - open - 2);
  }
  std::optional<ActionKind> kind =
      ActionKindFromName(absl::StrCat("SCMP_ACT_", name));
  if (!kind && name == "USER_NOTIF") kind = ActionKind::kUserNotif;
  if (!kind) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown action \"", PrintableExcerpt(text_in, 64),
        "\" (ALLOW, ERRNO(N), KILL, KILL_PROCESS, KILL_THREAD, TRAP, "
        "TRACE(N), LOG, NOTIFY)"));
  }
  ExpectedAction out{*kind, std::nullopt};
  if (data) {
    uint32_t n = 0;
    if (absl::SimpleAtoi(*data, &n)) {
      out.data = n;
    } else if (std::optional<uint32_t> e = ErrnoFromName(abi, *data)) {
      out.data = *e;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", PrintableExcerpt(*data, 64),
                       "\" is not a number or errno name"));
    }
    if (*kind != ActionKind::kErrno && *kind != ActionKind::kTrace) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, " takes no value in parentheses"));
    }
  }
  return out;
}

absl::StatusOr<uint64_t> ParseArgValue(std::string_view text) {
  const std::string s(text);
  if (s.empty()) return absl::InvalidArgumentError("empty value");
  const bool negative = s[0] == '-';
  const std::string digits = negative ? s.substr(1) : s;
  if (digits.empty() ||
      !absl::ascii_isdigit(static_cast<unsigned char>(digits[0]))) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", PrintableExcerpt(s, 64),
                     "\" is not a number (C syntax: 12, 0x1f, 017, -1)"));
  }
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(digits.c_str(), &end, 0);
  if (errno != 0 || *end != '\0') {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", PrintableExcerpt(s, 64),
        "\" is not a 64-bit number (C syntax: 12, 0x1f, 017, -1)"));
  }
  if (negative) {
    if (v > (1ull << 63)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", PrintableExcerpt(s, 64), "\" is below the smallest long"));
    }
    return static_cast<uint64_t>(0) - static_cast<uint64_t>(v);
  }
  return static_cast<uint64_t>(v);
}

absl::StatusOr<const ArchSpec*> ParseAbi(std::string_view name) {
  absl::StatusOr<std::vector<ArchId>> ids = ParseArchList(name);
  if (!ids.ok()) return ids.status();
  if (ids->size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected one ABI, got \"", PrintableExcerpt(name, 64), "\""));
  }
  return &GetArch(ids->front());
}

absl::StatusOr<uint32_t> ParseSyscallOf(const ArchSpec& abi,
                                        std::string_view token,
                                        uint64_t* register_value) {
  if (std::optional<uint32_t> n = abi.Lookup(token)) {
    if (register_value != nullptr) *register_value = *n;
    return *n;
  }
  absl::StatusOr<uint64_t> parsed = ParseArgValue(token);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", PrintableExcerpt(token, 64), "\" is neither a syscall of ",
        std::string(abi.short_name), " nor a number"));
  }
  if (register_value != nullptr) *register_value = *parsed;
  return static_cast<uint32_t>(*parsed);
}

absl::StatusOr<TableCase> ParseCaseLine(std::string_view line_in) {
  const absl::string_view line(line_in.data(), line_in.size());
  std::vector<absl::string_view> halves = absl::StrSplit(line, "->");
  if (halves.size() != 2) return absl::InvalidArgumentError(kLineShape);
  std::vector<absl::string_view> words =
      absl::StrSplit(halves[0], absl::ByAnyChar(" \t"), absl::SkipEmpty());
  if (words.size() < 2) {
    return absl::InvalidArgumentError(
        "expected an ABI and a syscall before ->");
  }
  if (words.size() > 8) {
    return absl::InvalidArgumentError("more than 6 arguments");
  }
  TableCase c;
  c.text = std::string(line);
  absl::StatusOr<const ArchSpec*> abi = ParseAbi(Std(words[0]));
  if (!abi.ok()) return abi.status();
  c.abi = *abi;
  absl::StatusOr<uint32_t> nr = ParseSyscallOf(*c.abi, Std(words[1]));
  if (!nr.ok()) return nr.status();
  c.nr = *nr;
  for (size_t i = 2; i < words.size(); ++i) {
    absl::StatusOr<uint64_t> v = ParseArgValue(Std(words[i]));
    if (!v.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("argument ", i - 2, ": ", v.status().message()));
    }
    c.args[i - 2] = *v;
  }
  c.expect_text = std::string(absl::StripAsciiWhitespace(halves[1]));
  absl::StatusOr<ExpectedAction> expect =
      ParseExpectedAction(c.expect_text, c.abi->id);
  if (!expect.ok()) return expect.status();
  c.expect = *expect;
  return c;
}

absl::StatusOr<std::vector<TableCase>> ParseCaseTable(std::string_view text,
                                                      std::string_view source) {
  std::vector<TableCase> cases;
  int line_no = 0;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    absl::StatusOr<TableCase> c = ParseCaseLine(Std(line));
    if (!c.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          std::string(source), ":", line_no, ": ", c.status().message()));
    }
    c->line = line_no;
    cases.push_back(*std::move(c));
  }
  return cases;
}

}  // namespace seccompc

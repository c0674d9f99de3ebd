#include "compiler/cli/common.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "compiler/bpf/disasm.h"
#include "compiler/frontend/json_document.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/util/read_file.h"
#include "compiler/util/replace_file.h"
#include "compiler/util/status_macros.h"

namespace seccompc::cli {

TargetText TargetTextOf(const TargetFlags& flags) {
  TargetText text;
  if (!flags.arch.empty()) text.arches = flags.arch;
  text.caps = flags.caps;
  if (!flags.kernel.empty()) text.kernel = flags.kernel;
  return text;
}

absl::StatusOr<CompileOptions> MakeCompileOptions(const TargetFlags& flags) {
  CompileOptions options;
  SECCOMPC_ASSIGN_OR_RETURN(options.target,
                            ParseHostTarget(TargetTextOf(flags)));
  options.resolve.strict = flags.strict;
  options.enosys = flags.enosys ? EnosysRule::kRunc : EnosysRule::kOff;
  return options;
}

void PrintWarnings(absl::string_view source, const Diagnostics& warnings) {
  for (const Diagnostic& d : warnings) {
    std::fprintf(
        stderr, "%s\n",
        FormatAt(Std(source), d.location, absl::StrCat("warning: ", d.message))
            .c_str());
  }
}

absl::StatusOr<std::string> ReadInput(const std::string& path,
                                      size_t max_bytes) {
  if (path != "-") return ReadFileLimited(path, max_bytes);
  std::string out;
  char buffer[65536];
  for (;;) {
    const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("stdin: ", std::strerror(errno)));
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("stdin: more than ", max_bytes, " bytes"));
    }
  }
  return out;
}

bool LooksLikeJson(absl::string_view bytes) {
  for (char c : bytes) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) continue;
    return c == '{';
  }
  return false;
}

absl::StatusOr<Program> ParseProgramBytes(absl::string_view bytes) {
  // Base64 when every byte is of its alphabet or blank: raw programs hold
  // NUL bytes (jt/jf/k of almost every instruction), so they never are.
  bool base64 = !bytes.empty();
  std::string compact;
  for (char c : bytes) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isspace(u)) continue;
    if (absl::ascii_isalnum(u) || c == '+' || c == '/' || c == '=') {
      compact.push_back(c);
    } else {
      base64 = false;
      break;
    }
  }
  if (base64) {
    std::string raw;
    if (!absl::Base64Unescape(compact, &raw)) {
      return absl::InvalidArgumentError("not valid base64");
    }
    return ParseRawProgram(raw);
  }
  return ParseRawProgram(Std(bytes));
}

absl::Status WriteOutput(const std::string& path, const std::string& bytes) {
  if (path != "-") {
    struct stat st;
    if (stat(path.c_str(), &st) == 0 &&
        (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
      return WriteIntoSpecialFile(path, bytes);
    }
    return ReplaceFileAtomically(path, bytes, mode_t{0644});
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() ||
      std::fflush(stdout) != 0) {
    return absl::InternalError("cannot write to stdout");
  }
  return absl::OkStatus();
}

namespace {

// True when `message` starts "FILE:LINE:COL: ", the form of an error at a
// position in an input (what editors and compilers' users look for).
bool StartsWithPosition(absl::string_view message) {
  const size_t colon_space = message.find(": ");
  if (colon_space == absl::string_view::npos) return false;
  absl::string_view head = message.substr(0, colon_space);
  for (int field = 0; field < 2; ++field) {
    const size_t colon = head.rfind(':');
    if (colon == absl::string_view::npos || colon + 1 == head.size()) {
      return false;
    }
    for (char c : head.substr(colon + 1)) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    }
    head = head.substr(0, colon);
  }
  return !head.empty();
}

}  // namespace

int Fail(int exit_code, absl::string_view message) {
  const char* prefix = StartsWithPosition(message) ? "" : "seccompc: ";
  std::fprintf(stderr, "%s%.*s\n", prefix, static_cast<int>(message.size()),
               message.data());
  return exit_code;
}

}  // namespace seccompc::cli

// Case tables: expected verdicts, one case a line, read the same way by
// `seccompc simulate --batch` and by the Bazel rule seccomp_verdict_test
// (tools/verdict). The grammar, documented for users in docs/tools.md
// ("Case tables"):
//
//   ABI SYSCALL [ARG0 ... ARG5] -> ACTION      # a comment
//   x86_64 personality 0xffffffff -> ERRNO(1)
//   X86 socket 40 -> errno(EAFNOSUPPORT)
//   x32 read -> ALLOW
//   x86_64 ioctl -1 0x5401 -> ERRNO
//
// ABI: one arch name in any case (x86_64, i386/x86, x32, SCMP_ARCH_ARM...).
// SYSCALL: a name of that ABI's table or a number in C syntax (its low 32
// bits are the nr, as the kernel reads the register). ARGs: numbers in C
// syntax, "-N" being the two's complement. ACTION: as seccompc prints it or
// as a profile writes it, in any case: ALLOW, ERRNO(N), ERRNO(ENAME) (the
// ABI's number: ENOSYS is 89 on mips), ERRNO alone (any errno), KILL (=
// KILL_THREAD), KILL_PROCESS, TRAP, TRACE(N), LOG, USER_NOTIF or NOTIFY,
// with or without SCMP_ACT_. Actions compare as values (ExpectedAction::
// Matches), never as text. Blank lines and #-comments are skipped.
#ifndef SECCOMPC_COMPILER_ANALYSIS_CASE_TABLE_H_
#define SECCOMPC_COMPILER_ANALYSIS_CASE_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/arch/arch.h"
#include "compiler/model/action.h"

namespace seccompc {

// An expected verdict; `data` nullopt matches any value (ERRNO alone).
struct ExpectedAction {
  ActionKind kind;
  std::optional<uint32_t> data;
  bool Matches(const Action& a) const {
    return a.kind == kind && (!data || *data == a.data);
  }
};

// ACTION of the grammar above; an errno name means `abi`'s number.
absl::StatusOr<ExpectedAction> ParseExpectedAction(std::string_view text,
                                                   ArchId abi);

// One number in C syntax (decimal, 0x hex, 0 octal) for a 64-bit argument;
// "-N" is the two's complement (what a C `long` of -N passes). Nothing
// else: no blanks, no suffix, no empty string.
absl::StatusOr<uint64_t> ParseArgValue(std::string_view text);

// One ABI name, any case; InvalidArgument for none, several or unknown.
absl::StatusOr<const ArchSpec*> ParseAbi(std::string_view name);

// SYSCALL of the grammar: a name of `abi`'s table, or the low 32 bits of a
// number. `register_value`, when not null, gets the number as written.
absl::StatusOr<uint32_t> ParseSyscallOf(const ArchSpec& abi,
                                        std::string_view token,
                                        uint64_t* register_value = nullptr);

struct TableCase {
  std::string text;  // the line without its comment
  int line = 0;      // 1-based, in its table
  const ArchSpec* abi = nullptr;
  uint32_t nr = 0;
  uint64_t args[6] = {};
  ExpectedAction expect;
  std::string expect_text;  // as written, for messages
};

// One line of the grammar (no comment); errors say what is wrong in it.
absl::StatusOr<TableCase> ParseCaseLine(std::string_view line);

// Every case of a table's text; errors are "SOURCE:LINE: what". An empty
// result is no error (the caller decides whether no cases is one).
absl::StatusOr<std::vector<TableCase>> ParseCaseTable(std::string_view text,
                                                      std::string_view source);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ANALYSIS_CASE_TABLE_H_

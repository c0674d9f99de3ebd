// What every seccompc subcommand shares: exit codes, the target options,
// printing warnings, reading inputs (a path or "-" for stdin) and compiled
// programs (raw sock_filter bytes or their base64).
#ifndef SECCOMPC_COMPILER_CLI_COMMON_H_
#define SECCOMPC_COMPILER_CLI_COMMON_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "compiler/bpf/bpf.h"
#include "compiler/compile.h"
#include "compiler/model/diagnostic.h"
#include "compiler/model/target.h"

namespace seccompc::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;  // also: verdict/diff mismatch
inline constexpr int kExitUsage = 2;

// The TARGET options, as given on the command line.
struct TargetFlags {
  // "" = native + the profile's archMap sub-arches and `architectures`;
  // else these arches, the first taken as the native one.
  std::string arch;
  std::string caps;    // none|docker|all|CAP_X,...
  std::string kernel;  // "" = the running kernel
  bool strict = false;
  bool enosys = false;  // runc's ENOSYS rule (compiler/frontend/enosys.h)
};

// The flags as the model's TargetText: an empty --arch or --kernel is not
// given (this machine's), --caps always is. Parse it with ParseHostTarget
// (compiler/model/target.h), the one parser of target text.
TargetText TargetTextOf(const TargetFlags& flags);
// Usage errors as InvalidArgument.
absl::StatusOr<CompileOptions> MakeCompileOptions(const TargetFlags& flags);

// "FILE:LINE:COL: PATH: warning: message" on stderr, one a line.
void PrintWarnings(absl::string_view source, const Diagnostics& warnings);

// The whole of `path` ("-": stdin), at most `max_bytes`.
absl::StatusOr<std::string> ReadInput(const std::string& path,
                                      size_t max_bytes);

// A compiled program from raw `struct sock_filter` bytes or base64 of them
// (crun's annotation form; whitespace ignored). Only the size is checked:
// run VerifyProgram on the result.
absl::StatusOr<Program> ParseProgramBytes(absl::string_view bytes);
// True when `bytes` look like a profile (first non-blank byte is '{').
bool LooksLikeJson(absl::string_view bytes);

// absl::string_view is not std::string_view in this absl build; the
// compiler's own interfaces take std::string_view.
inline std::string_view Std(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}

// Writes `bytes` to `path`, or to stdout for "-". A file is replaced
// atomically (util/replace_file.h): a reader, or a run that fails halfway,
// never leaves a truncated profile or program behind. A new file gets mode
// 0644; an existing one keeps its mode and owner.
absl::Status WriteOutput(const std::string& path, const std::string& bytes);

// Prints MESSAGE on stderr and returns `exit_code`: as it is when it starts
// with an input position ("FILE:LINE:COL: "), else after "seccompc: ". The
// one error format of every command (docs/tools.md, "Output and exit
// codes").
int Fail(int exit_code, absl::string_view message);

}  // namespace seccompc::cli

#endif  // SECCOMPC_COMPILER_CLI_COMMON_H_

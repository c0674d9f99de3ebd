// `seccompc compile --format c`: a self-contained C header holding the
// program, for loaders that embed it. Everything user-controlled that goes
// into it is escaped or validated: the profile path appears only inside a
// comment with "*/" and control characters escaped, and the symbol prefix
// must be a C identifier.
#ifndef SECCOMPC_COMPILER_CLI_C_HEADER_H_
#define SECCOMPC_COMPILER_CLI_C_HEADER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "compiler/bpf/bpf.h"

namespace seccompc {

// A C identifier for the profile at `path`: its file name without the
// extension, every other character than [A-Za-z0-9_] turned into '_', '_'
// in front when it would start with a digit, cut at 64 bytes, "seccompc"
// when nothing is left ("docker-default.json" -> "docker_default").
std::string CNameForProfile(std::string_view path);

// Error unless `name` is a C identifier (and no longer than 64 bytes).
absl::Status CheckCName(std::string_view name);

// Text safe inside a C block comment: no "*/" or "/*", no "??" (trigraphs),
// no backslash (a line splice), no control or non-ASCII bytes (each shown
// as \xNN).
std::string CommentSafe(std::string_view text);

// The header: include guard SECCOMPC_<NAME>_H_, `NAME_filter` (the
// instructions, listing in comments), `NAME_fprog` and a static inline
// accessor `NAME_prog()` returning `const struct sock_fprog *`. All
// symbols static, so any number of filters link into one binary.
absl::StatusOr<std::string> CHeader(const Program& program,
                                    std::string_view source,
                                    std::string_view name);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CLI_C_HEADER_H_

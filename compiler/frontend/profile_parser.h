// Profile JSON -> checked Profile model.
//
// Accepts, in one parser:
//  - Docker/moby profiles (`archMap`, `names`, `includes`/`excludes`,
//    `defaultErrnoRet`), including containers/common's errno names
//    (`defaultErrno`, `errno`: "ENOSYS");
//  - OCI runtime-spec `linux.seccomp` objects (`architectures`, `flags`,
//    `listenerPath`, `listenerMetadata`, deprecated `name`);
//  - a whole OCI config.json, taking its `.linux.seccomp`.
// Every value is checked (types, ranges, known names, combinations that
// make no sense). The first error is returned as InvalidArgument
// "FILE:LINE:COL: JSON.PATH: what was expected, got what"; warnings
// (unknown keys, conditions that can never hold, ...) are returned with the
// profile, never printed.
#ifndef SECCOMPC_COMPILER_FRONTEND_PROFILE_PARSER_H_
#define SECCOMPC_COMPILER_FRONTEND_PROFILE_PARSER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "compiler/frontend/json_reader.h"
#include "compiler/model/diagnostic.h"
#include "compiler/model/profile.h"

namespace seccompc {

struct ParsedProfile {
  Profile profile;
  Diagnostics warnings;
};

absl::StatusOr<ParsedProfile> ParseProfile(std::string_view text,
                                           std::string_view source_name,
                                           const JsonLimits& limits = {});

// Reads and parses a file; unreadable, missing, non-regular or oversized
// files are InvalidArgument/NotFound errors naming the path.
absl::StatusOr<ParsedProfile> ParseProfileFile(const std::string& path,
                                               const JsonLimits& limits = {});

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_FRONTEND_PROFILE_PARSER_H_

// Replacing a file so that a reader sees the old content or the new, never
// a mix: the writer side of read_file.h, shared by seccompc-runtime (the
// bundle's config.json) and the compiled-program cache.
#ifndef SECCOMPC_COMPILER_UTIL_REPLACE_FILE_H_
#define SECCOMPC_COMPILER_UTIL_REPLACE_FILE_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace seccompc {

// Writes `text` to a temporary file beside `path` with `path`'s mode and
// owner, then renames it over `path`. Atomic for readers, not durable: after
// a power loss `path` may hold the old content, the new, or nothing (no
// fsync; the callers' files are rebuilt or recompiled then). A new file gets
// `new_mode` (and the euid/egid); without it, `path` must exist. A `path`
// that exists but is not a regular file (after symlinks: a device, a FIFO,
// a folder) is left alone: FailedPrecondition. Other errors are Internal,
// naming the step and the file; the temporary file is removed.
absl::Status ReplaceFileAtomically(const std::string& path,
                                   const std::string& text,
                                   std::optional<mode_t> new_mode = {});

// For a target that is not a regular file (`-o /dev/null`, `-o
// /dev/stdout`, a FIFO): opens `path` for writing and writes `bytes` into
// it, as a shell redirection would; there is no file to replace. Internal
// errors name the step and the file.
absl::Status WriteIntoSpecialFile(const std::string& path,
                                  std::string_view bytes);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_UTIL_REPLACE_FILE_H_

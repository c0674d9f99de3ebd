// Reading a whole input file (a profile, a task definition, a program) with
// a size limit and without ever blocking: the one reader the compiler, the
// CLI and the launcher share.
//
//   absl::StatusOr<std::string> text = ReadFileLimited(path, 64u << 20);
//   // "PATH: not a regular file (a FIFO)"
//   if (!text.ok()) return text.status();
#ifndef SECCOMPC_COMPILER_UTIL_READ_FILE_H_
#define SECCOMPC_COMPILER_UTIL_READ_FILE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace seccompc {

// Reads all of `fd`, which must be a regular file of at most `max_bytes`
// (anything else: InvalidArgument naming `name` and what the file is, a
// directory, a FIFO, a socket or a device; a file that grows past the
// limit while it is read is refused too). Does not close `fd`.
absl::StatusOr<std::string> ReadRegularFd(int fd, size_t max_bytes,
                                          const std::string& name);

// Opens `path` (O_NONBLOCK, so a FIFO cannot make the open wait for a
// writer) and reads it with ReadRegularFd. NotFound when it does not exist,
// InvalidArgument for any other failure.
absl::StatusOr<std::string> ReadFileLimited(const std::string& path,
                                            size_t max_bytes);

// "a directory", "a FIFO", ... for messages about a file that is not regular.
const char* FileKind(unsigned mode);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_UTIL_READ_FILE_H_

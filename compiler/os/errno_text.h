// errno as text, one spelling for every tool: the process tools (record,
// dump, seccomp-launch --report) and the benchmarks name failed system
// calls the same way.
//
//   ErrnoText(EPERM)            "Operation not permitted"
//   ErrnoNameAndText(EPERM)     "EPERM (Operation not permitted)"
//   CallError("pipe2", EMFILE)  "pipe2: Too many open files"
#ifndef SECCOMPC_COMPILER_OS_ERRNO_TEXT_H_
#define SECCOMPC_COMPILER_OS_ERRNO_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace seccompc {

// The C library's message for `err` ("Unknown error 9999" for a number it
// does not know). Thread-safe, unlike std::strerror.
std::string ErrnoText(int err);

// The symbolic name and the message; "errno 9999 (Unknown error 9999)"
// when the C library has no name for it.
std::string ErrnoNameAndText(int err);

// "CALL: message", the way every tool reports a failed call.
std::string CallError(absl::string_view call, int err);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_OS_ERRNO_TEXT_H_

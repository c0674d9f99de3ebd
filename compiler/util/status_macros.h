// Early returns for absl::Status and absl::StatusOr, so that a chain of
// fallible steps reads as the steps (Abseil's own macros are not public).
//
//   SECCOMPC_RETURN_IF_ERROR(CheckString(op, path));
//   SECCOMPC_ASSIGN_OR_RETURN(const ArchSpec* arch, GetArch(e, path, false));
//   SECCOMPC_ASSIGN_OR_RETURN(c->index, GetUnsigned(index, path, 5, what));
//
// Both return the error unchanged (no context added): the callee's message
// is the message. The enclosing function returns absl::Status or any
// absl::StatusOr<T>.
#ifndef SECCOMPC_COMPILER_UTIL_STATUS_MACROS_H_
#define SECCOMPC_COMPILER_UTIL_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status) once; returns it if it is not OK.
#define SECCOMPC_RETURN_IF_ERROR(expr)                         \
  do {                                                         \
    if (::absl::Status seccompc_status_macros_status = (expr); \
        !seccompc_status_macros_status.ok()) {                 \
      return seccompc_status_macros_status;                    \
    }                                                          \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>) once; returns its status if it
// is not OK, else moves the value into `lhs`: a declaration (`const Foo*
// foo`, `auto x`) or something assignable. A statement, not an expression:
// it declares a hidden local, so it cannot be the body of an unbraced if.
// `lhs` must not contain an unparenthesised comma.
#define SECCOMPC_ASSIGN_OR_RETURN(lhs, rexpr)                               \
  SECCOMPC_STATUS_MACROS_ASSIGN_OR_RETURN_(                                 \
      SECCOMPC_STATUS_MACROS_CONCAT_(seccompc_status_macros_or_, __LINE__), \
      lhs, rexpr)

// Implementation details.
#define SECCOMPC_STATUS_MACROS_ASSIGN_OR_RETURN_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                             \
  if (!statusor.ok()) return std::move(statusor).status();             \
  lhs = *std::move(statusor)
#define SECCOMPC_STATUS_MACROS_CONCAT_(a, b) \
  SECCOMPC_STATUS_MACROS_CONCAT_INNER_(a, b)
#define SECCOMPC_STATUS_MACROS_CONCAT_INNER_(a, b) a##b

#endif  // SECCOMPC_COMPILER_UTIL_STATUS_MACROS_H_

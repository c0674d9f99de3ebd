// What a filter answers for a syscall: the kernel's SECCOMP_RET_* actions.
//
// ActionKind is ordered by the kernel's precedence (kernel/seccomp.c): when
// several answers apply, the one with the smaller enum value wins. The
// compiler uses the same order to combine profile entries (see policy.h).
#ifndef SECCOMPC_COMPILER_MODEL_ACTION_H_
#define SECCOMPC_COMPILER_MODEL_ACTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seccompc {

enum class ActionKind : uint8_t {
  kKillProcess,  // SECCOMP_RET_KILL_PROCESS
  kKillThread,   // SECCOMP_RET_KILL_THREAD (profiles' SCMP_ACT_KILL)
  kTrap,         // SECCOMP_RET_TRAP
  kErrno,        // SECCOMP_RET_ERRNO | errno
  kUserNotif,    // SECCOMP_RET_USER_NOTIF (profiles' SCMP_ACT_NOTIFY)
  kTrace,        // SECCOMP_RET_TRACE | data
  kLog,          // SECCOMP_RET_LOG
  kAllow,        // SECCOMP_RET_ALLOW
};

// Every kind, in the enum's (the kernel's precedence) order.
inline constexpr ActionKind kAllActionKinds[] = {
    ActionKind::kKillProcess, ActionKind::kKillThread, ActionKind::kTrap,
    ActionKind::kErrno,       ActionKind::kUserNotif,  ActionKind::kTrace,
    ActionKind::kLog,         ActionKind::kAllow,
};

inline constexpr uint32_t kMaxErrno = 4095;       // MAX_ERRNO
inline constexpr uint32_t kMaxTraceData = 65535;  // SECCOMP_RET_DATA

struct Action {
  ActionKind kind = ActionKind::kKillProcess;
  uint32_t data = 0;  // errno for kErrno, message for kTrace, else 0

  // The 32-bit value a filter returns for this action.
  uint32_t ToRet() const;
  // "ALLOW", "ERRNO(1)", "KILL_PROCESS", ...
  std::string ToString() const;
  bool TakesData() const {
    return kind == ActionKind::kErrno || kind == ActionKind::kTrace;
  }

  friend bool operator==(const Action& a, const Action& b) {
    return a.kind == b.kind && a.data == b.data;
  }
  friend bool operator!=(const Action& a, const Action& b) { return !(a == b); }
  template <typename H>
  friend H AbslHashValue(H h, const Action& a) {
    return H::combine(std::move(h), a.kind, a.data);
  }
};

// The action a filter's return value stands for (the inverse of ToRet,
// decided on SECCOMP_RET_ACTION_FULL as the kernel does; `data` is the low
// 16 bits as returned, uncapped). nullopt for action bits no SECCOMP_RET_*
// names (the kernel kills the process for those).
std::optional<Action> ActionFromRet(uint32_t ret);

// True when `a` wins over `b` by the kernel's precedence (kind only).
inline bool TakesPrecedence(ActionKind a, ActionKind b) { return a < b; }

// Profile spelling -> kind: "SCMP_ACT_ERRNO" -> kErrno, "SCMP_ACT_KILL" ->
// kKillThread. nullopt if unknown.
std::optional<ActionKind> ActionKindFromName(std::string_view name);
// Every spelling ActionKindFromName accepts, in its table's order (for
// "expected one of" messages, so they cannot drift from the table).
std::vector<std::string_view> ActionProfileNames();
std::string_view ActionKindName(ActionKind kind);  // "ERRNO", "KILL_THREAD"

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_MODEL_ACTION_H_

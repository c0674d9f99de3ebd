#include "compiler/model/action.h"

#include <linux/seccomp.h>

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"

namespace seccompc {
namespace {

struct ActionName {
  std::string_view profile_name;
  ActionKind kind;
};

// SCMP_ACT_KILL is libseccomp's old name for killing the thread.
constexpr std::array<ActionName, 10> kActionNames = {{
    {"SCMP_ACT_KILL", ActionKind::kKillThread},
    {"SCMP_ACT_KILL_THREAD", ActionKind::kKillThread},
    {"SCMP_ACT_KILL_PROCESS", ActionKind::kKillProcess},
    {"SCMP_ACT_TRAP", ActionKind::kTrap},
    {"SCMP_ACT_ERRNO", ActionKind::kErrno},
    {"SCMP_ACT_NOTIFY", ActionKind::kUserNotif},
    {"SCMP_ACT_TRACE", ActionKind::kTrace},
    {"SCMP_ACT_LOG", ActionKind::kLog},
    {"SCMP_ACT_ALLOW", ActionKind::kAllow},
    // Older moby profiles spell it this way too.
    {"SCMP_ACT_USER_NOTIF", ActionKind::kUserNotif},
}};

}  // namespace

uint32_t Action::ToRet() const {
  switch (kind) {
    case ActionKind::kKillProcess:
      return SECCOMP_RET_KILL_PROCESS;
    case ActionKind::kKillThread:
      return SECCOMP_RET_KILL_THREAD;
    case ActionKind::kTrap:
      return SECCOMP_RET_TRAP;
    case ActionKind::kErrno:
      return SECCOMP_RET_ERRNO | (data & SECCOMP_RET_DATA);
    case ActionKind::kUserNotif:
      return SECCOMP_RET_USER_NOTIF;
    case ActionKind::kTrace:
      return SECCOMP_RET_TRACE | (data & SECCOMP_RET_DATA);
    case ActionKind::kLog:
      return SECCOMP_RET_LOG;
    case ActionKind::kAllow:
      return SECCOMP_RET_ALLOW;
  }
  return SECCOMP_RET_KILL_PROCESS;
}

std::string Action::ToString() const {
  if (TakesData())
    return absl::StrCat(std::string(ActionKindName(kind)), "(", data, ")");
  return std::string(ActionKindName(kind));
}

std::optional<Action> ActionFromRet(uint32_t ret) {
  const uint32_t data = ret & SECCOMP_RET_DATA;
  // The kernel looks at the full action bits (SECCOMP_RET_ACTION_FULL).
  switch (ret & SECCOMP_RET_ACTION_FULL) {
    case SECCOMP_RET_KILL_PROCESS:
      return Action{ActionKind::kKillProcess, 0};
    case SECCOMP_RET_KILL_THREAD:
      return Action{ActionKind::kKillThread, 0};
    case SECCOMP_RET_TRAP:
      return Action{ActionKind::kTrap, 0};
    case SECCOMP_RET_ERRNO:
      return Action{ActionKind::kErrno, data};
    case SECCOMP_RET_USER_NOTIF:
      return Action{ActionKind::kUserNotif, 0};
    case SECCOMP_RET_TRACE:
      return Action{ActionKind::kTrace, data};
    case SECCOMP_RET_LOG:
      return Action{ActionKind::kLog, 0};
    case SECCOMP_RET_ALLOW:
      return Action{ActionKind::kAllow, 0};
    default:
      return std::nullopt;
  }
}

std::optional<ActionKind> ActionKindFromName(std::string_view name) {
  for (const ActionName& a : kActionNames) {
    if (a.profile_name == name) return a.kind;
  }
  return std::nullopt;
}

std::vector<std::string_view> ActionProfileNames() {
  std::vector<std::string_view> names;
  for (const ActionName& a : kActionNames) names.push_back(a.profile_name);
  return names;
}

std::string_view ActionKindName(ActionKind kind) {
  switch (kind) {
    case ActionKind::kKillProcess:
      return "KILL_PROCESS";
    case ActionKind::kKillThread:
      return "KILL_THREAD";
    case ActionKind::kTrap:
      return "TRAP";
    case ActionKind::kErrno:
      return "ERRNO";
    case ActionKind::kUserNotif:
      return "USER_NOTIF";
    case ActionKind::kTrace:
      return "TRACE";
    case ActionKind::kLog:
      return "LOG";
    case ActionKind::kAllow:
      return "ALLOW";
  }
  return "?";
}

}  // namespace seccompc

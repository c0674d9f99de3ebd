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

// Each kind's name and the action bits of its filter return value, in
// ActionKind order so that the row of a kind is kKinds[kind].
struct KindInfo {
  ActionKind kind;
  std::string_view name;
  uint32_t ret;
};

constexpr std::array<KindInfo, 8> kKinds = {{
    {ActionKind::kKillProcess, "KILL_PROCESS", SECCOMP_RET_KILL_PROCESS},
    {ActionKind::kKillThread, "KILL_THREAD", SECCOMP_RET_KILL_THREAD},
    {ActionKind::kTrap, "TRAP", SECCOMP_RET_TRAP},
    {ActionKind::kErrno, "ERRNO", SECCOMP_RET_ERRNO},
    {ActionKind::kUserNotif, "USER_NOTIF", SECCOMP_RET_USER_NOTIF},
    {ActionKind::kTrace, "TRACE", SECCOMP_RET_TRACE},
    {ActionKind::kLog, "LOG", SECCOMP_RET_LOG},
    {ActionKind::kAllow, "ALLOW", SECCOMP_RET_ALLOW},
}};

constexpr bool KindsInEnumOrder() {
  for (size_t i = 0; i < kKinds.size(); ++i) {
    if (kKinds[i].kind != static_cast<ActionKind>(i)) return false;
  }
  return true;
}
static_assert(KindsInEnumOrder(), "kKinds must follow ActionKind's order");

// nullptr for a value outside the enum.
const KindInfo* InfoOf(ActionKind kind) {
  const size_t index = static_cast<size_t>(kind);
  return index < kKinds.size() ? &kKinds[index] : nullptr;
}

}  // namespace

uint32_t Action::ToRet() const {
  const KindInfo* info = InfoOf(kind);
  if (info == nullptr) return SECCOMP_RET_KILL_PROCESS;
  return TakesData() ? info->ret | (data & SECCOMP_RET_DATA) : info->ret;
}

std::string Action::ToString() const {
  if (TakesData())
    return absl::StrCat(std::string(ActionKindName(kind)), "(", data, ")");
  return std::string(ActionKindName(kind));
}

std::optional<Action> ActionFromRet(uint32_t ret) {
  // The kernel looks at the full action bits (SECCOMP_RET_ACTION_FULL).
  for (const KindInfo& info : kKinds) {
    if (info.ret != (ret & SECCOMP_RET_ACTION_FULL)) continue;
    Action action{info.kind, 0};
    if (action.TakesData()) action.data = ret & SECCOMP_RET_DATA;
    return action;
  }
  return std::nullopt;
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
  const KindInfo* info = InfoOf(kind);
  return info == nullptr ? "?" : info->name;
}

}  // namespace seccompc

#include "compiler/reference/evaluate.h"

#include <optional>
#include <vector>

namespace seccompc {
namespace {

constexpr uint32_t kX32Bit = 0x40000000;

// The ArchPolicy that decides `data`, or the reason there is none.
const ArchPolicy* SelectArch(const Policy& policy, const seccomp_data& data,
                             Verdict::Reason* reason) {
  bool arch_known = false;
  for (const ArchPolicy& a : policy.arches) {
    if (a.arch->audit_arch != data.arch) continue;
    arch_known = true;
    // Two ABIs share AUDIT_ARCH_X86_64; the x32 bit in nr tells them apart.
    const bool marked = (data.nr & kX32Bit) != 0;
    const bool is_x32 = a.arch->id == ArchId::kX32;
    if (data.arch == GetArch(ArchId::kX86_64).audit_arch && marked != is_x32) {
      continue;
    }
    return &a;
  }
  *reason =
      arch_known ? Verdict::Reason::kForeignAbi : Verdict::Reason::kUnknownArch;
  return nullptr;
}

// Whether `c` holds for an argument whose register holds `raw`, on `arch`
// (policy.h): on 32-bit ABIs the low word against the constants read as
// 32-bit values, where a constant that is none makes the condition fail.
bool ConditionHolds(const ArchSpec& arch, const ArgCondition& c, uint64_t raw) {
  if (!ArgumentsAre32Bit(arch)) return c.Holds(raw);
  const std::optional<uint32_t> value = ConstantOn32BitAbi(c.value);
  if (!value) return false;
  ArgCondition narrow = c;
  narrow.value = *value;
  if (c.op == CmpOp::kMaskedEq) {
    const std::optional<uint32_t> value_two = ConstantOn32BitAbi(c.value_two);
    if (!value_two) return false;
    narrow.value_two = *value_two;
  }
  return narrow.Holds(ArgumentValue(arch, raw));
}

}  // namespace

Verdict Evaluate(const Policy& policy, const seccomp_data& data) {
  Verdict verdict;
  const ArchPolicy* arch = SelectArch(policy, data, &verdict.reason);
  if (arch == nullptr) {
    verdict.action = Action{ActionKind::kKillProcess, 0};
    return verdict;
  }
  if (std::optional<Action> stub =
          arch->StubAction(static_cast<uint32_t>(data.nr))) {
    verdict.action = *stub;
    verdict.reason = Verdict::Reason::kEnosysStub;
    return verdict;
  }
  verdict.action = policy.default_action;
  verdict.reason = Verdict::Reason::kDefault;
  auto it = arch->syscalls.find(static_cast<uint32_t>(data.nr));
  if (it == arch->syscalls.end()) return verdict;

  // Every rule whose conditions all hold matches; the highest kernel
  // precedence wins, and among equals the earliest entry.
  const PolicyRule* best = nullptr;
  for (const PolicyRule& rule : it->second) {
    bool holds = true;
    for (const ArgCondition& c : rule.conditions) {
      if (!ConditionHolds(*arch->arch, c, data.args[c.index])) {
        holds = false;
        break;
      }
    }
    if (!holds) continue;
    if (best == nullptr ||
        TakesPrecedence(rule.action.kind, best->action.kind) ||
        (rule.action.kind == best->action.kind &&
         rule.entry_index < best->entry_index)) {
      best = &rule;
    }
  }
  if (best != nullptr) {
    verdict.action = best->action;
    verdict.reason = Verdict::Reason::kRule;
    verdict.entry_index = best->entry_index;
  }
  return verdict;
}

}  // namespace seccompc

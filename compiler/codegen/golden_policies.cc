#include "compiler/codegen/golden_policies.h"

#include "absl/strings/str_cat.h"
#include "compiler/bpf/disasm.h"
#include "compiler/codegen/codegen.h"

namespace seccompc {
namespace {

constexpr Action kAllow{ActionKind::kAllow, 0};

// An allow list with one argument rule per comparison style, the same
// names on every arch; numbers follow each arch's table.
ArchPolicy AllowList(ArchId id) {
  ArchPolicy abi;
  abi.arch = &GetArch(id);
  auto add = [&](const char* name, PolicyRule rule) {
    if (std::optional<uint32_t> nr = abi.arch->Lookup(name)) {
      abi.syscalls[*nr].push_back(std::move(rule));
    }
  };
  int entry = 0;
  for (const char* name : {"read", "write", "close", "exit_group", "openat",
                           "fstat", "futex", "mmap", "munmap", "brk"}) {
    add(name, PolicyRule{{}, kAllow, entry});
  }
  ++entry;
  // personality(0) or personality(8): an exact 64-bit equality.
  add("personality", PolicyRule{{{0, CmpOp::kEq, 0, 0}}, kAllow, entry++});
  add("personality", PolicyRule{{{0, CmpOp::kEq, 8, 0}}, kAllow, entry++});
  // clone without namespace flags: MASKED_EQ with a zero value (JSET).
  add("clone",
      PolicyRule{{{0, CmpOp::kMaskedEq, 0x7E020000, 0}}, kAllow, entry++});
  // A 64-bit bound that needs both words (no 32-bit value: on i386 the
  // rule never holds, policy.h).
  add("lseek", PolicyRule{{{1, CmpOp::kLe, 0x100000005, 0}}, kAllow, entry++});
  // Precedence: KILL_THREAD wins over the allow above whatever the order.
  add("ptrace", PolicyRule{{}, kAllow, entry++});
  add("ptrace", PolicyRule{{}, Action{ActionKind::kKillThread, 0}, entry++});
  return abi;
}

}  // namespace

std::vector<GoldenPolicy> GoldenPolicies() {
  std::vector<GoldenPolicy> out;
  {
    GoldenPolicy g{"x86_64", {}};
    g.policy.default_action = Action{ActionKind::kErrno, 1};
    for (ArchId id : {ArchId::kX86_64, ArchId::kX86, ArchId::kX32}) {
      g.policy.arches.push_back(AllowList(id));
    }
    out.push_back(std::move(g));
  }
  {
    GoldenPolicy g{"aarch64", {}};
    g.policy.default_action = Action{ActionKind::kKillProcess, 0};
    g.policy.arches.push_back(AllowList(ArchId::kAarch64));
    out.push_back(std::move(g));
  }
  {
    GoldenPolicy g{"s390x", {}};
    g.policy.default_action = Action{ActionKind::kErrno, 38};
    g.policy.arches.push_back(AllowList(ArchId::kS390x));
    out.push_back(std::move(g));
  }
  return out;
}

absl::StatusOr<std::string> GoldenListing(const GoldenPolicy& golden) {
  absl::StatusOr<GeneratedProgram> out = GenerateProgram(golden.policy, {});
  if (!out.ok()) return out.status();
  std::string arches;
  for (const ArchPolicy& abi : golden.policy.arches) {
    absl::StrAppend(&arches, arches.empty() ? "" : ",",
                    std::string(abi.arch->short_name));
  }
  return absl::StrCat(
      "# policy ", golden.name, ": arches ", arches, ", default ",
      golden.policy.default_action.ToString(), ", ", out->program.size(),
      " instructions\n",
      "# regenerate: bazel run //compiler/codegen:update_goldens\n",
      Disassemble(out->program));
}

}  // namespace seccompc

#include "compiler/bpf/cache.h"

namespace seccompc {

bool IsCacheAllowed(absl::Span<const sock_filter> program, uint32_t audit_arch,
                    uint32_t nr) {
  uint32_t reg_value = 0;
  // 64-bit so that a huge JA offset in an unverified program cannot wrap
  // around and loop (the kernel only ever sees verified programs).
  for (uint64_t pc = 0; pc < program.size(); ++pc) {
    const sock_filter& insn = program[pc];
    switch (insn.code) {
      case BPF_LD | BPF_W | BPF_ABS:
        if (insn.k == kNrOffset) {
          reg_value = nr;
        } else if (insn.k == kArchOffset) {
          reg_value = audit_arch;
        } else {
          return false;  // A value that depends on the call: not constant.
        }
        break;
      case BPF_RET | BPF_K:
        return insn.k == SECCOMP_RET_ALLOW;
      case BPF_JMP | BPF_JA:
        pc += insn.k;
        break;
      case BPF_JMP | BPF_JEQ | BPF_K:
      case BPF_JMP | BPF_JGE | BPF_K:
      case BPF_JMP | BPF_JGT | BPF_K:
      case BPF_JMP | BPF_JSET | BPF_K: {
        bool taken = false;
        switch (BPF_OP(insn.code)) {
          case BPF_JEQ:
            taken = reg_value == insn.k;
            break;
          case BPF_JGE:
            taken = reg_value >= insn.k;
            break;
          case BPF_JGT:
            taken = reg_value > insn.k;
            break;
          case BPF_JSET:
            taken = (reg_value & insn.k) != 0;
            break;
        }
        pc += taken ? insn.jt : insn.jf;
        break;
      }
      case BPF_ALU | BPF_AND | BPF_K:
        reg_value &= insn.k;
        break;
      default:
        return false;  // The kernel's emulator gives up here.
    }
  }
  return false;  // Ran off the end: the kernel WARNs and does not cache.
}

std::vector<uint32_t> CacheAllowedSyscalls(
    absl::Span<const sock_filter> program, const ArchSpec& arch,
    std::optional<uint32_t> nr_limit) {
  std::vector<uint32_t> allowed;
  // x32's numbers have bit 30 set and so are never below NR_syscalls.
  if (arch.nr_marker_bit != 0) return allowed;
  const uint32_t limit = nr_limit.has_value() ? *nr_limit
                         : arch.has_table()   ? arch.max_nr + 1
                                              : 0;
  for (uint32_t nr = 0; nr < limit; ++nr) {
    if (IsCacheAllowed(program, arch.audit_arch, nr)) allowed.push_back(nr);
  }
  return allowed;
}

}  // namespace seccompc

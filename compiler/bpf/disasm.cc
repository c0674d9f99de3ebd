#include "compiler/bpf/disasm.h"

#include <cstring>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "compiler/arch/abi_family.h"
#include "compiler/arch/arch.h"
#include "compiler/bpf/opcode.h"
#include "compiler/model/action.h"

namespace seccompc {
namespace {

absl::string_view AsAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// What a register holds, as far as the listing cares: an unmodified word
// of seccomp_data, or anything else.
struct RegValue {
  bool is_word = false;
  uint32_t offset = 0;

  bool operator==(const RegValue& o) const {
    return is_word == o.is_word && offset == o.offset;
  }
  bool Is(uint32_t word_offset) const {
    return is_word && offset == word_offset;
  }
};

// What is true on every path reaching an instruction.
struct PathState {
  bool reachable = false;
  std::optional<uint32_t> audit_arch;
  // Can outlive audit_arch where arches of the same byte order merge.
  std::optional<ByteOrder> byte_order;
  RegValue a;
  RegValue x;
};

void MergeInto(PathState& into, const PathState& from) {
  if (!into.reachable) {
    into = from;
    return;
  }
  if (into.audit_arch != from.audit_arch) into.audit_arch.reset();
  if (into.byte_order != from.byte_order) into.byte_order.reset();
  if (!(into.a == from.a)) into.a = RegValue{};
  if (!(into.x == from.x)) into.x = RegValue{};
}

// Forward dataflow over the (forward-only) jumps: one pass in order.
std::vector<PathState> AnalyzePaths(absl::Span<const sock_filter> program) {
  std::vector<PathState> states(program.size());
  if (program.empty()) return states;
  states[0].reachable = true;
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const PathState in = states[pc];
    if (!in.reachable) continue;
    const sock_filter& insn = program[pc];
    auto flow = [&](uint64_t target, const PathState& s) {
      if (target < program.size()) MergeInto(states[target], s);
    };
    PathState out = in;
    switch (insn.code) {
      case BPF_LD | BPF_W | BPF_ABS:
        out.a = RegValue{insn.k < kSeccompDataSize && insn.k % 4 == 0, insn.k};
        break;
      case BPF_MISC | BPF_TAX:
        out.x = in.a;
        break;
      case BPF_MISC | BPF_TXA:
        out.a = in.x;
        break;
      case BPF_ST:
      case BPF_STX:
        break;
      case BPF_RET | BPF_K:
      case BPF_RET | BPF_A:
        continue;
      case BPF_JMP | BPF_JA:
        flow(JumpTarget(pc, insn.k), in);
        continue;
      default:
        if (IsConditionalJump(insn.code)) {
          PathState taken = in;
          if (insn.code == (BPF_JMP | BPF_JEQ | BPF_K) &&
              in.a.Is(kArchOffset)) {
            taken.audit_arch = insn.k;
            const ArchSpec* spec = PrimaryArchFor(insn.k);
            taken.byte_order = spec != nullptr
                                   ? std::optional<ByteOrder>(spec->byte_order)
                                   : std::nullopt;
          }
          flow(JumpTarget(pc, insn.jt), taken);
          flow(JumpTarget(pc, insn.jf), in);
          continue;
        }
        if (BPF_CLASS(insn.code) == BPF_LDX) {
          out.x = RegValue{};
        } else {
          out.a = RegValue{};  // LD of other kinds, ALU, unknown codes.
        }
        break;
    }
    flow(pc + 1, out);
  }
  return states;
}

std::string WordName(uint32_t offset, std::optional<ByteOrder> byte_order) {
  if (!byte_order.has_value() || offset >= kSeccompDataSize ||
      offset % 4 != 0 || offset < kIpOffset) {
    return SeccompDataWordName(offset);
  }
  const bool little = *byte_order == ByteOrder::kLittle;
  const bool first_word = (offset % 8) == 0;
  const char* half = first_word == little ? "lo" : "hi";
  if (offset < kArgsOffset) return absl::StrCat("ip.", half);
  return absl::StrCat("args[", (offset - kArgsOffset) / 8, "].", half);
}

// "getpid", "read (x32)", or "" when the number is not in the table.
std::string SyscallName(uint32_t audit_arch, uint32_t nr) {
  for (const ArchSpec& spec : AllArches()) {
    if (spec.audit_arch != audit_arch || spec.nr_marker_bit == 0 ||
        (nr & spec.nr_marker_bit) == 0) {
      continue;
    }
    const std::string_view name = spec.NameOf(nr);
    if (name.empty()) return "";
    return absl::StrCat(AsAbsl(name), " (", AsAbsl(spec.short_name), ")");
  }
  const ArchSpec* spec = PrimaryArchFor(audit_arch);
  if (spec == nullptr) return "";
  return std::string(spec->NameOf(nr));
}

struct Rendered {
  std::string text;
  std::string comment;
};

Rendered Render(const sock_filter& insn, size_t pc, const PathState& state) {
  Rendered r{FormatInstruction(insn, pc), ""};
  if (!state.reachable) {
    r.comment = "unreachable";
    return r;
  }
  switch (insn.code) {
    case BPF_LD | BPF_W | BPF_ABS:
      r.text = absl::StrCat("ld [", WordName(insn.k, state.byte_order), "]");
      return r;
    case BPF_LD | BPF_W | BPF_LEN:
    case BPF_LDX | BPF_W | BPF_LEN:
      r.comment = absl::StrCat(kSeccompDataSize, " in seccomp");
      return r;
    case BPF_RET | BPF_K: {
      const std::optional<Action> action = ActionFromRet(insn.k);
      if (!action.has_value()) return r;
      if (action->ToRet() == insn.k) {
        r.text = absl::StrCat("ret ", action->ToString());
      } else {
        r.comment = action->ToString();  // The kernel drops the extra bits.
      }
      return r;
    }
  }
  if (IsConditionalJump(insn.code) && BPF_SRC(insn.code) == BPF_K) {
    if (state.a.Is(kArchOffset)) {
      r.comment = std::string(AuditArchName(insn.k));
    } else if (state.a.Is(kNrOffset) && state.audit_arch.has_value() &&
               BPF_OP(insn.code) != BPF_JSET) {
      r.comment = SyscallName(*state.audit_arch, insn.k);
    }
  }
  return r;
}

}  // namespace

std::string Disassemble(absl::Span<const sock_filter> program) {
  std::vector<bool> is_target(program.size(), false);
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const sock_filter& insn = program[pc];
    auto mark = [&](uint64_t target) {
      if (target < program.size()) is_target[target] = true;
    };
    if (insn.code == (BPF_JMP | BPF_JA)) mark(JumpTarget(pc, insn.k));
    if (IsConditionalJump(insn.code)) {
      mark(JumpTarget(pc, insn.jt));
      mark(JumpTarget(pc, insn.jf));
    }
  }
  const std::vector<PathState> states = AnalyzePaths(program);
  std::string out;
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const Rendered r = Render(program[pc], pc, states[pc]);
    const std::string label = is_target[pc] ? absl::StrCat("L", pc, ":") : "";
    std::string line = absl::StrFormat("%-6s%4d: %s", label, pc, r.text);
    if (!r.comment.empty()) {
      line = absl::StrFormat("%-40s; %s", line, r.comment);
    }
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

static_assert(sizeof(sock_filter) == 8, "struct sock_filter is 8 bytes");

absl::StatusOr<Program> ParseRawProgram(std::string_view bytes) {
  if (bytes.size() % sizeof(sock_filter) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "raw program is ", bytes.size(), " bytes, not a multiple of ",
        sizeof(sock_filter), " (sizeof(struct sock_filter))"));
  }
  Program program(bytes.size() / sizeof(sock_filter));
  if (!program.empty()) {
    std::memcpy(program.data(), bytes.data(), bytes.size());
  }
  return program;
}

std::string SerializeRawProgram(const Program& program) {
  std::string bytes(program.size() * sizeof(sock_filter), '\0');
  if (!program.empty()) {
    std::memcpy(bytes.data(), program.data(), bytes.size());
  }
  return bytes;
}

}  // namespace seccompc

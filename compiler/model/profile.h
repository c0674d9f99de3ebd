// The checked model of one seccomp profile, as written (Docker/moby profile
// JSON, OCI `linux.seccomp`, or the `.linux.seccomp` of an OCI config.json).
//
// A Profile is what the parser (profile_parser.h) produces once every value
// has been checked: names are still names and includes/excludes are still
// unresolved, because their meaning depends on the target (arch, caps,
// kernel). Resolution happens in resolve.h and yields a Policy.
#ifndef SECCOMPC_COMPILER_MODEL_PROFILE_H_
#define SECCOMPC_COMPILER_MODEL_PROFILE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "compiler/arch/arch.h"
#include "compiler/model/action.h"

namespace seccompc {

// Where a value stands in its file, for messages.
struct SourceLocation {
  std::string json_path;  // "syscalls[12].args[0].op"
  int line = 0;           // 1-based; 0 when unknown
  int column = 0;         // 1-based, in bytes
};

// "major.minor" kernel version, compared numerically.
struct KernelVersion {
  int major = 0;
  int minor = 0;
  friend bool operator<(const KernelVersion& a, const KernelVersion& b) {
    return a.major != b.major ? a.major < b.major : a.minor < b.minor;
  }
  friend bool operator>=(const KernelVersion& a, const KernelVersion& b) {
    return !(a < b);
  }
  friend bool operator==(const KernelVersion& a, const KernelVersion& b) {
    return a.major == b.major && a.minor == b.minor;
  }
};

enum class CmpOp : uint8_t {
  kNe,        // SCMP_CMP_NE:  arg != value
  kLt,        // SCMP_CMP_LT:  arg <  value (unsigned 64-bit)
  kLe,        // SCMP_CMP_LE
  kEq,        // SCMP_CMP_EQ
  kGe,        // SCMP_CMP_GE
  kGt,        // SCMP_CMP_GT
  kMaskedEq,  // SCMP_CMP_MASKED_EQ: (arg & value) == value_two
};

struct ArgCondition {
  uint32_t index = 0;  // 0..5
  CmpOp op = CmpOp::kEq;
  uint64_t value = 0;
  uint64_t value_two = 0;

  // The exact meaning of the condition on a 64-bit argument.
  bool Holds(uint64_t arg) const;
  friend bool operator==(const ArgCondition& a, const ArgCondition& b) {
    return a.index == b.index && a.op == b.op && a.value == b.value &&
           a.value_two == b.value_two;
  }
};

// includes / excludes of an entry.
struct EntryFilter {
  std::vector<ArchId> arches;
  std::vector<int> caps;  // CAP_* numbers
  std::optional<KernelVersion> min_kernel;
  bool empty() const { return arches.empty() && caps.empty() && !min_kernel; }
};

// An entry's names and conditions. Most entries name one syscall and test
// at most one argument: those stay inside the entry, without a heap block
// each (a generated profile may hold a million entries). Vector-like:
// size(), [], iteration, ==.
using SyscallNames = absl::InlinedVector<std::string, 1>;
using ArgConditions = absl::InlinedVector<ArgCondition, 1>;

struct SyscallEntry {
  SyscallNames names;
  Action action;
  // The errno name when the profile gave one without a number ("errno":
  // "ENOSYS"): its number depends on the ABI (89 on mips), so Resolve looks
  // it up per arch; until then `action.data` holds the asm-generic number.
  // Empty when the number was given.
  std::string errno_name;
  ArgConditions args;  // all must hold (AND)
  std::string comment;
  EntryFilter includes;
  EntryFilter excludes;
  SourceLocation location;  // of the entry object: "syscalls[3]"
  // Where each name stands (no path strings: an entry may list millions).
  struct NamePosition {
    int line = 0;
    int column = 0;
  };
  absl::InlinedVector<NamePosition, 1> name_positions;  // one per name
  bool single_name = false;                             // written "name": "x"
  // "syscalls[3].names[7]" (or "syscalls[3].name") and its position.
  SourceLocation NameLocation(size_t i) const {
    if (i >= name_positions.size()) return location;
    SourceLocation loc;
    loc.json_path =
        single_name ? location.json_path + ".name"
                    : location.json_path + ".names[" + std::to_string(i) + "]";
    loc.line = name_positions[i].line;
    loc.column = name_positions[i].column;
    return loc;
  }
};

struct ArchMapEntry {
  ArchId arch;
  std::vector<ArchId> sub_arches;
};

// SECCOMP_FILTER_FLAG_* a profile may ask for.
enum FilterFlag : uint32_t {
  kFlagTsync = 1u << 0,
  kFlagLog = 1u << 1,
  kFlagSpecAllow = 1u << 2,
  kFlagWaitKillableRecv = 1u << 3,
};

struct Profile {
  std::string source_name;  // file name, for messages
  Action default_action;
  std::string default_errno_name;      // as SyscallEntry::errno_name
  std::vector<ArchId> architectures;   // OCI form
  std::vector<ArchMapEntry> arch_map;  // Docker form
  uint32_t flags = 0;                  // FilterFlag bits
  std::string listener_path;
  std::string listener_metadata;
  std::vector<SyscallEntry> syscalls;
};

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_MODEL_PROFILE_H_

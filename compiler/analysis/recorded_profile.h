// Turning a recording of syscalls (seccompc record) into a profile.
//
// A Recording holds, per ABI and syscall number, the argument values seen
// at the argument indices that matter: those the reference profile's
// decision for that syscall tests (codegen/decision.h), e.g. clone's flags,
// personality's persona, socket's family in Docker's default. Other
// arguments are not kept: the profile allows those calls whatever they are.
//
// Without a base, the profile allows exactly what was seen: one entry with
// every argument-free name, one entry per argument tuple of the
// argument-dependent ones (SCMP_CMP_EQ on each index), default action
// ERRNO(errno). Docker's format cannot give one ABI a name and deny it on
// another (includes.arches looks at the native arch), so names are shared
// by the ABIs seen; ABIs never seen are left out of archMap (their calls
// get KILL_PROCESS). A number without a name in the tables cannot be
// written in Docker's format: it is left out (stays denied) with a warning.
//
// Values kept are bounded, so a recorded profile always compiles whatever
// the workload did: at most kMaxPinnedValuesPerArgument distinct values
// of one argument, and kMaxRecordedTuplesPerSyscall argument tuples, per
// (ABI, syscall). Past either bound the argument with the most distinct
// values is left unpinned (Seen::unpinned): the profile allows the call
// whatever that argument is, and a warning says so.
//
// With a base, the output is the base plus entries for the calls the base
// does not allow; a call the base denies by an explicit rule cannot be
// allowed by an added entry (the stricter match wins) and is reported.
#ifndef SECCOMPC_COMPILER_ANALYSIS_RECORDED_PROFILE_H_
#define SECCOMPC_COMPILER_ANALYSIS_RECORDED_PROFILE_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/analysis/recording_bounds.h"
#include "compiler/arch/arch.h"
#include "compiler/model/policy.h"
#include "compiler/model/profile.h"

namespace seccompc {

class Recording {
 public:
  // `reference`: the policy whose argument tests decide which arguments are
  // kept (the base profile, or Docker's default). `also_pin`, when given,
  // adds its tested arguments: with a base, Docker's default, so that an
  // addition the base has no rule for (clone in a base that never forked)
  // is pinned exactly as a fresh recording pins it, never wider.
  explicit Recording(const Policy* reference, const Policy* also_pin = nullptr)
      : references_{reference, also_pin} {}

  // One syscall as the kernel reported it. Returns false for an AUDIT_ARCH
  // value no table knows (counted in unknown_arch_calls()).
  bool Add(uint32_t audit_arch, uint32_t nr, const uint64_t args[6]);

  struct Key {
    ArchId arch;
    uint32_t nr;
    friend bool operator<(const Key& a, const Key& b) {
      return std::tie(a.arch, a.nr) < std::tie(b.arch, b.nr);
    }
  };
  struct Seen {
    std::vector<uint32_t> indices;           // arguments kept
    std::set<std::vector<uint64_t>> values;  // one tuple per variant
    // Per kept argument (parallel to `indices`): its distinct values.
    std::vector<std::set<uint64_t>> distinct;
    // Arguments the reference tests but that went past a bound: not kept.
    std::vector<uint32_t> unpinned;
  };
  const std::map<Key, Seen>& calls() const { return calls_; }
  uint64_t total() const { return total_; }
  uint64_t unknown_arch_calls() const { return unknown_arch_calls_; }

 private:
  const std::vector<uint32_t>& IndicesFor(const ArchSpec& arch, uint32_t nr);
  // Drops the argument with the most distinct values while `seen` is past
  // a bound.
  static void Bound(Seen* seen);

  const Policy* references_[2];
  std::map<Key, Seen> calls_;
  std::map<Key, std::vector<uint32_t>> indices_cache_;
  uint64_t total_ = 0;
  uint64_t unknown_arch_calls_ = 0;
};

struct RecordedProfile {
  std::string json;                    // the profile, Docker format
  std::vector<std::string> additions;  // with a base: what was added
  std::vector<std::string> warnings;
};

struct RecordOptions {
  ArchId native = ArchId::kX86_64;
  uint32_t default_errno = 1;  // EPERM
};

// No base: a profile allowing exactly what was recorded.
RecordedProfile ProfileFromRecording(const Recording& recording,
                                     const RecordOptions& options);

// With a base: `base_text` (its JSON) plus the calls `base_policy` (its
// resolution for the target) does not allow.
absl::StatusOr<RecordedProfile> ExtendBaseProfile(const Recording& recording,
                                                  std::string_view base_text,
                                                  const Policy& base_policy);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ANALYSIS_RECORDED_PROFILE_H_

// Linux capability names as profiles write them ("CAP_SYS_ADMIN"), and the
// capability sets a target is resolved for.
#ifndef SECCOMPC_COMPILER_MODEL_CAPABILITIES_H_
#define SECCOMPC_COMPILER_MODEL_CAPABILITIES_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace seccompc {

// A set of capabilities as a bit mask (bit n = capability n), like the
// kernel's capability sets.
using CapabilitySet = uint64_t;

inline constexpr int kMaxCapability = 40;  // CAP_CHECKPOINT_RESTORE

// "CAP_SYS_ADMIN" -> 21. Case-sensitive; nullopt if unknown.
std::optional<int> CapabilityFromName(std::string_view name);
// 21 -> "CAP_SYS_ADMIN"; "" if unknown.
std::string_view CapabilityName(int cap);

// Docker's default set for containers (moby oci/caps/defaults.go).
CapabilitySet DockerDefaultCapabilities();
CapabilitySet AllCapabilities();

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_MODEL_CAPABILITIES_H_

#include "compiler/model/target.h"

#include <sys/utsname.h>

#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace seccompc {

absl::StatusOr<std::vector<ArchId>> ParseArchList(std::string_view list_in) {
  const absl::string_view list(list_in.data(), list_in.size());
  std::vector<ArchId> out;
  for (absl::string_view name : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    name = absl::StripAsciiWhitespace(name);
    const ArchSpec* arch = FindArch(std::string_view(name.data(), name.size()));
    if (arch == nullptr) {
      std::string upper = absl::AsciiStrToUpper(name);
      arch = FindArch(std::string("SCMP_ARCH_") + upper);
    }
    if (arch == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown architecture \"", std::string(name),
          "\" (expected names like x86_64, x86, x32, aarch64, arm, "
          "SCMP_ARCH_S390X)"));
    }
    out.push_back(arch->id);
  }
  if (out.empty()) {
    return absl::InvalidArgumentError("empty architecture list");
  }
  return out;
}

absl::StatusOr<CapabilitySet> ParseCapabilityList(std::string_view list_in) {
  const absl::string_view list(list_in.data(), list_in.size());
  const std::string lower = absl::AsciiStrToLower(list);
  if (lower == "none" || lower.empty()) return CapabilitySet{0};
  if (lower == "docker") return DockerDefaultCapabilities();
  if (lower == "all") return AllCapabilities();
  CapabilitySet set = 0;
  for (absl::string_view name : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    std::string upper = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(name));
    if (!absl::StartsWith(upper, "CAP_")) upper = absl::StrCat("CAP_", upper);
    std::optional<int> cap = CapabilityFromName(upper);
    if (!cap) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown capability \"", std::string(name), "\""));
    }
    set |= CapabilitySet{1} << *cap;
  }
  return set;
}

absl::StatusOr<KernelVersion> ParseKernelRelease(std::string_view release_in) {
  const absl::string_view release(release_in.data(), release_in.size());
  std::vector<absl::string_view> parts =
      absl::StrSplit(release, absl::MaxSplits(absl::ByAnyChar(".-+"), 2));
  KernelVersion kv;
  if (parts.size() < 2 || !absl::SimpleAtoi(parts[0], &kv.major) ||
      !absl::SimpleAtoi(parts[1], &kv.minor) || kv.major < 0 || kv.minor < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("kernel version \"", std::string(release),
                     "\" is not MAJOR.MINOR (e.g. 6.1)"));
  }
  return kv;
}

absl::StatusOr<Target> ParseTarget(const TargetText& text, Target base) {
  if (text.arches.has_value()) {
    absl::StatusOr<std::vector<ArchId>> arches = ParseArchList(*text.arches);
    if (!arches.ok()) return arches.status();
    base.arches = *std::move(arches);
    base.native = base.arches.front();
  }
  if (text.caps.has_value()) {
    absl::StatusOr<CapabilitySet> caps = ParseCapabilityList(*text.caps);
    if (!caps.ok()) return caps.status();
    base.caps = *caps;
  }
  if (text.kernel.has_value()) {
    absl::StatusOr<KernelVersion> kernel = ParseKernelRelease(*text.kernel);
    if (!kernel.ok()) return kernel.status();
    base.kernel = *kernel;
  }
  return base;
}

absl::StatusOr<Target> HostTarget(CapabilitySet caps) {
  Target t;
  t.native = NativeArch().id;
  t.caps = caps;
  struct utsname u;
  if (uname(&u) != 0) return absl::InternalError("uname() failed");
  absl::StatusOr<KernelVersion> kernel = ParseKernelRelease(u.release);
  if (!kernel.ok()) return kernel.status();
  t.kernel = *kernel;
  return t;
}

absl::StatusOr<Target> ParseHostTarget(const TargetText& text,
                                       CapabilitySet caps) {
  if (text.kernel.has_value()) {
    // The running kernel is not needed: the text names one.
    Target base;
    base.native = NativeArch().id;
    base.caps = caps;
    return ParseTarget(text, base);
  }
  absl::StatusOr<Target> host = HostTarget(caps);
  if (!host.ok()) return host.status();
  return ParseTarget(text, *std::move(host));
}

}  // namespace seccompc

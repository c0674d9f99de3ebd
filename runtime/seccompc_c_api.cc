// The C interface (seccompc.h) on top of compile.h and install.h.
#include <algorithm>
#include <cstring>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "compiler/compile.h"
#include "runtime/install.h"
#include "runtime/process_state.h"
#include "runtime/seccompc.h"

namespace seccompc {
namespace {

int Fail(const absl::Status& status, char* err, size_t err_len) {
  if (err != nullptr && err_len > 0) {
    const std::string text(status.message());
    const size_t n = std::min(text.size(), err_len - 1);
    std::memcpy(err, text.data(), n);
    err[n] = '\0';
  }
  return -1;
}

absl::StatusOr<CompiledFilter> CompileForThisProcess(const char* path,
                                                     bool strict = false) {
  if (path == nullptr)
    return absl::InvalidArgumentError("profile path is NULL");
  absl::StatusOr<CapabilitySet> caps = BoundingCapabilities();
  if (!caps.ok()) return caps.status();
  CompileOptions options;
  absl::StatusOr<Target> target = HostTarget(*caps);
  if (!target.ok()) return target.status();
  options.target = *target;
  options.resolve.strict = strict;
  return CompileProfileFile(path, options);
}

}  // namespace
}  // namespace seccompc

extern "C" int seccompc_install_profile(const char* profile_path,
                                        unsigned flags, char* err,
                                        size_t err_len) {
  using namespace seccompc;
  constexpr unsigned kKnownFlags = SECCOMPC_TSYNC | SECCOMPC_LOG |
                                   SECCOMPC_SPEC_ALLOW | SECCOMPC_KEEP_PRIVS |
                                   SECCOMPC_STRICTER_FALLBACK | SECCOMPC_STRICT;
  if (flags & ~kKnownFlags) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(
                    "unknown flags 0x", absl::Hex(flags & ~kKnownFlags))),
                err, err_len);
  }
  absl::StatusOr<CompiledFilter> compiled =
      CompileForThisProcess(profile_path, (flags & SECCOMPC_STRICT) != 0);
  if (!compiled.ok()) return Fail(compiled.status(), err, err_len);
  InstallOptions options;
  options.filter_flags = compiled->profile.flags;
  if (flags & SECCOMPC_TSYNC) options.tsync = true;
  if (flags & SECCOMPC_LOG) options.filter_flags |= kFlagLog;
  if (flags & SECCOMPC_SPEC_ALLOW) options.filter_flags |= kFlagSpecAllow;
  options.keep_privileges_if_admin = (flags & SECCOMPC_KEEP_PRIVS) != 0;
  if (flags & SECCOMPC_STRICTER_FALLBACK) {
    options.missing_action = MissingActionPolicy::kUseStricter;
  }
  absl::StatusOr<InstallResult> installed = Install(compiled->program, options);
  if (!installed.ok()) return Fail(installed.status(), err, err_len);
  if (err != nullptr && err_len > 0) err[0] = '\0';
  return 0;
}

extern "C" int seccompc_check_profile(const char* profile_path, char* err,
                                      size_t err_len) {
  using namespace seccompc;
  absl::StatusOr<CompiledFilter> compiled = CompileForThisProcess(profile_path);
  if (!compiled.ok()) return Fail(compiled.status(), err, err_len);
  if (err != nullptr && err_len > 0) err[0] = '\0';
  return static_cast<int>(compiled->program.size());
}

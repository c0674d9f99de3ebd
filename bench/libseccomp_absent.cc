// Built without --define=with_libseccomp=1: no peer to compare with.
#include "absl/status/status.h"
#include "bench/libseccomp_peer.h"

namespace seccompc {
namespace {

absl::Status Absent() {
  return absl::UnimplementedError(
      "built without libseccomp; rebuild with --define=with_libseccomp=1");
}

}  // namespace

bool LibseccompAvailable() { return false; }

std::string LibseccompVersion() {
  return "absent (build with --define=with_libseccomp=1)";
}

absl::StatusOr<LibseccompRuleSet> TranslatePolicy(const Policy&) {
  return Absent();
}

absl::StatusOr<Program> BuildLibseccompProgram(const LibseccompRuleSet&,
                                               LibseccompLayout) {
  return Absent();
}

}  // namespace seccompc

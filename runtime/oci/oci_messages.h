// What seccompc-runtime tells people: its --version and --help (before the
// delegate's, which follow), and errors and warnings about the profile
// that a user can act on. The bundle's linux.seccomp is the engine's
// rendering of the user's profile (Docker and podman have resolved its
// includes/excludes, so entry numbers differ from the file's); the
// messages say so, name the user's file when the engine passes it, quote
// the entry, and give the `seccompc check` command that shows the same
// error in the user's own file.
#ifndef SECCOMPC_RUNTIME_OCI_OCI_MESSAGES_H_
#define SECCOMPC_RUNTIME_OCI_OCI_MESSAGES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "compiler/model/diagnostic.h"
#include "runtime/oci/oci_runtime.h"

namespace seccompc {

// podman's annotation with the profile's path (--security-opt seccomp=).
inline constexpr char kPodmanSeccompAnnotation[] =
    "io.podman.annotations.seccomp";

enum class RuntimeInfoRequest { kNone, kVersion, kHelp };

// --version (-v, -V) or --help (-h) among the global flags of a call
// without a command (`call.command` empty): runc's and crun's spellings.
RuntimeInfoRequest FindInfoRequest(const std::vector<std::string>& args,
                                   const RuntimeInvocation& call);

// The lines printed before the delegate's `--version`: the first one is
// "seccompc-runtime version X.Y.Z" (engines show the first line as the
// runtime's version), then the compiler's version and the delegate's path.
std::string RuntimeVersionHeader(const RuntimeConfig& config);

// The usage printed before the delegate's `--help`; `config` (null when
// it could not be loaded) shows the settings in effect.
std::string RuntimeUsage(const RuntimeConfig* config);

// Where the profile of a bundle came from, as far as the engine says:
// podman's annotation (the user's file), the CRI's container and pod
// names; "" when the bundle says nothing (ctr, Docker).
struct ProfileSource {
  std::string file;         // the user's profile file, when known
  std::string description;  // "profile F (podman)", "container c of pod p"
};
ProfileSource FindProfileSource(const std::string& config_path);

// `error` (PrepareBundle's status message, "linux.seccomp: CONFIG:L:C: PATH:
// message" lines) restated for the user: the source, that the path is
// inside the bundle's linux.seccomp after the engine's resolution, the
// entry quoted, the seccompc check command.
std::string ExplainProfileError(const std::string& config_path,
                                absl::string_view error);

// One warning of the compiler, for the runtime's log.
std::string ProfileWarning(const Diagnostic& warning);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_OCI_OCI_MESSAGES_H_

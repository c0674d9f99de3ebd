// seccompc-runtime: see oci_runtime.h. Called by engines exactly like runc:
//   seccompc-runtime [GLOBAL FLAGS] COMMAND [FLAGS] [ID]
// create/run compile the bundle's linux.seccomp into crun's annotation,
// then every command execs the delegate runtime with the same arguments.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "runtime/oci_record.h"
#include "runtime/oci_runtime.h"

namespace seccompc {
namespace {

constexpr int kExitFailed = 1;

// Writes one line to the --log file in its format.
void Log(const RuntimeInvocation& call, const std::string& message,
         const std::string& level) {
  if (call.log_path.empty()) return;
  if (FILE* log = std::fopen(call.log_path.c_str(), "ae")) {
    // Engines name the runtime themselves in front of the message.
    const std::string line = FormatRuntimeLog(call.log_format, message, level);
    std::fwrite(line.data(), 1, line.size(), log);
    std::fclose(log);
  }
}

// Reports where engines look: stderr, and the --log file in its format.
int Fail(const RuntimeInvocation& call, const std::string& message) {
  std::fprintf(stderr, "seccompc-runtime: %s\n", message.c_str());
  Log(call, message, "error");
  return kExitFailed;
}

int Main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<RuntimeInvocation> call = ParseRuntimeArgs(args);
  if (!call.ok()) {
    return Fail(RuntimeInvocation{}, std::string(call.status().message()));
  }
  absl::StatusOr<RuntimeConfig> config = LoadRuntimeConfig();
  if (!config.ok()) {
    // Only a start needs the compile settings; kill, delete, state and the
    // rest must reach the delegate, or an engine could not remove a
    // container.
    if (call->StartsContainer()) {
      return Fail(*call, std::string(config.status().message()));
    }
    std::vector<std::string> problems;
    config = LoadRuntimeConfigBestEffort(&problems);
    for (const std::string& p : problems) {
      Log(*call, absl::StrCat("configuration ignored: ", p), "warning");
    }
  }

  // Never exec ourselves: a delegate that is this binary would loop.
  char self[PATH_MAX];
  char target[PATH_MAX];
  if (realpath("/proc/self/exe", self) != nullptr &&
      realpath(config->delegate.c_str(), target) != nullptr &&
      std::strcmp(self, target) == 0) {
    return Fail(*call, absl::StrCat("the delegate runtime ", config->delegate,
                                    " is seccompc-runtime itself"));
  }

  if (call->StartsContainer()) {
    // Before the compile: recording rewrites linux.seccomp (oci_record.h).
    absl::StatusOr<std::optional<RecordingRequest>> recording =
        PrepareRecording(call->config, config->record_dir,
                         BundleLimits{}.max_config_bytes);
    if (!recording.ok()) {
      return Fail(*call, absl::StrCat("container not started: ",
                                      recording.status().message()));
    }
    // A recording's listenerPath is new each time: caching its program
    // would only fill the cache.
    RuntimeConfig compile_config = *config;
    if (*recording) compile_config.cache_dir.clear();
    absl::StatusOr<PreparedBundle> prepared =
        PrepareBundle(call->config, compile_config);
    if (!prepared.ok()) {
      return Fail(*call, absl::StrCat("seccomp profile not compiled, "
                                      "container not started: ",
                                      prepared.status().message()));
    }
    if (prepared->replaced_annotation) {
      Log(*call,
          absl::StrCat("replaced the program in the ", kBpfAnnotation,
                       " annotation of ", call->config,
                       " with the one compiled from linux.seccomp"),
          "warning");
    }
    if (*recording) {
      if (absl::Status s = StartRecorder(**recording); !s.ok()) {
        return Fail(*call,
                    absl::StrCat("container not started: ", s.message()));
      }
    }
  }

  std::vector<char*> delegate_argv;
  delegate_argv.push_back(config->delegate.data());
  for (int i = 1; i < argc; ++i) delegate_argv.push_back(argv[i]);
  delegate_argv.push_back(nullptr);
  execv(config->delegate.c_str(), delegate_argv.data());
  return Fail(*call,
              absl::StrCat("cannot run the delegate runtime ", config->delegate,
                           ": ", std::strerror(errno)));
}

}  // namespace
}  // namespace seccompc

int main(int argc, char** argv) { return seccompc::Main(argc, argv); }

// seccompc-runtime: see oci_runtime.h. Called by engines exactly like runc:
//   seccompc-runtime [GLOBAL FLAGS] COMMAND [FLAGS] [ID]
// create/run compile the bundle's linux.seccomp into crun's annotation,
// then every command execs the delegate runtime with the same arguments.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "compiler/util/read_file.h"
#include "runtime/oci/oci_messages.h"
#include "runtime/oci/oci_record.h"
#include "runtime/oci/oci_runtime.h"

namespace seccompc {
namespace {

constexpr int kExitFailed = 1;

// Appends one line to the --log file in its format.
void Log(const RuntimeInvocation& call, const std::string& message,
         const std::string& level) {
  if (call.log_path.empty()) return;
  if (FILE* log = std::fopen(call.log_path.c_str(), "ae")) {
    const std::string line = FormatRuntimeLog(call.log_format, message, level);
    std::fwrite(line.data(), 1, line.size(), log);
    std::fclose(log);
  }
}

// Reports where engines look: stderr, and the --log file in its format.
// Engines name the runtime themselves in front of what they show, so with
// --log (an engine's call) stderr carries the bare message too; a person
// calling without --log sees which program speaks.
int Fail(const RuntimeInvocation& call, const std::string& message) {
  std::fprintf(stderr, "%s%s\n",
               call.log_path.empty() ? "seccompc-runtime: " : "",
               message.c_str());
  Log(call, message, "error");
  return kExitFailed;
}

// --version and --help: ours first, then the delegate's (exec'd with the
// same arguments, so it prints after ours).
int PrintInfo(RuntimeInfoRequest request,
              const absl::StatusOr<RuntimeConfig>& config) {
  const std::string text =
      request == RuntimeInfoRequest::kVersion
          ? (config.ok() ? RuntimeVersionHeader(*config)
                         : RuntimeVersionHeader(RuntimeConfig{}))
          : RuntimeUsage(config.ok() ? &*config : nullptr);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  if (!config.ok()) {
    std::fprintf(stderr, "seccompc-runtime: %s\n",
                 std::string(config.status().message()).c_str());
    return kExitFailed;
  }
  return 0;
}

// Whether `delegate` is this very binary (same file, however named): then
// exec'ing it would loop. Two stats instead of two realpath walks (a
// readlink per path component): this runs on every call.
bool DelegateIsSelf(const std::string& delegate) {
  struct stat self;
  struct stat target;
  return stat("/proc/self/exe", &self) == 0 &&
         stat(delegate.c_str(), &target) == 0 && self.st_dev == target.st_dev &&
         self.st_ino == target.st_ino;
}

int FailSelfDelegate(const RuntimeInvocation& call,
                     const std::string& delegate) {
  return Fail(call, absl::StrCat("the delegate runtime ", delegate,
                                 " is seccompc-runtime itself"));
}

// Execs the delegate with our arguments; returns only on failure.
int ExecDelegate(const RuntimeInvocation& call, std::string delegate, int argc,
                 char** argv) {
  if (DelegateIsSelf(delegate)) return FailSelfDelegate(call, delegate);
  std::vector<char*> delegate_argv;
  delegate_argv.reserve(argc + 1);
  delegate_argv.push_back(delegate.data());
  for (int i = 1; i < argc; ++i) delegate_argv.push_back(argv[i]);
  delegate_argv.push_back(nullptr);
  execv(delegate.c_str(), delegate_argv.data());
  return Fail(call, absl::StrCat("cannot run the delegate runtime ", delegate,
                                 ": ", std::strerror(errno)));
}

// Every command but create/run (state, start, kill, delete, ps, features,
// create --help, ...): the wrapper has nothing to do but find the
// delegate, so it execs it at once. These calls are most of an engine's
// (containerd: start, delete, delete --force per container) and each
// costs a process start more than crun alone. The configuration is read
// leniently: kill, delete and state must reach the delegate even when it
// is broken, or an engine could not remove a container.
int PassThrough(const RuntimeInvocation& call, int argc, char** argv) {
  std::vector<std::string> problems;
  RuntimeConfig config = LoadRuntimeConfigBestEffort(&problems);
  for (const std::string& p : problems) {
    Log(call, absl::StrCat("configuration ignored: ", p), "warning");
  }
  return ExecDelegate(call, config.delegate, argc, argv);
}

// create and run: compile the bundle's linux.seccomp, then exec.
int StartContainer(const RuntimeInvocation& call, int argc, char** argv) {
  absl::StatusOr<RuntimeConfig> config = LoadRuntimeConfig();
  if (!config.ok()) return Fail(call, std::string(config.status().message()));
  // Checked before anything runs: a recorder must not start for a
  // container that will not.
  if (DelegateIsSelf(config->delegate)) {
    return FailSelfDelegate(call, config->delegate);
  }
  // Read once for both steps, unless a recording rewrites it in between.
  absl::StatusOr<std::string> text =
      ReadFileLimited(call.config, BundleLimits{}.max_config_bytes);
  if (!text.ok()) {
    return Fail(
        call, absl::StrCat("container not started: ", text.status().message()));
  }
  // Before the compile: recording rewrites linux.seccomp (oci_record.h).
  absl::StatusOr<std::optional<RecordingRequest>> recording =
      PrepareRecordingOfText(call.config, *text, config->record_dir);
  if (!recording.ok()) {
    return Fail(call, absl::StrCat("container not started: ",
                                   recording.status().message()));
  }
  // A recording's listenerPath is new each time: caching its program
  // would only fill the cache.
  Diagnostics warnings;
  RuntimeConfig compile_config = *config;
  if (*recording) compile_config.cache_dir.clear();
  absl::StatusOr<PreparedBundle> prepared =
      *recording
          ? PrepareBundle(call.config, compile_config, BundleLimits{},
                          &warnings)
          : PrepareBundleOfText(call.config, *std::move(text), compile_config,
                                BundleLimits{}, &warnings);
  if (!prepared.ok()) {
    return Fail(call,
                absl::StrCat("seccomp profile not compiled, "
                             "container not started: ",
                             ExplainProfileError(call.config,
                                                 prepared.status().message())));
  }
  // Warnings go where the engine keeps the runtime's messages; a person
  // without --log sees them on stderr.
  for (const Diagnostic& warning : warnings) {
    const std::string text = ProfileWarning(warning);
    if (call.log_path.empty()) {
      std::fprintf(stderr, "seccompc-runtime: warning: %s\n", text.c_str());
    }
    Log(call, text, "warning");
  }
  // Only in --log: a cache that cannot be written is the operator's
  // business, not the container's.
  if (!prepared->cache_note.empty()) {
    Log(call, prepared->cache_note, "warning");
  }
  if (prepared->kept_proven_annotation) {
    Log(call,
        absl::StrCat("kept the program in the ", kBpfAnnotation,
                     " annotation of ", call.config,
                     ": proven to mean exactly linux.seccomp"),
        "info");
  }
  if (prepared->replaced_annotation) {
    Log(call,
        absl::StrCat("replaced the program in the ", kBpfAnnotation,
                     " annotation of ", call.config,
                     " with the one compiled from linux.seccomp"),
        "warning");
  }
  if (*recording) {
    if (absl::Status s = StartRecorder(**recording); !s.ok()) {
      return Fail(call, absl::StrCat("container not started: ", s.message()));
    }
  }
  return ExecDelegate(call, config->delegate, argc, argv);
}

int Main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<RuntimeInvocation> call = ParseRuntimeArgs(args);
  if (!call.ok()) {
    return Fail(RuntimeInvocation{}, std::string(call.status().message()));
  }
  if (call->StartsContainer()) return StartContainer(*call, argc, argv);
  const RuntimeInfoRequest info = FindInfoRequest(args, *call);
  if (info == RuntimeInfoRequest::kNone) return PassThrough(*call, argc, argv);
  absl::StatusOr<RuntimeConfig> config = LoadRuntimeConfig();
  if (const int status = PrintInfo(info, config); status != 0) return status;
  return ExecDelegate(*call, config->delegate, argc, argv);
}

}  // namespace
}  // namespace seccompc

int main(int argc, char** argv) { return seccompc::Main(argc, argv); }

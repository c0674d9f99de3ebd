// seccompc-runtime: an OCI runtime that compiles the bundle's seccomp
// profile with seccompc and hands everything else to a real runtime (crun).
//
// It is called exactly like runc or crun: global flags, a command, its
// flags and the container id. For `create` and `run` it reads
// <bundle>/config.json; when `linux.seccomp` is present and the annotations
// lack `run.oci.seccomp_bpf_data`, it compiles `linux.seccomp` for this
// machine (the native arch plus `architectures`, or plus the native arch's
// usual sub-arches when none are listed; the bounding capabilities of
// `process.capabilities`; the running kernel) and writes the program,
// base64, into that annotation (a temporary file in the bundle folder,
// then rename). `linux.seccomp` stays as it is: crun then installs the
// precompiled program instead of compiling the rules with libseccomp, and
// still reads `flags` and `listenerPath` from it. Every command then
// becomes an exec of the delegate runtime with the same arguments.
//
// Fail closed: when the profile cannot be compiled (or the bundle cannot
// be rewritten) the delegate is never run, the command exits 1, and the
// error goes to stderr and to the `--log` file in the `--log-format` the
// engine asked for, where podman and containerd read runtime errors.
//
// Configuration (engines pass fixed arguments, so none comes from flags):
// the file named by $SECCOMPC_RUNTIME_CONFIG, else
// /etc/seccompc/runtime.conf when it exists, with `key = value` lines
// (`#` comments):
//   delegate = /usr/bin/crun   the runtime to exec (default /usr/bin/crun)
//   enosys = true|false        runc's ENOSYS rule (default true)
//   cache_dir = DIR|none       compiled programs (default
//                              /var/cache/seccompc-runtime)
// $SECCOMPC_RUNTIME_DELEGATE, $SECCOMPC_RUNTIME_ENOSYS (0/1) and
// $SECCOMPC_RUNTIME_CACHE_DIR override the file.
//
// The cache saves the compile on repeated starts: one file per profile and
// target, named by a hash, holding the program and the whole key (this
// binary's identity, the target, the options, linux.seccomp as JSON). A
// hit needs the stored key to equal the new one byte for byte and the
// program to pass the verifier again; anything else compiles afresh. The
// folder is used only when it is this user's and writable by nobody else
// (program_cache.h, shared with seccomp-launch --cache_dir).
#ifndef SECCOMPC_RUNTIME_OCI_RUNTIME_H_
#define SECCOMPC_RUNTIME_OCI_RUNTIME_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/frontend/enosys.h"
#include "compiler/model/diagnostic.h"

namespace seccompc {

inline constexpr char kBpfAnnotation[] = "run.oci.seccomp_bpf_data";
inline constexpr char kDefaultRuntimeConfig[] = "/etc/seccompc/runtime.conf";
inline constexpr char kDefaultDelegate[] = "/usr/bin/crun";

// What the wrapper needs to know of a runc-style command line.
struct RuntimeInvocation {
  std::string command;     // "create", "run", "state", ...; "" if none
  std::string bundle;      // create/run: --bundle/-b, else the cwd
  std::string log_path;    // global --log; "" when absent
  std::string log_format;  // global --log-format ("text" when absent)
};

absl::StatusOr<RuntimeInvocation> ParseRuntimeArgs(
    const std::vector<std::string>& args);  // without argv[0]

inline constexpr char kDefaultCacheDir[] = "/var/cache/seccompc-runtime";

struct RuntimeConfig {
  std::string delegate = kDefaultDelegate;
  EnosysRule enosys = EnosysRule::kRunc;
  std::string cache_dir = kDefaultCacheDir;  // "": no cache
  bool strict = false;  // every compiler warning is an error
};

// `key = value` text as described above; `source` names it in errors.
absl::StatusOr<RuntimeConfig> ParseRuntimeConfig(const std::string& text,
                                                 const std::string& source,
                                                 RuntimeConfig base = {});

// The configuration from the file and the environment (see above).
absl::StatusOr<RuntimeConfig> LoadRuntimeConfig();

// What PrepareBundle did.
enum class BundleOutcome {
  kNoSeccomp,        // no linux.seccomp: untouched
  kAlreadyCompiled,  // the annotation is there: untouched
  kCompiled,         // annotation written
  kFromCache,        // annotation written from the cache
};

// Compiles <bundle>/config.json's linux.seccomp into the annotation.
// A compile's warnings go to `warnings` when given (a cache hit has none).
absl::StatusOr<BundleOutcome> PrepareBundle(const std::string& bundle,
                                            const RuntimeConfig& config,
                                            Diagnostics* warnings = nullptr);

// One error line for `--log` in `format` ("json": {"level", "msg", "time"}
// like runc and crun; else logrus-style text).
std::string FormatRuntimeLog(const std::string& format,
                             const std::string& message,
                             const std::string& level = "error");

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_OCI_RUNTIME_H_

// seccompc-runtime: an OCI runtime that compiles the bundle's seccomp
// profile with seccompc and hands everything else to a real runtime (crun).
//
// It is called exactly like crun: global flags, a command, its flags and
// the container id, parsed the way crun's argp parses them (long options
// or their unambiguous prefixes, `--opt=VAL`, `--opt VAL`, `-bVAL`,
// `-b VAL`); anything it cannot parse is refused. For `create` and `run` it
// reads the config file crun will read (`--config/-f`, else
// <bundle>/config.json). When `linux.seccomp` is present it compiles
// exactly that object (the native arch plus the profile's `architectures`
// or `archMap`, or the native arch alone when it names none, as crun and
// runc do; the bounding capabilities of `process.capabilities`; the running
// kernel) and writes the program, base64, into the annotation
// `run.oci.seccomp_bpf_data` (in place: only the annotation's bytes
// change), replacing any program the creator put there: the installed
// program is always the profile's. `linux.seccomp` stays as it is: crun
// installs the precompiled program instead of compiling the rules with
// libseccomp, and still reads `flags` and `listenerPath` from it. Every
// command then becomes an exec of the delegate runtime with the same
// arguments.
//
// Fail closed: when the profile cannot be compiled (or the bundle cannot
// be rewritten) the delegate is never run, the command exits 1, and the
// error goes to stderr and to the `--log` file in the `--log-format` the
// engine asked for, where podman and containerd read runtime errors.
// Commands that start nothing from a bundle (kill, delete, state, ...) go
// to the delegate even when the configuration below is broken, so that an
// engine can always remove a container.
//
// What a config.json may hold (BundleLimits): at most 16 MiB, nesting at
// most 64 deep, at most 65536 annotations; strict JSON (no duplicate keys,
// no NUL in keys); an `ociVersion` member. Reading it is linear in its
// size; the rewrite changes only the annotation's bytes.
//
// Configuration (engines pass fixed arguments, so none comes from flags):
// the file named by $SECCOMPC_RUNTIME_CONFIG, else
// /etc/seccompc/runtime.conf when it exists, with `key = value` lines
// (`#` comments):
//   delegate = /usr/bin/crun   the runtime to exec (default /usr/bin/crun)
//   enosys = true|false        runc's ENOSYS rule (default true)
//   cache_dir = DIR|none       compiled programs (default
//                              /var/cache/seccompc-runtime)
//   record_dir = DIR|none      recordings of containers annotated
//                              io.seccompc.record=NAME (oci_record.h);
//                              default none: such a container is refused
// $SECCOMPC_RUNTIME_DELEGATE, $SECCOMPC_RUNTIME_ENOSYS (0/1),
// $SECCOMPC_RUNTIME_CACHE_DIR and $SECCOMPC_RUNTIME_RECORD_DIR override the
// file.
//
// The cache saves the compile on repeated starts: one file per profile and
// target, named by a hash, holding the program and the whole key (this
// binary's identity, the target, the options, and the bytes of
// linux.seccomp exactly as compiled). A hit needs the stored key to equal
// the new one byte for byte and the program to pass the verifier again;
// anything else compiles afresh. The folder is used only when
// program_cache.h's checks accept it (shared with seccomp-launch
// --cache_dir).
#ifndef SECCOMPC_RUNTIME_OCI_OCI_RUNTIME_H_
#define SECCOMPC_RUNTIME_OCI_OCI_RUNTIME_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/frontend/enosys.h"
#include "compiler/model/diagnostic.h"
#include "runtime/cache/compile_cache.h"

namespace seccompc {

inline constexpr char kBpfAnnotation[] = "run.oci.seccomp_bpf_data";
// crun's annotations that send the seccomp listener to a socket or load
// notification plugins; refused when the bundle has linux.seccomp.
inline constexpr std::string_view kCrunNotifyAnnotations[] = {
    "run.oci.seccomp.receiver", "run.oci.seccomp.plugins"};
inline constexpr char kDefaultRuntimeConfig[] = "/etc/seccompc/runtime.conf";
inline constexpr char kDefaultDelegate[] = "/usr/bin/crun";

// What the wrapper needs to know of a crun command line.
struct RuntimeInvocation {
  std::string command;     // "create", "run", "state", ...; "" if none
  std::string bundle;      // create/run: --bundle/-b, else ""
  std::string config;      // create/run: the config file crun reads
  bool help = false;       // create/run --help/--usage: crun starts nothing
  std::string log_path;    // global --log; "" when absent
  std::string log_format;  // global --log-format ("text" when absent)
  // create/run without --help: the command starts a container from a
  // bundle, so its config must be compiled first.
  bool StartsContainer() const {
    return (command == "create" || command == "run") && !help;
  }
};

// Parses `args` (without argv[0]) as crun 1.8 does; InvalidArgument for
// what crun would refuse or this wrapper cannot tell apart.
absl::StatusOr<RuntimeInvocation> ParseRuntimeArgs(
    const std::vector<std::string>& args);

inline constexpr char kDefaultCacheDir[] = "/var/cache/seccompc-runtime";

struct RuntimeConfig {
  std::string delegate = kDefaultDelegate;
  EnosysRule enosys = EnosysRule::kRunc;
  std::string cache_dir = kDefaultCacheDir;  // "": no cache
  bool strict = false;     // every compiler warning is an error
  std::string record_dir;  // "": recording off
};

// `key = value` text as described above; `source` names it in errors.
// With `skipped` set, a bad line is described there and skipped instead.
absl::StatusOr<RuntimeConfig> ParseRuntimeConfig(
    const std::string& text, const std::string& source, RuntimeConfig base = {},
    std::vector<std::string>* skipped = nullptr);

// The configuration from the file and the environment (see above).
absl::StatusOr<RuntimeConfig> LoadRuntimeConfig();

// The same, never failing: what cannot be read or parsed is left at its
// default and described in `problems`. For commands that must reach the
// delegate even when the configuration is broken.
RuntimeConfig LoadRuntimeConfigBestEffort(std::vector<std::string>* problems);

// What a config.json may hold (see above).
struct BundleLimits {
  size_t max_config_bytes = 16u << 20;
  int max_depth = 64;
  size_t max_annotations = 65536;
};

enum class BundleOutcome {
  kNoSeccomp,  // no linux.seccomp: untouched
  kCompiled,   // annotation written
  kFromCache,  // annotation written from the cache
};

struct PreparedBundle {
  BundleOutcome outcome = BundleOutcome::kNoSeccomp;
  // The config carried another program in the annotation, not proven to
  // mean linux.seccomp; it was replaced.
  bool replaced_annotation = false;
  // The config carried other bytes in the annotation, proven to mean
  // exactly linux.seccomp for this target; they were kept.
  bool kept_proven_annotation = false;
  // Why the compiled program was not stored in the cache ("" when it was,
  // or there is no cache); the start goes on either way.
  std::string cache_note;
  // The compile (or cache hit) the program came from, handed over instead
  // of freed: the wrapper execs the delegate next, and exec drops it with
  // the address space, sooner than freeing the profile and policy piece by
  // piece (a quarter million instructions for Docker's on three ABIs).
  std::optional<CacheableCompile> compile;
};

// Compiles the linux.seccomp of the config file at `config_path` into the
// annotation, replacing any program there that is not proven
// (compiler/prove) to mean exactly linux.seccomp. A compile's warnings go to
// `warnings` when given (a cache hit has none).
absl::StatusOr<PreparedBundle> PrepareBundle(const std::string& config_path,
                                             const RuntimeConfig& config,
                                             const BundleLimits& limits = {},
                                             Diagnostics* warnings = nullptr);

// The same for `text`, the bytes just read from `config_path` (at most
// limits.max_config_bytes), which is the file rewritten.
absl::StatusOr<PreparedBundle> PrepareBundleOfText(
    const std::string& config_path, std::string text,
    const RuntimeConfig& config, const BundleLimits& limits = {},
    Diagnostics* warnings = nullptr);

// One line for `--log` in `format` ("json": {"level", "msg", "time"}
// like runc and crun; else logrus-style text); `level` "error" or
// "warning".
std::string FormatRuntimeLog(const std::string& format,
                             const std::string& message,
                             const std::string& level = "error");

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_OCI_OCI_RUNTIME_H_

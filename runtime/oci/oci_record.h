// Recording a container's system calls through seccompc-runtime.
//
// With `record_dir = DIR` in runtime.conf, a container whose config.json
// carries the annotation `io.seccompc.record=NAME` is recorded into
// DIR/NAME.json. Recording never weakens the container's own profile:
//   - its ALLOW (and LOG) verdicts become NOTIFY, every other action stays,
//     so what the profile denies is still denied and never recorded;
//   - without linux.seccomp the filter is NOTIFY for everything;
//   - linux.seccomp.listenerPath names a socket of a recorder process that
//     seccompc-runtime starts before crun runs. crun installs the filter
//     with a new listener and sends it there (SCM_RIGHTS, with the state
//     JSON); the recorder answers every notification with
//     SECCOMP_USER_NOTIF_FLAG_CONTINUE and keeps (ABI, nr, arguments) as
//     `seccompc record` does (recorded_profile.h, Docker's default deciding
//     which arguments are pinned).
// The filter covers every call from its install on, crun's own calls
// before the container's exec included, so the recorded profile is enough
// to run the same container again.
//
// The recorder is detached (double fork, setsid, stdio on /dev/null) so it
// outlives `create`. It keeps accepting: crun connects again for each
// `exec` into the container, whose process gets a filter (and listener) of
// its own, recorded too. When the container's listener hangs up (no task
// uses the filter: the container is gone) and every exec's has, it writes
// DIR/NAME.json atomically, merged with the NAME.json already there by
// `seccompc merge`'s rules (never wider than some recording), under a lock on
// DIR/.NAME.lock. It appends one line per outcome (the summary, or the error)
// to DIR/NAME.log.
//
// Refused, so that the container is not started: the annotation without
// record_dir; a NAME that is empty, longer than kMaxRecordingNameBytes, or
// holds anything but [A-Za-z0-9._-] or starts with '.'; a record_dir that
// is not an absolute path to a folder owned by root and not writable by
// group or others; a profile that already uses NOTIFY or listenerPath (a
// filter has one listener, and NOTIFY without one answers ENOSYS, which a
// recorder answering CONTINUE would weaken) or an SCMP_ACT_TRACE entry
// (NOTIFY outranks TRACE where entries overlap, ALLOW does not); crun's
// annotations
// run.oci.seccomp.receiver or run.oci.seccomp.plugins (they would take the
// listener).
#ifndef SECCOMPC_RUNTIME_OCI_RECORD_H_
#define SECCOMPC_RUNTIME_OCI_RECORD_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace seccompc {

inline constexpr char kRecordAnnotation[] = "io.seccompc.record";
inline constexpr size_t kMaxRecordingNameBytes = 64;

// A plain file name: see above.
absl::Status CheckRecordingName(absl::string_view name);

// DIR as runtime.conf's record_dir must be: see above.
absl::Status CheckRecordDir(const std::string& dir);

// The linux.seccomp to install while recording, from the container's own
// (`seccomp` null or absent: none), with `listener_path` as listenerPath.
absl::StatusOr<nlohmann::ordered_json> RecordingSeccomp(
    const nlohmann::ordered_json& seccomp, const std::string& listener_path);

struct RecordingRequest {
  std::string name;         // NAME
  std::string output;       // DIR/NAME.json
  std::string log;          // DIR/NAME.log
  std::string lock;         // DIR/.NAME.lock
  std::string socket_path;  // the recorder's listenerPath
};

// When the config at `config_path` carries the annotation: checks it,
// rewrites linux.seccomp for recording (RecordingSeccomp) and returns what
// StartRecorder needs. Without the annotation: nullopt, file untouched.
// `record_dir` "" means recording is off.
absl::StatusOr<std::optional<RecordingRequest>> PrepareRecording(
    const std::string& config_path, const std::string& record_dir,
    size_t max_config_bytes);

// The same for `text`, the config's bytes already read from `config_path`
// (a start reads config.json once when it is not recorded).
absl::StatusOr<std::optional<RecordingRequest>> PrepareRecordingOfText(
    const std::string& config_path, const std::string& text,
    const std::string& record_dir);

// Binds request.socket_path and starts the detached recorder; returns once
// it listens. Call after PrepareBundle succeeded, before exec'ing crun.
absl::Status StartRecorder(const RecordingRequest& request);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_OCI_RECORD_H_

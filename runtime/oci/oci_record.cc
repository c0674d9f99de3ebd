#include "runtime/oci/oci_record.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/analysis/profile_merge.h"
#include "compiler/analysis/recorded_profile.h"
#include "compiler/compile.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/model/capabilities.h"
#include "compiler/os/unique_fd.h"
#include "compiler/util/read_file.h"
#include "compiler/util/replace_file.h"
#include "compiler/util/status_macros.h"

namespace seccompc {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr char kDockerDefault[] =
#include "runtime/oci/default_profile.inc"
    ;

// How long the recorder waits for crun to connect: create connects at
// once; a create that failed before connecting leaves nobody to wait for.
constexpr int kAcceptTimeoutMs = 120 * 1000;
// The container state JSON crun sends with the fd.
constexpr size_t kMaxStateBytes = 64 * 1024;
// Nesting accepted in config.json, as PrepareBundle's reader accepts.
constexpr int kMaxDepth = 64;

std::string Errno(int e) { return std::strerror(e); }

// Whether JSON `text` nests deeper than `max_depth` (strings skipped):
// nlohmann's parser recurses, so depth is bounded before it runs.
bool NestsDeeperThan(absl::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

bool IsPermissive(const ordered_json& action) {
  return action.is_string() &&
         (action == "SCMP_ACT_ALLOW" || action == "SCMP_ACT_LOG");
}

bool IsNotify(const ordered_json& action) {
  return action.is_string() && action == "SCMP_ACT_NOTIFY";
}

// One line appended to the recording's log; the recorder has no terminal.
void AppendLog(const RecordingRequest& r, const std::string& line) {
  UniqueFd f(open(r.log.c_str(),
                  O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
                  0644));
  if (f.get() < 0) return;
  char stamp[32];
  const time_t now = time(nullptr);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  const std::string text = absl::StrCat(stamp, " ", line, "\n");
  (void)!write(f.get(), text.data(), text.size());
}

// Takes the listener fd crun sends on `conn` with the state JSON.
absl::StatusOr<UniqueFd> ReceiveListener(int conn) {
  std::vector<char> state(kMaxStateBytes);
  struct iovec iov = {state.data(), state.size()};
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)];
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  while ((n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
  }
  if (n < 0) {
    return absl::InternalError(absl::StrCat("recvmsg: ", Errno(errno)));
  }
  UniqueFd listener;
  for (struct cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr;
       c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    const size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count; ++i) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
      if (listener.get() < 0) {
        listener = UniqueFd(fd);
      } else {
        close(fd);
      }
    }
  }
  if (listener.get() < 0) {
    // crun connects before it starts the process and hangs up when the
    // start fails before the filter is installed.
    return absl::FailedPreconditionError(
        "the runtime hung up without sending a listener (the process did "
        "not start)");
  }
  return listener;
}

// Answers the notifications of every listener with CONTINUE, recording
// them. crun connects once for the container and once for each `exec`
// into it (each exec'd process gets a filter of its own), so the socket
// keeps accepting until the container's listener hangs up (no task uses
// its filter: the container is gone) and every exec's has too.
class Supervisor {
 public:
  Supervisor(int server, Recording* recording)
      : server_(server), recording_(recording) {}

  absl::Status Run() {
    struct seccomp_notif_sizes sizes = {};
    if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) {
      return absl::InternalError(
          absl::StrCat("SECCOMP_GET_NOTIF_SIZES: ", Errno(errno)));
    }
    req_.resize(std::max<size_t>(sizes.seccomp_notif, sizeof(seccomp_notif)));
    resp_.resize(
        std::max<size_t>(sizes.seccomp_notif_resp, sizeof(seccomp_notif_resp)));
    bool started = false;
    for (;;) {
      if (started && listeners_.empty()) return absl::OkStatus();
      // crun connects during create; the fd may come much later (at start,
      // after a `podman create`), so only a create that never connects
      // times out.
      const bool waits_for_create = !started && connections_.empty();
      // The server, the connections waiting for their fd, the listeners.
      std::vector<struct pollfd> fds;
      fds.push_back({server_, POLLIN, 0});
      for (const UniqueFd& c : connections_)
        fds.push_back({c.get(), POLLIN, 0});
      for (const UniqueFd& l : listeners_) fds.push_back({l.get(), POLLIN, 0});
      const int r = poll(fds.data(), fds.size(),
                         waits_for_create ? kAcceptTimeoutMs : -1);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0)
        return absl::InternalError(absl::StrCat("poll: ", Errno(errno)));
      if (r == 0) {
        return absl::DeadlineExceededError(
            "the runtime never sent the container's listener (create "
            "failed?)");
      }
      // Listeners first: their tasks are waiting.
      const size_t first_listener = 1 + connections_.size();
      std::vector<size_t> gone;
      for (size_t i = 0; i < listeners_.size(); ++i) {
        const short ev = fds[first_listener + i].revents;
        if (ev & POLLIN) {
          SECCOMPC_RETURN_IF_ERROR(Answer(listeners_[i].get()));
        } else if (ev & (POLLHUP | POLLERR | POLLNVAL)) {
          gone.push_back(i);
        }
      }
      for (auto i = gone.rbegin(); i != gone.rend(); ++i) {
        listeners_.erase(listeners_.begin() + *i);
      }
      std::vector<UniqueFd> waiting;
      for (size_t i = 0; i < connections_.size(); ++i) {
        if (fds[1 + i].revents == 0) {
          waiting.push_back(std::move(connections_[i]));
          continue;
        }
        absl::StatusOr<UniqueFd> listener =
            ReceiveListener(connections_[i].get());
        if (listener.ok()) {
          listeners_.push_back(*std::move(listener));
          started = true;
        } else if (!started) {
          return listener.status();  // the container itself did not start
        }
        // An exec that did not start: nothing to record from it.
      }
      connections_ = std::move(waiting);
      if (fds[0].revents & POLLIN) {
        UniqueFd conn(accept4(server_, nullptr, nullptr, SOCK_CLOEXEC));
        if (conn.get() >= 0) connections_.push_back(std::move(conn));
      }
    }
  }

 private:
  absl::Status Answer(int listener) {
    auto* req = reinterpret_cast<seccomp_notif*>(req_.data());
    auto* resp = reinterpret_cast<seccomp_notif_resp*>(resp_.data());
    std::fill(req_.begin(), req_.end(), 0);
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) != 0) {
      if (errno == EINTR || errno == ENOENT) return absl::OkStatus();
      return absl::InternalError(
          absl::StrCat("SECCOMP_IOCTL_NOTIF_RECV: ", Errno(errno)));
    }
    const uint64_t args[6] = {req->data.args[0], req->data.args[1],
                              req->data.args[2], req->data.args[3],
                              req->data.args[4], req->data.args[5]};
    recording_->Add(req->data.arch, static_cast<uint32_t>(req->data.nr), args);
    std::fill(resp_.begin(), resp_.end(), 0);
    resp->id = req->id;
    resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp) != 0 &&
        errno != ENOENT) {
      return absl::InternalError(
          absl::StrCat("SECCOMP_IOCTL_NOTIF_SEND: ", Errno(errno)));
    }
    return absl::OkStatus();
  }

  int server_;
  Recording* recording_;
  std::vector<UniqueFd> connections_;
  std::vector<UniqueFd> listeners_;
  std::vector<char> req_;
  std::vector<char> resp_;
};

// Writes the recording, merged with what NAME.json holds, under the lock.
absl::StatusOr<std::string> WriteRecording(const RecordingRequest& r,
                                           const Recording& recording,
                                           ArchId native) {
  RecordOptions options;
  options.native = native;
  RecordedProfile recorded = ProfileFromRecording(recording, options);
  for (const std::string& w : recorded.warnings) {
    AppendLog(r, absl::StrCat("warning: ", w));
  }
  UniqueFd lock(
      open(r.lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (lock.get() < 0 || flock(lock.get(), LOCK_EX) != 0) {
    return absl::InternalError(
        absl::StrCat("cannot lock ", r.lock, ": ", Errno(errno)));
  }
  std::string text = recorded.json;
  std::string merged_note;
  if (access(r.output.c_str(), F_OK) == 0) {
    SECCOMPC_ASSIGN_OR_RETURN(std::string existing,
                              ReadFileLimited(r.output, 64 << 20));
    absl::StatusOr<MergedProfile> merged = MergeRecordedProfiles(
        {{r.output, std::move(existing)}, {"this recording", recorded.json}});
    if (!merged.ok()) {
      return absl::Status(merged.status().code(),
                          absl::StrCat("cannot merge into ", r.output, ": ",
                                       merged.status().message()));
    }
    for (const std::string& u : merged->unpinned) {
      AppendLog(r, absl::StrCat("merge: ", u));
    }
    text = std::move(merged->json);
    merged_note = "merged into ";
  }
  SECCOMPC_RETURN_IF_ERROR(ReplaceFileAtomically(r.output, text, 0644));
  return absl::StrCat("recorded ", recording.total(), " calls, ",
                      recording.calls().size(), " distinct (ABI, syscall); ",
                      merged_note, r.output);
}

absl::StatusOr<std::string> Record(const RecordingRequest& r, int server) {
  SECCOMPC_ASSIGN_OR_RETURN(Target target,
                            HostTarget(DockerDefaultCapabilities()));
  SECCOMPC_ASSIGN_OR_RETURN(
      ParsedProfile docker,
      ParseProfile(kDockerDefault, "profiles/default.json"));
  SECCOMPC_ASSIGN_OR_RETURN(Resolution reference,
                            Resolve(docker.profile, target));
  Recording recording(&reference.policy);
  absl::Status supervised = Supervisor(server, &recording).Run();
  unlink(r.socket_path.c_str());
  close(server);
  SECCOMPC_RETURN_IF_ERROR(supervised);
  return WriteRecording(r, recording, target.native);
}

// The grandchild: detached from the engine's session and pipes (an engine
// waiting for the runtime's stdout to close must not wait for it).
[[noreturn]] void RunRecorder(const RecordingRequest& r, int server) {
  // The engine may have closed stdio, so the socket can be fd 0..2: move
  // it above them before they become /dev/null, then to 3.
  const int moved = fcntl(server, F_DUPFD_CLOEXEC, 3);
  if (moved < 0) _exit(1);
  const int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int fd = 0; fd < 3; ++fd) {
    if (null >= 0 && null != fd) dup2(null, fd);
  }
  if (moved != 3 && dup2(moved, 3) != 3) _exit(1);
  server = 3;
  syscall(SYS_close_range, 4u, ~0u, 0u);
  absl::StatusOr<std::string> done = Record(r, server);
  AppendLog(r, done.ok() ? *done
                         : absl::StrCat("error: ", done.status().message(),
                                        "; ", r.output, " not written"));
  _exit(done.ok() ? 0 : 1);
}

}  // namespace

absl::Status CheckRecordingName(absl::string_view name) {
  const auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(kRecordAnnotation, "=\"", name, "\": ", why,
                     " (a plain name of at most ", kMaxRecordingNameBytes,
                     " bytes: letters, digits, '.', '_', '-', not starting "
                     "with '.')"));
  };
  if (name.empty()) return bad("empty name");
  if (name.size() > kMaxRecordingNameBytes) return bad("name too long");
  if (name[0] == '.') return bad("name starts with '.'");
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' &&
        c != '_' && c != '-') {
      return bad(c == '/' ? "name holds '/'"
                          : "name holds a character "
                            "outside the allowed set");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRecordDir(const std::string& dir) {
  if (dir.empty() || dir[0] != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("record_dir ", dir, ": must be an absolute path"));
  }
  struct stat st;
  if (lstat(dir.c_str(), &st) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("record_dir ", dir, ": ", Errno(errno)));
  }
  if (!S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat("record_dir ", dir, ": not a folder (or a symlink)"));
  }
  if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        "record_dir ", dir,
        ": must be owned by root and not writable by group or others"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ordered_json> RecordingSeccomp(const ordered_json& seccomp,
                                              const std::string& listener) {
  if (seccomp.is_null()) {
    return ordered_json{{"defaultAction", "SCMP_ACT_NOTIFY"},
                        {"listenerPath", listener}};
  }
  if (!seccomp.is_object()) {
    return absl::InvalidArgumentError("linux.seccomp: not an object");
  }
  ordered_json out = seccomp;
  if (out.contains("listenerPath") &&
      !(out["listenerPath"].is_string() && out["listenerPath"].empty())) {
    return absl::FailedPreconditionError(
        "linux.seccomp has a listenerPath of its own: a filter has one "
        "listener, so this container cannot be recorded");
  }
  if (!out.contains("defaultAction")) {
    return absl::InvalidArgumentError("linux.seccomp: no defaultAction");
  }
  const auto convert = [](ordered_json& action) -> absl::Status {
    if (IsNotify(action)) {
      return absl::FailedPreconditionError(
          "linux.seccomp uses SCMP_ACT_NOTIFY: the recorder would answer "
          "calls the profile leaves to a missing agent, so this container "
          "cannot be recorded");
    }
    if (IsPermissive(action)) action = "SCMP_ACT_NOTIFY";
    return absl::OkStatus();
  };
  SECCOMPC_RETURN_IF_ERROR(convert(out["defaultAction"]));
  if (out.contains("syscalls") && out["syscalls"].is_array()) {
    for (ordered_json& entry : out["syscalls"]) {
      if (entry.is_object() && entry.contains("action")) {
        // Where entries overlap the higher-precedence action wins, and
        // USER_NOTIF outranks TRACE, which ALLOW and LOG do not: an ALLOW
        // turned NOTIFY would take calls a TRACE entry decides now.
        if (entry["action"].is_string() &&
            entry["action"] == "SCMP_ACT_TRACE") {
          return absl::FailedPreconditionError(
              "linux.seccomp has an SCMP_ACT_TRACE entry: an allow turned "
              "into NOTIFY would outrank it where they overlap, so this "
              "container cannot be recorded");
        }
        SECCOMPC_RETURN_IF_ERROR(convert(entry["action"]));
      }
    }
  }
  out["listenerPath"] = listener;
  return out;
}

absl::StatusOr<std::optional<RecordingRequest>> PrepareRecording(
    const std::string& config_path, const std::string& record_dir,
    size_t max_config_bytes) {
  SECCOMPC_ASSIGN_OR_RETURN(const std::string text,
                            ReadFileLimited(config_path, max_config_bytes));
  return PrepareRecordingOfText(config_path, text, record_dir);
}

absl::StatusOr<std::optional<RecordingRequest>> PrepareRecordingOfText(
    const std::string& config_path, const std::string& text,
    const std::string& record_dir) {
  // Most containers are not recorded: their config is left byte for byte.
  if (!absl::StrContains(text, kRecordAnnotation)) return std::nullopt;
  if (NestsDeeperThan(text, kMaxDepth)) {
    return absl::InvalidArgumentError(
        absl::StrCat(config_path, ": nested deeper than ", kMaxDepth));
  }
  ordered_json config =
      ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (config.is_discarded() || !config.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(config_path, ": not a JSON object"));
  }
  const auto annotations = config.find("annotations");
  if (annotations == config.end() || !annotations->is_object() ||
      !annotations->contains(kRecordAnnotation)) {
    return std::nullopt;
  }
  const ordered_json& value = (*annotations)[kRecordAnnotation];
  if (!value.is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kRecordAnnotation, ": not a string"));
  }
  const std::string name = value.get<std::string>();
  SECCOMPC_RETURN_IF_ERROR(CheckRecordingName(name));
  // crun hands the listener to these instead of listenerPath (plugins) or
  // beside it: the recorder would not hold it.
  for (const char* other :
       {"run.oci.seccomp.receiver", "run.oci.seccomp.plugins"}) {
    if (annotations->contains(other)) {
      return absl::FailedPreconditionError(
          absl::StrCat(kRecordAnnotation, "=", name, ": the annotation ", other,
                       " would take the filter's listener"));
    }
  }
  if (record_dir.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(kRecordAnnotation, "=", name,
                     ": recording is off (no record_dir in runtime.conf)"));
  }
  SECCOMPC_RETURN_IF_ERROR(CheckRecordDir(record_dir));

  RecordingRequest r;
  r.name = name;
  r.output = absl::StrCat(record_dir, "/", name, ".json");
  r.log = absl::StrCat(record_dir, "/", name, ".log");
  r.lock = absl::StrCat(record_dir, "/.", name, ".lock");
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  r.socket_path = absl::StrCat(record_dir, "/.", name, ".", getpid(), ".",
                               now.tv_nsec, ".sock");
  if (r.socket_path.size() >= sizeof(sockaddr_un::sun_path)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record_dir ", record_dir, ": too long for the recorder's socket ",
        r.socket_path, " (at most ", sizeof(sockaddr_un::sun_path) - 1,
        " bytes)"));
  }

  ordered_json& linux = config["linux"];
  if (!linux.is_null() && !linux.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(config_path, ": linux: not an object"));
  }
  const ordered_json none;
  const auto seccomp = linux.is_object() ? linux.find("seccomp") : linux.end();
  absl::StatusOr<ordered_json> recording_seccomp = RecordingSeccomp(
      linux.is_object() && seccomp != linux.end() ? *seccomp : none,
      r.socket_path);
  if (!recording_seccomp.ok()) {
    return absl::Status(recording_seccomp.status().code(),
                        absl::StrCat(kRecordAnnotation, "=", name, ": ",
                                     recording_seccomp.status().message()));
  }
  linux["seccomp"] = *std::move(recording_seccomp);
  SECCOMPC_RETURN_IF_ERROR(ReplaceFileAtomically(
      config_path,
      config.dump(-1, ' ', false, ordered_json::error_handler_t::strict)));
  return r;
}

absl::Status StartRecorder(const RecordingRequest& r) {
  UniqueFd server(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (server.get() < 0) {
    return absl::InternalError(absl::StrCat("socket: ", Errno(errno)));
  }
  struct sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, r.socket_path.data(), r.socket_path.size());
  // Only root (crun) may connect: the umask decides the socket's mode.
  const mode_t old_mask = umask(0077);
  const int bound =
      bind(server.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  const int bind_errno = errno;
  umask(old_mask);
  if (bound != 0) {
    return absl::InternalError(
        absl::StrCat("cannot bind the recorder's socket ", r.socket_path, ": ",
                     Errno(bind_errno)));
  }
  if (listen(server.get(), 1) != 0) {
    const int e = errno;
    unlink(r.socket_path.c_str());
    return absl::InternalError(absl::StrCat("listen: ", Errno(e)));
  }
  const pid_t child = fork();
  if (child < 0) {
    const int e = errno;
    unlink(r.socket_path.c_str());
    return absl::InternalError(absl::StrCat("fork: ", Errno(e)));
  }
  if (child == 0) {
    // The middle process exits at once, so the recorder is nobody's child
    // the engine waits for.
    setsid();
    const pid_t recorder = fork();
    if (recorder == 0) RunRecorder(r, server.get());
    _exit(recorder < 0 ? 1 : 0);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    unlink(r.socket_path.c_str());
    return absl::InternalError("cannot start the recorder (fork failed)");
  }
  return absl::OkStatus();
}

}  // namespace seccompc

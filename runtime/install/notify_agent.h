// Handing a seccomp user-notification listener to an OCI seccomp agent
// (runtime-spec config-linux.md, `listenerPath`): the same protocol crun
// and runc speak, for launchers that install filters themselves
// (seccomp-launch).
//
// The agent listens on a UNIX stream socket. The launcher connects, and
// after installing its filter with SECCOMP_FILTER_FLAG_NEW_LISTENER sends
// one message whose data is the container state JSON
//   {"ociVersion", "fds": ["seccompFd"], "pid", "metadata", "state": {...}}
// and whose SCM_RIGHTS carry the listener fd. The agent then answers the
// task's notifications (SECCOMP_IOCTL_NOTIF_RECV / _SEND).
//
// Why a helper process: once the filter is installed, every system call of
// the launcher goes through it, and a profile may NOTIFY on sendmsg()
// itself: the launcher's sendmsg() would wait for an agent that has not got
// the fd yet (a deadlock). So, like crun, Start()
// forks a helper that shares the launcher's fd table (CLONE_FILES) before
// the install; Finish() publishes the new fd number in shared memory with a
// plain store (no system call), and the unfiltered helper sends it. The
// launcher itself only waits for the helper (wait4) and closes its copy.
//
//   absl::StatusOr<ListenerHandoff> handoff =
//       ListenerHandoff::Start(profile.listener_path, ListenerPayload(state));
//   ... Install(program, {.new_listener = true}) ...
//   absl::Status sent = handoff->Finish(installed->listener_fd);
#ifndef SECCOMPC_RUNTIME_INSTALL_NOTIFY_AGENT_H_
#define SECCOMPC_RUNTIME_INSTALL_NOTIFY_AGENT_H_

#include <sys/types.h>

#include <atomic>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace seccompc {

// What the agent learns about the task (the OCI state of the container).
struct ListenerState {
  std::string id;  // task or container id
  std::string status = "creating";
  pid_t pid = 0;         // the process that installed the filter
  std::string bundle;    // "" when there is none
  std::string metadata;  // the profile's listenerMetadata
};

// The JSON the agent receives beside the fd.
std::string ListenerPayload(const ListenerState& state);

// Connects to the agent's socket; the caller owns the fd.
absl::StatusOr<int> ConnectAgent(const std::string& listener_path);

// Sends `payload` and `listener_fd` (SCM_RIGHTS) in one message.
absl::Status SendListenerFd(int socket_fd, int listener_fd,
                            const std::string& payload);

class ListenerHandoff {
 public:
  // Connects to `listener_path` and starts the helper. Call before the
  // filter is installed, while the process is single-threaded (the helper
  // is a raw clone of it).
  static absl::StatusOr<ListenerHandoff> Start(const std::string& listener_path,
                                               const std::string& payload);

  ListenerHandoff(ListenerHandoff&& other) noexcept;
  ListenerHandoff& operator=(ListenerHandoff&&) = delete;
  ListenerHandoff(const ListenerHandoff&) = delete;
  ~ListenerHandoff();  // aborts a handoff that was never finished

  // After the install: the helper sends `listener_fd`; OK once the agent
  // has it. A negative fd (the install failed) stops the helper.
  absl::Status Finish(int listener_fd);

 private:
  ListenerHandoff(int socket_fd, pid_t helper, std::atomic<int>* slot)
      : socket_fd_(socket_fd), helper_(helper), slot_(slot) {}

  int socket_fd_ = -1;
  pid_t helper_ = -1;
  std::atomic<int>* slot_ = nullptr;  // shared page: -1 waiting, -2 abort
};

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_INSTALL_NOTIFY_AGENT_H_

// A task's seccomp setting and command as Marathon and Mesos write them:
// a Marathon app or pod definition (ParseMarathonDefinition) or a Mesos
// ContainerInfo (ParseContainerInfo), both JSON. Parsing only: what the
// setting means is DecideSeccomp's (launch.h). Errors are InvalidArgument
// naming FILE:LINE:COL and the JSON path.
#ifndef SECCOMPC_RUNTIME_LAUNCH_TASK_DEFINITION_H_
#define SECCOMPC_RUNTIME_LAUNCH_TASK_DEFINITION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace seccompc {

// LinuxInfo.seccomp of a task: {profile_name, unconfined}. An empty name
// is no name (Marathon treats it as not defined).
struct SeccompSetting {
  std::optional<std::string> profile_name;
  std::optional<bool> unconfined;
};

// A task as seccomp-launch sees it.
struct TaskDefinition {
  std::optional<SeccompSetting> seccomp;  // nullopt: no setting
  std::vector<std::string> command;       // empty: none in the definition
};

// A Marathon app ({"id", "cmd"|"args", "container": {"linuxInfo":
// {"seccomp": {...}}}}) or pod ({"containers": [{"name", "exec": {"command":
// {"shell"|"argv"}}, "linuxInfo": {"seccomp": {...}}}]}). For a pod, the
// container named `pod_container` is used (two containers of that name are
// refused as ambiguous); without a name the pod must have exactly one
// container. `cmd` runs as /bin/sh -c CMD (as Mesos runs a shell command);
// `args` / `argv` run as given.
absl::StatusOr<TaskDefinition> ParseMarathonDefinition(
    std::string_view text, std::string_view source_name,
    std::string_view pod_container = "");

// A Mesos ContainerInfo in protobuf JSON form: {"type": "MESOS",
// "linux_info": {"seccomp": {"profile_name", "unconfined"}}}. No command.
absl::StatusOr<TaskDefinition> ParseContainerInfo(std::string_view text,
                                                  std::string_view source_name);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_LAUNCH_TASK_DEFINITION_H_

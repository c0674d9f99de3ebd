#include "runtime/launch/task_definition.h"

#include <cstddef>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "compiler/frontend/json_document.h"
#include "compiler/util/status_macros.h"

namespace seccompc {
namespace {

using nlohmann::json;

absl::Status JsonError(const JsonDocument& doc, const std::string& path,
                       std::string_view message) {
  return absl::InvalidArgumentError(
      FormatAt(doc.source_name(), doc.Locate(path), message));
}

// {profileName|profile_name, unconfined} at `path`.
absl::StatusOr<SeccompSetting> ParseSeccompObject(const JsonDocument& doc,
                                                  const json& value,
                                                  const std::string& path,
                                                  const char* name_key) {
  if (!value.is_object()) {
    return JsonError(doc, path, "expected an object");
  }
  SeccompSetting setting;
  if (auto it = value.find(name_key); it != value.end() && !it->is_null()) {
    const std::string p = JsonDocument::MemberPath(path, name_key);
    if (!it->is_string()) return JsonError(doc, p, "expected a string");
    // An empty name is no name (Marathon treats it as not defined).
    if (!it->get<std::string>().empty()) {
      setting.profile_name = it->get<std::string>();
    }
  }
  if (auto it = value.find("unconfined"); it != value.end() && !it->is_null()) {
    const std::string p = JsonDocument::MemberPath(path, "unconfined");
    if (!it->is_boolean()) return JsonError(doc, p, "expected true or false");
    setting.unconfined = it->get<bool>();
  }
  return setting;
}

// Reads {"seccomp": {...}} of a linuxInfo object at `path`, if present.
absl::StatusOr<std::optional<SeccompSetting>> SeccompOfLinuxInfo(
    const JsonDocument& doc, const json& parent, const std::string& parent_path,
    const char* linux_info_key, const char* name_key) {
  auto li = parent.find(linux_info_key);
  if (li == parent.end() || li->is_null()) return std::nullopt;
  const std::string li_path =
      JsonDocument::MemberPath(parent_path, linux_info_key);
  if (!li->is_object()) return JsonError(doc, li_path, "expected an object");
  auto sc = li->find("seccomp");
  if (sc == li->end() || sc->is_null()) return std::nullopt;
  SECCOMPC_ASSIGN_OR_RETURN(
      SeccompSetting setting,
      ParseSeccompObject(doc, *sc, JsonDocument::MemberPath(li_path, "seccomp"),
                         name_key));
  return std::optional<SeccompSetting>(std::move(setting));
}

absl::StatusOr<std::vector<std::string>> StringArray(const JsonDocument& doc,
                                                     const json& value,
                                                     const std::string& path) {
  if (!value.is_array()) return JsonError(doc, path, "expected an array");
  std::vector<std::string> out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) {
      return JsonError(doc, JsonDocument::ElementPath(path, i),
                       "expected a string");
    }
    out.push_back(value[i].get<std::string>());
  }
  return out;
}

absl::StatusOr<TaskDefinition> ParseApp(const JsonDocument& doc) {
  const json& root = doc.root();
  TaskDefinition task;
  auto cmd = root.find("cmd");
  auto args = root.find("args");
  const bool has_cmd = cmd != root.end() && !cmd->is_null();
  const bool has_args = args != root.end() && !args->is_null();
  if (has_cmd && has_args) {
    return JsonError(doc, "args", "an app has either cmd or args, not both");
  }
  if (has_cmd) {
    if (!cmd->is_string()) return JsonError(doc, "cmd", "expected a string");
    task.command = {"/bin/sh", "-c", cmd->get<std::string>()};
  } else if (has_args) {
    SECCOMPC_ASSIGN_OR_RETURN(task.command, StringArray(doc, *args, "args"));
  }
  auto container = root.find("container");
  if (container != root.end() && !container->is_null()) {
    if (!container->is_object()) {
      return JsonError(doc, "container", "expected an object");
    }
    SECCOMPC_ASSIGN_OR_RETURN(task.seccomp,
                              SeccompOfLinuxInfo(doc, *container, "container",
                                                 "linuxInfo", "profileName"));
  }
  return task;
}

absl::StatusOr<TaskDefinition> ParsePod(const JsonDocument& doc,
                                        std::string_view pod_container) {
  const json& containers = doc.root()["containers"];
  if (!containers.is_array() || containers.empty()) {
    return JsonError(doc, "containers", "expected a non-empty array");
  }
  size_t index = containers.size();
  if (pod_container.empty()) {
    if (containers.size() != 1) {
      return JsonError(doc, "containers",
                       absl::StrFormat("the pod has %d containers; choose one "
                                       "with --pod_container=NAME",
                                       containers.size()));
    }
    index = 0;
  } else {
    for (size_t i = 0; i < containers.size(); ++i) {
      const json& c = containers[i];
      if (c.is_object() && c.contains("name") && c["name"].is_string() &&
          c["name"].get<std::string>() == pod_container) {
        if (index != containers.size()) {
          // Marathon rejects such pods; launching either would be a guess.
          return JsonError(
              doc,
              JsonDocument::MemberPath(
                  JsonDocument::ElementPath("containers", i), "name"),
              absl::StrFormat("a second container named \"%s\" (the first "
                              "is containers[%d]); refused as ambiguous",
                              pod_container, index));
        }
        index = i;
      }
    }
    if (index == containers.size()) {
      return JsonError(
          doc, "containers",
          absl::StrFormat("no container named \"%s\"", pod_container));
    }
  }
  const std::string path = JsonDocument::ElementPath("containers", index);
  const json& c = containers[index];
  if (!c.is_object()) return JsonError(doc, path, "expected an object");
  TaskDefinition task;
  SECCOMPC_ASSIGN_OR_RETURN(
      task.seccomp,
      SeccompOfLinuxInfo(doc, c, path, "linuxInfo", "profileName"));
  auto exec = c.find("exec");
  if (exec != c.end() && !exec->is_null()) {
    const std::string epath = JsonDocument::MemberPath(path, "exec");
    if (!exec->is_object()) return JsonError(doc, epath, "expected an object");
    auto cmd = exec->find("command");
    if (cmd != exec->end() && !cmd->is_null() && !cmd->is_object()) {
      return JsonError(doc, JsonDocument::MemberPath(epath, "command"),
                       "expected an object");
    }
  }
  if (c.contains("exec") && c["exec"].is_object() &&
      c["exec"].contains("command") && c["exec"]["command"].is_object()) {
    const json& command = c["exec"]["command"];
    const std::string cpath = JsonDocument::MemberPath(
        JsonDocument::MemberPath(path, "exec"), "command");
    if (command.contains("shell")) {
      if (!command["shell"].is_string()) {
        return JsonError(doc, JsonDocument::MemberPath(cpath, "shell"),
                         "expected a string");
      }
      task.command = {"/bin/sh", "-c", command["shell"].get<std::string>()};
    } else if (command.contains("argv")) {
      SECCOMPC_ASSIGN_OR_RETURN(
          task.command, StringArray(doc, command["argv"],
                                    JsonDocument::MemberPath(cpath, "argv")));
    }
  }
  return task;
}

}  // namespace

absl::StatusOr<TaskDefinition> ParseMarathonDefinition(
    std::string_view text, std::string_view source_name,
    std::string_view pod_container) {
  SECCOMPC_ASSIGN_OR_RETURN(const JsonDocument doc,
                            JsonDocument::Parse(text, source_name));
  if (!doc.root().is_object()) {
    return JsonError(doc, "", "expected a Marathon app or pod object");
  }
  if (doc.root().contains("containers")) return ParsePod(doc, pod_container);
  if (!pod_container.empty()) {
    // A container name chooses among a pod's containers; an app has none,
    // and ignoring the name could launch something else than was meant.
    return JsonError(doc, "",
                     absl::StrFormat("expected a pod (with \"containers\") "
                                     "for --pod_container=%s; this is an app",
                                     pod_container));
  }
  return ParseApp(doc);
}

absl::StatusOr<TaskDefinition> ParseContainerInfo(
    std::string_view text, std::string_view source_name) {
  SECCOMPC_ASSIGN_OR_RETURN(const JsonDocument doc,
                            JsonDocument::Parse(text, source_name));
  if (!doc.root().is_object()) {
    return JsonError(doc, "", "expected a Mesos ContainerInfo object");
  }
  TaskDefinition task;
  SECCOMPC_ASSIGN_OR_RETURN(
      task.seccomp,
      SeccompOfLinuxInfo(doc, doc.root(), "", "linux_info", "profile_name"));
  return task;
}

}  // namespace seccompc

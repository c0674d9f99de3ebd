#include "runtime/launch.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "compiler/frontend/json_document.h"
#include "compiler/frontend/profile_parser.h"
#include "runtime/install.h"
#include "runtime/notify_agent.h"
#include "runtime/process_state.h"
#include "runtime/report.h"

extern char** environ;

namespace seccompc {
namespace {

using nlohmann::json;

// ---- JSON definitions ----------------------------------------------------

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
  absl::StatusOr<SeccompSetting> s = ParseSeccompObject(
      doc, *sc, JsonDocument::MemberPath(li_path, "seccomp"), name_key);
  if (!s.ok()) return s.status();
  return std::optional<SeccompSetting>(*s);
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
    absl::StatusOr<std::vector<std::string>> a =
        StringArray(doc, *args, "args");
    if (!a.ok()) return a.status();
    task.command = *a;
  }
  auto container = root.find("container");
  if (container != root.end() && !container->is_null()) {
    if (!container->is_object()) {
      return JsonError(doc, "container", "expected an object");
    }
    absl::StatusOr<std::optional<SeccompSetting>> s = SeccompOfLinuxInfo(
        doc, *container, "container", "linuxInfo", "profileName");
    if (!s.ok()) return s.status();
    task.seccomp = *s;
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
  absl::StatusOr<std::optional<SeccompSetting>> s =
      SeccompOfLinuxInfo(doc, c, path, "linuxInfo", "profileName");
  if (!s.ok()) return s.status();
  task.seccomp = *s;
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
      absl::StatusOr<std::vector<std::string>> a = StringArray(
          doc, command["argv"], JsonDocument::MemberPath(cpath, "argv"));
      if (!a.ok()) return a.status();
      task.command = *a;
    }
  }
  return task;
}

// Under --report, every process of the task must be traced: CLONE_UNTRACED
// (0x00800000) would start one the supervisor never sees, and clone3's flags
// lie in memory seccomp cannot read (glibc falls back to clone on ENOSYS).
// Every ABI of the machine is listed: an ABI missing here would be killed
// by the guard although the profile allows it.
constexpr char kReportGuardProfile[] = R"({
  "defaultAction": "SCMP_ACT_ALLOW",
  "archMap": [{"architecture": "SCMP_ARCH_X86_64",
               "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
  "syscalls": [
    {"names": ["clone"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
     "args": [{"index": 0, "value": 8388608, "valueTwo": 8388608,
               "op": "SCMP_CMP_MASKED_EQ"}]},
    {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}
  ]
})";

// ---- the config folder ---------------------------------------------------

absl::Status ConfigError(absl::StatusCode code, const std::string& dir,
                         const std::string& name, std::string_view why) {
  return absl::Status(
      code, absl::StrFormat("profile \"%s\" in config folder %s: %s", name, dir,
                            why));
}

const char* FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// open(2) of `name` beneath `dir_fd` where openat2 does not exist: one
// component at a time with O_NOFOLLOW, so nothing swapped in between two
// steps can lead out. Symlinks are refused on this path (errno ELOOP).
int OpenBeneathByComponents(int dir_fd, const std::string& name, int flags) {
  std::vector<std::string> parts;
  for (absl::string_view part : absl::StrSplit(name, '/', absl::SkipEmpty())) {
    if (part != ".") parts.emplace_back(part);
  }
  if (parts.empty()) {
    errno = EISDIR;
    return -1;
  }
  int cur = dup(dir_fd);
  if (cur < 0) return -1;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const int next = openat(cur, parts[i].c_str(),
                            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    const int err = errno;
    close(cur);
    if (next < 0) {
      errno = err == ENOTDIR ? ELOOP : err;  // a symlink to a folder
      return -1;
    }
    cur = next;
  }
  const int fd = openat(cur, parts.back().c_str(), flags | O_NOFOLLOW);
  const int err = errno;
  close(cur);
  errno = err;
  return fd;
}

std::string ModeString(mode_t mode) {
  return absl::StrFormat("%04o", mode & 07777);
}

// sshd/sudo-style trust: `what` (described by `label`) must be owned by
// root or by the launcher, and writable by nobody else. `ancestor`: a
// folder above the config folder, where a root-owned sticky folder (/tmp)
// is fine, since others cannot rename what is in it.
std::string UntrustedReason(const struct stat& st, const std::string& label,
                            bool ancestor) {
  const uid_t me = geteuid();
  if (st.st_uid != 0 && st.st_uid != me) {
    return absl::StrFormat(
        "%s is owned by uid %d, neither root nor this "
        "launcher (uid %d)",
        label, st.st_uid, me);
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) == 0) return "";
  if (ancestor && S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX) &&
      st.st_uid == 0) {
    return "";
  }
  return absl::StrFormat("%s is writable by %s (mode %s)", label,
                         (st.st_mode & S_IWOTH) ? "everyone" : "its group",
                         ModeString(st.st_mode));
}

// The config folder, every folder above it, and every folder between it
// and the profile (`subdirs`, opened beneath it).
std::string UntrustedFolders(int dir_fd, const std::string& config_dir,
                             const std::vector<std::string>& subdirs,
                             bool use_openat2) {
  struct stat st;
  if (fstat(dir_fd, &st) != 0) return "cannot stat the config folder";
  if (std::string r = UntrustedReason(st, "the config folder", false);
      !r.empty()) {
    return r;
  }
  // Upwards through "..", from the folder actually opened.
  int cur = dup(dir_fd);
  dev_t dev = st.st_dev;
  ino_t ino = st.st_ino;
  std::string label = config_dir;
  for (int depth = 0; cur >= 0 && depth < 256; ++depth) {
    const int up = openat(cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
    close(cur);
    cur = up;
    if (cur < 0 || fstat(cur, &st) != 0) break;
    if (st.st_dev == dev && st.st_ino == ino) break;  // reached /
    dev = st.st_dev;
    ino = st.st_ino;
    label += "/..";
    if (std::string r = UntrustedReason(st, label, true); !r.empty()) {
      close(cur);
      return r;
    }
  }
  if (cur >= 0) close(cur);
  std::string prefix;
  for (const std::string& sub : subdirs) {
    prefix = prefix.empty() ? sub : absl::StrCat(prefix, "/", sub);
    int fd = -1;
    if (use_openat2) {
      open_how how;
      std::memset(&how, 0, sizeof(how));
      how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
      how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
      fd = static_cast<int>(
          syscall(SYS_openat2, dir_fd, prefix.c_str(), &how, sizeof(how)));
    } else {
      fd = OpenBeneathByComponents(dir_fd, prefix + "/.",
                                   O_PATH | O_DIRECTORY | O_CLOEXEC);
    }
    if (fd < 0 || fstat(fd, &st) != 0) {
      if (fd >= 0) close(fd);
      return absl::StrCat("cannot check folder ", prefix);
    }
    close(fd);
    if (std::string r = UntrustedReason(st, "folder " + prefix, false);
        !r.empty()) {
      return r;
    }
  }
  return "";
}

// ---- names ---------------------------------------------------------------

std::string ArchDisplayName(const ArchSpec& arch) {
  std::string n(arch.scmp_name);
  if (n.rfind("SCMP_ARCH_", 0) == 0) n.erase(0, 10);
  return absl::AsciiStrToLower(n);
}

std::string Basename(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string SeccompDecision::Reason() const {
  switch (why) {
    case Why::kAgentDefault:
      return "agent default";
    case Why::kNoDefault:
      return "no task setting and no agent default";
    case Why::kTaskProfile:
      return "task profileName";
    case Why::kTaskUnconfined:
      return "task unconfined: true";
  }
  return "";
}

absl::StatusOr<SeccompDecision> DecideSeccomp(
    const AgentConfig& agent, const std::optional<SeccompSetting>& task) {
  SeccompDecision d;
  if (!task.has_value()) {
    if (agent.default_profile_name.empty()) {
      d.why = SeccompDecision::Why::kNoDefault;
    } else {
      d.why = SeccompDecision::Why::kAgentDefault;
      d.profile_name = agent.default_profile_name;
    }
    return d;
  }
  const bool unconfined = task->unconfined.value_or(false);
  const bool named = task->profile_name.has_value();
  if (unconfined && named) return absl::InvalidArgumentError(kBothSetMessage);
  if (!unconfined && !named) {
    return absl::InvalidArgumentError(kNeitherSetMessage);
  }
  if (unconfined) {
    d.why = SeccompDecision::Why::kTaskUnconfined;
  } else {
    d.why = SeccompDecision::Why::kTaskProfile;
    d.profile_name = *task->profile_name;
  }
  return d;
}

absl::StatusOr<ConfigProfile> ReadConfigProfile(
    const std::string& config_dir, const std::string& name,
    const ConfigDirOptions& options) {
  using Code = absl::StatusCode;
  if (config_dir.empty()) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "profile \"%s\": no --seccomp_config_dir given; profile names "
        "resolve inside it",
        name));
  }
  if (name.empty()) {
    return ConfigError(Code::kInvalidArgument, config_dir, name,
                       "empty profile name");
  }
  if (name[0] == '/') {
    return ConfigError(Code::kInvalidArgument, config_dir, name,
                       "absolute names are refused; a profile name is "
                       "relative to the config folder");
  }
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(name[i]);
    if (ch < 0x20 || ch == 0x7f) {
      // A NUL would cut the name short at open(2); others hide in logs.
      return ConfigError(
          Code::kInvalidArgument, config_dir, absl::CHexEscape(name),
          absl::StrFormat("control character 0x%02x at byte %d; profile "
                          "names are refused with control characters",
                          ch, i));
    }
  }
  for (absl::string_view part : absl::StrSplit(name, '/')) {
    if (part == "..") {
      return ConfigError(Code::kInvalidArgument, config_dir, name,
                         "'..' components are refused; a profile must lie "
                         "inside the config folder");
    }
  }
  const int dir_fd =
      open(config_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) {
    return ConfigError(
        Code::kFailedPrecondition, config_dir, name,
        absl::StrCat("cannot open the config folder: ", std::strerror(errno)));
  }
  // O_NONBLOCK: opening a FIFO must not hang the launch.
  const int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  int fd = -1;
  bool use_openat2 = !options.force_component_walk;
  if (use_openat2) {
    open_how how;
    std::memset(&how, 0, sizeof(how));
    how.flags = flags;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    fd = static_cast<int>(
        syscall(SYS_openat2, dir_fd, name.c_str(), &how, sizeof(how)));
    // No openat2 (before 5.6), or a filter refusing it.
    use_openat2 = !(fd < 0 && (errno == ENOSYS || errno == EPERM));
  }
  if (!use_openat2) fd = OpenBeneathByComponents(dir_fd, name, flags);
  const int err = errno;
  if (fd < 0) {
    close(dir_fd);
    switch (err) {
      case ENOENT:
        return ConfigError(Code::kNotFound, config_dir, name, "no such file");
      case EXDEV:
        return ConfigError(Code::kPermissionDenied, config_dir, name,
                           "resolves outside the config folder (a symlink "
                           "pointing out?); refused");
      case ELOOP:
        return ConfigError(
            Code::kInvalidArgument, config_dir, name,
            use_openat2 ? "too many levels of symbolic links (a symlink "
                          "loop?)"
                        : "a symbolic link; refused where openat2 is not "
                          "available (names are opened one component at a "
                          "time without following links)");
      default:
        return ConfigError(Code::kFailedPrecondition, config_dir, name,
                           absl::StrCat("cannot open: ", std::strerror(err)));
    }
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    const int serr = errno;
    close(fd);
    close(dir_fd);
    return ConfigError(Code::kFailedPrecondition, config_dir, name,
                       absl::StrCat("cannot stat: ", std::strerror(serr)));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    close(dir_fd);
    return ConfigError(
        Code::kInvalidArgument, config_dir, name,
        absl::StrCat("is ", FileKind(st.st_mode), ", not a profile file"));
  }
  if (!options.allow_insecure) {
    std::vector<std::string> subdirs;
    for (absl::string_view part :
         absl::StrSplit(name, '/', absl::SkipEmpty())) {
      if (part != ".") subdirs.emplace_back(part);
    }
    if (!subdirs.empty()) subdirs.pop_back();  // the file itself
    std::string why =
        UntrustedFolders(dir_fd, config_dir, subdirs, use_openat2);
    if (why.empty()) why = UntrustedReason(st, "the profile", false);
    if (!why.empty()) {
      close(fd);
      close(dir_fd);
      return ConfigError(
          Code::kPermissionDenied, config_dir, name,
          absl::StrCat(why,
                       "; refused, as sshd and sudo refuse such configs "
                       "(--allow_insecure_config_dir allows it)"));
    }
  }
  close(dir_fd);
  const size_t max_bytes = options.max_bytes;
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    close(fd);
    return ConfigError(
        Code::kInvalidArgument, config_dir, name,
        absl::StrCat("larger than ", max_bytes, " bytes; refused"));
  }
  ConfigProfile out;
  out.path = absl::StrCat(absl::StripSuffix(config_dir, "/"), "/", name);
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int rerr = errno;
      close(fd);
      return ConfigError(Code::kFailedPrecondition, config_dir, name,
                         absl::StrCat("cannot read: ", std::strerror(rerr)));
    }
    if (n == 0) break;
    if (out.text.size() + static_cast<size_t>(n) > max_bytes) {
      close(fd);
      return ConfigError(
          Code::kInvalidArgument, config_dir, name,
          absl::StrCat("larger than ", max_bytes, " bytes; refused"));
    }
    out.text.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

absl::StatusOr<TaskDefinition> ParseMarathonDefinition(
    std::string_view text, std::string_view source_name,
    std::string_view pod_container) {
  absl::StatusOr<JsonDocument> doc = JsonDocument::Parse(text, source_name);
  if (!doc.ok()) return doc.status();
  if (!doc->root().is_object()) {
    return JsonError(*doc, "", "expected a Marathon app or pod object");
  }
  if (doc->root().contains("containers")) return ParsePod(*doc, pod_container);
  return ParseApp(*doc);
}

absl::StatusOr<TaskDefinition> ParseContainerInfo(
    std::string_view text, std::string_view source_name) {
  absl::StatusOr<JsonDocument> doc = JsonDocument::Parse(text, source_name);
  if (!doc.ok()) return doc.status();
  if (!doc->root().is_object()) {
    return JsonError(*doc, "", "expected a Mesos ContainerInfo object");
  }
  TaskDefinition task;
  absl::StatusOr<std::optional<SeccompSetting>> s =
      SeccompOfLinuxInfo(*doc, doc->root(), "", "linux_info", "profile_name");
  if (!s.ok()) return s.status();
  task.seccomp = *s;
  return task;
}

absl::StatusOr<std::string> FindExecutable(const std::string& name,
                                           const std::string& path_env) {
  if (name.empty()) return absl::NotFoundError("empty command name");
  auto check = [](const std::string& path) -> int {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return errno;
    if (!S_ISREG(st.st_mode)) return EACCES;
    if (access(path.c_str(), X_OK) != 0) return errno;
    return 0;
  };
  if (name.find('/') != std::string::npos) {
    const int err = check(name);
    if (err == 0) return name;
    const std::string msg = absl::StrCat(name, ": ", std::strerror(err));
    return err == ENOENT || err == ENOTDIR ? absl::NotFoundError(msg)
                                           : absl::PermissionDeniedError(msg);
  }
  const std::string path = path_env.empty() ? "/bin:/usr/bin" : path_env;
  bool denied = false;
  for (absl::string_view dir : absl::StrSplit(path, ':')) {
    const std::string candidate =
        dir.empty() ? name : absl::StrCat(std::string(dir), "/", name);
    const int err = check(candidate);
    if (err == 0) {
      return dir.empty() ? absl::StrCat("./", name) : candidate;
    }
    if (err == EACCES) denied = true;
  }
  if (denied) {
    return absl::PermissionDeniedError(
        absl::StrCat(name, ": found in PATH but not executable"));
  }
  return absl::NotFoundError(absl::StrCat(name, ": command not found"));
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return 0;
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kPermissionDenied:
      return kExitCannotExecute;
    default:
      return kExitLaunchFailed;
  }
}

absl::StatusOr<LaunchPlan> PlanLaunch(const LaunchRequest& request) {
  // Errors before the command lookup are all "launch failed" (125), whatever
  // their status code; only FindExecutable's codes map to 126/127.
  auto launch_error = [](const absl::Status& s) {
    return absl::FailedPreconditionError(s.message());
  };
  LaunchPlan plan;
  plan.report = request.report || request.report_errno;
  plan.report_errno = request.report_errno;
  absl::StatusOr<SeccompDecision> decision =
      DecideSeccomp(request.agent, request.seccomp);
  if (!decision.ok()) return launch_error(decision.status());
  plan.decision = *decision;
  if (request.command.empty()) {
    return absl::FailedPreconditionError(
        "no command: give one after -- or in the app definition");
  }
  plan.argv = request.command;

  if (request.caps.has_value()) {
    plan.caps = *request.caps;
  } else {
    absl::StatusOr<CapabilitySet> caps = CapabilitiesAfterExec();
    if (!caps.ok()) return launch_error(caps.status());
    plan.caps = *caps;
  }

  ConfigDirOptions dir_options;
  dir_options.allow_insecure = request.allow_insecure_config_dir;
  // Mesos parses the default profile when the agent starts and refuses to
  // start with a bad one, so no task runs at all then; the same here, even
  // for tasks that would not use it.
  if (!request.agent.default_profile_name.empty() &&
      plan.decision.profile_name != request.agent.default_profile_name) {
    absl::StatusOr<ConfigProfile> default_profile =
        ReadConfigProfile(request.agent.config_dir,
                          request.agent.default_profile_name, dir_options);
    if (!default_profile.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("agent default profile: ",
                       std::string(default_profile.status().message())));
    }
    absl::StatusOr<ParsedProfile> parsed =
        ParseProfile(default_profile->text, default_profile->path);
    if (!parsed.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "agent default profile: ", std::string(parsed.status().message())));
    }
  }

  if (plan.decision.confined()) {
    absl::StatusOr<ConfigProfile> profile = ReadConfigProfile(
        request.agent.config_dir, plan.decision.profile_name, dir_options);
    if (!profile.ok()) return launch_error(profile.status());
    absl::StatusOr<Target> target = HostTarget(plan.caps);
    if (!target.ok()) return launch_error(target.status());
    CompileOptions options;
    options.target = *target;
    options.enosys = request.enosys;
    // With listenerPath, NOTIFY goes to the agent (ExecPlan hands it the
    // listener); --report needs the one listener a filter has for itself.
    if (absl::StatusOr<ParsedProfile> pre =
            ParseProfile(profile->text, profile->path);
        pre.ok() && !pre->profile.listener_path.empty()) {
      if (request.report) {
        return absl::FailedPreconditionError(
            absl::StrCat(profile->path,
                         ": listenerPath and --report both need the "
                         "filter's one listener"));
      }
      options.resolve.notify_listener = true;
    }
    absl::StatusOr<CompiledFilter> compiled =
        CompileProfileText(profile->text, profile->path, options);
    if (!compiled.ok()) return launch_error(compiled.status());
    plan.filter = *std::move(compiled);
    std::vector<std::string> names;
    for (const ArchPolicy& a : plan.filter->policy.arches) {
      names.push_back(ArchDisplayName(*a.arch));
    }
    plan.arch_names = absl::StrJoin(names, "+");

    absl::StatusOr<KernelSupport> kernel = ProbeKernelSupport();
    if (!kernel.ok()) return launch_error(kernel.status());
    plan.kernel = *kernel;
    plan.program = plan.filter->program;
    if (plan.report) {
      if (absl::Status s = ProbeReportSupport(); !s.ok()) {
        return launch_error(s);
      }
      absl::StatusOr<CompiledFilter> guard =
          CompileProfileText(kReportGuardProfile, "--report guard", options);
      if (!guard.ok()) return launch_error(guard.status());
      plan.report_guard = guard->program;
    }
    absl::StatusOr<FittedProgram> fitted = FitProgramToKernel(
        plan.program, plan.kernel.actions, request.missing_action);
    if (!fitted.ok()) return launch_error(fitted.status());
    plan.program = std::move(fitted->program);
  }

  absl::StatusOr<std::string> exec_path =
      FindExecutable(plan.argv[0], request.path_env);
  if (!exec_path.ok()) return exec_path.status();
  plan.exec_path = *exec_path;
  return plan;
}

std::string DescribePlan(const LaunchPlan& plan) {
  std::string out;
  if (plan.decision.confined()) {
    absl::StrAppendFormat(&out, "profile: %s (%s)\n",
                          plan.decision.profile_name, plan.decision.Reason());
    absl::StrAppendFormat(&out, "path: %s\n", plan.filter->profile.source_name);
    absl::StrAppendFormat(&out, "arches: %s\n", plan.arch_names);
    absl::StrAppendFormat(&out, "capabilities: 0x%x\n", plan.caps);
    absl::StrAppendFormat(&out, "default action: %s\n",
                          plan.filter->policy.default_action.ToString());
    absl::StrAppendFormat(&out, "program: %d instructions\n",
                          plan.program.size());
    absl::StrAppendFormat(&out, "kernel actions: %s\n",
                          plan.kernel.actions.ToString());
    if (plan.report) {
      out +=
          "report: a ptrace supervisor names kill and trap denials; the "
          "profile's program is installed unchanged, after a guard refusing "
          "clone(CLONE_UNTRACED) and clone3\n";
      if (plan.report_errno) {
        out += "report: ERRNO denials too, from syscall-exit stops\n";
      }
    }
  } else {
    absl::StrAppendFormat(&out, "profile: none, unfiltered (%s)\n",
                          plan.decision.Reason());
  }
  absl::StrAppendFormat(&out, "command: %s\n", absl::StrJoin(plan.argv, " "));
  absl::StrAppendFormat(&out, "exec: %s\n", plan.exec_path);
  return out;
}

std::string LaunchLogLine(const LaunchPlan& plan) {
  const std::string command = Basename(plan.argv.empty() ? "" : plan.argv[0]);
  if (!plan.decision.confined()) {
    return absl::StrFormat("seccomp-launch: no filter (%s); exec %s",
                           plan.decision.Reason(), command);
  }
  return absl::StrFormat(
      "seccomp-launch: profile %s (%s) for %s, %d instructions%s; exec %s",
      plan.decision.profile_name, plan.decision.Reason(), plan.arch_names,
      plan.program.size(), plan.report ? ", reporting" : "", command);
}

int ExecPlan(const LaunchPlan& plan) {
  // Everything execve needs is built before the filter goes on.
  std::vector<char*> argv;
  for (const std::string& a : plan.argv)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  if (plan.filter.has_value()) {
    InstallOptions options;
    options.filter_flags = plan.filter->profile.flags;
    options.kernel = &plan.kernel;
    // listenerPath: the agent gets the listener (notify_agent.h).
    std::optional<ListenerHandoff> handoff;
    if (const std::string& path = plan.filter->profile.listener_path;
        !path.empty() && !plan.report) {
      ListenerState state;
      // Mesos gives the launcher no container id; the command names it.
      state.id = plan.argv.empty() ? "" : plan.argv.front();
      state.pid = getpid();
      state.metadata = plan.filter->profile.listener_metadata;
      absl::StatusOr<ListenerHandoff> started =
          ListenerHandoff::Start(path, ListenerPayload(state));
      if (!started.ok()) {
        std::fprintf(stderr, "seccomp-launch: %s\n",
                     std::string(started.status().message()).c_str());
        return kExitLaunchFailed;
      }
      handoff.emplace(*std::move(started));
      options.new_listener = true;
    }
    absl::StatusOr<InstallResult> installed = Install(plan.program, options);
    absl::Status handed =
        handoff ? handoff->Finish(installed.ok() ? installed->listener_fd : -1)
                : absl::OkStatus();
    if (installed.ok() && handoff) close(installed->listener_fd);
    if (!installed.ok() || !handed.ok()) {
      std::fprintf(stderr, "seccomp-launch: %s\n",
                   std::string(!installed.ok() ? installed.status().message()
                                               : handed.message())
                       .c_str());
      return kExitLaunchFailed;
    }
  }
  execve(plan.exec_path.c_str(), argv.data(), environ);
  const int err = errno;
  std::fprintf(stderr, "seccomp-launch: exec %s: %s\n", plan.exec_path.c_str(),
               std::strerror(err));
  return err == ENOENT || err == ENOTDIR ? kExitNotFound : kExitCannotExecute;
}

}  // namespace seccompc

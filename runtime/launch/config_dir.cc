#include "runtime/launch/config_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "compiler/util/read_file.h"

namespace seccompc {
namespace {

absl::Status ConfigError(absl::StatusCode code, const std::string& dir,
                         const std::string& name, std::string_view why) {
  return absl::Status(
      code, absl::StrFormat("profile \"%s\" in config folder %s: %s", name, dir,
                            why));
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
// root and writable by nobody else. Not by the launcher's own uid either
// when that is not root: the launcher execs its tasks with that uid, so a
// task could rewrite its profile (or swap a folder) for the next launch.
// `ancestor`: a folder above the config folder, where a root-owned sticky
// folder (/tmp) is fine, since others cannot rename what is in it.
std::string UntrustedReason(const struct stat& st, const std::string& label,
                            bool ancestor) {
  const uid_t me = geteuid();
  if (st.st_uid == me && me != 0) {
    return absl::StrFormat(
        "%s is owned by uid %d, this launcher's, which its tasks run as: a "
        "task could rewrite it for the next launch; make root its owner",
        label, st.st_uid);
  }
  if (st.st_uid != 0) {
    return absl::StrFormat("%s is owned by uid %d, not root", label, st.st_uid);
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

}  // namespace

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
  ConfigProfile out;
  out.path = absl::StrCat(absl::StripSuffix(config_dir, "/"), "/", name);
  absl::StatusOr<std::string> text = ReadRegularFd(
      fd, options.max_bytes,
      absl::StrFormat("profile \"%s\" in config folder %s", name, config_dir));
  close(fd);
  if (!text.ok()) return text.status();
  out.text = *std::move(text);
  return out;
}

}  // namespace seccompc

#include "compiler/cli/record.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/analysis/mesos_compat.h"
#include "compiler/analysis/mesos_recording.h"
#include "compiler/analysis/recorded_profile.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/os/errno_text.h"
#include "compiler/os/unique_fd.h"

namespace seccompc::cli {
namespace {

constexpr char kDefaultProfile[] =
#include "compiler/cli/default_profile.inc"
    ;

// In the child, between fork and exec: only async-signal-safe calls. That
// is why the one-instruction USER_NOTIF filter is attached here with a raw
// seccomp() and not with runtime/install's Install(), which allocates,
// reads /proc and probes the kernel (and which compiler/ may not depend
// on). A kernel without USER_NOTIF or NEW_LISTENER fails here, and the
// parent names what is needed (TakeListener).
// `exec_error`: the write end of a close-on-exec pipe; a failed exec writes
// its errno there, so that the parent can name it and write nothing.
[[noreturn]] void ChildInstallAndExec(const std::vector<char*>& argv,
                                      int exec_error) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) _exit(126);
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(126);
  struct sock_filter notify = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
  struct sock_fprog prog = {1, &notify};
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
              SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog) < 0) {
    _exit(126);
  }
  // From here every call waits for the supervisor; the listener fd is
  // close-on-exec.
  execvp(argv[0], argv.data());
  const int e = errno;
  (void)!write(exec_error, &e, sizeof e);
  _exit(127);
}

// The child's listener: found in /proc/PID/fd, copied with pidfd_getfd.
absl::StatusOr<UniqueFd> TakeListener(pid_t child) {
  UniqueFd pidfd(static_cast<int>(syscall(SYS_pidfd_open, child, 0)));
  if (pidfd.get() < 0) {
    return absl::InternalError(CallError("pidfd_open", errno));
  }
  const std::string dir = absl::StrCat("/proc/", child, "/fd");
  for (int attempt = 0; attempt < 10000; ++attempt) {
    int status = 0;
    if (waitpid(child, &status, WNOHANG) == child) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the child could not install the recording filter (exit ",
          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
          "); USER_NOTIF needs Linux 5.0, pidfd_getfd 5.6"));
    }
    std::unique_ptr<DIR, int (*)(DIR*)> d(opendir(dir.c_str()), closedir);
    if (d != nullptr) {
      while (struct dirent* e = readdir(d.get())) {
        char target[64] = {};
        const std::string link = absl::StrCat(dir, "/", e->d_name);
        const ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
        if (n <= 0 || std::strcmp(target, "anon_inode:seccomp notify") != 0) {
          continue;
        }
        const int fd = static_cast<int>(
            syscall(SYS_pidfd_getfd, pidfd.get(), std::atoi(e->d_name), 0));
        if (fd < 0) {
          return absl::PermissionDeniedError(CallError("pidfd_getfd", errno));
        }
        return UniqueFd(fd);
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return absl::DeadlineExceededError("the child's listener never appeared");
}

// Answers every notification with CONTINUE until no task uses the filter,
// or, when `command_pidfd` is not -1, until that process has exited (a
// descendant left running must not keep the recording open forever).
absl::Status Supervise(int listener, int command_pidfd, Recording* recording) {
  struct seccomp_notif_sizes sizes = {};
  if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) {
    return absl::InternalError(CallError("SECCOMP_GET_NOTIF_SIZES", errno));
  }
  std::vector<char> req_buf(
      std::max<size_t>(sizes.seccomp_notif, sizeof(seccomp_notif)));
  std::vector<char> resp_buf(
      std::max<size_t>(sizes.seccomp_notif_resp, sizeof(seccomp_notif_resp)));
  auto* req = reinterpret_cast<seccomp_notif*>(req_buf.data());
  auto* resp = reinterpret_cast<seccomp_notif_resp*>(resp_buf.data());
  for (;;) {
    struct pollfd fds[2] = {{listener, POLLIN, 0}, {command_pidfd, POLLIN, 0}};
    const int r = poll(fds, command_pidfd >= 0 ? 2 : 1, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return absl::InternalError(CallError("poll", errno));
    const pollfd& p = fds[0];
    // The command exited; its calls were all answered (a task waiting for
    // an answer cannot exit). What is pending now is a descendant's, and a
    // busy one must not keep the recording open.
    if (command_pidfd >= 0 && (fds[1].revents & POLLIN)) {
      return absl::OkStatus();
    }
    if (p.revents & POLLIN) {
      std::memset(req_buf.data(), 0, req_buf.size());
      if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) != 0) {
        if (errno == EINTR || errno == ENOENT) continue;  // task gone
        return absl::InternalError(
            CallError("SECCOMP_IOCTL_NOTIF_RECV", errno));
      }
      const uint64_t args[6] = {req->data.args[0], req->data.args[1],
                                req->data.args[2], req->data.args[3],
                                req->data.args[4], req->data.args[5]};
      recording->Add(req->data.arch, static_cast<uint32_t>(req->data.nr), args);
      std::memset(resp_buf.data(), 0, resp_buf.size());
      resp->id = req->id;
      resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
      if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp) != 0 &&
          errno != ENOENT) {
        return absl::InternalError(
            CallError("SECCOMP_IOCTL_NOTIF_SEND", errno));
      }
      continue;
    }
    if (p.revents & (POLLHUP | POLLERR)) return absl::OkStatus();
  }
}

}  // namespace

int RunRecord(const std::vector<std::string>& args,
              const std::vector<std::string>& command,
              const RecordFlags& flags) {
  if (!args.empty()) {
    return Fail(kExitUsage,
                absl::StrCat("record: put the command after \"--\" (got \"",
                             args[0], "\" before it)"));
  }
  if (command.empty()) return Fail(kExitUsage, "record: no command after --");
  if (flags.default_errno < 0 || flags.default_errno > 4095) {
    return Fail(kExitUsage, "--default_errno_ret: 0..4095");
  }
  absl::StatusOr<Target> target = ParseHostTarget(TargetTextOf(flags.target));
  if (!target.ok()) return Fail(kExitUsage, target.status().message());

  // The reference policy: which arguments matter.
  std::string base_text;
  std::string base_name = "Docker's default (profiles/default.json)";
  if (!flags.base.empty()) {
    absl::StatusOr<std::string> text = ReadInput(flags.base, 64 << 20);
    if (!text.ok()) return Fail(kExitInvalid, text.status().message());
    base_text = *std::move(text);
    base_name = flags.base;
  } else {
    base_text = kDefaultProfile;
  }
  absl::StatusOr<ParsedProfile> parsed = ParseProfile(base_text, base_name);
  if (!parsed.ok()) return Fail(kExitInvalid, parsed.status().message());
  absl::StatusOr<Resolution> resolved = Resolve(parsed->profile, *target);
  if (!resolved.ok()) return Fail(kExitInvalid, resolved.status().message());

  std::vector<char*> argv;
  for (const std::string& a : command)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int exec_error[2];
  if (pipe2(exec_error, O_CLOEXEC) != 0) {
    return Fail(kExitInvalid, CallError("pipe2", errno));
  }
  UniqueFd exec_error_read(exec_error[0]);
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child < 0) return Fail(kExitInvalid, CallError("fork", errno));
  if (child == 0) ChildInstallAndExec(argv, exec_error[1]);
  close(exec_error[1]);

  // With a base, additions are pinned as a fresh recording pins them
  // (Docker's default's argument tests too), so --base never widens.
  absl::StatusOr<ParsedProfile> docker = absl::NotFoundError("no base");
  absl::StatusOr<Resolution> fresh_reference = absl::NotFoundError("no base");
  if (!flags.base.empty()) {
    docker = ParseProfile(kDefaultProfile, "profiles/default.json");
    if (!docker.ok()) return Fail(kExitInvalid, docker.status().message());
    fresh_reference = Resolve(docker->profile, *target);
    if (!fresh_reference.ok()) {
      return Fail(kExitInvalid, fresh_reference.status().message());
    }
  }
  Recording recording(&resolved->policy, fresh_reference.ok()
                                             ? &fresh_reference->policy
                                             : nullptr);
  absl::StatusOr<UniqueFd> listener = TakeListener(child);
  if (!listener.ok()) {
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    return Fail(kExitInvalid, listener.status().message());
  }
  UniqueFd command_pidfd;
  if (!flags.follow_descendants) {
    command_pidfd =
        UniqueFd(static_cast<int>(syscall(SYS_pidfd_open, child, 0)));
    if (command_pidfd.get() < 0) {
      const int err = errno;
      kill(child, SIGKILL);
      waitpid(child, nullptr, 0);
      return Fail(kExitInvalid, CallError("pidfd_open", err));
    }
  }
  absl::Status supervised =
      Supervise(listener->get(), command_pidfd.get(), &recording);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!supervised.ok()) return Fail(kExitInvalid, supervised.message());
  // The child is gone, so the pipe has its errno or nothing (exec worked).
  int exec_errno = 0;
  if (read(exec_error_read.get(), &exec_errno, sizeof exec_errno) ==
      static_cast<ssize_t>(sizeof exec_errno)) {
    return Fail(kExitInvalid,
                absl::StrCat("record: cannot execute ", command[0], ": ",
                             ErrnoText(exec_errno), "; nothing written"));
  }

  RecordedProfile out;
  if (flags.base.empty()) {
    RecordOptions options;
    options.native = target->native;
    options.default_errno = static_cast<uint32_t>(flags.default_errno);
    out = ProfileFromRecording(recording, options);
  } else {
    absl::StatusOr<RecordedProfile> extended =
        ExtendBaseProfile(recording, base_text, resolved->policy);
    if (!extended.ok()) return Fail(kExitInvalid, extended.status().message());
    out = *std::move(extended);
  }
  if (flags.mesos) {
    absl::StatusOr<MesosRecording> mesos = MesosCompatibleRecording(out.json);
    if (!mesos.ok()) return Fail(kExitInvalid, mesos.status().message());
    for (const std::string& name : mesos->left_out) {
      out.warnings.push_back(absl::StrCat(
          name,
          " is left out (stays denied): libseccomp 2.3.3, under Mesos "
          "1.8, does not know it and would reject the profile"));
    }
    if (mesos->dropped_errno_ret) {
      out.warnings.push_back(
          "defaultErrnoRet left out: Mesos 1.8 always answers EPERM");
    }
    out.json = std::move(mesos->json);
  }
  for (const std::string& w : out.warnings) {
    std::fprintf(stderr, "seccompc record: warning: %s\n", w.c_str());
  }
  // What Mesos 1.8 would reject (seccompc check --mesos), said after the
  // summary.
  std::vector<std::string> mesos_rejects;
  if (absl::StatusOr<ParsedProfile> written =
          ParseProfile(out.json, flags.output);
      written.ok()) {
    for (const MesosFinding& f : CheckMesosCompat(out.json, written->profile)) {
      if (f.kind == MesosFinding::Kind::kRejects) {
        mesos_rejects.push_back(
            absl::StrCat(f.location.json_path, ": ", f.message));
      }
    }
  }
  if (absl::Status s = WriteOutput(flags.output, out.json); !s.ok()) {
    return Fail(kExitInvalid, s.message());
  }
  std::fprintf(stderr,
               "seccompc record: %llu calls, %zu distinct (ABI, syscall); "
               "wrote %s\n",
               static_cast<unsigned long long>(recording.total()),
               recording.calls().size(), flags.output.c_str());
  if (!flags.base.empty()) {
    std::fprintf(stderr, "seccompc record: %zu addition(s) to %s%s%s\n",
                 out.additions.size(), flags.base.c_str(),
                 out.additions.empty() ? "" : ": ",
                 absl::StrJoin(out.additions, ", ").c_str());
  }
  for (const std::string& r : mesos_rejects) {
    std::fprintf(stderr, "seccompc record: Mesos 1.8 would reject %s\n",
                 r.c_str());
  }
  if (!mesos_rejects.empty()) {
    std::fprintf(stderr,
                 "seccompc record: record --mesos writes a profile Mesos 1.8 "
                 "accepts\n");
  }
  const bool failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
  if (failed) {
    std::fprintf(
        stderr, "seccompc record: the command %s %d\n",
        WIFEXITED(status) ? "exited with status" : "was killed by signal",
        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return kExitInvalid;
  }
  return kExitOk;
}

}  // namespace seccompc::cli

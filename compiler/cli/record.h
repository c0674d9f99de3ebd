// `seccompc record -o OUT.json [--base PROFILE] [--default_errno_ret N]
//      -- CMD ARGS`: runs CMD with every descendant and thread under a
// filter that reports each syscall to this process (SECCOMP_RET_USER_NOTIF,
// answered SECCOMP_USER_NOTIF_FLAG_CONTINUE), and writes a profile that
// allows what was seen (compiler/analysis/recorded_profile.h).
//
// This is a profiling tool, not enforcement: CONTINUE lets every call run
// (and a hostile workload could answer its own notifications), which is
// fine for recording what a trusted workload does and wrong for confining
// one. The child sets no_new_privs and PR_SET_PDEATHSIG, installs the
// one-instruction filter with NEW_LISTENER, and execs CMD; the supervisor
// (this process) takes the listener from it with pidfd_getfd (the child's
// next call waits for an answer until then) and answers until the command
// exits. Descendants still running then (a daemon the command started)
// are no longer recorded: once this process exits nobody listens, and the
// kernel fails each of their later calls with ENOSYS. With
// --follow_descendants it answers until the last task using the filter is
// gone (POLLHUP), however long that takes.
//
// Exit: 0 profile written and CMD exited 0; 1 CMD failed (the profile is
// still written) or an error kept it from being written (CMD could not be
// executed: named with the errno, nothing written); 2 usage.
#ifndef SECCOMPC_COMPILER_CLI_RECORD_H_
#define SECCOMPC_COMPILER_CLI_RECORD_H_

#include <string>
#include <vector>

#include "compiler/cli/common.h"

namespace seccompc::cli {

struct RecordFlags {
  std::string output;  // "-" = stdout
  std::string base;    // "" = Docker's default decides which args to keep
  int default_errno = 1;
  bool follow_descendants = false;  // wait for every descendant, not CMD only
  bool mesos = false;  // a profile Mesos 1.8 accepts (mesos_recording.h)
  TargetFlags target;
};

// `command`: CMD ARGS (what followed "--").
int RunRecord(const std::vector<std::string>& args,
              const std::vector<std::string>& command,
              const RecordFlags& flags);

}  // namespace seccompc::cli

#endif  // SECCOMPC_COMPILER_CLI_RECORD_H_

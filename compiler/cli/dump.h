// `seccompc dump PID [--profile P] [--summary] [TARGET]`: the seccomp filters
// installed in a running process, disassembled with names and labels (with
// --summary only one line per filter), and, with --profile, whether each is
// proven (compiler/prove) to mean exactly that profile for the target,
// whatever its bytes; one that does not gets a counterexample (as `seccompc
// prove` prints it) and, when toggling --enosys or another --caps set (none,
// docker, all) would make it match, that option.
//
// Reads them with ptrace(PTRACE_SECCOMP_GET_FILTER), one per stacked filter
// (index 0 is the oldest, the first installed), which needs CAP_SYS_ADMIN and
// permission to ptrace the process; the process is seized, interrupted for the
// reads and detached again (it does not see a signal). A process that does
// not stop within --timeout (a vfork parent stops only once its child has
// exec'd or exited) is an error; so is one traced already (seccomp-launch
// --report's task, a debugger's): a process has one tracer.
// Exit: 0 listed (and, with --profile, some filter matches), 1 no
// permission / no such process / no filter matches, 2 usage.
#ifndef SECCOMPC_COMPILER_CLI_DUMP_H_
#define SECCOMPC_COMPILER_CLI_DUMP_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/bpf/bpf.h"
#include "compiler/cli/common.h"

namespace seccompc::cli {

struct DumpFlags {
  std::string profile;         // "" = no comparison
  double timeout_seconds = 5;  // for the process to stop
  bool summary = false;        // the one-line headers only, no listing
  TargetFlags target;
};

int RunDump(const std::vector<std::string>& args, const DumpFlags& flags);

// The filters of `pid`, oldest (first installed) first; an empty list when
// it has none. `timeout`: how long to wait for it to stop.
absl::StatusOr<std::vector<Program>> ReadInstalledFilters(
    pid_t pid, std::chrono::milliseconds timeout);

}  // namespace seccompc::cli

#endif  // SECCOMPC_COMPILER_CLI_DUMP_H_

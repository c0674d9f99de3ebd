// `seccompc resolve PROFILE [TARGET] [--format oci|docker] [-o OUT]`: the
// profile flattened for one target, for tools that do not resolve Docker's
// includes/excludes themselves (ctr, plain runc, a Kubernetes Localhost
// file): the entries whose includes hold and whose excludes do not, with
// those conditions removed, and `architectures` = the target's arch set in
// place of `archMap`. Names, actions, errno values, arguments, flags and
// the listener stay as written, so `seccompc diff PROFILE OUT` under the
// same target finds them equal.
//   oci:    the OCI runtime spec's linux.seccomp keys only (what ctr's
//           --seccomp-profile and runc read)
//   docker: also each entry's comment (Docker's own format)
#ifndef SECCOMPC_COMPILER_CLI_RESOLVE_COMMAND_H_
#define SECCOMPC_COMPILER_CLI_RESOLVE_COMMAND_H_

#include <string>
#include <vector>

#include "compiler/cli/common.h"

namespace seccompc::cli {

struct ResolveFlags {
  std::string format = "oci";  // oci | docker
  std::string output = "-";
  TargetFlags target;
};

// Exit: 0 written, 1 invalid profile, 2 usage.
int RunResolve(const std::vector<std::string>& args, const ResolveFlags& flags);

}  // namespace seccompc::cli

#endif  // SECCOMPC_COMPILER_CLI_RESOLVE_COMMAND_H_

// `seccompc check --mesos PROFILE [--json] [--strict]`: what Apache Mesos
// 1.8's isolator would reject or silently read differently, point by point
// with positions (compiler/analysis/mesos_compat.h).
// Exit: 0 Mesos accepts it as written (changes are warnings; errors under
// --strict), 1 Mesos rejects it or the profile is invalid, 2 usage.
#ifndef SECCOMPC_COMPILER_CLI_MESOS_CHECK_H_
#define SECCOMPC_COMPILER_CLI_MESOS_CHECK_H_

#include <string>
#include <vector>

#include "compiler/cli/common.h"

namespace seccompc::cli {

struct MesosCheckFlags {
  bool json = false;
  bool strict = false;
};

int RunMesosCheck(const std::vector<std::string>& args,
                  const MesosCheckFlags& flags);

}  // namespace seccompc::cli

#endif  // SECCOMPC_COMPILER_CLI_MESOS_CHECK_H_

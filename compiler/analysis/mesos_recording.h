// A recorded profile rewritten so that Apache Mesos 1.8 accepts it (seccompc
// record --mesos), by the rules of mesos_compat.h: every entry gets the
// `includes`, `excludes` and `args` keys Mesos requires, `defaultErrnoRet`
// goes (Mesos always answers EPERM), and names libseccomp 2.3.3 does not
// know are left out: Mesos would reject the whole profile for one of them,
// so those calls stay denied (EPERM) and are reported.
#ifndef SECCOMPC_COMPILER_ANALYSIS_MESOS_RECORDING_H_
#define SECCOMPC_COMPILER_ANALYSIS_MESOS_RECORDING_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace seccompc {

struct MesosRecording {
  std::string json;
  std::vector<std::string> left_out;  // names libseccomp 2.3.3 lacks
  bool dropped_errno_ret = false;     // defaultErrnoRet was not EPERM
};

absl::StatusOr<MesosRecording> MesosCompatibleRecording(std::string_view json);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ANALYSIS_MESOS_RECORDING_H_

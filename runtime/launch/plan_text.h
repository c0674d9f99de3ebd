// What seccomp-launch prints about a plan (exec.h): the several lines of
// --print and the one launch log line on stderr. Text only; nothing here
// changes what is installed.
#ifndef SECCOMPC_RUNTIME_LAUNCH_PLAN_TEXT_H_
#define SECCOMPC_RUNTIME_LAUNCH_PLAN_TEXT_H_

#include <string>

#include "runtime/launch/exec.h"

namespace seccompc {

// "profile: NAME (WHY)\npath: ...\narches: ...\n...command: ...\nexec: ...\n"
std::string DescribePlan(const LaunchPlan& plan);

// "seccomp-launch: profile NAME (WHY) for ARCHES, N instructions; exec CMD"
// or "seccomp-launch: no filter (WHY); exec CMD".
std::string LaunchLogLine(const LaunchPlan& plan);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_LAUNCH_PLAN_TEXT_H_

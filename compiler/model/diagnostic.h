// A warning about a profile, with where it applies. The library collects
// them and returns them; only the CLI prints.
#ifndef SECCOMPC_COMPILER_MODEL_DIAGNOSTIC_H_
#define SECCOMPC_COMPILER_MODEL_DIAGNOSTIC_H_

#include <string>
#include <vector>

#include "compiler/model/profile.h"

namespace seccompc {

struct Diagnostic {
  SourceLocation location;
  std::string message;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_MODEL_DIAGNOSTIC_H_

// --version and --help, the same way in every seccompc binary, before
// Abseil's flag parser sees them: Abseil's --version prints "Debug build"
// text that is wrong for -c opt, and its --help exits 1 and lists flags of
// the libraries linked in.
#ifndef SECCOMPC_COMPILER_CLI_STANDARD_FLAGS_H_
#define SECCOMPC_COMPILER_CLI_STANDARD_FLAGS_H_

#include <optional>
#include <string_view>

namespace seccompc {

struct ToolInfo {
  std::string_view name;        // "seccompc"
  std::string_view usage;       // printed first by --help
  std::string_view flags_file;  // only flags defined in a file whose path
                                // contains this are listed by --help
};

// When argv (before a "--") holds --version or --help (-h, --helpfull,
// --helpshort), prints to stdout and returns the exit status (0);
// otherwise nullopt and the caller goes on parsing.
std::optional<int> HandleVersionOrHelp(int argc, char** argv,
                                       const ToolInfo& tool);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_CLI_STANDARD_FLAGS_H_

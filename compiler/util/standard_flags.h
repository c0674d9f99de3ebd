// The project's one command-line parser, shared by seccompc, seccomp-launch
// and the verdict-test driver. --version and --help, the same way in every
// binary, before Abseil's flag parser sees them: Abseil's --version prints
// "Debug build" text that is wrong for -c opt, and its --help exits 1 and
// lists flags of the libraries linked in. And ApplyToolFlags, a flag parser
// that returns errors instead of exiting, so that a tool chooses its own
// usage-error status (seccomp-launch: 125, like every failure before exec),
// and that keeps every value of a flag a tool may repeat.
#ifndef SECCOMPC_COMPILER_UTIL_STANDARD_FLAGS_H_
#define SECCOMPC_COMPILER_UTIL_STANDARD_FLAGS_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace seccompc {

struct ToolInfo {
  std::string_view name;        // "seccompc"
  std::string_view usage;       // printed first by --help
  std::string_view flags_file;  // only flags defined in a file whose path
                                // contains this are listed by --help
  std::string_view version;     // printed by --version after the name; the
                                // caller passes it so util needs no
                                // project header (SECCOMPC_VERSION_STRING)
  // Flags that may be given more than once, each value kept in order
  // (ToolArgs::repeated), e.g. the verdict driver's --case. Any other flag
  // given twice keeps its last value, as with Abseil's parser.
  std::vector<std::string_view> repeatable = {};
};

// When argv (before a "--") holds --version or --help (-h, --helpfull,
// --helpshort), prints to stdout and returns the exit status (0);
// otherwise nullopt and the caller goes on parsing.
std::optional<int> HandleVersionOrHelp(int argc, char** argv,
                                       const ToolInfo& tool);

// argv split at its first "--": the words before it (argv[0] left out),
// flags and positional words, for ApplyToolFlags; and the words after it,
// a command line that no flag parser sees.
struct SplitCommandLine {
  std::vector<std::string> flag_words;
  std::vector<std::string> after_dashes;
};
SplitCommandLine SplitAtDashes(int argc, char** argv);

// What ApplyToolFlags found besides the flags it set.
struct ToolArgs {
  bool help = false;  // a help flag (--helpon, --helpmatch, ...) was given
  std::vector<std::string> positional;  // words that are not flags, in order
  std::vector<std::string> flags_set;   // names of the flags set, in order
  // Every value of each flag in ToolInfo::repeatable that was given, in
  // command-line order (flagfile lines where the --flagfile stands); a
  // flag never given has no entry.
  std::map<std::string, std::vector<std::string>, std::less<>> repeated;
};

// How a flag is spelled in help and errors: "-o" for a one-letter name (as
// users type it), "--name" otherwise.
std::string DashedFlagName(std::string_view name);

// The help line of the flag named `name`, "  -o  HELP (default: -)", or ""
// when no such flag exists.
std::string FlagHelpLine(std::string_view name);

// Sets the tool's flags from `words` (the command line after argv[0] and
// before "--", or a flagfile's lines) without exiting on an error.
// Accepted: --NAME=VALUE, --NAME VALUE, -NAME..., bare --NAME and --noNAME
// for bools, and --flagfile=F[,F...] (read here, one flag a line, #
// comments, nested up to 8 deep; errors name the file; words that are not
// flags are refused there). Only flags defined
// in a file whose path contains tool.flags_file are known, so Abseil's own
// (--fromenv, --undefok, ...) are "unknown flag" too. Help flags set
// .help and nothing else. Errors are InvalidArgument: unknown flag, missing
// or extra value, a value the flag cannot parse, an unreadable flagfile.
// With `no_positional` set, a word that is not a flag is an error where it
// stands: "unexpected argument \"WORD\"; " + no_positional.
absl::StatusOr<ToolArgs> ApplyToolFlags(const std::vector<std::string>& words,
                                        const ToolInfo& tool,
                                        std::string_view no_positional = "");

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_UTIL_STANDARD_FLAGS_H_

#include "compiler/cli/standard_flags.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "compiler/version.h"

namespace seccompc {
namespace {

void PrintHelp(const ToolInfo& tool) {
  std::printf("%s\n\nFlags:\n", std::string(tool.usage).c_str());
  std::vector<const absl::CommandLineFlag*> flags;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (flag->Filename().find(tool.flags_file) != std::string::npos) {
      flags.push_back(flag);
    }
  }
  std::sort(flags.begin(), flags.end(), [](const auto* a, const auto* b) {
    return a->Name() < b->Name();
  });
  for (const absl::CommandLineFlag* flag : flags) {
    std::printf("  --%s  %s", std::string(flag->Name()).c_str(),
                flag->Help().c_str());
    const std::string def = flag->DefaultValue();
    if (!def.empty()) std::printf(" (default: %s)", def.c_str());
    std::printf("\n");
  }
  std::printf("  --help     this text\n  --version  print the version\n");
}

}  // namespace

std::optional<int> HandleVersionOrHelp(int argc, char** argv,
                                       const ToolInfo& tool) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--version" || arg == "-version") {
      std::printf("%s %s\n", std::string(tool.name).c_str(),
                  SECCOMPC_VERSION_STRING);
      return 0;
    }
    if (arg == "--help" || arg == "-help" || arg == "-h" ||
        arg == "--helpfull" || arg == "--helpshort") {
      PrintHelp(tool);
      return 0;
    }
  }
  return std::nullopt;
}

}  // namespace seccompc

#include "compiler/util/standard_flags.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "compiler/util/read_file.h"

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
  std::sort(flags.begin(), flags.end(),
            [](const auto* a, const auto* b) { return a->Name() < b->Name(); });
  for (const absl::CommandLineFlag* flag : flags) {
    std::fputs(FlagHelpLine(std::string(flag->Name())).c_str(), stdout);
  }
  std::printf("  --help     this text\n  --version  print the version\n");
}

bool IsHelpFlag(std::string_view name) {
  return name == "help" || name == "helpfull" || name == "helpshort" ||
         name == "helppackage" || name == "helpon" || name == "helpmatch" ||
         name == "version" || name == "only_check_args";
}

bool IsRepeatable(const ToolInfo& tool, std::string_view name) {
  return std::find(tool.repeatable.begin(), tool.repeatable.end(), name) !=
         tool.repeatable.end();
}

absl::Status ApplyWords(const std::vector<std::string>& words,
                        const ToolInfo& tool, std::string_view no_positional,
                        int depth, ToolArgs* out) {
  if (depth > 8) {
    return absl::InvalidArgumentError("--flagfile nested too deep");
  }
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& arg = words[i];
    if (arg.size() < 2 || arg[0] != '-') {
      if (depth > 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "unexpected argument \"", arg, "\"; a flagfile holds flags only"));
      }
      if (!no_positional.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "unexpected argument \"", arg, "\"; ", std::string(no_positional)));
      }
      out->positional.push_back(arg);
      continue;
    }
    const std::string body = arg.substr(arg[1] == '-' ? 2 : 1);
    const size_t eq = body.find('=');
    std::string name = body.substr(0, eq);
    std::optional<std::string> value;
    if (eq != std::string::npos) value = body.substr(eq + 1);
    if (IsHelpFlag(name)) {
      out->help = true;
      continue;
    }
    if (name == "flagfile") {
      if (!value.has_value()) {
        if (i + 1 >= words.size()) {
          return absl::InvalidArgumentError("--flagfile needs a file");
        }
        value = words[++i];
      }
      for (absl::string_view file : absl::StrSplit(*value, ',')) {
        absl::StatusOr<std::string> text =
            ReadFileLimited(std::string(file), 1u << 20);
        if (!text.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat("--flagfile: ", text.status().message()));
        }
        std::vector<std::string> lines;
        for (absl::string_view line : absl::StrSplit(*text, '\n')) {
          line = absl::StripAsciiWhitespace(line);
          if (line.empty() || line[0] == '#') continue;
          lines.emplace_back(line);
        }
        absl::Status s = ApplyWords(lines, tool, no_positional, depth + 1, out);
        if (!s.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat(file, ": ", s.message()));
        }
      }
      continue;
    }
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    bool negated = false;
    if ((flag == nullptr || flag->IsRetired()) && name.rfind("no", 0) == 0) {
      flag = absl::FindCommandLineFlag(name.substr(2));
      negated = flag != nullptr && flag->IsOfType<bool>();
      if (!negated) flag = nullptr;
    }
    if (flag == nullptr || flag->IsRetired() ||
        flag->Filename().find(tool.flags_file) == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag \"", arg, "\" (see --help)"));
    }
    if (negated) {
      if (value.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat("\"", arg, "\" takes no value"));
      }
      value = "false";
    } else if (!value.has_value()) {
      if (flag->IsOfType<bool>()) {
        value = "true";
      } else if (i + 1 < words.size()) {
        value = words[++i];
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat(DashedFlagName(name), " needs a value"));
      }
    }
    std::string error;
    if (!flag->ParseFrom(*value, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat(DashedFlagName(name), "=", *value, ": ", error));
    }
    out->flags_set.emplace_back(flag->Name());
    const std::string flag_name(flag->Name());
    if (IsRepeatable(tool, flag_name)) {
      out->repeated[flag_name].push_back(*value);
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string DashedFlagName(std::string_view name) {
  return absl::StrCat(name.size() == 1 ? "-" : "--", std::string(name));
}

std::string FlagHelpLine(std::string_view name) {
  const absl::CommandLineFlag* flag =
      absl::FindCommandLineFlag(std::string(name));
  if (flag == nullptr) return "";
  std::string line = absl::StrCat(
      "  ", DashedFlagName(std::string(flag->Name())), "  ", flag->Help());
  const std::string def = flag->DefaultValue();
  if (!def.empty()) absl::StrAppend(&line, " (default: ", def, ")");
  return line + "\n";
}

absl::StatusOr<ToolArgs> ApplyToolFlags(const std::vector<std::string>& words,
                                        const ToolInfo& tool,
                                        std::string_view no_positional) {
  ToolArgs out;
  if (absl::Status s = ApplyWords(words, tool, no_positional, 0, &out);
      !s.ok()) {
    return s;
  }
  return out;
}

SplitCommandLine SplitAtDashes(int argc, char** argv) {
  SplitCommandLine out;
  int i = 1;
  for (; i < argc && std::string_view(argv[i]) != "--"; ++i) {
    out.flag_words.push_back(argv[i]);
  }
  if (i < argc) out.after_dashes.assign(argv + i + 1, argv + argc);
  return out;
}

std::optional<int> HandleVersionOrHelp(int argc, char** argv,
                                       const ToolInfo& tool) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--version" || arg == "-version") {
      std::printf("%s %s\n", std::string(tool.name).c_str(),
                  std::string(tool.version).c_str());
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

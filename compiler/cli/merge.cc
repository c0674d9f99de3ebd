#include "compiler/cli/merge.h"

#include <sys/stat.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "compiler/analysis/profile_merge.h"
#include "compiler/frontend/json_document.h"

namespace seccompc::cli {

int RunMerge(const std::vector<std::string>& args, const MergeFlags& flags) {
  if (args.size() < 2) {
    return Fail(kExitUsage, "merge takes two or more recorded profiles");
  }
  std::vector<MergeInput> inputs;
  for (const std::string& path : args) {
    absl::StatusOr<std::string> text = ReadInput(path, JsonLimits{}.max_bytes);
    if (!text.ok()) return Fail(kExitInvalid, text.status().message());
    inputs.push_back({path, *std::move(text)});
  }
  absl::StatusOr<MergedProfile> merged = MergeRecordedProfiles(inputs);
  if (!merged.ok()) return Fail(kExitInvalid, merged.status().message());
  for (const std::string& u : merged->unpinned) {
    std::fprintf(stderr, "seccompc merge: %s\n", u.c_str());
  }
  if (absl::Status s = WriteOutput(flags.output, merged->json); !s.ok()) {
    return Fail(kExitInvalid, s.message());
  }
  if (flags.output == "-") return kExitOk;
  std::fprintf(stderr, "seccompc merge: %zu profiles merged into %s\n",
               inputs.size(), flags.output.c_str());
  return kExitOk;
}

}  // namespace seccompc::cli

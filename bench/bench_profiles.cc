#include "bench/bench_profiles.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "compiler/codegen/syscall_frequency.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/util/read_file.h"
#include "tests/profile_files.h"

namespace seccompc {
namespace {

constexpr size_t kMaxProfileBytes = 16 << 20;

// The real-world profiles: the folder SECCOMPC_REALWORLD_DIR names, else
// the one the tests look for beside the checkout (tests/profile_files.h).
// They are not the project's to commit, so their place is the user's.
std::vector<std::string> RealWorldInputs() {
  const char* dir = std::getenv("SECCOMPC_REALWORLD_DIR");
  if (dir != nullptr && *dir != '\0') return JsonFiles(dir);
  return RealWorldProfiles();
}

}  // namespace

absl::StatusOr<std::vector<BenchProfile>> BenchProfiles() {
  std::vector<BenchProfile> out;
  const std::string default_path = "profiles/default.json";
  absl::StatusOr<std::string> text =
      ReadFileLimited(default_path, kMaxProfileBytes);
  if (!text.ok()) return text.status();
  out.push_back({"default", default_path, *std::move(text)});
  for (const std::string& path : RealWorldInputs()) {
    absl::StatusOr<std::string> t = ReadFileLimited(path, kMaxProfileBytes);
    if (!t.ok()) continue;  // optional set: unreadable files are skipped
    const std::string file = path.substr(path.rfind('/') + 1);
    out.push_back({file.substr(0, file.size() - 5), path, *std::move(t)});
  }
  return out;
}

CompileOptions BenchCompileOptions() {
  CompileOptions options;
  options.target.native = ArchId::kX86_64;
  options.target.arches = {ArchId::kX86_64, ArchId::kX86, ArchId::kX32};
  options.target.caps = DockerDefaultCapabilities();
  options.target.kernel = {6, 1};
  return options;
}

absl::StatusOr<WorkloadTrace> LoadWorkloadTrace() {
  const std::string path = "bench/workload_trace.tsv";
  absl::StatusOr<std::string> text = ReadFileLimited(path, 1 << 20);
  if (!text.ok()) return text.status();
  WorkloadTrace trace;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> cells = absl::StrSplit(line, '\t');
    double calls = 0;
    if (cells.size() != 2 || !absl::SimpleAtod(cells[1], &calls)) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": bad line \"", line, "\""));
    }
    trace[std::string(cells[0])] += calls;
  }
  return trace;
}

}  // namespace seccompc

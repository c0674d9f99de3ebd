// Rewrites compiler/codegen/testdata/*.golden from the current generator.
//   bazel run //compiler/codegen:update_goldens [-- OUTPUT_DIR]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "compiler/codegen/golden_policies.h"

int main(int argc, char** argv) {
  std::string dir;
  if (argc > 1) {
    dir = argv[1];
  } else if (const char* ws = std::getenv("BUILD_WORKSPACE_DIRECTORY")) {
    dir = std::string(ws) + "/compiler/codegen/testdata";
  } else {
    std::fprintf(stderr, "usage: update_goldens OUTPUT_DIR (or bazel run)\n");
    return 2;
  }
  for (const seccompc::GoldenPolicy& g : seccompc::GoldenPolicies()) {
    absl::StatusOr<std::string> listing = seccompc::GoldenListing(g);
    if (!listing.ok()) {
      std::fprintf(stderr, "%s: %s\n", g.name.c_str(),
                   listing.status().ToString().c_str());
      return 1;
    }
    const std::string path = dir + "/" + g.name + ".golden";
    std::ofstream file(path, std::ios::binary);
    file << *listing;
    if (!file) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      return 1;
    }
    std::printf("wrote %s\n", path.c_str());
  }
  return 0;
}

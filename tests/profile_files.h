// Where tests and benchmarks find profiles: the project's (runfiles
// `profiles/`) and the real-world set in ../shared/realworld beside the
// checkout, when present. The project's one finder of both.
#ifndef SECCOMPC_TESTS_PROFILE_FILES_H_
#define SECCOMPC_TESTS_PROFILE_FILES_H_

#include <string>
#include <vector>

namespace seccompc {

// The *.json files directly in `dir`, as dir + "/" + name, sorted (empty if
// it does not exist).
std::vector<std::string> JsonFiles(const std::string& dir);

// The checkout's root, found through the runfile's link into the source
// tree ("" if profiles/default.json is not a runfile).
std::string SourceRoot();

// SourceRoot() + "/../shared/realworld" ("" without a source root).
std::string RealWorldDir();

// JsonFiles(RealWorldDir()).
std::vector<std::string> RealWorldProfiles();

}  // namespace seccompc

#endif  // SECCOMPC_TESTS_PROFILE_FILES_H_

#include "tests/profile_files.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>

#include <algorithm>

namespace seccompc {

std::vector<std::string> JsonFiles(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() > 5 && name.substr(name.size() - 5) == ".json") {
      out.push_back(dir + "/" + name);
    }
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

std::string SourceRoot() {
  char real[PATH_MAX];
  if (realpath("profiles/default.json", real) == nullptr) return "";
  const std::string path = real;
  const size_t cut = path.rfind("/profiles/");
  if (cut == std::string::npos) return "";
  return path.substr(0, cut);
}

std::string RealWorldDir() {
  const std::string root = SourceRoot();
  return root.empty() ? "" : root + "/../shared/realworld";
}

std::vector<std::string> RealWorldProfiles() {
  const std::string dir = RealWorldDir();
  if (dir.empty()) return {};
  return JsonFiles(dir);
}

}  // namespace seccompc

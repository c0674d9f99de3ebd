#include "compiler/analysis/mesos_recording.h"

#include <nlohmann/json.hpp>
#include <set>

#include "compiler/analysis/mesos_compat.h"

namespace seccompc {

absl::StatusOr<MesosRecording> MesosCompatibleRecording(std::string_view json) {
  using ojson = nlohmann::ordered_json;
  ojson doc = ojson::parse(json.begin(), json.end(), nullptr,
                           /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("syscalls") ||
      !doc["syscalls"].is_array()) {
    return absl::InvalidArgumentError("not a recorded profile");
  }
  MesosRecording out;
  if (doc.contains("defaultErrnoRet")) {
    out.dropped_errno_ret = doc["defaultErrnoRet"] != 1;
    doc.erase("defaultErrnoRet");
  }
  std::set<std::string> left_out;
  ojson syscalls = ojson::array();
  for (ojson entry : doc["syscalls"]) {
    ojson names = ojson::array();
    for (const ojson& n : entry.value("names", ojson::array())) {
      if (n.is_string() && KnownToLibseccomp233(n.get<std::string>())) {
        names.push_back(n);
      } else if (n.is_string()) {
        left_out.insert(n.get<std::string>());
      }
    }
    if (names.empty()) continue;
    entry["names"] = std::move(names);
    for (const char* key : {"includes", "excludes"}) {
      if (!entry.contains(key)) entry[key] = ojson::object();
    }
    if (!entry.contains("args")) entry["args"] = ojson::array();
    syscalls.push_back(std::move(entry));
  }
  doc["syscalls"] = std::move(syscalls);
  out.left_out.assign(left_out.begin(), left_out.end());
  out.json = doc.dump(2) + "\n";
  return out;
}

}  // namespace seccompc

#include "compiler/cli/mesos_check.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "compiler/analysis/mesos_compat.h"
#include "compiler/frontend/json_document.h"
#include "compiler/frontend/profile_parser.h"

namespace seccompc::cli {

int RunMesosCheck(const std::vector<std::string>& args,
                  const MesosCheckFlags& flags) {
  if (args.size() != 1) return Fail(kExitUsage, "check takes one PROFILE");
  const std::string& path = args[0];
  absl::StatusOr<std::string> text = ReadInput(path, JsonLimits{}.max_bytes);
  if (!text.ok()) return Fail(kExitInvalid, text.status().message());
  absl::StatusOr<ParsedProfile> parsed = ParseProfile(*text, path);
  if (!parsed.ok()) return Fail(kExitInvalid, parsed.status().message());
  const std::vector<MesosFinding> findings =
      CheckMesosCompat(*text, parsed->profile);
  int rejects = 0;
  int changes = 0;
  nlohmann::json out = nlohmann::json::array();
  for (const MesosFinding& f : findings) {
    const bool reject = f.kind == MesosFinding::Kind::kRejects;
    (reject ? rejects : changes) += 1;
    if (flags.json) {
      out.push_back({{"kind", reject ? "rejects" : "changes"},
                     {"path", f.location.json_path},
                     {"line", f.location.line},
                     {"column", f.location.column},
                     {"message", f.message}});
    } else {
      std::printf("%s\n", FormatAt(path, f.location,
                                   absl::StrCat(reject ? "mesos rejects: "
                                                       : "mesos changes: ",
                                                f.message))
                              .c_str());
    }
  }
  if (flags.json) {
    std::printf("%s\n", nlohmann::json({{"profile", path},
                                        {"accepted", rejects == 0},
                                        {"findings", out}})
                            .dump(2)
                            .c_str());
  } else if (rejects > 0) {
    std::printf(
        "%s: Mesos 1.8 would reject this profile (%d reason(s)); "
        "%d silent change(s)\n",
        path.c_str(), rejects, changes);
  } else {
    std::printf(
        "%s: Mesos 1.8 would accept this profile; %d silent "
        "change(s)\n",
        path.c_str(), changes);
  }
  if (rejects > 0 || (flags.strict && changes > 0)) return kExitInvalid;
  return kExitOk;
}

}  // namespace seccompc::cli

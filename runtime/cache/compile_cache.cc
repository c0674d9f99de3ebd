#include "runtime/cache/compile_cache.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace seccompc {

std::string CompileCacheKey(std::string_view tool,
                            const CompileOptions& options,
                            const CacheKeyParts& extra,
                            std::string_view profile_label,
                            std::string_view profile_text) {
  CacheKeyParts parts = {{"options", CompileOptionsFingerprint(options)}};
  parts.insert(parts.end(), extra.begin(), extra.end());
  // Last: the text has newlines.
  parts.emplace_back(std::string(profile_label), std::string(profile_text));
  return ProgramCacheKey(absl::string_view(tool.data(), tool.size()), parts);
}

absl::StatusOr<CacheableCompile> CompileWithCache(ParsedProfile parsed,
                                                  const CompileOptions& options,
                                                  const ProgramCacheUse& use) {
  CacheableCompile out;
  const bool cache = !use.dir.empty();
  const std::string path = cache ? ProgramCachePath(use.dir, use.key) : "";
  if (cache) {
    std::optional<CachedProgram> hit = LookUpProgram(path, use.key, use.owner);
    if (hit && (!use.accept || use.accept(*hit))) {
      out.profile = std::move(parsed.profile);
      out.hit = std::move(hit);
      return out;
    }
  }
  absl::StatusOr<CompiledFilter> compiled =
      CompileParsedProfile(std::move(parsed), options);
  if (!compiled.ok()) return compiled.status();
  out.compiled = *std::move(compiled);
  if (!cache) return out;
  if (!use.no_store.empty()) {
    out.note = use.no_store;
  } else if (absl::Status stored =
                 StoreProgram(path, use.key, out.compiled->program,
                              use.facts ? use.facts(*out.compiled) : "");
             !stored.ok()) {
    out.note = absl::StrCat("not stored: ", stored.message());
  }
  return out;
}

}  // namespace seccompc

#include "runtime/cache/compile_cache.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/bpf/verifier.h"
#include "compiler/prove/prove.h"

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

namespace {

// "" when the cached program is proven to mean `profile` for the target
// (or proofs are off), else why it is refused. The meaning is resolved
// either way (it is cheap next to the proof) into `meaning`. An error only
// when the profile cannot be resolved, which its compile would report too.
absl::StatusOr<std::string> RefuseUnproven(const Profile& profile,
                                           const CompileOptions& options,
                                           const CachedProgram& hit,
                                           Policy* meaning) {
  absl::StatusOr<Policy> resolved = ResolveMeaning(profile, options);
  if (!resolved.ok()) return std::string("cached program not used");
  *meaning = *std::move(resolved);
  // The entry was read unverified (ReadProgramEntry): Prove() verifies it
  // first, and without proofs VerifyProgram does. Refused either way, it
  // is recompiled.
  if (!options.prove) {
    if (absl::Status s = VerifyProgram(hit.program); !s.ok()) {
      return absl::StrCat("cached program refused (", s.message(),
                          "); recompiled");
    }
    return std::string();
  }
  const ProofResult proof = Prove(*meaning, hit.program);
  if (proof.outcome == ProofOutcome::kProved) return std::string();
  // Fail closed: refuted and undecided alike are recompiled.
  return absl::StrCat(
      "cached program refused (not proven equal to the "
      "profile: ",
      ProofStatus(proof).message(), "); recompiled");
}

}  // namespace

absl::StatusOr<CacheableCompile> CompileWithCache(ParsedProfile parsed,
                                                  const CompileOptions& options,
                                                  const ProgramCacheUse& use) {
  CacheableCompile out;
  const bool cache = !use.dir.empty();
  const std::string path = cache ? ProgramCachePath(use.dir, use.key) : "";
  std::vector<std::string> notes;
  if (cache) {
    std::optional<CachedProgram> hit =
        ReadProgramEntry(path, use.key, use.owner);
    if (hit && (!use.accept || use.accept(*hit))) {
      absl::StatusOr<std::string> refused =
          RefuseUnproven(parsed.profile, options, *hit, &out.hit_meaning);
      if (!refused.ok()) return refused.status();
      if (refused->empty()) {
        out.profile = std::move(parsed.profile);
        out.hit = std::move(hit);
        return out;
      }
      notes.push_back(*std::move(refused));
    }
  }
  absl::StatusOr<CompiledFilter> compiled =
      CompileParsedProfile(std::move(parsed), options);
  if (!compiled.ok()) return compiled.status();
  out.compiled = *std::move(compiled);
  if (cache && !use.no_store.empty()) {
    notes.push_back(use.no_store);
  } else if (cache) {
    if (absl::Status stored =
            StoreProgram(path, use.key, out.compiled->program,
                         use.facts ? use.facts(*out.compiled) : "");
        !stored.ok()) {
      notes.push_back(absl::StrCat("not stored: ", stored.message()));
    }
  }
  out.note = absl::StrJoin(notes, "; ");
  return out;
}

}  // namespace seccompc

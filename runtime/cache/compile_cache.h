// Compile a parsed profile through the compiled-program cache
// (program_cache.h): the one lookup/compile/store path of seccomp-launch
// (--cache_dir) and seccompc-runtime (cache_dir), with one key rule and one
// way to report a store that failed.
//
// The key (CompileCacheKey) is the tool, this binary, every compile option
// (CompileOptionsFingerprint, compile.h), the caller's own parts and, last,
// the profile's text. A miss compiles; a compiled program is stored unless
// the caller says why not (ProgramCacheUse::no_store); a store that fails
// is a note, never an error: it only costs the next start a compile.
//
// A hit is used only when it is proven (compiler/prove) to mean exactly
// the profile being compiled, resolved for options.target: an entry whose
// key and verifier checks pass but whose program means something else (a
// poisoned or corrupted entry) is refused, recompiled and overwritten, and
// the note says so. With options.prove off (measuring only) hits are used
// unproven, as the compile is.
#ifndef SECCOMPC_RUNTIME_CACHE_COMPILE_CACHE_H_
#define SECCOMPC_RUNTIME_CACHE_COMPILE_CACHE_H_

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "compiler/compile.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/model/profile.h"
#include "runtime/cache/program_cache.h"

namespace seccompc {

// ProgramCacheKey(tool, {"options", fingerprint}, `extra`...,
// {profile_label, profile_text}).
std::string CompileCacheKey(std::string_view tool,
                            const CompileOptions& options,
                            const CacheKeyParts& extra,
                            std::string_view profile_label,
                            std::string_view profile_text);

struct ProgramCacheUse {
  std::string dir;  // "" = no cache: always compile
  std::string key;  // CompileCacheKey(...)
  // Whose entries are read (LookUpProgram); default: the euid.
  std::optional<uid_t> owner;
  // Non-empty: do not store, and this is the note.
  std::string no_store;
  // Whether a hit can be used (its facts are the caller's); default: yes.
  std::function<bool(const CachedProgram&)> accept;
  // The facts stored with a compiled program; default: none.
  std::function<std::string(const CompiledFilter&)> facts;
};

struct CacheableCompile {
  Profile profile;  // on a hit, the parsed profile (else compiled->profile)
  std::optional<CachedProgram> hit;        // the cache's program
  std::optional<CompiledFilter> compiled;  // when not a hit
  // On a hit, the meaning the cached program was proven to have.
  Policy hit_meaning;
  // The meaning the program was proven to have: hit_meaning, or on a
  // compile compiled->policy (not copied: copying Docker's policy for three
  // ABIs and freeing the copy took over half the instructions of resolving
  // it). Callers prove other programs against it.
  const Policy& Meaning() const {
    return compiled.has_value() ? compiled->policy : hit_meaning;
  }
  // Why a cached program was refused, and why the compiled program was not
  // stored ("" when neither happened, or no cache).
  std::string note;
};

// The cached program for `use.key`, else the compile of `parsed` (its
// errors are returned as they are).
absl::StatusOr<CacheableCompile> CompileWithCache(ParsedProfile parsed,
                                                  const CompileOptions& options,
                                                  const ProgramCacheUse& use);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_CACHE_COMPILE_CACHE_H_

// A folder of compiled seccomp programs, shared by seccompc-runtime and
// seccomp-launch: repeated starts of the same profile on the same target
// skip the compile.
//
// One file per key, named by a hash of it (ProgramCachePath). It holds the
// program (base64) and optional caller facts (base64, after a space) on
// the first line, then the whole key. A hit (LookUpProgram) needs the
// stored key to equal the new one byte for byte and the program to pass
// VerifyProgram again; a missing, unreadable, foreign or refused entry is
// a miss, never an error. The key starts with this binary's identity
// (dev:ino:size:mtime of /proc/self/exe), so a rebuilt binary misses.
// Callers put in the key everything the program depends on; both binaries
// do so, and look up, compile and store, through compile_cache.h.
//
// Who may change the cache decides whether it can be trusted: a folder is
// used only when it and every folder above it, up to /, is a directory
// (no symlink anywhere in the path), owned by root or by the cache
// folder's owner, and writable by neither its group nor others (a sticky
// /tmp-like folder is refused too): then only root and that owner can
// rename, replace or write anything on the way (CheckProgramCacheDir). An
// entry is read only when it is a regular file of the folder's owner that
// its group and others cannot write. Whether the owner and root are
// trusted is the caller's rule: seccompc-runtime requires its own euid
// (UsableProgramCacheDir); seccomp-launch requires an owner its task does
// not run as (launch.cc). StoreProgram writes a new file (O_EXCL, 0644) in
// the folder, then renames it over the entry: readers see the old entry
// or the new.
//
//   const std::string key = ProgramCacheKey("seccomp-launch", parts);
//   if (UsableProgramCacheDir(dir)) {
//     const std::string path = ProgramCachePath(dir, key);
//     if (auto hit = LookUpProgram(path, key)) use(hit->program);
//     else StoreProgram(path, key, Compile(...)).IgnoreError();
//   }
#ifndef SECCOMPC_RUNTIME_CACHE_PROGRAM_CACHE_H_
#define SECCOMPC_RUNTIME_CACHE_PROGRAM_CACHE_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "compiler/bpf/bpf.h"
#include "compiler/compile.h"

namespace seccompc {

using CacheKeyParts = std::vector<std::pair<std::string, std::string>>;

// dev:ino:size:mtime of /proc/self/exe ("unknown" when it cannot be read).
std::string BinaryIdentity();

// "<tool> cache 1\nbinary <BinaryIdentity()>" then "\n<name> <value>" per
// part, in the given order.
std::string ProgramCacheKey(absl::string_view tool, const CacheKeyParts& parts);

// The folder checked as above: its owner, or why it cannot be trusted
// (FailedPrecondition naming the folder; NotFound when it does not exist).
// `dir` may be relative (to the working directory); "." and ".."
// components are refused.
absl::StatusOr<uid_t> CheckProgramCacheDir(const std::string& dir);

// True when `dir` passes CheckProgramCacheDir and belongs to the euid
// (created 0700 when missing). False for "", and when this binary's
// identity cannot be read (entries could not be told apart from an older
// binary's).
bool UsableProgramCacheDir(const std::string& dir);

// The entry for `key` in `dir`: "<dir>/<64-bit hash of key, hex>.prog".
std::string ProgramCachePath(const std::string& dir, const std::string& key);

struct CachedProgram {
  Program program;          // verified (ReadProgramEntry: not yet)
  std::string program_b64;  // as stored
  std::string facts;        // what the caller stored with it
};

// The entry at `path` when it is a regular file of `owner` (default: the
// euid) that group and others cannot write, its key equals `key` and its
// program verifies.
std::optional<CachedProgram> LookUpProgram(
    const std::string& path, const std::string& key,
    std::optional<uid_t> owner = std::nullopt);

// LookUpProgram without its VerifyProgram pass, for a caller that runs one
// on the program anyway before using it (CompileWithCache: Prove() starts
// with it), so that one process does not verify the same bytes twice.
std::optional<CachedProgram> ReadProgramEntry(
    const std::string& path, const std::string& key,
    std::optional<uid_t> owner = std::nullopt);

// Writes the entry for `key` at `path` (see above); `facts` is returned by
// LookUpProgram as it was given.
absl::Status StoreProgram(const std::string& path, const std::string& key,
                          const Program& program, absl::string_view facts = "");

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_CACHE_PROGRAM_CACHE_H_

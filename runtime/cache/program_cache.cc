#include "runtime/cache/program_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "compiler/arch/arch.h"
#include "compiler/bpf/disasm.h"
#include "compiler/bpf/verifier.h"
#include "compiler/util/read_file.h"
#include "compiler/util/replace_file.h"

namespace seccompc {
namespace {

// A program of BPF_MAXINSNS instructions is 44 KiB in base64; the key
// holds the profile, which a real one keeps to tens of KiB.
constexpr size_t kMaxEntryBytes = 16 << 20;

// Names an entry; the key inside it decides a hit. The key holds the
// whole profile (tens of KiB) and every start hashes it, so 8 bytes a
// step (a folded 64x64->128 multiply per word) rather than FNV-1a's one
// multiply per byte (30 us for Docker's profile). Stable across processes
// and builds of this host: no seed.
uint64_t EntryNameHash(std::string_view s) {
  constexpr uint64_t kMultiplier = 0x9e3779b97f4a7c15ull;
  auto mix = [](uint64_t h, uint64_t word) {
    const unsigned __int128 product =
        static_cast<unsigned __int128>(h ^ word) * kMultiplier;
    return static_cast<uint64_t>(product) ^
           static_cast<uint64_t>(product >> 64);
  };
  uint64_t h = 0xcbf29ce484222325ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    h = mix(h, word);
  }
  uint64_t tail = 0;
  if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
  return mix(h, tail ^ (uint64_t{1} << 63));
}

}  // namespace

std::string BinaryIdentity() {
  struct stat exe;
  if (stat("/proc/self/exe", &exe) != 0) return "unknown";
  return absl::StrCat(exe.st_dev, ":", exe.st_ino, ":", exe.st_size, ":",
                      exe.st_mtim.tv_sec, ".", exe.st_mtim.tv_nsec);
}

std::string ProgramCacheKey(absl::string_view tool,
                            const CacheKeyParts& parts) {
  std::string key = absl::StrCat(tool, " cache 1\nbinary ", BinaryIdentity());
  for (const auto& [name, value] : parts) {
    absl::StrAppend(&key, "\n", name, " ", value);
  }
  return key;
}

absl::StatusOr<uid_t> CheckProgramCacheDir(const std::string& dir) {
  if (dir.empty()) return absl::InvalidArgumentError("no folder");
  std::string path;
  if (dir[0] != '/') {
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd) == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("getcwd: ", std::strerror(errno)));
    }
    path = cwd;
  }
  std::vector<std::string> folders = {"/"};
  for (absl::string_view part : absl::StrSplit(dir, '/', absl::SkipEmpty())) {
    if (part == "." || part == "..") {
      return absl::FailedPreconditionError(
          absl::StrCat(dir, ": \".\" and \"..\" are not allowed in the path"));
    }
  }
  for (absl::string_view part :
       absl::StrSplit(absl::StrCat(path, "/", dir), '/', absl::SkipEmpty())) {
    folders.push_back(
        absl::StrCat(folders.size() == 1 ? "" : folders.back(), "/", part));
  }
  // From the cache folder up: its owner decides whom the folders above may
  // belong to.
  uid_t owner = 0;
  for (size_t i = folders.size(); i-- > 0;) {
    const std::string& f = folders[i];
    const bool cache = i + 1 == folders.size();
    struct stat st;
    if (lstat(f.c_str(), &st) != 0) {
      const int err = errno;
      const std::string message = absl::StrCat(f, ": ", std::strerror(err));
      return err == ENOENT && cache ? absl::NotFoundError(message)
                                    : absl::FailedPreconditionError(message);
    }
    const char* what = cache ? "the folder" : "a folder above it";
    if (S_ISLNK(st.st_mode)) {
      return absl::FailedPreconditionError(
          absl::StrCat(what, " ", f, " is a symlink"));
    }
    if (!S_ISDIR(st.st_mode)) {
      return absl::FailedPreconditionError(
          absl::StrCat(what, " ", f, " is not a directory"));
    }
    if (cache) owner = st.st_uid;
    if (st.st_uid != 0 && st.st_uid != owner) {
      return absl::FailedPreconditionError(absl::StrCat(
          what, " ", f, " belongs to uid ", st.st_uid,
          ", neither root nor the cache's owner (uid ", owner, ")"));
    }
    if ((st.st_mode & 022) != 0) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "%s %s is writable by its group or others (mode %04o)", what, f,
          st.st_mode & 07777));
    }
  }
  return owner;
}

bool UsableProgramCacheDir(const std::string& dir) {
  if (dir.empty()) return false;
  // Entries that cannot be tied to this binary could come from an older
  // compiler: without /proc/self/exe there is no cache.
  if (BinaryIdentity() == "unknown") return false;
  mkdir(dir.c_str(), 0700);  // EEXIST is fine; the check decides
  absl::StatusOr<uid_t> owner = CheckProgramCacheDir(dir);
  return owner.ok() && *owner == geteuid();
}

std::string ProgramCachePath(const std::string& dir, const std::string& key) {
  return absl::StrFormat("%s/%016x.prog", dir, EntryNameHash(key));
}

std::optional<CachedProgram> ReadProgramEntry(const std::string& path,
                                              const std::string& key,
                                              std::optional<uid_t> owner) {
  const int fd = open(
      path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  struct stat st;
  absl::StatusOr<std::string> text = absl::InternalError("");
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
      st.st_uid == owner.value_or(geteuid()) && (st.st_mode & 022) == 0) {
    text = ReadRegularFd(fd, kMaxEntryBytes, path);
  }
  close(fd);
  if (!text.ok()) return std::nullopt;
  const size_t newline = text->find('\n');
  if (newline == std::string::npos ||
      absl::string_view(*text).substr(newline + 1) != key) {
    return std::nullopt;
  }
  const absl::string_view first = absl::string_view(*text).substr(0, newline);
  const size_t space = first.find(' ');
  CachedProgram out;
  out.program_b64 = std::string(first.substr(0, space));
  if (space != absl::string_view::npos &&
      !absl::Base64Unescape(first.substr(space + 1), &out.facts)) {
    return std::nullopt;
  }
  std::string raw;
  if (!absl::Base64Unescape(out.program_b64, &raw)) return std::nullopt;
  absl::StatusOr<Program> program = ParseRawProgram(raw);
  if (!program.ok()) return std::nullopt;
  out.program = *std::move(program);
  return out;
}

std::optional<CachedProgram> LookUpProgram(const std::string& path,
                                           const std::string& key,
                                           std::optional<uid_t> owner) {
  std::optional<CachedProgram> entry = ReadProgramEntry(path, key, owner);
  if (!entry || !VerifyProgram(entry->program).ok()) return std::nullopt;
  return entry;
}

absl::Status StoreProgram(const std::string& path, const std::string& key,
                          const Program& program, absl::string_view facts) {
  std::string text = absl::Base64Escape(SerializeRawProgram(program));
  if (!facts.empty()) absl::StrAppend(&text, " ", absl::Base64Escape(facts));
  absl::StrAppend(&text, "\n", key);
  // A torn or lost entry fails the key compare or the verifier: a miss.
  return ReplaceFileAtomically(path, text, 0644);
}

}  // namespace seccompc

#include "runtime/oci/fast_pass_through.h"

#include <asm/unistd.h>
#include <fcntl.h>
#include <sys/stat.h>

// Nothing here may call the C library, nor make the compiler call it:
// loops instead of mem*/str* (the BUILD file turns builtins and loop
// idioms off), no zero-initialised aggregates (memset).

namespace seccompc {
namespace {

long RawSyscall(long number, long a = 0, long b = 0, long c = 0, long d = 0) {
  long result;
  register long r10 __asm__("r10") = d;
  __asm__ volatile("syscall"
                   : "=a"(result)
                   : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10)
                   : "rcx", "r11", "memory");
  return result;
}

// [begin, end) of a NUL-terminated string or a buffer.
struct Text {
  const char* begin;
  const char* end;
  size_t size() const { return static_cast<size_t>(end - begin); }
};

Text WholeString(const char* s) {
  const char* end = s;
  while (*end != '\0') ++end;
  return Text{s, end};
}

bool Equals(Text t, const char* word) {
  const char* p = t.begin;
  for (; p != t.end; ++p, ++word) {
    if (*word == '\0' || *p != *word) return false;
  }
  return *word == '\0';
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

bool LowerEquals(Text t, const char* word) {
  const char* p = t.begin;
  for (; p != t.end; ++p, ++word) {
    if (*word == '\0' || Lower(*p) != *word) return false;
  }
  return *word == '\0';
}

// Whether `t` is one of the words of `list` ("a\0b\0\0").
bool OneOf(Text t, const char* list) {
  for (; *list != '\0'; list += WholeString(list).size() + 1) {
    if (Equals(t, list)) return true;
  }
  return false;
}

// absl::ascii_isspace, as ParseRuntimeConfig strips.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

Text Strip(Text t) {
  while (t.begin != t.end && IsSpace(*t.begin)) ++t.begin;
  while (t.end != t.begin && IsSpace(t.end[-1])) --t.end;
  return t;
}

const char* Find(Text t, char c) {
  for (const char* p = t.begin; p != t.end; ++p) {
    if (*p == c) return p;
  }
  return nullptr;
}

// crun's global options, as ParseRuntimeArgs knows them.
constexpr char kValuedGlobals[] =
    "cgroup-manager\0log\0log-format\0log-level\0root\0rootless\0";
constexpr char kFlagGlobals[] = "debug\0systemd-cgroup\0";

// The command after the global options when they are spelt exactly as
// crun's; nullptr when main() has to read them (prefixes, short options,
// --help, --version, "--", a missing value or command).
const char* PassThroughCommand(char* const* argv) {
  size_t i = 1;
  for (; argv[i] != nullptr && argv[i][0] == '-'; ++i) {
    const char* a = argv[i];
    if (a[1] != '-' || a[2] == '\0') return nullptr;
    Text name = WholeString(a + 2);
    const char* eq = Find(name, '=');
    if (eq != nullptr) name.end = eq;
    if (OneOf(name, kValuedGlobals)) {
      if (eq == nullptr && argv[++i] == nullptr) return nullptr;
    } else if (!OneOf(name, kFlagGlobals) || eq != nullptr) {
      return nullptr;
    }
  }
  const char* command = argv[i];
  if (command == nullptr) return nullptr;
  // These start a container (restore is refused by main()).
  if (OneOf(WholeString(command), "create\0run\0restore\0")) return nullptr;
  return command;
}

bool CopyTo(Text t, char* out, size_t size) {
  if (t.size() + 1 > size) return false;
  for (size_t i = 0; i < t.size(); ++i) out[i] = t.begin[i];
  out[t.size()] = '\0';
  return true;
}

// ParseBool's words, any case.
bool IsBool(Text value) {
  for (const char* w =
           "1\0true\0yes\0on\0"
           "0\0false\0no\0off\0";
       *w != '\0'; w += WholeString(w).size() + 1) {
    if (LowerEquals(value, w)) return true;
  }
  return false;
}

// One `key = value` (stripped) as ParseConfigLine accepts it; a delegate
// goes to `delegate`.
bool AcceptSetting(Text key, Text value, char* delegate, size_t size) {
  const bool absolute = value.size() > 0 && value.begin[0] == '/';
  if (Equals(key, "delegate")) {
    return absolute && CopyTo(value, delegate, size);
  }
  if (Equals(key, "cache_dir") || Equals(key, "record_dir")) {
    return absolute || Equals(value, "none");
  }
  if (Equals(key, "enosys") || Equals(key, "strict")) return IsBool(value);
  return false;
}

// runtime.conf's lines, every one accepted (else main() reports it).
bool AcceptConfig(Text text, char* delegate, size_t size) {
  while (text.begin != text.end) {
    const char* newline = Find(text, '\n');
    Text line{text.begin, newline != nullptr ? newline : text.end};
    text.begin = newline != nullptr ? newline + 1 : text.end;
    if (const char* hash = Find(line, '#')) line.end = hash;
    line = Strip(line);
    if (line.size() == 0) continue;
    const char* eq = Find(line, '=');
    if (eq == nullptr) return false;
    if (!AcceptSetting(Strip(Text{line.begin, eq}),
                       Strip(Text{eq + 1, line.end}), delegate, size)) {
      return false;
    }
  }
  return true;
}

// Reads the file LoadRuntimeConfig reads; false for anything main() would
// report, or a file larger than kFastConfigBytes.
bool AcceptConfigFile(const char* named, char* delegate, size_t size) {
  const char* path = named != nullptr ? named : "/etc/seccompc/runtime.conf";
  if (named == nullptr &&
      RawSyscall(__NR_access, reinterpret_cast<long>(path), F_OK) != 0) {
    return true;  // no file: the defaults
  }
  const long fd = RawSyscall(__NR_open, reinterpret_cast<long>(path),
                             O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return false;
  struct stat st;
  char text[kFastConfigBytes];
  size_t used = 0;
  bool ok = RawSyscall(__NR_fstat, fd, reinterpret_cast<long>(&st)) == 0 &&
            S_ISREG(st.st_mode);
  while (ok) {
    const long n =
        RawSyscall(__NR_read, fd, reinterpret_cast<long>(text + used),
                   static_cast<long>(sizeof text - used));
    if (n == 0) break;
    // An error, or a file that fills the buffer: main() reads it.
    if (n < 0 || (used += static_cast<size_t>(n)) == sizeof text) ok = false;
  }
  RawSyscall(__NR_close, fd);
  if (!ok) return false;
  const Text whole{text, text + used};
  // A NUL would cut a C string short where main() keeps the bytes.
  return Find(whole, '\0') == nullptr && AcceptConfig(whole, delegate, size);
}

// A SECCOMPC_RUNTIME_* value that main() reads as `key = value` without a
// problem: no comment, no second line, nothing stripped.
bool PlainValue(Text value) {
  return Find(value, '#') == nullptr && Find(value, '\n') == nullptr &&
         Strip(value).size() == value.size();
}

struct Environment {
  const char* config = nullptr;  // SECCOMPC_RUNTIME_CONFIG, even ""
  Text delegate{nullptr, nullptr};
  bool acceptable = true;
};

// The variables LoadRuntimeConfig reads, the first of each name (getenv's).
Environment ReadEnvironment(char* const* envp) {
  Environment env;
  bool seen_delegate = false, seen_cache = false, seen_record = false;
  constexpr char kPrefix[] = "SECCOMPC_RUNTIME_";
  for (; *envp != nullptr; ++envp) {
    const char* v = *envp;
    size_t i = 0;
    while (kPrefix[i] != '\0' && v[i] == kPrefix[i]) ++i;
    if (kPrefix[i] != '\0') continue;
    const Text rest = WholeString(v + i);
    const char* eq = Find(rest, '=');
    if (eq == nullptr) continue;
    const Text name{rest.begin, eq};
    const Text value{eq + 1, rest.end};
    bool* seen = nullptr;
    if (Equals(name, "CONFIG")) {
      if (env.config == nullptr) env.config = value.begin;
      continue;
    }
    if (Equals(name, "DELEGATE")) seen = &seen_delegate;
    if (Equals(name, "CACHE_DIR")) seen = &seen_cache;
    if (Equals(name, "RECORD_DIR")) seen = &seen_record;
    if (Equals(name, "ENOSYS") || Equals(name, "STRICT")) {
      // Read as booleans by main(); rare enough to leave to it.
      if (value.size() > 0) env.acceptable = false;
      continue;
    }
    if (seen == nullptr || *seen) continue;
    *seen = true;
    if (value.size() == 0) continue;  // main() ignores an empty one
    const bool absolute = value.begin[0] == '/';
    if (!PlainValue(value) ||
        !(absolute || (seen != &seen_delegate && Equals(value, "none")))) {
      env.acceptable = false;
    }
    if (seen == &seen_delegate) env.delegate = value;
  }
  return env;
}

bool SameFile(const char* a, const char* b) {
  struct stat sa;
  struct stat sb;
  return RawSyscall(__NR_stat, reinterpret_cast<long>(a),
                    reinterpret_cast<long>(&sa)) == 0 &&
         RawSyscall(__NR_stat, reinterpret_cast<long>(b),
                    reinterpret_cast<long>(&sb)) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace

bool FastPassThroughDelegate(char* const* argv, char* const* envp,
                             char* delegate, size_t size) {
  if (argv[0] == nullptr || PassThroughCommand(argv) == nullptr) return false;
  const Environment env = ReadEnvironment(envp);
  if (!env.acceptable) return false;
  if (!CopyTo(WholeString("/usr/bin/crun"), delegate, size)) return false;
  if (!AcceptConfigFile(env.config, delegate, size)) return false;
  if (env.delegate.begin != nullptr && !CopyTo(env.delegate, delegate, size)) {
    return false;
  }
  // main() refuses a delegate that is this binary, with a message.
  return !SameFile("/proc/self/exe", delegate);
}

}  // namespace seccompc

// The C interface (seccompc.h) on top of compile.h and install.h.
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "compiler/bpf/disasm.h"
#include "compiler/bpf/verifier.h"
#include "compiler/compile.h"
#include "compiler/frontend/json_document.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/prove/prove.h"
#include "compiler/util/status_macros.h"
#include "compiler/version.h"
#include "runtime/install/install.h"
#include "runtime/install/process_state.h"
#include "runtime/install/seccompc.h"

namespace seccompc {
namespace {

int Fail(const absl::Status& status, char* err, size_t err_len) {
  if (err != nullptr && err_len > 0) {
    const std::string text(status.message());
    const size_t n = std::min(text.size(), err_len - 1);
    std::memcpy(err, text.data(), n);
    err[n] = '\0';
  }
  return -1;
}

// The capabilities a profile is resolved for when the caller names none:
// those a task this process execs will hold (seccomp-launch's rule), or
// the bounding set when asked for by SECCOMPC_CAPS_BOUNDING_SET.
absl::StatusOr<CapabilitySet> DefaultCapabilities(unsigned flags) {
  if (flags & SECCOMPC_CAPS_BOUNDING_SET) return BoundingCapabilities();
  return CapabilitiesAfterExec();
}

absl::StatusOr<CompiledFilter> CompileForThisProcess(const char* path,
                                                     EnosysRule enosys,
                                                     bool strict,
                                                     unsigned flags) {
  if (path == nullptr) {
    return absl::InvalidArgumentError("profile path is NULL");
  }
  SECCOMPC_ASSIGN_OR_RETURN(const CapabilitySet caps,
                            DefaultCapabilities(flags));
  CompileOptions options;
  SECCOMPC_ASSIGN_OR_RETURN(options.target, HostTarget(caps));
  options.enosys = enosys;
  options.resolve.strict = strict;
  return CompileProfileFile(path, options);
}

// The caller's options, as far as it knows them (size), zero beyond.
seccompc_options CopyOptions(const seccompc_options* in) {
  seccompc_options o;
  std::memset(&o, 0, sizeof o);
  if (in != nullptr) {
    std::memcpy(&o, in, std::min(in->size, sizeof o));
  }
  return o;
}

absl::StatusOr<CompileOptions> OptionsFor(const seccompc_options* in) {
  const seccompc_options o = CopyOptions(in);
  if (in != nullptr && in->size < offsetof(seccompc_options, arches)) {
    return absl::InvalidArgumentError(
        "seccompc_options.size is not set (call seccompc_options_init)");
  }
  if (o.flags & ~SECCOMPC_CAPS_BOUNDING_SET) {
    return absl::InvalidArgumentError(
        absl::StrCat("seccompc_options.flags: unknown flags 0x",
                     absl::Hex(o.flags & ~SECCOMPC_CAPS_BOUNDING_SET)));
  }
  // NULL: not given, this process's (DefaultCapabilities, HostTarget).
  TargetText text;
  if (o.arches != nullptr) text.arches = o.arches;
  if (o.caps != nullptr) text.caps = o.caps;
  if (o.kernel != nullptr) text.kernel = o.kernel;
  CapabilitySet default_caps = 0;
  if (o.caps == nullptr) {
    SECCOMPC_ASSIGN_OR_RETURN(default_caps, DefaultCapabilities(o.flags));
  }
  CompileOptions options;
  SECCOMPC_ASSIGN_OR_RETURN(options.target,
                            ParseHostTarget(text, default_caps));
  options.resolve.strict = o.strict != 0;
  options.enosys = o.enosys ? EnosysRule::kRunc : EnosysRule::kOff;
  return options;
}

}  // namespace
}  // namespace seccompc

struct seccompc_program {
  std::string bytes;
  unsigned install_flags = 0;
  std::vector<std::string> warnings;
};

namespace seccompc {
namespace {

int Finish(absl::StatusOr<CompiledFilter> compiled, std::string_view source,
           seccompc_program** out, char* err, size_t err_len) {
  if (!compiled.ok()) return Fail(compiled.status(), err, err_len);
  auto* program = new (std::nothrow) seccompc_program;
  if (program == nullptr) {
    return Fail(absl::ResourceExhaustedError("out of memory"), err, err_len);
  }
  program->bytes = SerializeRawProgram(compiled->program);
  const uint32_t flags = compiled->profile.flags;
  if (flags & kFlagTsync) program->install_flags |= SECCOMPC_TSYNC;
  if (flags & kFlagLog) program->install_flags |= SECCOMPC_LOG;
  if (flags & kFlagSpecAllow) program->install_flags |= SECCOMPC_SPEC_ALLOW;
  for (const Diagnostic& d : compiled->warnings) {
    program->warnings.push_back(
        FormatAt(source, d.location, absl::StrCat("warning: ", d.message)));
  }
  *out = program;
  if (err != nullptr && err_len > 0) err[0] = '\0';
  return 0;
}

// What both compile entry points do around the compiler: check and clear
// `out`, refuse a missing input (`missing_input` says which, or is null),
// read the options, compile and hand the result over.
int CompileInto(
    const seccompc_options* options, const char* missing_input,
    std::string_view source,
    absl::FunctionRef<absl::StatusOr<CompiledFilter>(const CompileOptions&)>
        compile,
    seccompc_program** out, char* err, size_t err_len) {
  if (out == nullptr) {
    return Fail(absl::InvalidArgumentError("out is NULL"), err, err_len);
  }
  *out = nullptr;
  if (missing_input != nullptr) {
    return Fail(absl::InvalidArgumentError(missing_input), err, err_len);
  }
  absl::StatusOr<CompileOptions> o = OptionsFor(options);
  if (!o.ok()) return Fail(o.status(), err, err_len);
  return Finish(compile(*o), source, out, err, err_len);
}

}  // namespace
}  // namespace seccompc

extern "C" const char* seccompc_version(void) {
  return SECCOMPC_VERSION_STRING;
}

extern "C" void seccompc_options_init(seccompc_options* options) {
  if (options == nullptr) return;
  std::memset(options, 0, sizeof *options);
  options->size = sizeof *options;
}

extern "C" int seccompc_compile_file(const char* path,
                                     const seccompc_options* options,
                                     seccompc_program** out, char* err,
                                     size_t err_len) {
  using namespace seccompc;
  return CompileInto(
      options, path == nullptr ? "profile path is NULL" : nullptr,
      path == nullptr ? "" : path,
      [path](const CompileOptions& o) { return CompileProfileFile(path, o); },
      out, err, err_len);
}

extern "C" int seccompc_compile_buffer(const char* json, size_t json_len,
                                       const char* source_name,
                                       const seccompc_options* options,
                                       seccompc_program** out, char* err,
                                       size_t err_len) {
  using namespace seccompc;
  const std::string source = source_name ? source_name : "<buffer>";
  const std::string_view text(json ? json : "", json ? json_len : 0);
  return CompileInto(
      options, json == nullptr && json_len > 0 ? "json is NULL" : nullptr,
      source,
      [&](const CompileOptions& o) {
        return CompileProfileText(text, source, o);
      },
      out, err, err_len);
}

extern "C" const unsigned char* seccompc_program_bytes(
    const seccompc_program* program) {
  return program ? reinterpret_cast<const unsigned char*>(program->bytes.data())
                 : nullptr;
}

extern "C" size_t seccompc_program_size(const seccompc_program* program) {
  return program ? program->bytes.size() : 0;
}

extern "C" unsigned seccompc_program_install_flags(
    const seccompc_program* program) {
  return program ? program->install_flags : 0;
}

extern "C" size_t seccompc_program_warning_count(
    const seccompc_program* program) {
  return program ? program->warnings.size() : 0;
}

extern "C" const char* seccompc_program_warning(const seccompc_program* program,
                                                size_t index) {
  if (program == nullptr || index >= program->warnings.size()) return nullptr;
  return program->warnings[index].c_str();
}

extern "C" void seccompc_program_free(seccompc_program* program) {
  delete program;
}

extern "C" int seccompc_verify_program(const void* bytes, size_t len, char* err,
                                       size_t err_len) {
  using namespace seccompc;
  if (bytes == nullptr) {
    return Fail(absl::InvalidArgumentError("bytes is NULL"), err, err_len);
  }
  absl::StatusOr<Program> program =
      ParseRawProgram(std::string_view(static_cast<const char*>(bytes), len));
  if (!program.ok()) return Fail(program.status(), err, err_len);
  if (absl::Status s = VerifyProgram(*program); !s.ok()) {
    return Fail(s, err, err_len);
  }
  if (err != nullptr && err_len > 0) err[0] = '\0';
  return 0;
}

// Async-signal-safe: raw system calls only, nothing allocated, no locks.
extern "C" int seccompc_install_program(const void* bytes, size_t len,
                                        unsigned flags) {
  constexpr unsigned kKnown =
      SECCOMPC_TSYNC | SECCOMPC_LOG | SECCOMPC_SPEC_ALLOW | SECCOMPC_KEEP_PRIVS;
  if (bytes == nullptr || len == 0 || len % sizeof(sock_filter) != 0 ||
      len / sizeof(sock_filter) > BPF_MAXINSNS || (flags & ~kKnown) != 0) {
    return -EINVAL;
  }
  sock_fprog prog;
  prog.len = static_cast<unsigned short>(len / sizeof(sock_filter));
  prog.filter = static_cast<sock_filter*>(const_cast<void*>(bytes));
  unsigned long kernel_flags = 0;
  if (flags & SECCOMPC_TSYNC) kernel_flags |= SECCOMP_FILTER_FLAG_TSYNC;
  if (flags & SECCOMPC_LOG) kernel_flags |= SECCOMP_FILTER_FLAG_LOG;
  if (flags & SECCOMPC_SPEC_ALLOW) {
    kernel_flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
  }
  if (!(flags & SECCOMPC_KEEP_PRIVS) &&
      prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return -errno;
  }
  const long r =
      syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, kernel_flags, &prog);
  if (r == 0) return 0;
  // TSYNC reports the id of a thread it could not synchronize.
  return r > 0 ? -ESRCH : -errno;
}

extern "C" int seccompc_install_profile(const char* profile_path,
                                        unsigned flags, char* err,
                                        size_t err_len) {
  using namespace seccompc;
  constexpr unsigned kKnownFlags =
      SECCOMPC_TSYNC | SECCOMPC_LOG | SECCOMPC_SPEC_ALLOW |
      SECCOMPC_KEEP_PRIVS | SECCOMPC_STRICTER_FALLBACK | SECCOMPC_ENOSYS |
      SECCOMPC_STRICT | SECCOMPC_CAPS_BOUNDING_SET;
  if (flags & ~kKnownFlags) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(
                    "unknown flags 0x", absl::Hex(flags & ~kKnownFlags))),
                err, err_len);
  }
  absl::StatusOr<CompiledFilter> compiled = CompileForThisProcess(
      profile_path,
      (flags & SECCOMPC_ENOSYS) ? EnosysRule::kRunc : EnosysRule::kOff,
      (flags & SECCOMPC_STRICT) != 0, flags);
  if (!compiled.ok()) return Fail(compiled.status(), err, err_len);
  InstallOptions options;
  options.filter_flags = compiled->profile.flags;
  if (flags & SECCOMPC_TSYNC) options.tsync = true;
  if (flags & SECCOMPC_LOG) options.filter_flags |= kFlagLog;
  if (flags & SECCOMPC_SPEC_ALLOW) options.filter_flags |= kFlagSpecAllow;
  options.keep_privileges_if_admin = (flags & SECCOMPC_KEEP_PRIVS) != 0;
  if (flags & SECCOMPC_STRICTER_FALLBACK) {
    options.missing_action = MissingActionPolicy::kUseStricter;
  }
  absl::StatusOr<InstallResult> installed = Install(compiled->program, options);
  if (!installed.ok()) return Fail(installed.status(), err, err_len);
  if (err != nullptr && err_len > 0) err[0] = '\0';
  return 0;
}

extern "C" int seccompc_check_profile(const char* profile_path, char* err,
                                      size_t err_len) {
  using namespace seccompc;
  absl::StatusOr<CompiledFilter> compiled =
      CompileForThisProcess(profile_path, EnosysRule::kOff, false, 0);
  if (!compiled.ok()) return Fail(compiled.status(), err, err_len);
  if (err != nullptr && err_len > 0) err[0] = '\0';
  return static_cast<int>(compiled->program.size());
}

namespace seccompc {
namespace {

// The meaning of the profile at `path` for `options`, and the verified
// program in `bytes`, proved against each other.
absl::StatusOr<ProofResult> ProveFile(const char* path, const void* bytes,
                                      size_t len,
                                      const seccompc_options* options) {
  if (path == nullptr)
    return absl::InvalidArgumentError("profile path is NULL");
  if (bytes == nullptr) return absl::InvalidArgumentError("program is NULL");
  SECCOMPC_ASSIGN_OR_RETURN(const CompileOptions o, OptionsFor(options));
  SECCOMPC_ASSIGN_OR_RETURN(const ParsedProfile parsed,
                            ParseProfileFile(path, o.limits));
  SECCOMPC_ASSIGN_OR_RETURN(const Policy meaning,
                            ResolveMeaning(parsed.profile, o));
  SECCOMPC_ASSIGN_OR_RETURN(
      const Program program,
      ParseRawProgram(std::string_view(static_cast<const char*>(bytes), len)));
  SECCOMPC_RETURN_IF_ERROR(VerifyProgram(program));
  return Prove(meaning, program);
}

}  // namespace
}  // namespace seccompc

extern "C" int seccompc_prove(const char* profile_path, const void* program,
                              size_t len, const seccompc_options* options,
                              char* message, size_t message_len) {
  using namespace seccompc;
  absl::StatusOr<ProofResult> proof =
      ProveFile(profile_path, program, len, options);
  if (!proof.ok()) {
    Fail(proof.status(), message, message_len);
    return 2;
  }
  switch (proof->outcome) {
    case ProofOutcome::kProved:
      if (message != nullptr && message_len > 0) message[0] = '\0';
      return 0;
    case ProofOutcome::kRefuted:
      Fail(absl::FailedPreconditionError(
               DescribeCounterexample(*proof->counterexample)),
           message, message_len);
      return 1;
    case ProofOutcome::kUndecided:
      break;
  }
  Fail(ProofStatus(*proof), message, message_len);  // undecided: fail closed
  return 2;
}

// The whole compiler in one call: profile JSON -> Profile -> Policy ->
// program -> verified. This is what the CLI, the runtime and the benchmarks
// use; each stage stays usable on its own (frontend/, codegen/, bpf/).
//
//   CompileOptions options;
//   absl::StatusOr<Target> target = HostTarget(DockerDefaultCapabilities());
//   if (!target.ok()) return target.status();
//   options.target = *target;  // or set native/arches/caps/kernel yourself
//   absl::StatusOr<CompiledFilter> f = CompileProfileFile(path, options);
//   if (!f.ok()) return f.status();  // "FILE:LINE:COL: path: message"
//   for (const Diagnostic& w : f->warnings) ...;  // the caller prints them
//   // f->program is verified: hand it to runtime/install.h's installer, or
//   // write its sock_filter bytes for bwrap/crun.
//
// compile_example_test.cc compiles and runs this example.
#ifndef SECCOMPC_COMPILER_COMPILE_H_
#define SECCOMPC_COMPILER_COMPILE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "compiler/bpf/bpf.h"
#include "compiler/codegen/codegen.h"
#include "compiler/frontend/enosys.h"
#include "compiler/frontend/json_reader.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/frontend/resolve.h"
#include "compiler/model/diagnostic.h"
#include "compiler/model/policy.h"
#include "compiler/model/profile.h"
#include "compiler/model/target.h"  // Target, HostTarget

namespace seccompc {

struct CompileOptions {
  Target target;
  // resolve.strict: every warning (parser's and resolver's) is an error;
  // the status lists them all (see StrictError).
  ResolveOptions resolve;
  // ERRNO(ENOSYS) for syscalls newer than the profile (enosys.h). Off in
  // the plain CLI (--enosys); on by default in seccomp-launch and
  // seccompc-runtime.
  EnosysRule enosys = EnosysRule::kOff;
  CodegenOptions codegen;
  JsonLimits limits;
  // Prove the program means the policy for every input (compiler/prove)
  // before returning it; off only to measure the compiler without it.
  bool prove = true;
};

// Every field of `options`, as text: equal fingerprints compile the same
// profile text to the same program (with the same binary). For keys of
// compiled-program caches. Each struct is read by a structured binding of
// all its fields, so adding a field to CompileOptions or to the structs in
// it stops this from compiling until the field is covered here.
std::string CompileOptionsFingerprint(const CompileOptions& options);

struct CompiledFilter {
  Profile profile;
  Policy policy;
  Program program;  // verified, and proved unless options.prove was off
  bool proved = false;
  ProgramStats stats;
  Diagnostics warnings;  // from parsing and resolving
};

// Errors carry the file name and come from the stages: NotFound (no such
// file), InvalidArgument (unreadable file, bad JSON or profile, unusable
// target, strict-mode warnings), ResourceExhausted (more than the kernel's
// BPF_MAXINSNS instructions), Internal (a program that fails verification
// or the proof: a compiler bug; the message carries the counterexample). No
// shared state: callers may compile on many threads.
absl::StatusOr<CompiledFilter> CompileProfileText(
    std::string_view text, std::string_view source_name,
    const CompileOptions& options);
absl::StatusOr<CompiledFilter> CompileProfileFile(
    const std::string& path, const CompileOptions& options);
// The meaning a program for `profile` must have, which is what
// CompileParsedProfile proves its program against: the profile resolved
// (leniently) for options.target, with options.enosys's rule. For callers
// that prove a program they did not just compile (a cache hit, a bundle's
// annotation, a live process's filter).
absl::StatusOr<Policy> ResolveMeaning(const Profile& profile,
                                      const CompileOptions& options);
// The stages after parsing, for a caller that has parsed already (to read
// the profile's own settings first) and must not parse twice.
absl::StatusOr<CompiledFilter> CompileParsedProfile(
    ParsedProfile parsed, const CompileOptions& options);

// Strict mode: OK when there is no warning, else InvalidArgument listing
// every warning as "FILE:LINE:COL: PATH: error (strict): message", one a line
// (the first ~1500 bytes of them, then how many more).
absl::Status StrictError(std::string_view source_name,
                         const Diagnostics& warnings);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_COMPILE_H_

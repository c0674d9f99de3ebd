// What Apache Mesos 1.8's seccomp isolator would do with a profile that
// seccompc accepts: reject it (the task or the agent fails to start) or
// silently read it differently. Facts: Mesos's parser
// (src/linux/seccomp/seccomp_parser.cpp) on libseccomp 2.3.3, summarized in
// the project notes (reference.md §1):
//  - `archMap` at the top and `includes`, `excludes`, `args` on every entry
//    are required (OCI's `architectures` is not read);
//  - actions: only SCMP_ACT_KILL, TRAP, ERRNO, TRACE, ALLOW; ERRNO is
//    always EPERM: `errnoRet`, `defaultErrnoRet` (and containers/common's
//    `errno`, `defaultErrno`) are ignored, and so is `minKernel`;
//  - architecture and syscall names must be known to libseccomp 2.3.3;
//  - libseccomp refuses a rule whose action equals the default action.
//
// libseccomp 2.3.3's names are approximated (no copy of its tables here):
// its release notes (2018-01-10) say the syscall tables follow Linux
// v4.15-rc7, so a name counts as known when some arch's table had it by
// Linux 4.15, judged by number against the last syscall of 4.15 on that
// arch: x86_64 332 (statx), i386 384 (arch_prctl), arm 397 (statx, plus
// the ARM-private 0xf0000 calls), asm-generic/aarch64 291 (statx), s390x
// 380 (s390_sthyi), ppc64 383 (statx). Names only mips/parisc or other
// arches had may be misjudged. Its arches: x86, x86_64, x32, arm, aarch64,
// mips*, ppc*, s390* (parisc came in 2.4, riscv64 in 2.5, loongarch64,
// m68k and sh in 2.6).
#ifndef SECCOMPC_COMPILER_ANALYSIS_MESOS_COMPAT_H_
#define SECCOMPC_COMPILER_ANALYSIS_MESOS_COMPAT_H_

#include <string>
#include <string_view>
#include <vector>

#include "compiler/model/profile.h"

namespace seccompc {

struct MesosFinding {
  enum class Kind {
    kRejects,  // Mesos refuses the profile
    kChanges,  // Mesos accepts it and reads it differently
  };
  Kind kind;
  SourceLocation location;
  std::string message;
};

// `text` is the profile's JSON (for keys the model does not keep);
// `profile` its parsed model.
std::vector<MesosFinding> CheckMesosCompat(std::string_view text,
                                           const Profile& profile);

// Whether libseccomp 2.3.3 knows the syscall name (the approximation above).
bool KnownToLibseccomp233(std::string_view name);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_ANALYSIS_MESOS_COMPAT_H_

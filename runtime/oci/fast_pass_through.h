// The pass-through commands of seccompc-runtime (start, state, kill,
// delete, ...) before the C library starts.
//
// A pass-through only execs the delegate, but a static glibc program pays
// ~0.4 ms of CPU to start (CPU feature probes, each a trap to the
// hypervisor in a VM; locale and stream set-up) before main() could do
// that, against ~0.05 ms for an exec from the ELF entry point. Engines
// make three such calls per container under containerd. So the binary's
// entry point (fast_entry.cc) asks FastPassThroughDelegate first, with
// the process's initial argv and environment, and execs the answer; when
// the answer is no, glibc's start runs and main() does everything as
// before (oci_runtime_main.cc).
//
// It answers yes only for what main() would pass through without a word:
// global options spelt exactly as crun's (no prefixes, no short options,
// no --help/--version), a command other than create, run and restore, a
// runtime.conf and SECCOMPC_RUNTIME_* variables that parse without a
// problem (anything main() would warn about or refuse goes to main()), a
// delegate that is not this binary. It never decides a create or run: those
// compile the profile in main().
//
// Freestanding: no C library (it runs before glibc is set up), raw system
// calls, no stack protector, no function pointer tables to relocate.
#ifndef SECCOMPC_RUNTIME_OCI_FAST_PASS_THROUGH_H_
#define SECCOMPC_RUNTIME_OCI_FAST_PASS_THROUGH_H_

#include <stddef.h>

namespace seccompc {

// The longest runtime.conf the fast path reads; a longer one goes to
// main(), which reads up to 1 MiB.
inline constexpr size_t kFastConfigBytes = 16384;

// Whether `argv` (NULL-terminated, argv[0] this program) with environment
// `envp` is a pass-through main() would exec without a message; then the
// delegate's path is in `delegate` (NUL-terminated, fewer than `size`
// bytes). Reads runtime.conf; stats /proc/self/exe and the delegate.
bool FastPassThroughDelegate(char* const* argv, char* const* envp,
                             char* delegate, size_t size);

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_OCI_FAST_PASS_THROUGH_H_

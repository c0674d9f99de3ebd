// seccompc-runtime's ELF entry point (linked with -e, see BUILD.bazel):
// a pass-through command execs the delegate before glibc starts
// (fast_pass_through.h); anything else, or a failed exec, continues at
// glibc's _start with the process exactly as the kernel started it.
#include <asm/unistd.h>

#include "runtime/oci/fast_pass_through.h"

#if !defined(__x86_64__)
#error "fast_entry.cc is x86_64 only: link seccompc-runtime without it"
#endif

namespace {

constexpr size_t kMaxDelegatePath = 4096;  // PATH_MAX

long RawExecve(const char* path, char* const* argv, char* const* envp) {
  long result;
  __asm__ volatile("syscall"
                   : "=a"(result)
                   : "a"(__NR_execve), "D"(path), "S"(argv), "d"(envp)
                   : "rcx", "r11", "memory");
  return result;
}

}  // namespace

// The initial stack: argc, argv[0..argc-1], NULL, envp..., NULL.
extern "C" void SeccompcRuntimeFastEntry(long* initial_stack) {
  const long argc = initial_stack[0];
  char** argv = reinterpret_cast<char**>(initial_stack + 1);
  char** envp = argv + argc + 1;
  char delegate[kMaxDelegatePath];
  if (!seccompc::FastPassThroughDelegate(argv, envp, delegate,
                                         sizeof delegate)) {
    return;
  }
  // The delegate sees its own path as argv[0], as main() execs it.
  char* const self = argv[0];
  argv[0] = delegate;
  RawExecve(delegate, argv, envp);
  argv[0] = self;  // main() retries and reports the error
}

// %rsp points at argc; %rdx is the kernel's (0) and _start reads it as
// rtld_fini. The C part runs on an aligned frame below, then the stack
// and %rdx are put back for _start.
extern "C" __attribute__((naked, noreturn)) void seccompc_runtime_entry() {
  __asm__ volatile(
      "mov %rsp, %rbx\n"
      "mov %rsp, %rdi\n"
      "and $-16, %rsp\n"
      "call SeccompcRuntimeFastEntry\n"
      "mov %rbx, %rsp\n"
      "xor %ebx, %ebx\n"
      "xor %edx, %edx\n"
      "jmp _start\n");
}

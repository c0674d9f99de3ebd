/* seccompc's C interface: compile seccomp profiles (Docker/OCI JSON) into
 * classic BPF and install them. For launchers written in C or reached
 * through an FFI; plain C89 declarations, no kernel headers needed.
 *
 * Two ways to use it:
 *
 * 1. Compile in the parent, install in the child after fork (the launcher
 *    shape: bwrap/crun take the bytes, or a fork+exec launcher installs
 *    them itself):
 *
 *      struct seccompc_options opt;
 *      seccompc_program *prog;
 *      char err[512];
 *      seccompc_options_init(&opt);
 *      opt.arches = "x86_64,x86";      // NULL: native + profile's arches
 *      opt.kernel = "5.10";            // NULL: the running kernel
 *      if (seccompc_compile_file("/etc/seccomp/default.json", &opt, &prog,
 *                                err, sizeof err) != 0) { ...err... }
 *      for (i = 0; i < seccompc_program_warning_count(prog); ++i)
 *        log(seccompc_program_warning(prog, i));
 *      bytes = seccompc_program_bytes(prog);   // struct sock_filter[]
 *      len = seccompc_program_size(prog);      // in bytes
 *      pid = fork();
 *      if (pid == 0) {
 *        if (seccompc_install_program(bytes, len, 0) != 0) _exit(125);
 *        execv(path, argv);
 *      }
 *
 * 2. All in one call in the process that execs the task:
 *    seccompc_install_profile() (compile for this process and install).
 *
 * Thread safety: every function may be called from any thread at the same
 * time; the library keeps no mutable global state (its syscall tables are
 * built once, thread-safely). A seccompc_program is immutable once made:
 * share it between threads freely, free it once. seccompc_install_program
 * filters the calling thread only, or every thread with SECCOMPC_TSYNC;
 * seccompc_install_profile adds TSYNC itself when the process has more
 * than one thread (or its thread count cannot be read).
 *
 * Async-signal safety: ONLY seccompc_install_program() and
 * seccompc_version() may be called between fork() and exec() in a
 * multithreaded process (or from a signal handler): the former makes only
 * the prctl(2) and seccomp(2) system calls, on the caller's stack, with no
 * heap, locks or stdio. Everything else allocates.
 *
 * ABI: the library's SONAME is libseccompc.so.0. Within it, functions are
 * only added, never removed or changed; struct seccompc_options only grows
 * at its end, and callers set its `size` (seccompc_options_init does) so
 * that an older caller keeps working with a newer library. Errors are
 * returned as text (NUL-terminated, truncated to err_len); no function
 * aborts, throws or exits. */
#ifndef SECCOMPC_RUNTIME_SECCOMPC_H_
#define SECCOMPC_RUNTIME_SECCOMPC_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this interface (bumped when functions or fields are added). */
#define SECCOMPC_API_VERSION 3

/* "0.1.0": the seccompc release this library is. Async-signal-safe. */
const char* seccompc_version(void);

/* Flags for seccompc_install_profile / seccompc_install_program (OR them). */
#define SECCOMPC_TSYNC 0x1u      /* synchronize every thread */
#define SECCOMPC_LOG 0x2u        /* SECCOMP_FILTER_FLAG_LOG */
#define SECCOMPC_SPEC_ALLOW 0x4u /* SECCOMP_FILTER_FLAG_SPEC_ALLOW */
/* Keep the ability to gain privileges on exec (no PR_SET_NO_NEW_PRIVS); the
 * kernel then requires CAP_SYS_ADMIN to install. */
#define SECCOMPC_KEEP_PRIVS 0x8u
/* seccompc_install_profile only: rewrite actions the kernel lacks to a
 * stricter one instead of failing. */
#define SECCOMPC_STRICTER_FALLBACK 0x10u
/* runc's ENOSYS rule: syscalls numbered above the greatest one the profile
 * names (per ABI) fail with ENOSYS instead of the default action. */
#define SECCOMPC_ENOSYS 0x20u
/* Every warning about the profile is an error (unknown keys and syscall
 * names, conditions that never hold, order-dependent entries): nothing is
 * installed, and `err` lists them. */
#define SECCOMPC_STRICT 0x40u
/* Resolve the profile's includes/excludes.caps for the capability bounding
 * set (every capability anything this process execs could ever hold)
 * instead of the default, the capabilities the task will hold after exec
 * (as seccomp-launch does: for root the bounding set, for anyone else the
 * ambient set, usually empty). Without it, an unprivileged caller gets
 * none of a profile's entries for CAP_SYS_ADMIN and the like (Docker's
 * default profile allows unshare/clone of namespaces with it: an
 * unprivileged task resolved for the bounding set could create a user
 * namespace and be uid 0 in it). seccompc_install_profile and
 * seccompc_options.flags (API version 2). */
#define SECCOMPC_CAPS_BOUNDING_SET 0x80u

/* What to compile for. Every NULL/0 field means "like this process". */
struct seccompc_options {
  /* sizeof(struct seccompc_options) as the caller knows it; set by
   * seccompc_options_init. Fields past it are taken as zero. */
  size_t size;
  /* Target ABIs, the first taken as native: "x86_64,x86,x32",
   * "aarch64,arm". NULL: this machine's arch plus the profile's archMap
   * sub-arches and `architectures`. */
  const char* arches;
  /* Capabilities the task holds: "none", "docker", "all" or
   * "CAP_NET_ADMIN,CAP_SYS_PTRACE". NULL: those a task this process execs
   * will hold (root: the bounding set; anyone else: the ambient set), or
   * the bounding set with SECCOMPC_CAPS_BOUNDING_SET in `flags`. */
  const char* caps;
  /* Kernel version "MAJOR.MINOR" for entries' minKernel. NULL: running. */
  const char* kernel;
  /* Non-zero: every warning is an error, as with SECCOMPC_STRICT. */
  int strict;
  /* Non-zero: runc's ENOSYS rule (seccompc --enosys): per ABI, syscalls
   * numbered above the greatest one the profile names answer ENOSYS. */
  int enosys;
  /* API version 2: SECCOMPC_CAPS_BOUNDING_SET (with `caps` NULL) or 0.
   * Other bits are refused. */
  unsigned flags;
};

/* Sets every field to its default (NULL / 0) and `size`. */
void seccompc_options_init(struct seccompc_options* options);

/* A compiled, verified program with the warnings of its compilation. */
typedef struct seccompc_program seccompc_program;

/* Compile the profile at `path` / in `json[0..json_len)` (`source_name`
 * names it in messages; NULL: "<buffer>"). `options` NULL: all defaults.
 * On success return 0 and store a program in *out (free it with
 * seccompc_program_free); on failure return -1, store NULL, and put
 * "FILE:LINE:COL: path: message" in err. */
int seccompc_compile_file(const char* path,
                          const struct seccompc_options* options,
                          seccompc_program** out, char* err, size_t err_len);
int seccompc_compile_buffer(const char* json, size_t json_len,
                            const char* source_name,
                            const struct seccompc_options* options,
                            seccompc_program** out, char* err, size_t err_len);

/* The program: an array of struct sock_filter (8 bytes per instruction,
 * this machine's byte order), valid until seccompc_program_free. */
const unsigned char* seccompc_program_bytes(const seccompc_program* program);
size_t seccompc_program_size(const seccompc_program* program); /* bytes */
/* Flags the profile itself asks for at install (its "flags" field), as
 * SECCOMPC_TSYNC / SECCOMPC_LOG / SECCOMPC_SPEC_ALLOW. */
unsigned seccompc_program_install_flags(const seccompc_program* program);
/* Warnings of parsing and resolving ("FILE:LINE:COL: PATH: warning: ...";
 * unknown parts left out), valid until seccompc_program_free; NULL for an
 * index past the count. */
size_t seccompc_program_warning_count(const seccompc_program* program);
const char* seccompc_program_warning(const seccompc_program* program,
                                     size_t index);
void seccompc_program_free(seccompc_program* program);

/* Checks bytes (e.g. read back from a cache) the way the compiler checks
 * its own output: returns 0, or -1 with the reason in err. */
int seccompc_verify_program(const void* bytes, size_t len, char* err,
                            size_t err_len);

/* Installs a program (bytes as from seccompc_program_bytes) on the calling
 * thread: PR_SET_NO_NEW_PRIVS (unless SECCOMPC_KEEP_PRIVS), then
 * seccomp(SECCOMP_SET_MODE_FILTER). Returns 0, or -errno (-EINVAL for a
 * length that is not a whole, non-empty program of at most 4096
 * instructions or for another flag; -ESRCH when SECCOMPC_TSYNC finds a
 * thread under a different filter; the kernel's errno otherwise). The
 * bytes are not verified here (the kernel checks them; see
 * seccompc_verify_program), and there is no prctl fallback.
 * ASYNC-SIGNAL-SAFE: meant for the child between fork and exec. Flags:
 * SECCOMPC_TSYNC, _LOG, _SPEC_ALLOW, _KEEP_PRIVS. */
int seccompc_install_program(const void* bytes, size_t len, unsigned flags);

/* Compiles the profile at `profile_path` for this process (native arch
 * plus the profile's arches, running kernel, the capabilities a task this
 * process execs will hold, or the bounding set with
 * SECCOMPC_CAPS_BOUNDING_SET), fits it to the kernel's actions and
 * installs it, with no_new_privs. Takes every SECCOMPC_* flag; the
 * profile's own "flags" are added.
 * Returns 0; on failure -1 and the error in `err`. Nothing is installed on
 * failure, except that no_new_privs may already be set. */
int seccompc_install_profile(const char* profile_path, unsigned flags,
                             char* err, size_t err_len);

/* Compiles the profile for this process (as seccompc_install_profile with
 * no flags: for the capabilities after exec) without installing it and returns
 * the number of BPF instructions (> 0), or -1 with the error in `err`. */
int seccompc_check_profile(const char* profile_path, char* err, size_t err_len);

/* Every program the compile and install functions return or install is
 * proven (README, "What 'proved' means") to mean exactly the profile for
 * every input; a program that is not fails them as a compiler error.
 *
 * seccompc_prove (API version 3) decides the same for any program, such
 * as one read back from a cache or from another compiler: whether the
 * `len` bytes at `program` (as from seccompc_program_bytes) mean exactly
 * the profile at `profile_path` resolved for `options` (NULL: defaults,
 * as seccompc_compile_file), on every input. Returns 0 proved; 1 refuted,
 * with the counterexample in `message` ("arch x86_64 (x86_64) nr 41 args
 * 0x2,...: program returns ALLOW, the profile means ERRNO(1)
 * (syscalls[3])"); 2 an error (unreadable profile, bytes that are not a
 * verifiable program, bad options) or undecided, with why in `message`. */
int seccompc_prove(const char* profile_path, const void* program, size_t len,
                   const struct seccompc_options* options, char* message,
                   size_t message_len);

#ifdef __cplusplus
}
#endif

#endif /* SECCOMPC_RUNTIME_SECCOMPC_H_ */

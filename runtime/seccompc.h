/* seccompc's C interface: compile a seccomp profile (Docker/OCI JSON) for
 * the calling process and install it, in one call. For launchers written in
 * C or reached through an FFI; plain C89-compatible declarations.
 *
 * The profile is compiled for this process's target: the native arch plus
 * the profile's archMap sub-architectures, the running kernel's version,
 * and the process's capability BOUNDING set (prctl(PR_CAPBSET_READ)). The
 * bounding set is what this process or anything it execs can ever hold, so
 * an entry that `includes.caps` grants is kept whenever the task could use
 * it; the kernel still checks the capabilities themselves. The program is
 * verified, fitted to the kernel's actions, and installed with
 * no_new_privs (see runtime/install.h for every step).
 *
 *   char err[512];
 *   if (seccompc_install_profile("/etc/seccomp/default.json", 0, err,
 *                                sizeof err) != 0) {
 *     fprintf(stderr, "seccomp: %s\n", err);
 *     _exit(125);
 *   }
 *   execv(path, argv);
 *
 * Thread safety: installing a filter affects the calling thread (all
 * threads with SECCOMPC_TSYNC, or automatically when the process has more
 * than one thread). */
#ifndef SECCOMPC_RUNTIME_SECCOMPC_H_
#define SECCOMPC_RUNTIME_SECCOMPC_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Flags for seccompc_install_profile (OR them). */
#define SECCOMPC_TSYNC 0x1u      /* synchronize every thread */
#define SECCOMPC_LOG 0x2u        /* SECCOMP_FILTER_FLAG_LOG */
#define SECCOMPC_SPEC_ALLOW 0x4u /* SECCOMP_FILTER_FLAG_SPEC_ALLOW */
/* Keep the ability to gain privileges on exec (no PR_SET_NO_NEW_PRIVS) when
 * the caller holds CAP_SYS_ADMIN. */
#define SECCOMPC_KEEP_PRIVS 0x8u
/* Rewrite actions the kernel lacks to a stricter one instead of failing. */
#define SECCOMPC_STRICTER_FALLBACK 0x10u
/* Every warning about the profile is an error (unknown keys and syscall
 * names, conditions that never hold, order-dependent entries): nothing is
 * installed, and `err` lists them. */
#define SECCOMPC_STRICT 0x20u

/* Compiles the profile at `profile_path` and installs it on the calling
 * process. Returns 0 on success; on failure -1, and the error text
 * (NUL-terminated, truncated to fit) in `err` when err_len > 0. Nothing is
 * installed on failure, except that no_new_privs may already be set. */
int seccompc_install_profile(const char* profile_path, unsigned flags,
                             char* err, size_t err_len);

/* Compiles the profile for this process without installing it and returns
 * the number of BPF instructions (> 0), or -1 with the error in `err`. */
int seccompc_check_profile(const char* profile_path, char* err, size_t err_len);

#ifdef __cplusplus
}
#endif

#endif /* SECCOMPC_RUNTIME_SECCOMPC_H_ */

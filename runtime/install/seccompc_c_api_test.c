/* The C interface used from C: errors come back as text, a good profile is
 * installed in a child and seen to work there. */
#define _GNU_SOURCE /* setresuid */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/install/seccompc.h"

#define GOOD "runtime/testdata/deny_getppid.json"
#define BROKEN "runtime/testdata/broken.json"
#define EXIT_ONLY "runtime/testdata/allow_exit_only.json"
#define TYPO "runtime/testdata/typo_args.json" /* "arg" for "args" */

static int failures = 0;

static void check(int ok, const char* what, const char* detail) {
  if (!ok) {
    fprintf(stderr, "FAIL: %s (%s)\n", what, detail ? detail : "");
    ++failures;
  }
}

/* errno of syscall `nr` with zero arguments (0: it succeeded). On x86_64 by
 * the instruction itself: a sanitizer's libc wrappers may make other,
 * filtered system calls and change errno before the caller reads it. */
static int raw_errno(long nr) {
#if defined(__x86_64__)
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(nr), "D"(0L), "S"(0L), "d"(0L)
                   : "rcx", "r11", "memory");
  return ret < 0 && ret > -4096 ? (int)-ret : 0;
#else
  errno = 0;
  return syscall(nr, 0, 0, 0, 0, 0, 0) == -1 ? errno : 0;
#endif
}

/* exit_group(code) by the instruction: a sanitizer's _exit makes other
 * system calls first, which this test's profiles deny. */
static void raw_exit(int code) {
#if defined(__x86_64__)
  __asm__ volatile("syscall"
                   :
                   : "a"((long)SYS_exit_group), "D"((long)code)
                   : "rcx", "r11", "memory");
#endif
  _exit(code);
}

/* Installs `path` in a child and makes syscall `nr` there; returns its
 * errno (0: it succeeded), 50 when the install failed and left nothing
 * installed (51: getppid no longer works), or 1000 + the killing signal. */
static int errno_in_child(const char* path, unsigned flags, long nr) {
  pid_t pid;
  int status = 0;
  fflush(NULL);
  pid = fork();
  if (pid == 0) {
    char err[512];
    if (seccompc_install_profile(path, flags, err, sizeof err) != 0) {
      fprintf(stderr, "child: %s\n", err);
      _exit(syscall(SYS_getppid) == getppid() ? 50 : 51);
    }
    raw_exit(raw_errno(nr));
  }
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

/* Instructions compiled for ADMIN_ONLY, or -1; `flags` in the options. */
static const char ADMIN_ONLY[] =
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": "
    "[\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": "
    "{\"caps\": [\"CAP_SYS_ADMIN\"]}}]}";
static long compiled_size(unsigned flags, size_t options_size) {
  struct seccompc_options opt;
  seccompc_program* prog = NULL;
  char err[512];
  long size;
  seccompc_options_init(&opt);
  opt.flags = flags;
  opt.size = options_size;
  if (seccompc_compile_buffer(ADMIN_ONLY, strlen(ADMIN_ONLY), NULL, &opt, &prog,
                              err, sizeof err) != 0) {
    return -1;
  }
  size = (long)seccompc_program_size(prog);
  seccompc_program_free(prog);
  return size;
}

/* With caps NULL the profile is resolved for the
 * capabilities after exec, the bounding set only with
 * SECCOMPC_CAPS_BOUNDING_SET. As uid 65534 (a child that drops to it when
 * run as root) CAP_SYS_ADMIN's entry is left out by default. */
static void caps_default_test(void) {
  struct seccompc_options opt;
  seccompc_program* prog = NULL;
  char err[512];
  pid_t pid;
  int status = 0;
  seccompc_options_init(&opt);
  opt.flags = 0x100u;
  check(seccompc_compile_buffer(ADMIN_ONLY, strlen(ADMIN_ONLY), NULL, &opt,
                                &prog, err, sizeof err) == -1 &&
            strstr(err, "seccompc_options.flags: unknown flags 0x100") != NULL,
        "unknown option flags are refused", err);
  check(compiled_size(SECCOMPC_CAPS_BOUNDING_SET,
                      sizeof(struct seccompc_options)) > 0,
        "SECCOMPC_CAPS_BOUNDING_SET compiles", NULL);
  pid = fork();
  if (pid == 0) {
    long after_exec, bounding, old_caller;
    if (getuid() == 0 && setresuid(65534, 65534, 65534) != 0) _exit(77);
    after_exec = compiled_size(0, sizeof(struct seccompc_options));
    bounding = compiled_size(SECCOMPC_CAPS_BOUNDING_SET,
                             sizeof(struct seccompc_options));
    /* A caller built against version 1 (no `flags`): the new default. */
    old_caller = compiled_size(0, offsetof(struct seccompc_options, flags));
    if (after_exec <= 0 || bounding <= 0) _exit(3);
    /* Without CAP_SYS_ADMIN getppid's rule is left out: a shorter
     * program; with the bounding set (CAP_SYS_ADMIN in it) it is there. */
    if (after_exec >= bounding) _exit(4);
    if (old_caller != after_exec) _exit(5);
    if (seccompc_check_profile(GOOD, err, sizeof err) <= 0) _exit(6);
    _exit(0);
  }
  check(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status),
        "caps child ran", NULL);
  if (WEXITSTATUS(status) == 77) {
    printf(
        "note: cannot become uid 65534 here; launch_security_test covers it\n");
    return;
  }
  snprintf(err, sizeof err, "child exit %d", WEXITSTATUS(status));
  check(WEXITSTATUS(status) == 0,
        "caps NULL: after exec by default, bounding set only by its flag", err);
}

/* seccompc_prove: the compiler's program is proved; the same program with
 * one more load that the next instruction overwrites (other bytes, the
 * same meaning) too; one with getppid's errno changed is refuted with a
 * counterexample; bytes that are no program are an error. */
static void prove_test(void) {
  struct seccompc_options opt;
  seccompc_program* prog = NULL;
  char msg[512];
  unsigned char bytes[8 * 4097];
  size_t len, i;
  /* BPF_LD|BPF_W|BPF_ABS, k = 0 (nr): struct sock_filter in this byte
   * order (code, jt, jf, k). */
  unsigned short code = 0x20;
  unsigned k = 0;
  int r;

  seccompc_options_init(&opt);
  opt.caps = "none";
  if (seccompc_compile_file(GOOD, &opt, &prog, msg, sizeof msg) != 0) {
    check(0, "prove_test: compile", msg);
    return;
  }
  len = seccompc_program_size(prog);
  memcpy(bytes + 8, seccompc_program_bytes(prog), len);
  seccompc_program_free(prog);

  r = seccompc_prove(GOOD, bytes + 8, len, &opt, msg, sizeof msg);
  check(r == 0, "the compiler's program is proved", msg);

  memset(bytes, 0, 8);
  memcpy(bytes, &code, sizeof code);
  memcpy(bytes + 4, &k, sizeof k);
  r = seccompc_prove(GOOD, bytes, len + 8, &opt, msg, sizeof msg);
  check(r == 0, "other bytes of the same meaning are proved", msg);

  /* The one RET with errno 77 (SECCOMP_RET_ERRNO | 77) becomes 78. */
  for (i = 8; i + 8 <= len + 8; i += 8) {
    unsigned ret;
    memcpy(&ret, bytes + i + 4, sizeof ret);
    if (bytes[i] == 0x06 && ret == 0x0005004du) {
      ret = 0x0005004eu;
      memcpy(bytes + i + 4, &ret, sizeof ret);
    }
  }
  r = seccompc_prove(GOOD, bytes + 8, len, &opt, msg, sizeof msg);
  check(r == 1, "a changed errno is refuted", msg);
  check(strstr(msg, "ERRNO(77)") != NULL && strstr(msg, "nr 110") != NULL,
        "the counterexample names getppid and the profile's errno", msg);

  r = seccompc_prove(GOOD, bytes, 3, &opt, msg, sizeof msg);
  check(r == 2 && msg[0] != '\0', "bytes that are no program: an error", msg);
  r = seccompc_prove(BROKEN, bytes + 8, len, &opt, msg, sizeof msg);
  check(r == 2 && strstr(msg, "broken.json") != NULL,
        "a broken profile: an error", msg);
}

int main(void) {
  char err[512];
  char tiny[8];
  int n;

  memset(err, 'x', sizeof err);
  check(seccompc_install_profile("runtime/testdata/missing.json", 0, err,
                                 sizeof err) == -1,
        "missing profile fails", NULL);
  check(strstr(err, "missing.json") != NULL, "error names the file", err);

  check(seccompc_install_profile(BROKEN, 0, err, sizeof err) == -1,
        "broken profile fails", NULL);
  check(strstr(err, "SCMP_ACT_SOMETIMES") != NULL ||
            strstr(err, "action") != NULL,
        "error names the bad action", err);
  check(strstr(err, "broken.json:3:") != NULL, "error has the position", err);

  check(seccompc_install_profile(BROKEN, 0, tiny, sizeof tiny) == -1 &&
            strlen(tiny) == sizeof tiny - 1,
        "error text is truncated to fit", tiny);
  check(seccompc_install_profile(BROKEN, 0, NULL, 0) == -1,
        "no error buffer is fine", NULL);
  check(seccompc_install_profile(GOOD, 0x80000000u, err, sizeof err) == -1 &&
            strstr(err, "unknown flags") != NULL,
        "unknown flags are refused", err);

  n = seccompc_check_profile(GOOD, err, sizeof err);
  check(n > 0, "check_profile counts instructions", err);
  check(seccompc_check_profile(BROKEN, err, sizeof err) == -1,
        "check_profile reports errors", NULL);

  check(errno_in_child(GOOD, 0, SYS_getppid) == 77,
        "installed profile denies getppid", NULL);
  check(errno_in_child(GOOD, SECCOMPC_TSYNC | SECCOMPC_SPEC_ALLOW,
                       SYS_getppid) == 77,
        "installed with flags", NULL);
  /* SECCOMPC_ENOSYS: above exit_group (231 on x86_64) ENOSYS, below it
   * the default action. */
  n = errno_in_child(EXIT_ONLY, SECCOMPC_ENOSYS, SYS_fanotify_init);
  snprintf(err, sizeof err, "child said %d", n);
  check(n == ENOSYS, "SECCOMPC_ENOSYS: newer than the profile gets ENOSYS",
        err);
  check(errno_in_child(EXIT_ONLY, 0, SYS_fanotify_init) == EPERM,
        "without SECCOMPC_ENOSYS: the default action", NULL);
  check(errno_in_child(EXIT_ONLY, SECCOMPC_ENOSYS, SYS_getppid) == EPERM,
        "SECCOMPC_ENOSYS: below the greatest name, the default action", NULL);
  check(errno_in_child(BROKEN, 0, SYS_getppid) == 50,
        "broken profile installs nothing", NULL);

  /* SECCOMPC_STRICT: the misspelled key is an error naming "args". */
  check(
      seccompc_install_profile(TYPO, SECCOMPC_STRICT, err, sizeof err) == -1 &&
          strstr(err, "did you mean \"args\"") != NULL,
      "strict refuses an unknown key and suggests args", err);
  check(errno_in_child(TYPO, SECCOMPC_STRICT, SYS_getppid) == 50,
        "strict installs nothing", NULL);
  check(errno_in_child(TYPO, 0, SYS_getppid) == 77,
        "lenient installs, key ignored", NULL);

  caps_default_test();
  prove_test();

  if (failures == 0) printf("PASS (%d instructions)\n", n);
  return failures == 0 ? 0 : 1;
}

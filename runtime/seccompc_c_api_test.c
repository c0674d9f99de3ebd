/* The C interface used from C: errors come back as text, a good profile is
 * installed in a child and seen to work there. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/seccompc.h"

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

  if (failures == 0) printf("PASS (%d instructions)\n", n);
  return failures == 0 ? 0 : 1;
}

/* A logging shim in front of an OCI runtime, for bench/engine_start_time.sh
 * --calls: runs REAL with the same arguments as a child, waits for it and
 * appends one line to LOG:
 *   LABEL WALL_US USER_US SYS_US EXIT COMMAND
 * (COMMAND: the first argument that is not a global flag or its value).
 * Built with REAL, LOG and LABEL as -D string macros, one binary per
 * runtime, because engines pass runtimes no arguments or environment of
 * ours (conmon clears it); CACHE_DIR, when defined, is set as
 * SECCOMPC_RUNTIME_CACHE_DIR for the child. The runtime's own CPU time is what
 * wait4 reports for it and the children it reaped; a container's init is not
 * among them. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef LOG
int main(int argc, char** argv) {
  (void)argc;
#ifdef CACHE_DIR
  setenv("SECCOMPC_RUNTIME_CACHE_DIR", CACHE_DIR, 1);
#endif
  argv[0] = (char*)REAL;
  execv(REAL, argv);
  perror(REAL);
  return 127;
}
#else
static long long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static const char* command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (a[0] != '-') return a;
    /* Global flags with a separate value (runc's and crun's). */
    if (!strchr(a, '=') &&
        (!strcmp(a, "--root") || !strcmp(a, "--log") ||
         !strcmp(a, "--log-format") || !strcmp(a, "--log-level") ||
         !strcmp(a, "--criu") || !strcmp(a, "--rootless") ||
         !strcmp(a, "--cgroup-manager")))
      ++i;
  }
  return "(none)";
}

int main(int argc, char** argv) {
  const long long t0 = now_us();
  const pid_t pid = fork();
  if (pid == 0) {
#ifdef CACHE_DIR
    setenv("SECCOMPC_RUNTIME_CACHE_DIR", CACHE_DIR, 1);
#endif
    argv[0] = (char*)REAL;
    execv(REAL, argv);
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) return 1;
  const long long t1 = now_us();
  FILE* log = fopen(LOG, "ae");
  if (log) {
    fprintf(log, "%s %lld %ld %ld %d %s\n", LABEL, t1 - t0,
            ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec,
            ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec,
            WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
            command(argc, argv));
    fclose(log);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
#endif

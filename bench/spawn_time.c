/* Wall time of whole process launches, side by side: runs each command
 * ROUNDS times, interleaved (A B C A B C ...) so that load on a shared
 * machine hits every command alike, and prints the median (and quartiles)
 * per command and its ratio to the first; also the median CPU time (user +
 * sys of the command and the children it reaped, from wait4), which a
 * loaded machine disturbs far less than wall time.
 *
 *   spawn_time ROUNDS CMD1 [ARGS...] ::: CMD2 [ARGS...] ::: ...
 *
 * Each launch is posix_spawn + waitpid, stdout/stderr to /dev/null; a
 * command that exits non-zero stops the run (a failing launcher is not
 * fast, it is broken). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s ROUNDS CMD [ARGS] ::: CMD [ARGS] ...\n",
            argv[0]);
    return 2;
  }
  int rounds = atoi(argv[1]);
  if (rounds < 1) {
    fprintf(stderr, "ROUNDS must be >= 1\n");
    return 2;
  }
  char** cmds[32];
  int ncmd = 0;
  cmds[ncmd++] = &argv[2];
  for (int i = 2; i < argc; ++i) {
    if (strcmp(argv[i], ":::") == 0) {
      argv[i] = NULL;
      if (ncmd == 32 || i + 1 >= argc) {
        fprintf(stderr, "bad command list\n");
        return 2;
      }
      cmds[ncmd++] = &argv[i + 1];
    }
  }
  double* t = calloc((size_t)ncmd * rounds, sizeof(double));
  double* cpu = calloc((size_t)ncmd * rounds, sizeof(double));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  for (int r = -3; r < rounds; ++r) { /* 3 warm-up rounds, not counted */
    for (int c = 0; c < ncmd; ++c) {
      pid_t pid;
      double start = now_us();
      /* posix_spawn returns its error; errno is not set. */
      int err = posix_spawn(&pid, cmds[c][0], &fa, NULL, cmds[c], environ);
      if (err != 0) {
        fprintf(stderr, "posix_spawn %s: %s\n", cmds[c][0], strerror(err));
        return 1;
      }
      int status;
      struct rusage ru;
      if (wait4(pid, &status, 0, &ru) < 0) return 1;
      double end = now_us();
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "%s failed (status 0x%x)\n", cmds[c][0], status);
        return 1;
      }
      if (r >= 0) {
        t[c * rounds + r] = end - start;
        cpu[c * rounds + r] = ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec +
                              ru.ru_stime.tv_sec * 1e6 + ru.ru_stime.tv_usec;
      }
    }
  }
  double base = 0, cpu_base = 0;
  printf(
      "| command | median us | p25 us | p75 us | ratio to first "
      "| CPU median us | CPU ratio |\n");
  printf("|---|---:|---:|---:|---:|---:|---:|\n");
  for (int c = 0; c < ncmd; ++c) {
    double* v = &t[c * rounds];
    qsort(v, rounds, sizeof(double), cmp_double);
    double med = v[rounds / 2];
    double* u = &cpu[c * rounds];
    qsort(u, rounds, sizeof(double), cmp_double);
    double cpu_med = u[rounds / 2];
    if (c == 0) {
      base = med;
      cpu_base = cpu_med;
    }
    printf("| `");
    for (char** a = cmds[c]; *a; ++a)
      printf("%s%s", a == cmds[c] ? "" : " ", *a);
    printf("` | %.0f | %.0f | %.0f | %.2fx | %.0f | %.2fx |\n", med,
           v[rounds / 4], v[rounds * 3 / 4], med / base, cpu_med,
           cpu_base > 0 ? cpu_med / cpu_base : 0.0);
  }
  free(t);
  free(cpu);
  return 0;
}

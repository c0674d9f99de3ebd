/* launcher COMMAND [ARGS...]: runs COMMAND under task_filter, compiled at
 * build time from task_profile.json. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "task_filter.h"

int main(int argc, char** argv) {
  int rc;
  if (argc < 2) {
    fprintf(stderr, "usage: %s COMMAND [ARGS...]\n", argv[0]);
    return 125;
  }
  /* NO_NEW_PRIVS and seccomp(2) in one call; 0 or -errno. */
  rc = task_filter_install(0);
  if (rc != 0) {
    fprintf(stderr, "launcher: seccomp: %s\n", strerror(-rc));
    return 125;
  }
  execvp(argv[1], argv + 1);
  perror(argv[1]);
  return 127;
}

/* A C launcher written as runtime/README.md shows it:
 *   readme_c_launcher PROFILE COMMAND ARGS...
 * installs PROFILE with seccompc_install_profile(path, SECCOMPC_SPEC_ALLOW)
 * and execs COMMAND. With SECCOMPC_TEST_BOUNDING=1 in the environment it
 * adds SECCOMPC_CAPS_BOUNDING_SET (the caller asks for the bounding set). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/install/seccompc.h"

int main(int argc, char** argv) {
  char err[512];
  unsigned flags = SECCOMPC_SPEC_ALLOW;
  const char* bounding = getenv("SECCOMPC_TEST_BOUNDING");
  if (argc < 3) {
    fprintf(stderr, "usage: %s PROFILE COMMAND ARGS...\n", argv[0]);
    return 125;
  }
  if (bounding != NULL && strcmp(bounding, "1") == 0) {
#ifdef SECCOMPC_CAPS_BOUNDING_SET
    flags |= SECCOMPC_CAPS_BOUNDING_SET;
#else
    fprintf(stderr, "no SECCOMPC_CAPS_BOUNDING_SET in this seccompc.h\n");
    return 125;
#endif
  }
  if (seccompc_install_profile(argv[1], flags, err, sizeof err) != 0) {
    fprintf(stderr, "seccomp: %s\n", err);
    _exit(125);
  }
  execvp(argv[2], argv + 2);
  perror(argv[2]);
  return 127;
}

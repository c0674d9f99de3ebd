// syscall_probe NR [ARG...]: makes one raw system call and reports it.
//
//   ready nr=NR            (before the call: the process got this far)
//   ret=R errno=E          (after it; E is 0 when R != -1)
//
// Raw syscall(2) on purpose: libc wrappers may cache results or not set
// errno (glibc's getppid), and would hide what the filter answered. Built
// statically (see BUILD.bazel) so that it runs unchanged in a busybox
// rootfs and starts with as few system calls as possible.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void Say(const char* line) {
  size_t off = 0, len = strlen(line);
  while (off < len) {
    ssize_t n = write(1, line + off, len - off);
    if (n <= 0) return;
    off += (size_t)n;
  }
}

int main(int argc, char** argv) {
  if (argc < 2 || argc > 8) {
    Say("usage: syscall_probe NR [ARG...] (at most 6 args)\n");
    return 2;
  }
  long nr = strtol(argv[1], NULL, 0);
  unsigned long a[6] = {0, 0, 0, 0, 0, 0};
  for (int i = 2; i < argc; ++i) a[i - 2] = strtoul(argv[i], NULL, 0);
  char line[128];
  snprintf(line, sizeof(line), "ready nr=%ld\n", nr);
  Say(line);
  errno = 0;
  long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
  int e = r == -1 ? errno : 0;
  snprintf(line, sizeof(line), "ret=%ld errno=%d\n", r, e);
  Say(line);
  return 0;
}

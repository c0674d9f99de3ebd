/* A vfork parent that stays one: the child neither execs nor exits until
 * it is killed, so the parent waits in vfork and cannot be brought to a
 * ptrace stop (seccompc dump must give up after its timeout).
 *   vfork_parent */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  const pid_t child = vfork();
  if (child == 0) {
    /* Only raw system calls: the child borrows the parent's memory. */
    for (;;) syscall(SYS_pause);
  }
  if (child > 0) waitpid(child, NULL, 0);
  return 0;
}

/* Test task for seccomp-launch --report: a second thread (not the thread
 * group leader) calls unshare(CLONE_NEWUSER). Exits 0 if it returns. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

static void* call_unshare(void* arg) {
  (void)arg;
  syscall(SYS_unshare, CLONE_NEWUSER);
  return NULL;
}

int main(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, call_unshare, NULL) != 0) return 2;
  pthread_join(t, NULL);
  return 0;
}

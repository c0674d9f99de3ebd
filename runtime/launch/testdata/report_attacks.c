/* Attacks on seccomp-launch --report, run as the
 * task under a profile that kills personality(2).
 *   report_attacks MODE DIR
 * Every mode ends in personality(0xffffffff) (a harmless query) somewhere;
 * if that call ever returns, DIR/ran is created: the promise is broken.
 * Other files in DIR tell the test how far the attack got. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char* dir;

static void mark(const char* name, long value) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  FILE* f = fopen(path, "w");
  if (f) {
    fprintf(f, "%ld\n", value);
    fclose(f);
  }
}

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

/* The killed call; marks DIR/ran (with its result and errno) if it
 * returns. */
static void killed_call(void) {
  long r = syscall(SYS_personality, 0xffffffffUL);
  mark("ran", r < 0 ? -errno : r);
}

static void on_alarm(int sig) { (void)sig; }

/* Waits until `pid` no longer exists (at most 10 s). */
static int wait_gone(pid_t pid) {
  for (int i = 0; i < 1000; ++i) {
    if (kill(pid, 0) != 0 && errno == ESRCH) return 1;
    sleep_ms(10);
  }
  return 0;
}

/* A grandchild that makes the killed call once the supervisor is gone. */
static void grandchild_after(pid_t supervisor) {
  pid_t p = fork();
  if (p != 0) return;
  mark("grandchild.pid", getpid());
  if (!wait_gone(supervisor)) _exit(3);
  mark("grandchild.armed", 1);
  killed_call();
  _exit(0);
}

static void* listener_thread(void* arg) {
  int listener = *(int*)arg;
  for (;;) {
    struct seccomp_notif n;
    memset(&n, 0, sizeof(n));
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &n) != 0) continue;
    struct seccomp_notif_resp r;
    memset(&r, 0, sizeof(r));
    r.id = n.id;
    r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &r);
  }
  return NULL;
}

/* The task stacks its own filter: personality -> USER_NOTIF, answered
 * CONTINUE by its own thread (equal actions resolve to the newest filter,
 * but KILL outranks USER_NOTIF). */
static void stack_notify_filter(void) {
  struct sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_personality, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = {sizeof(code) / sizeof(code[0]), code};
  static int listener;
  listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                          SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
  if (listener < 0) {
    mark("notify.failed", errno);
    return;
  }
  pthread_t t;
  pthread_create(&t, NULL, listener_thread, &listener);
  mark("notify.installed", listener);
}

static void* thread_call(void* arg) {
  (void)arg;
  killed_call();
  return NULL;
}

#if defined(__x86_64__)
/* personality through int 0x80 (i386 number 136), with a junk high word in
 * the argument register. */
static long i386_personality(void) {
  long r;
  __asm__ volatile("int $0x80"
                   : "=a"(r)
                   : "a"(136L), "b"(0x1ffffffffL)
                   : "memory", "r8", "r9", "r10", "r11");
  return r;
}
#endif

#if defined(__x86_64__)
/* personality through `syscall` with bit 63 of rax set: the kernel takes
 * the low 32 bits (135, personality); a supervisor reading the whole
 * register as a negative number would see no call at all. */
static long high_bit_personality(void) {
  long r;
  __asm__ volatile("syscall"
                   : "=a"(r)
                   : "a"(0x8000000000000087UL), "D"(0xffffffffUL)
                   : "rcx", "r11", "memory");
  return r;
}
#endif

/* A SIGSYS that looks like seccomp's TRAP of personality (si_code
 * SYS_SECCOMP, si_syscall 135, x86_64) but comes from rt_sigqueueinfo:
 * nothing was trapped. The handler swallows it. */
static void on_sigsys(int sig) { (void)sig; }
static void forge_trap(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_sigsys;
  sigaction(SIGSYS, &sa, NULL);
  siginfo_t si;
  memset(&si, 0, sizeof(si));
  si.si_signo = SIGSYS;
  si.si_code = 1; /* SYS_SECCOMP */
  si.si_syscall = 135;
  si.si_arch = 0xc000003e; /* AUDIT_ARCH_X86_64 */
  long r = syscall(SYS_rt_sigqueueinfo, getpid(), SIGSYS, &si);
  mark("forge.queued", r < 0 ? -errno : r);
}

static void* thread_pause(void* arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

/* `n` threads waiting in pause(), then the killed call from the main
 * thread: one KILL_PROCESS takes all of them. */
static void many_threads_then_call(int n) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  int started = 0;
  for (int i = 0; i < n; ++i) {
    pthread_t t;
    if (pthread_create(&t, &attr, thread_pause, NULL) == 0) ++started;
  }
  mark("threads.started", started);
  sleep_ms(200);
  killed_call();
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: report_attacks MODE DIR\n");
    return 2;
  }
  const char* mode = argv[1];
  dir = argv[2];
  const pid_t supervisor = getppid();
  if (strcmp(mode, "plain") == 0) {
    killed_call();
  } else if (strcmp(mode, "steal") == 0) {
    /* Take the supervisor's descriptors. */
    int pidfd = (int)syscall(SYS_pidfd_open, supervisor, 0);
    int taken = 0;
    static int listeners[256];
    for (int fd = 0; pidfd >= 0 && fd < 256; ++fd) {
      int got = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
      if (got < 0) continue;
      ++taken;
      /* A seccomp listener knows SECCOMP_IOCTL_NOTIF_ID_VALID: answer its
       * notifications with CONTINUE from a thread of our own. */
      unsigned long long id = 0;
      if (ioctl(got, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) != 0 &&
          errno == ENOENT) {
        listeners[fd] = got;
        pthread_t t;
        pthread_create(&t, NULL, listener_thread, &listeners[fd]);
        mark("steal.listener", fd);
      }
    }
    mark("steal.taken", taken);
    sleep_ms(100);
    for (int i = 0; i < 20; ++i) killed_call(); /* one answered is enough */
  } else if (strcmp(mode, "stop") == 0) {
    /* Stop the supervisor, try to get EINTR out of the
     * killed call, and let a helper resume the supervisor later. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm; /* no SA_RESTART */
    sigaction(SIGALRM, &sa, NULL);
    /* Forked first: once the supervisor is stopped, the task's own fork
     * would wait for it in the fork event stop. */
    if (fork() == 0) {
      sleep_ms(1500);
      /* Again until it is gone, in case a slow machine ran this first. */
      for (int i = 0; i < 50 && kill(supervisor, SIGCONT) == 0; ++i) {
        sleep_ms(200);
      }
      _exit(0);
    }
    sleep_ms(100);
    if (kill(supervisor, SIGSTOP) == 0) mark("stop.stopped", 1);
    alarm(1);
    killed_call();
  } else if (strcmp(mode, "kill_supervisor") == 0) {
    grandchild_after(supervisor);
    sleep_ms(100);
    kill(supervisor, SIGKILL);
    sleep_ms(2000); /* EXITKILL/PDEATHSIG end this process */
    killed_call();
  } else if (strcmp(mode, "grandchild_after_exit") == 0) {
    grandchild_after(supervisor);
    sleep_ms(100);
    return 0; /* the supervisor exits with this status */
  } else if (strcmp(mode, "notify") == 0) {
    stack_notify_filter();
    killed_call();
  } else if (strcmp(mode, "untraced") == 0) {
    /* A child the supervisor would not trace. */
    long r = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
    if (r == 0) {
      killed_call();
      _exit(0);
    }
    mark("untraced.clone", r < 0 ? -errno : r);
    if (r > 0) waitpid((pid_t)r, NULL, 0);
    return 0;
  } else if (strcmp(mode, "thread") == 0) {
    pthread_t t;
    pthread_create(&t, NULL, thread_call, NULL);
    pthread_join(t, NULL);
    mark("thread.joined", 1);
    return 0;
  } else if (strcmp(mode, "selfsys") == 0) {
    kill(getpid(), SIGSYS); /* not seccomp: must not be reported as such */
    return 0;
  } else if (strcmp(mode, "forge_trap") == 0) {
    forge_trap();
    return 0;
  } else if (strcmp(mode, "threads") == 0) {
    many_threads_then_call(999);
#if defined(__x86_64__)
  } else if (strcmp(mode, "high_bit") == 0) {
    long r = high_bit_personality();
    mark("ran", r);
  } else if (strcmp(mode, "i386") == 0) {
    long r = i386_personality();
    mark("ran", r);
#endif
  } else {
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
  }
  return 0;
}

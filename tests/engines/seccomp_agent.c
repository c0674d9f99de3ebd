// seccomp_agent SOCKET STATE_OUT ERRNO: a minimal OCI seccomp agent for the
// tests. Listens on SOCKET, takes one runtime's message (container state
// JSON + the listener fd by SCM_RIGHTS), writes the JSON to STATE_OUT, then
// answers every notification with -ERRNO until the container is gone.
// Prints "agent: ..." lines on stderr for the test log.
#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: seccomp_agent SOCKET STATE_OUT ERRNO\n");
    return 2;
  }
  alarm(60);  // never outlive a broken test
  int server = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  snprintf(addr.sun_path, sizeof addr.sun_path, "%s", argv[1]);
  if (server < 0 || bind(server, (struct sockaddr*)&addr, sizeof addr) != 0 ||
      listen(server, 1) != 0) {
    perror("agent: listen");
    return 1;
  }
  int conn = accept(server, NULL, NULL);
  if (conn < 0) {
    perror("agent: accept");
    return 1;
  }
  char data[8192];
  struct iovec iov = {data, sizeof data - 1};
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int))];
  } control;
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  ssize_t n = recvmsg(conn, &msg, 0);
  struct cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
  if (n <= 0 || cmsg == NULL || cmsg->cmsg_type != SCM_RIGHTS) {
    fprintf(stderr, "agent: no listener fd received\n");
    return 1;
  }
  int listener;
  memcpy(&listener, CMSG_DATA(cmsg), sizeof listener);
  data[n] = '\0';
  FILE* out = fopen(argv[2], "w");
  if (out == NULL || fputs(data, out) < 0 || fclose(out) != 0) {
    perror("agent: state");
    return 1;
  }
  fprintf(stderr, "agent: got listener fd %d and state %s\n", listener, data);
  const int answer = atoi(argv[3]);
  for (;;) {
    struct pollfd p = {listener, POLLIN, 0};
    if (poll(&p, 1, -1) < 0) {
      if (errno == EINTR) continue;
      perror("agent: poll");
      return 1;
    }
    if (p.revents & POLLIN) {
      struct seccomp_notif notif;
      memset(&notif, 0, sizeof notif);
      if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &notif) != 0) continue;
      struct seccomp_notif_resp resp;
      memset(&resp, 0, sizeof resp);
      resp.id = notif.id;
      resp.error = -answer;
      ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
      fprintf(stderr, "agent: pid %u syscall %d answered errno %d\n", notif.pid,
              notif.data.nr, answer);
    } else if (p.revents & (POLLHUP | POLLERR)) {
      return 0;  // every task under the filter is gone
    }
  }
}

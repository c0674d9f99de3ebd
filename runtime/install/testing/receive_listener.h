// The agent's side of notify_agent.h's SendListenerFd, for tests that play
// the agent: one message, its payload and the listener fd it carries.
#ifndef SECCOMPC_RUNTIME_INSTALL_TESTING_RECEIVE_LISTENER_H_
#define SECCOMPC_RUNTIME_INSTALL_TESTING_RECEIVE_LISTENER_H_

#include <sys/socket.h>

#include <cstring>
#include <string>

namespace seccompc {

struct ReceivedListener {
  int fd = -1;  // close-on-exec; -1 when the message carried no fd
  std::string payload;
};

inline ReceivedListener ReceiveListenerFd(int socket_fd) {
  ReceivedListener out;
  char data[4096];
  iovec iov = {data, sizeof(data)};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  const ssize_t n = recvmsg(socket_fd, &msg, MSG_CMSG_CLOEXEC);
  if (n <= 0) return out;
  out.payload.assign(data, static_cast<size_t>(n));
  const cmsghdr* c = CMSG_FIRSTHDR(&msg);
  if (c == nullptr || c->cmsg_level != SOL_SOCKET ||
      c->cmsg_type != SCM_RIGHTS) {
    return out;
  }
  std::memcpy(&out.fd, CMSG_DATA(c), sizeof(int));
  return out;
}

}  // namespace seccompc

#endif  // SECCOMPC_RUNTIME_INSTALL_TESTING_RECEIVE_LISTENER_H_

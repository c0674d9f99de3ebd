#include "runtime/install/notify_agent.h"

#include <linux/seccomp.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "compiler/bpf/bpf.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "runtime/install/install.h"
#include "runtime/install/testing/receive_listener.h"

namespace seccompc {
namespace {

TEST(ListenerPayloadTest, TheFieldsOciAgentsRead) {
  ListenerState s;
  s.id = "task-1";
  s.pid = 4242;
  s.bundle = "/b";
  s.metadata = "opaque \"meta\"";
  const nlohmann::json j = nlohmann::json::parse(ListenerPayload(s));
  EXPECT_EQ(j["ociVersion"], "1.0.2");
  EXPECT_EQ(j["fds"], nlohmann::json({"seccompFd"}));
  EXPECT_EQ(j["pid"], 4242);
  EXPECT_EQ(j["metadata"], "opaque \"meta\"");
  EXPECT_EQ(j["state"]["id"], "task-1");
  EXPECT_EQ(j["state"]["status"], "creating");
  EXPECT_EQ(j["state"]["pid"], 4242);
  EXPECT_EQ(j["state"]["bundle"], "/b");
}

TEST(ConnectAgentTest, ClearErrors) {
  EXPECT_FALSE(ConnectAgent("relative.sock").ok());
  EXPECT_FALSE(ConnectAgent(std::string(200, '/')).ok());
  absl::StatusOr<int> none = ConnectAgent("/nonexistent/agent.sock");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("/nonexistent/agent.sock"),
            std::string::npos);
}

// A task installs a filter whose getppid notifies; this test is the agent:
// it receives the fd and the state, answers ENOMSG, and the task sees it.
TEST(ListenerHandoffTest, AgentAnswersTheTasksNotification) {
  char dir[] = "/tmp/seccompc-agent-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/agent.sock";
  const int server = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(server, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strcpy(addr.sun_path, path.c_str());
  ASSERT_EQ(bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(server, 1), 0);

  const pid_t task = fork();
  ASSERT_GE(task, 0);
  if (task == 0) {
    ListenerState state;
    state.id = "t";
    state.pid = getpid();
    state.metadata = "meta";
    absl::StatusOr<ListenerHandoff> handoff =
        ListenerHandoff::Start(path, ListenerPayload(state));
    if (!handoff.ok()) _exit(10);
    InstallOptions options;
    options.new_listener = true;
    const Program program = {LoadAbs(kNrOffset), JumpEq(SYS_getppid, 0, 1),
                             Ret(SECCOMP_RET_USER_NOTIF),
                             Ret(SECCOMP_RET_ALLOW)};
    absl::StatusOr<InstallResult> installed = Install(program, options);
    if (!installed.ok()) _exit(11);
    if (!handoff->Finish(installed->listener_fd).ok()) _exit(12);
    close(installed->listener_fd);
    const long r = syscall(SYS_getppid);
    _exit(r == -1 && errno == ENOMSG ? 0 : 13);
  }

  const int conn = accept(server, nullptr, nullptr);
  ASSERT_GE(conn, 0);
  const ReceivedListener received = ReceiveListenerFd(conn);
  ASSERT_GE(received.fd, 0) << "no listener fd with the payload";
  const int listener = received.fd;
  const nlohmann::json payload = nlohmann::json::parse(received.payload);
  EXPECT_EQ(payload["pid"], task);
  EXPECT_EQ(payload["metadata"], "meta");

  seccomp_notif notif{};
  ASSERT_EQ(ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &notif), 0)
      << std::strerror(errno);
  EXPECT_EQ(notif.data.nr, SYS_getppid);
  EXPECT_EQ(static_cast<pid_t>(notif.pid), task);
  seccomp_notif_resp resp{};
  resp.id = notif.id;
  resp.error = -ENOMSG;
  ASSERT_EQ(ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp), 0)
      << std::strerror(errno);
  int status = 0;
  ASSERT_EQ(waitpid(task, &status, 0), task);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  close(listener);
  close(conn);
  close(server);
  unlink(path.c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace seccompc

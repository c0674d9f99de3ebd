// Forked children for tests that must not change the test process itself
// (a seccomp filter cannot be removed, a dropped uid cannot be regained):
// the body runs in a child, which then _exits; the parent gets the wait
// status and, with RunInChildWithReport, the bytes the body sent back.
//
//   const int status = RunInChild([] { ...; return ErrnoOf(syscall(...)); });
//   EXPECT_TRUE(ExitedWith(status, EPERM)) << StatusText(status);
#ifndef SECCOMPC_TESTS_CHILD_PROCESS_H_
#define SECCOMPC_TESTS_CHILD_PROCESS_H_

#include <functional>
#include <string>

namespace seccompc {

// Runs `body` in a forked child (core dumps off, so a SIGSYS death leaves
// no core) and returns its wait status. The child _exits with body's value
// and never returns into gtest; -1 when fork fails.
int RunInChild(const std::function<int()>& body);

struct ChildReport {
  int status = 0;      // the wait status, as RunInChild's
  std::string report;  // what the body returned; only what arrived before
                       // the child died (empty after SIGSYS)
};

// Like RunInChild; the body's result goes back through a pipe and the
// child exits 0 after sending it. The report ends when every copy of the
// pipe is closed, so a grandchild that writes adds its bytes after the
// child's.
ChildReport RunInChildWithReport(const std::function<std::string()>& body);

// Predicates on a wait status.
bool ExitedWith(int status, int code);
bool KilledBy(int status, int signal);
// "exit 3", "signal 31", for failure messages.
std::string StatusText(int status);

// errno of a failed raw syscall (-1), 0 if it succeeded.
int ErrnoOf(long ret);

}  // namespace seccompc

#endif  // SECCOMPC_TESTS_CHILD_PROCESS_H_

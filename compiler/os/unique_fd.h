// A file descriptor that is closed when its owner goes away, on every
// return path (the process tools open pidfds, pipes, listeners and memfds
// and leave early on errors).
//
//   UniqueFd pidfd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
//   if (!pidfd.valid()) return absl::InternalError(CallError("pidfd_open",
//   errno)); use(pidfd.get());  // closed when pidfd goes out of scope
#ifndef SECCOMPC_COMPILER_OS_UNIQUE_FD_H_
#define SECCOMPC_COMPILER_OS_UNIQUE_FD_H_

namespace seccompc {

class UniqueFd {
 public:
  // Takes ownership of `fd`; -1 (or any negative value) owns nothing, so a
  // failed open() can be wrapped before it is checked.
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Gives the descriptor up without closing it.
  int release();
  // Closes the owned descriptor (if any) and owns `fd` instead.
  void reset(int fd = -1);

 private:
  int fd_;
};

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_OS_UNIQUE_FD_H_

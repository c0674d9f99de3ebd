// Classic BPF instructions as the kernel's seccomp takes them.
//
// A program is a sequence of `struct sock_filter` (<linux/filter.h>); this
// header only adds constructors and the offsets of `struct seccomp_data`,
// so that every other module speaks the kernel's own types.
//
//   Program p = {LoadAbs(kNrOffset), JumpEq(39, 0, 1), Ret(0x7fff0000),
//                Ret(0x80000000)};
#ifndef SECCOMPC_COMPILER_BPF_BPF_H_
#define SECCOMPC_COMPILER_BPF_BPF_H_

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace seccompc {

using Program = std::vector<sock_filter>;

// Offsets in struct seccomp_data.
inline constexpr uint32_t kNrOffset = offsetof(seccomp_data, nr);
inline constexpr uint32_t kArchOffset = offsetof(seccomp_data, arch);
inline constexpr uint32_t kIpOffset =
    offsetof(seccomp_data, instruction_pointer);
inline constexpr uint32_t kArgsOffset = offsetof(seccomp_data, args);
inline constexpr uint32_t kSeccompDataSize = sizeof(seccomp_data);  // 64
inline constexpr size_t kMaxInstructions = BPF_MAXINSNS;            // 4096
inline constexpr uint32_t kMaxShortJump = 255;  // jt/jf are 8 bits

inline sock_filter Stmt(uint16_t code, uint32_t k) {
  return sock_filter{code, 0, 0, k};
}
inline sock_filter Jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) {
  return sock_filter{code, jt, jf, k};
}
// A branch whose offsets a layout computed (codegen's FilterDag::Emit, the
// optimizer's re-encoding): the one place where a jump distance becomes an
// 8-bit jt/jf. A distance over 255 is a layout bug, and a truncated offset
// would still verify while jumping elsewhere, so it stops the process (as
// Chromium's CodeGen CHECKs) instead of emitting a program with another
// meaning.
inline sock_filter LayoutJump(uint16_t code, uint32_t k, size_t jt, size_t jf) {
  if (jt > kMaxShortJump || jf > kMaxShortJump) {
    std::fprintf(stderr,
                 "seccompc: internal error: jump offset %zu/%zu over %u\n", jt,
                 jf, kMaxShortJump);
    std::abort();
  }
  return Jump(code, k, static_cast<uint8_t>(jt), static_cast<uint8_t>(jf));
}
inline sock_filter LoadAbs(uint32_t offset) {
  return Stmt(BPF_LD | BPF_W | BPF_ABS, offset);
}
inline sock_filter Ret(uint32_t value) { return Stmt(BPF_RET | BPF_K, value); }
inline sock_filter JumpAlways(uint32_t offset) {
  return Stmt(BPF_JMP | BPF_JA, offset);
}
inline sock_filter JumpEq(uint32_t k, uint8_t jt, uint8_t jf) {
  return Jump(BPF_JMP | BPF_JEQ | BPF_K, k, jt, jf);
}
inline sock_filter JumpGe(uint32_t k, uint8_t jt, uint8_t jf) {
  return Jump(BPF_JMP | BPF_JGE | BPF_K, k, jt, jf);
}
inline sock_filter JumpGt(uint32_t k, uint8_t jt, uint8_t jf) {
  return Jump(BPF_JMP | BPF_JGT | BPF_K, k, jt, jf);
}
inline sock_filter JumpSet(uint32_t k, uint8_t jt, uint8_t jf) {
  return Jump(BPF_JMP | BPF_JSET | BPF_K, k, jt, jf);
}
inline sock_filter AluAnd(uint32_t k) {
  return Stmt(BPF_ALU | BPF_AND | BPF_K, k);
}

inline bool operator==(const sock_filter& a, const sock_filter& b) {
  return a.code == b.code && a.jt == b.jt && a.jf == b.jf && a.k == b.k;
}
inline bool operator!=(const sock_filter& a, const sock_filter& b) {
  return !(a == b);
}

// sock_filter is a global type, so the operator== above is not found by
// ADL from inside std (std::vector's ==, gtest's EXPECT_EQ on Programs);
// compare whole programs with this instead.
inline bool ProgramsEqual(const Program& a, const Program& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_BPF_BPF_H_

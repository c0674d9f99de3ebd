#include "compiler/bpf/disasm.h"

#include <linux/audit.h>

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

TEST(DisassembleTest, GoldenListingForX86_64) {
  const Program p = {
      /*0*/ LoadAbs(kArchOffset),
      /*1*/ JumpEq(AUDIT_ARCH_X86_64, 1, 0),
      /*2*/ Ret(SECCOMP_RET_KILL_PROCESS),
      /*3*/ LoadAbs(kNrOffset),
      /*4*/ JumpGe(0x40000000, 0, 2),
      /*5*/ JumpEq(0x40000001, 5, 0),
      /*6*/ Ret(SECCOMP_RET_ALLOW | 5),
      /*7*/ JumpEq(39, 3, 0),
      /*8*/ JumpEq(1, 0, 3),
      /*9*/ LoadAbs(kArgsOffset),
      /*10*/ JumpEq(2, 0, 1),
      /*11*/ Ret(SECCOMP_RET_ALLOW),
      /*12*/ Ret(SECCOMP_RET_ERRNO | 1),
      /*13*/ Ret(SECCOMP_RET_KILL_THREAD),
  };
  const std::string expected =
      "         0: ld [arch]\n"
      "         1: jeq #0xc000003e, L3, L2     ; AUDIT_ARCH_X86_64\n"
      "L2:      2: ret KILL_PROCESS\n"
      "L3:      3: ld [nr]\n"
      "         4: jge #0x40000000, L5, L7     ; read (x32)\n"
      "L5:      5: jeq #0x40000001, L11, L6    ; write (x32)\n"
      "L6:      6: ret #0x7fff0005             ; ALLOW\n"
      "L7:      7: jeq #39, L11, L8            ; getpid\n"
      "L8:      8: jeq #1, L9, L12             ; write\n"
      "L9:      9: ld [args[0].lo]\n"
      "        10: jeq #2, L11, L12\n"
      "L11:    11: ret ALLOW\n"
      "L12:    12: ret ERRNO(1)\n"
      "        13: ret #0                      ; unreachable\n";
  EXPECT_EQ(Disassemble(p), expected);
}

TEST(DisassembleTest, ArgumentHalvesFollowTheArchsByteOrder) {
  // s390x is big-endian: the low word of args[0] is at offset 20.
  const Program p = {LoadAbs(kArchOffset), JumpEq(AUDIT_ARCH_S390X, 0, 3),
                     LoadAbs(20), LoadAbs(kIpOffset), Ret(SECCOMP_RET_ALLOW)};
  const std::string listing = Disassemble(p);
  EXPECT_NE(listing.find("2: ld [args[0].lo]"), std::string::npos) << listing;
  EXPECT_NE(listing.find("3: ld [ip.hi]"), std::string::npos) << listing;
  EXPECT_NE(listing.find("; AUDIT_ARCH_S390X"), std::string::npos) << listing;
}

TEST(DisassembleTest, UnknownArchNamesOffsetsAndNoSyscalls) {
  // No arch check: nothing says which table or byte order applies.
  const Program p = {LoadAbs(kNrOffset), JumpEq(39, 0, 1), LoadAbs(28),
                     Ret(SECCOMP_RET_ALLOW)};
  const std::string listing = Disassemble(p);
  EXPECT_NE(listing.find("1: jeq #39, L2, L3\n"), std::string::npos) << listing;
  EXPECT_NE(listing.find("2: ld [args[1]+4]\n"), std::string::npos) << listing;
}

TEST(DisassembleTest, ArchIsForgottenWhereArchesMerge) {
  // Instruction 3 is reached from the x86_64 branch and from the i386
  // branch, so no single syscall table applies there.
  const Program p = {LoadAbs(kArchOffset),
                     JumpEq(AUDIT_ARCH_X86_64, 1, 0),
                     JumpEq(AUDIT_ARCH_I386, 0, 2),
                     LoadAbs(kNrOffset),
                     JumpEq(39, 0, 0),
                     Ret(SECCOMP_RET_ALLOW)};
  const std::string listing = Disassemble(p);
  EXPECT_NE(listing.find("4: jeq #39, L5, L5"), std::string::npos) << listing;
  EXPECT_EQ(listing.find("getpid"), std::string::npos) << listing;
}

TEST(DisassembleTest, ByteOrderSurvivesMergesOfSameOrderArches) {
  // Instruction 3 is reached from x86_64 and from i386 (both little-endian)
  // in the first program, from x86_64 and s390x in the second.
  for (const auto& [other_arch, expected] :
       {std::pair<uint32_t, const char*>{AUDIT_ARCH_I386,
                                         "3: ld [args[0].lo]\n"},
        std::pair<uint32_t, const char*>{AUDIT_ARCH_S390X,
                                         "3: ld [args[0]+0]\n"}}) {
    const Program p = {LoadAbs(kArchOffset), JumpEq(AUDIT_ARCH_X86_64, 1, 0),
                       JumpEq(other_arch, 0, 1), LoadAbs(kArgsOffset),
                       Ret(SECCOMP_RET_ALLOW)};
    const std::string listing = Disassemble(p);
    EXPECT_NE(listing.find(expected), std::string::npos) << listing;
  }
}

TEST(DisassembleTest, LengthLoadsAndNonSeccompOpcodes) {
  const Program p = {Stmt(BPF_LD | BPF_W | BPF_LEN, 0),
                     Stmt(BPF_LD | BPF_B | BPF_ABS, 3), Stmt(0xffff, 9),
                     Stmt(BPF_RET | BPF_A, 0)};
  EXPECT_EQ(Disassemble(p),
            "         0: ld #len                     ; 64 in seccomp\n"
            "         1: ldb [3]\n"
            "         2: .insn code=0xffff jt=0 jf=0 k=0x9\n"
            "         3: ret a\n");
}

TEST(DisassembleTest, EmptyProgramIsEmptyListing) {
  EXPECT_EQ(Disassemble({}), "");
}

TEST(RawProgramTest, RoundTrip) {
  const Program p = {LoadAbs(kNrOffset), JumpEq(0x01020304, 7, 9),
                     Ret(SECCOMP_RET_ALLOW)};
  const std::string bytes = SerializeRawProgram(p);
  ASSERT_EQ(bytes.size(), 24u);
  absl::StatusOr<Program> parsed = ParseRawProgram(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(ProgramsEqual(*parsed, p));
}

TEST(RawProgramTest, LayoutIsStructSockFilterInHostOrder) {
  const std::string bytes = SerializeRawProgram({JumpEq(0x01020304, 7, 9)});
  ASSERT_EQ(bytes.size(), 8u);
  EXPECT_EQ(bytes[2], 7);  // jt
  EXPECT_EQ(bytes[3], 9);  // jf
  if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {
    EXPECT_EQ(bytes[0], BPF_JMP | BPF_JEQ | BPF_K);
    EXPECT_EQ(bytes[1], 0);
    EXPECT_EQ(bytes.substr(4), std::string("\x04\x03\x02\x01", 4));
  }
}

TEST(RawProgramTest, SizeMustBeAMultipleOf8) {
  EXPECT_EQ(ParseRawProgram(std::string(12, '\0')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseRawProgram(std::string(7, '\0')).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<Program> empty = ParseRawProgram("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  absl::StatusOr<Program> two = ParseRawProgram(std::string(16, '\0'));
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->size(), 2u);
}

}  // namespace
}  // namespace seccompc

// syscall_probe_i386 NR [ARG...]: syscall_probe for the i386 ABI (int $0x80),
// so that the x86 part of a filter meets the real kernel. Same output:
//
//   ready nr=NR
//   ret=R errno=E
//
// Freestanding (no libc): Debian has no 32-bit libc for static linking on
// these machines, and the probe needs nothing but write, the call itself
// and exit_group. At most 5 arguments (ebx..edi; ebp is the frame).
typedef unsigned long u32;

static long Syscall(long nr, u32 a, u32 b, u32 c, u32 d, u32 e) {
  long ret;
  __asm__ volatile("int $0x80"
                   : "=a"(ret)
                   : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                   : "memory");
  return ret;
}

static void Say(const char* s) {
  u32 n = 0;
  while (s[n] != 0) ++n;
  Syscall(4 /* write */, 1, (u32)s, n, 0, 0);
}

static char* Decimal(long v, char* end) {
  int negative = v < 0;
  u32 u = negative ? (u32)(-v) : (u32)v;
  *--end = 0;
  do {
    *--end = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (negative) *--end = '-';
  return end;
}

// strtoul(s, NULL, 0) for decimal and 0x hex.
static u32 Number(const char* s) {
  u32 v = 0;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    for (s += 2; *s != 0; ++s) {
      const char c = *s;
      const u32 d = c >= '0' && c <= '9'   ? (u32)(c - '0')
                    : c >= 'a' && c <= 'f' ? (u32)(c - 'a' + 10)
                    : c >= 'A' && c <= 'F' ? (u32)(c - 'A' + 10)
                                           : 0;
      v = v * 16 + d;
    }
    return v;
  }
  for (; *s >= '0' && *s <= '9'; ++s) v = v * 10 + (u32)(*s - '0');
  return v;
}

__attribute__((used)) static void ProbeMain(long* stack) {
  const long argc = stack[0];
  char** argv = (char**)(stack + 1);
  char buf[16];
  if (argc < 2 || argc > 7) {
    Say("usage: syscall_probe_i386 NR [ARG...] (at most 5 args)\n");
    Syscall(252 /* exit_group */, 2, 0, 0, 0, 0);
  }
  u32 a[5] = {0, 0, 0, 0, 0};
  for (long i = 2; i < argc; ++i) a[i - 2] = Number(argv[i]);
  const long nr = (long)Number(argv[1]);
  Say("ready nr=");
  Say(Decimal(nr, buf + sizeof(buf)));
  Say("\n");
  const long r = Syscall(nr, a[0], a[1], a[2], a[3], a[4]);
  const int failed = r < 0 && r > -4096;
  Say("ret=");
  Say(Decimal(failed ? -1 : r, buf + sizeof(buf)));
  Say(" errno=");
  Say(Decimal(failed ? -r : 0, buf + sizeof(buf)));
  Say("\n");
  Syscall(252 /* exit_group */, 0, 0, 0, 0, 0);
}

// The kernel starts us with argc at (%esp), argv after it.
__asm__(
    ".globl _start\n"
    "_start:\n"
    "  xorl %ebp, %ebp\n"
    "  movl %esp, %eax\n"
    "  andl $-16, %esp\n"
    "  subl $12, %esp\n"
    "  pushl %eax\n"
    "  call ProbeMain\n"
    "  hlt\n");

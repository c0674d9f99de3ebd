#!/usr/bin/env python3
"""Generates compiler/arch/syscall_tables.inc from the Linux UAPI headers.

Usage (from the repository root):

    python3 tools/gen_syscall_tables.py -o compiler/arch/syscall_tables.inc
    python3 tools/gen_syscall_tables.py > compiler/arch/syscall_tables.inc
    python3 tools/gen_syscall_tables.py --check compiler/arch/syscall_tables.inc

`--check FILE` regenerates in memory and exits 1 (printing a diff) when FILE
differs; //compiler/arch:syscall_tables_up_to_date_test runs it.
`--supplement FILE` merges another supplement table (for tests). Exit status
2 means the headers or the supplement could not be used (message on stderr).

Sources. Every table comes from one of Debian's linux-libc-dev-<arch>-cross
packages (Linux 6.1 UAPI headers under /usr/<triple>/include, installed by the
project's setup script), plus tools/syscalls_supplement.tbl for syscalls that
newer kernels added. loongarch64 has no Debian header package, so its table is
empty.

Method. For each ABI the script:
  1. runs the host C preprocessor (`cpp`, or $CPP) with -undef -nostdinc, the
     cross include directory, and the predefines the target compiler would set
     (__mips__, _MIPS_SIM, __ILP32__, __SIZEOF_LONG__, ...), over a file that
     includes the arch's <asm/unistd.h>, with -dM to list every __NR_* macro;
  2. preprocesses a second file that expands each of those macros, so that
     the preprocessor resolves things like (__NR_Linux + 3) or
     (__X32_SYSCALL_BIT + 0);
  3. evaluates the remaining integer expressions in Python with a tiny,
     whitelisted evaluator (integers, + - | << >> & ~ and parentheses).
Names lose their __NR_ prefix; ARM's private __ARM_NR_* calls (0x0f0000 + n)
are added to the arm table. Macros that are not syscalls (__NR_syscalls,
__NR_Linux, __NR_SYSCALL_BASE, arch_specific_syscall, ...) are dropped.

The supplement is merged last: its numbers are the kernel's table numbers, to
which each ABI adds its base (mips 4000/5000/6000) and marker bit (x32's
0x40000000). A supplement row that disagrees with the headers (the name
already there with another number, or the number already taken by another
name) is an error, never a silent override.
"""

import argparse
import ast
import difflib
import os
import re
import subprocess
import sys
import tempfile

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUPPLEMENT = os.path.join(REPO_ROOT, "tools", "syscalls_supplement.tbl")
OUTPUT_REL = "compiler/arch/syscall_tables.inc"

X32_SYSCALL_BIT = 0x40000000

# Predefines shared by every target: the host cpp runs with -undef, so these
# replace the ones the target's own compiler would provide.
_COMMON = {"__linux__": "1", "__CHAR_BIT__": "8"}
_ILP32 = {"__SIZEOF_LONG__": "4", "__SIZEOF_POINTER__": "4"}
_LP64 = {"__SIZEOF_LONG__": "8", "__SIZEOF_POINTER__": "8", "__LP64__": "1",
         "_LP64": "1"}


class Abi:
  """One syscall ABI: where its header is and how to preprocess it."""

  def __init__(self, ident, triple, defines, nr_base=0, marker_bit=0,
               arm_private=False):
    self.ident = ident  # C++ suffix: kSyscalls<ident>
    self.triple = triple  # /usr/<triple>/include, or None (no header)
    self.defines = dict(_COMMON)
    self.defines.update(defines)
    self.nr_base = nr_base
    self.marker_bit = marker_bit
    self.arm_private = arm_private


def _mips(ident, triple, sim, endian, lp64):
  defines = {"__mips__": "1", "_MIPS_SIM": str(sim), endian: "1"}
  defines.update(_LP64 if lp64 else _ILP32)
  defines["_MIPS_SZLONG"] = "64" if lp64 else "32"
  base = {1: 4000, 3: 5000, 2: 6000}[sim]
  return Abi(ident, triple, defines, nr_base=base)


def _d(*maps, **kv):
  out = {}
  for m in maps:
    out.update(m)
  for k, v in kv.items():
    out[k] = v
  return out


# In ArchId order (compiler/arch/arch.h). The mips _MIPS_SIM values are
# asm/sgidefs.h's _MIPS_SIM_ABI32 (1), _MIPS_SIM_NABI32 (2) and
# _MIPS_SIM_ABI64 (3).
ABIS = [
    Abi("X86", "i686-linux-gnu", _d(_ILP32, __i386__="1")),
    Abi("X86_64", "x86_64-linux-gnu", _d(_LP64, __x86_64__="1")),
    Abi("X32", "x86_64-linux-gnu", _d(_ILP32, __x86_64__="1", __ILP32__="1"),
        marker_bit=X32_SYSCALL_BIT),
    Abi("Arm", "arm-linux-gnueabihf",
        _d(_ILP32, __arm__="1", __ARM_EABI__="1", __ARMEL__="1"),
        arm_private=True),
    Abi("Aarch64", "aarch64-linux-gnu", _d(_LP64, __aarch64__="1")),
    _mips("Mips", "mips-linux-gnu", 1, "__MIPSEB__", False),
    _mips("Mips64", "mips64-linux-gnuabi64", 3, "__MIPSEB__", True),
    _mips("Mips64N32", "mips64-linux-gnuabin32", 2, "__MIPSEB__", False),
    _mips("Mipsel", "mipsel-linux-gnu", 1, "__MIPSEL__", False),
    _mips("Mipsel64", "mips64el-linux-gnuabi64", 3, "__MIPSEL__", True),
    _mips("Mipsel64N32", "mips64el-linux-gnuabin32", 2, "__MIPSEL__", False),
    Abi("Ppc", "powerpc-linux-gnu", _d(_ILP32, __powerpc__="1")),
    Abi("Ppc64", "powerpc64-linux-gnu",
        _d(_LP64, __powerpc__="1", __powerpc64__="1")),
    Abi("Ppc64le", "powerpc64le-linux-gnu",
        _d(_LP64, __powerpc__="1", __powerpc64__="1", __LITTLE_ENDIAN__="1")),
    Abi("S390", "s390x-linux-gnu", _d(_ILP32, __s390__="1")),
    Abi("S390x", "s390x-linux-gnu", _d(_LP64, __s390__="1", __s390x__="1")),
    Abi("Parisc", "hppa-linux-gnu", _d(_ILP32, __hppa__="1")),
    # The 64-bit kernel's own table (unistd_64.h): same numbers as parisc,
    # without the 32-bit-only *_time64 calls.
    Abi("Parisc64", "hppa-linux-gnu", _d(_LP64, __hppa__="1", __hppa64__="1")),
    Abi("Riscv64", "riscv64-linux-gnu",
        _d(_LP64, __riscv="1", __riscv_xlen="64")),
    Abi("Loongarch64", None, {}),
    Abi("M68k", "m68k-linux-gnu", _d(_ILP32, __m68k__="1", __mc68000__="1")),
    Abi("Sh", "sh4-linux-gnu", _d(_ILP32, __sh__="1", __SH4__="1",
                                  __LITTLE_ENDIAN__="1")),
    # Big-endian SH shares the numbers of little-endian SH.
    Abi("Sheb", "sh4-linux-gnu", _d(_ILP32, __sh__="1", __SH4__="1",
                                    __BIG_ENDIAN__="1")),
]

# __NR_* / __ARM_NR_* macros that are not syscalls. Anything with an upper-
# case letter (__NR_Linux, __NR_SYSCALL_BASE, __ARM_NR_BASE, ...) is also
# dropped, since every real syscall name is lower case.
NOT_SYSCALLS = {"syscalls", "arch_specific_syscall"}
_NAME_RE = re.compile(r"^[a-z0-9_]+$")
_MACRO_RE = re.compile(r"^#define (__NR_|__ARM_NR_)(\w+)[ (]")


class GenError(Exception):
  pass


def _cpp_command():
  return os.environ.get("CPP", "cpp").split()


def _preprocess(abi, source, dump_macros):
  include = os.path.join("/usr", abi.triple, "include")
  if not os.path.isdir(os.path.join(include, "asm")):
    raise GenError(
        f"{include}/asm is missing: install Debian's linux-libc-dev "
        f"cross package for {abi.triple} (tools/setup.sh)")
  cmd = _cpp_command() + ["-undef", "-nostdinc", "-P", "-I", include]
  for name, value in sorted(abi.defines.items()):
    cmd.append(f"-D{name}={value}")
  if dump_macros:
    cmd.append("-dM")
  with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
    f.write(source)
    path = f.name
  try:
    cmd.append(path)
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
  finally:
    os.unlink(path)
  if res.returncode != 0:
    raise GenError(f"{' '.join(cmd)} failed for {abi.ident}:\n{res.stderr}")
  return res.stdout


_ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant,
                  ast.Add, ast.Sub, ast.BitOr, ast.BitAnd, ast.LShift,
                  ast.RShift, ast.Invert, ast.USub, ast.UAdd)


def _eval_int(expr):
  """Evaluates a preprocessed C integer constant expression."""
  text = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b", r"\1", expr.strip())
  tree = ast.parse(text, mode="eval")
  for node in ast.walk(tree):
    if not isinstance(node, _ALLOWED_NODES):
      raise GenError(f"cannot evaluate {expr!r}")
    if isinstance(node, ast.Constant) and not isinstance(node.value, int):
      raise GenError(f"cannot evaluate {expr!r}")
  # Safe: the tree holds only integer constants and arithmetic operators.
  return eval(compile(tree, "<expr>", "eval"), {"__builtins__": {}})


def header_table(abi):
  """Returns {name: nr} for every syscall in the ABI's UAPI header."""
  include_line = "#include <asm/unistd.h>\n"
  macros = _preprocess(abi, include_line, dump_macros=True)
  wanted = []  # (name, macro)
  for line in macros.splitlines():
    m = _MACRO_RE.match(line + " ")
    if not m:
      continue
    prefix, name = m.group(1), m.group(2)
    if prefix == "__ARM_NR_" and not abi.arm_private:
      continue
    if not _NAME_RE.match(name) or name in NOT_SYSCALLS:
      continue
    wanted.append((name, prefix + name))
  if not wanted:
    raise GenError(f"no __NR_ macros found for {abi.ident}")
  body = include_line + "".join(
      f"@@{name}@@ {macro}\n" for name, macro in wanted)
  expanded = _preprocess(abi, body, dump_macros=False)
  table = {}
  for line in expanded.splitlines():
    m = re.match(r"^@@(\w+)@@ (.*)$", line)
    if not m:
      continue
    name, expr = m.group(1), m.group(2)
    nr = _eval_int(expr)
    if not 0 <= nr < 2**32:
      raise GenError(f"{abi.ident}: {name} = {expr} is out of range")
    if name in table and table[name] != nr:
      raise GenError(f"{abi.ident}: {name} defined twice")
    table[name] = nr
  if len(table) != len(wanted):
    missing = sorted({n for n, _ in wanted} - set(table))
    raise GenError(f"{abi.ident}: macros did not expand: {missing}")
  return table


def read_supplement(path=SUPPLEMENT):
  """Returns [(lineno, nr, abis or None for all, name, since)]."""
  rows = []
  with open(path, encoding="utf-8") as f:
    for lineno, line in enumerate(f, 1):
      line = line.split("#", 1)[0].strip()
      if not line:
        continue
      fields = line.split()
      if len(fields) != 4:
        raise GenError(f"{path}:{lineno}: want 4 fields: nr abis name since")
      nr_text, abis_text, name, since = fields
      abis = None if abis_text == "all" else abis_text.split(",")
      rows.append((lineno, int(nr_text, 0), abis, name, since))
  return rows


def merge_supplement(abi, table, rows, path=SUPPLEMENT):
  known = {a.ident.lower() for a in ABIS}
  by_nr = {}
  for name, nr in table.items():
    by_nr.setdefault(nr, []).append(name)
  for lineno, rel_nr, abis, name, _ in rows:
    if abis is not None:
      unknown = [a for a in abis if a not in known]
      if unknown:
        raise GenError(f"{path}:{lineno}: unknown ABI {unknown}")
      if abi.ident.lower() not in abis:
        continue
    nr = (abi.nr_base + rel_nr) | abi.marker_bit
    if name in table:
      if table[name] != nr:
        raise GenError(
            f"{path}:{lineno}: {abi.ident} headers have {name} = "
            f"{table[name]}, supplement says {nr}")
      continue  # the headers caught up; nothing to add
    if nr in by_nr:
      raise GenError(
          f"{path}:{lineno}: {abi.ident} number {nr} for {name} is already "
          f"{by_nr[nr]} in the headers")
    table[name] = nr
    by_nr[nr] = [name]


def generate(supplement=SUPPLEMENT):
  rows = read_supplement(supplement)
  out = [
      "// Generated by tools/gen_syscall_tables.py from Debian's Linux 6.1",
      "// UAPI headers plus tools/syscalls_supplement.tbl. Do not edit;",
      "// regenerate with:",
      f"//   python3 tools/gen_syscall_tables.py -o {OUTPUT_REL}",
      "//",
      "// One array per ArchId, sorted by nr then name (see arch.h), and",
      "// every name of every table, sorted and unique (kAllSyscallNames).",
      "// Sorted here, so that no process pays for sorting at run time",
      "// (arch.cc builds its name index at compile time). Included by",
      "// arch.cc inside its own namespace.",
      "",
  ]
  all_names = set()
  for abi in ABIS:
    if abi.triple is None:
      out.append(f"// {abi.ident}: no Debian UAPI headers; no table.")
      out.append("")
      continue
    table = header_table(abi)
    from_headers = len(table)
    merge_supplement(abi, table, rows, supplement)
    entries = sorted(table.items(), key=lambda kv: (kv[1], kv[0]))
    out.append(f"// {abi.ident}: {len(entries)} syscalls; {from_headers} from "
               f"/usr/{abi.triple}/include,")
    out.append(f"// {len(entries) - from_headers} from the supplement.")
    out.append(f"constexpr SyscallDef kSyscalls{abi.ident}[] = {{")
    for name, nr in entries:
      out.append(f'    {{"{name}", {nr:#x}}},' if nr >= 0x10000
                 else f'    {{"{name}", {nr}}},')
    out.append("};")
    out.append("")
    all_names.update(name for name, _ in entries)
  out.append(f"// {len(all_names)} names, sorted.")
  out.append("constexpr std::string_view kAllSyscallNames[] = {")
  out.extend(_wrapped([f'"{n}"' for n in sorted(all_names)]))
  out.append("};")
  out.append("")
  return "\n".join(out)


def _wrapped(items, width=80, indent="    "):
  """Comma-separated items on lines of at most `width` columns."""
  lines, line = [], indent
  for item in items:
    piece = item + ","
    if len(line) + len(piece) + (line != indent) > width:
      lines.append(line)
      line = indent
    line += (" " if line != indent else "") + piece
  if line != indent:
    lines.append(line)
  return lines


def write_or_check(text, args, script, output_rel):
  """Writes `text` to args.output (stdout when unset), or with args.check
  compares it with that file: 0 when equal, 1 with a diff when stale. Shared
  by the table generators."""
  if args.check:
    with open(args.check, encoding="utf-8") as f:
      current = f.read()
    if current == text:
      print(f"{args.check} is up to date")
      return 0
    sys.stdout.writelines(difflib.unified_diff(
        current.splitlines(True), text.splitlines(True),
        fromfile=args.check, tofile="generated"))
    print(f"\n{args.check} is stale. Regenerate it from the repository root "
          f"with:\n  python3 tools/{script} -o {output_rel}")
    return 1
  if args.output:
    with open(args.output, "w", encoding="utf-8") as f:
      f.write(text)
  else:
    sys.stdout.write(text)
  return 0


def main(argv):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("-o", "--output", help="write here instead of stdout")
  parser.add_argument("--supplement", default=SUPPLEMENT,
                      help="supplement table (default: %(default)s)")
  parser.add_argument("--check", metavar="FILE",
                      help="exit 1 if FILE differs from the generated text")
  args = parser.parse_args(argv)
  try:
    text = generate(args.supplement)
  except (GenError, OSError, ValueError) as e:
    print(f"gen_syscall_tables.py: {e}", file=sys.stderr)
    return 2
  return write_or_check(text, args, "gen_syscall_tables.py", OUTPUT_REL)


if __name__ == "__main__":
  sys.exit(main(sys.argv[1:]))

/* A launcher built outside Bazel against the installed library: compiles
 * a profile (from a buffer and from a file), reads its warnings, installs
 * the program in a forked child and sees a denied call denied there. */
#define _GNU_SOURCE
#include <errno.h>
#include <seccompc.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char kProfile[] =
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
    " \"syscalls\": [\n"
    "  {\"names\": [\"getppid\", \"no_such_call\"],\n"
    "   \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13}]}\n";

static int fail(const char* what, const char* detail) {
  fprintf(stderr, "FAIL: %s: %s\n", what, detail);
  return 1;
}

int main(int argc, char** argv) {
  struct seccompc_options opt;
  seccompc_program* prog = NULL;
  char err[512];
  size_t i;
  pid_t pid;
  int status;

  printf("libseccompc %s\n", seccompc_version());
  seccompc_options_init(&opt);
  opt.arches = "x86_64,x86";
  opt.caps = "docker";
  opt.kernel = "6.1";
  if (seccompc_compile_buffer(kProfile, sizeof kProfile - 1, "inline.json",
                              &opt, &prog, err, sizeof err) != 0) {
    return fail("compile_buffer", err);
  }
  if (seccompc_program_warning_count(prog) == 0) {
    return fail("warnings", "the unknown name gave no warning");
  }
  for (i = 0; i < seccompc_program_warning_count(prog); ++i) {
    printf("%s\n", seccompc_program_warning(prog, i));
  }
  if (seccompc_program_size(prog) == 0 || seccompc_program_size(prog) % 8) {
    return fail("program", "bad size");
  }
  if (seccompc_verify_program(seccompc_program_bytes(prog),
                              seccompc_program_size(prog), err,
                              sizeof err) != 0) {
    return fail("verify", err);
  }
  fflush(NULL);
  pid = fork();
  if (pid == 0) {
    long r;
    if (seccompc_install_program(seccompc_program_bytes(prog),
                                 seccompc_program_size(prog), 0) != 0) {
      _exit(2);
    }
    errno = 0;
    r = syscall(SYS_getppid);
    _exit(r == -1 && errno == 13 ? 0 : 3);
  }
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    return fail("child", "getppid was not denied with EACCES");
  }
  if (syscall(SYS_getppid) == -1) return fail("parent", "filtered too");
  seccompc_program_free(prog);

  /* Strict mode makes the unknown name an error with its position. */
  opt.strict = 1;
  if (seccompc_compile_buffer(kProfile, sizeof kProfile - 1, "inline.json",
                              &opt, &prog, err, sizeof err) == 0 ||
      prog != NULL || strstr(err, "inline.json:") == NULL) {
    return fail("strict", err);
  }
  /* A file, with this process's defaults. */
  if (argc > 1) {
    if (seccompc_compile_file(argv[1], NULL, &prog, err, sizeof err) != 0) {
      return fail("compile_file", err);
    }
    printf("%s: %zu instructions\n", argv[1], seccompc_program_size(prog) / 8);
    seccompc_program_free(prog);
  }
  if (seccompc_install_program("", 0, 0) != -EINVAL) {
    return fail("install_program", "empty program accepted");
  }
  printf("PASS\n");
  return 0;
}

// The libseccomp-backed implementation (built with
// --define=with_libseccomp=1).
#include "bench/libseccomp_peer.h"

#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "compiler/os/errno_text.h"
#include "compiler/os/unique_fd.h"

namespace seccompc {
namespace {

absl::Status LibseccompError(int rc, const std::string& what) {
  return absl::InternalError(
      absl::StrCat("libseccomp: ", CallError(what, -rc)));
}

int ToScmpCompare(CmpOp op) {
  switch (op) {
    case CmpOp::kNe:
      return SCMP_CMP_NE;
    case CmpOp::kLt:
      return SCMP_CMP_LT;
    case CmpOp::kLe:
      return SCMP_CMP_LE;
    case CmpOp::kEq:
      return SCMP_CMP_EQ;
    case CmpOp::kGe:
      return SCMP_CMP_GE;
    case CmpOp::kGt:
      return SCMP_CMP_GT;
    case CmpOp::kMaskedEq:
      return SCMP_CMP_MASKED_EQ;
  }
  return SCMP_CMP_EQ;
}

// libseccomp's native number (or pseudo-number) for our (abi, nr), trying
// every alias of nr; nullopt when libseccomp numbers it differently.
std::optional<int> LibseccompSyscall(const ArchSpec& abi, uint32_t token,
                                     uint32_t nr) {
  for (const SyscallDef& def : abi.syscalls) {
    if (def.nr != nr) continue;
    const std::string name(def.name);
    const int in_abi = seccomp_syscall_resolve_name_arch(token, name.c_str());
    // A negative number is a pseudo-syscall libseccomp rewrites itself (on
    // i386, socket() and the SysV IPC calls, which it matches both as
    // direct calls and through socketcall()/ipc(), as runc's filters do).
    if (in_abi == __NR_SCMP_ERROR ||
        (in_abi >= 0 && static_cast<uint32_t>(in_abi) != nr)) {
      continue;
    }
    const int native = seccomp_syscall_resolve_name(name.c_str());
    if (native == __NR_SCMP_ERROR) continue;
    return native;
  }
  return std::nullopt;
}

absl::StatusOr<Program> Export(scmp_filter_ctx ctx) {
  UniqueFd fd(memfd_create("libseccomp-bpf", MFD_CLOEXEC));
  if (!fd.valid()) {
    return absl::InternalError(CallError("memfd_create", errno));
  }
  if (int rc = seccomp_export_bpf(ctx, fd.get()); rc != 0) {
    return LibseccompError(rc, "seccomp_export_bpf");
  }
  const off_t size = lseek(fd.get(), 0, SEEK_END);
  if (size < 0 || size % sizeof(sock_filter) != 0) {
    return absl::InternalError("libseccomp exported a partial program");
  }
  Program program(size / sizeof(sock_filter));
  if (pread(fd.get(), program.data(), size, 0) != size) {
    return absl::InternalError("short read of the exported program");
  }
  return program;
}

// Owns a filter context.
class Context {
 public:
  explicit Context(scmp_filter_ctx ctx) : ctx_(ctx) {}
  ~Context() {
    if (ctx_ != nullptr) seccomp_release(ctx_);
  }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  scmp_filter_ctx get() const { return ctx_; }
  void reset(scmp_filter_ctx ctx) {
    if (ctx_ != nullptr) seccomp_release(ctx_);
    ctx_ = ctx;
  }
  scmp_filter_ctx release() {
    scmp_filter_ctx c = ctx_;
    ctx_ = nullptr;
    return c;
  }

 private:
  scmp_filter_ctx ctx_;
};

absl::StatusOr<scmp_filter_ctx> BuildAbi(const LibseccompRuleSet& rules,
                                         const LibseccompAbi& abi,
                                         LibseccompLayout layout) {
  Context ctx(seccomp_init(rules.default_action));
  if (ctx.get() == nullptr) return absl::InternalError("seccomp_init failed");
  // Unknown arches get KILL_PROCESS, as in our programs (policy.h).
  if (int rc = seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH,
                                SCMP_ACT_KILL_PROCESS);
      rc != 0) {
    return LibseccompError(rc, "SCMP_FLTATR_ACT_BADARCH");
  }
  if (int rc = seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE,
                                static_cast<uint32_t>(layout));
      rc != 0) {
    return LibseccompError(rc, "SCMP_FLTATR_CTL_OPTIMIZE");
  }
  if (abi.arch_token != seccomp_arch_native()) {
    if (int rc = seccomp_arch_add(ctx.get(), abi.arch_token); rc != 0) {
      return LibseccompError(rc, "seccomp_arch_add " + abi.name);
    }
    if (int rc = seccomp_arch_remove(ctx.get(), SCMP_ARCH_NATIVE); rc != 0) {
      return LibseccompError(rc, "seccomp_arch_remove native");
    }
  }
  std::vector<scmp_arg_cmp> cmps;
  for (const LibseccompCall& call : abi.calls) {
    cmps.clear();
    for (const LibseccompCall::Cmp& c : call.cmps) {
      cmps.push_back(scmp_arg_cmp{c.arg, static_cast<scmp_compare>(c.op),
                                  c.datum_a, c.datum_b});
    }
    if (int rc = seccomp_rule_add_array(ctx.get(), call.action, call.syscall,
                                        cmps.size(), cmps.data());
        rc != 0) {
      return LibseccompError(
          rc, absl::StrCat("seccomp_rule_add_array ", abi.name, " syscall ",
                           call.syscall));
    }
  }
  return ctx.release();
}

}  // namespace

bool LibseccompAvailable() { return true; }

std::string LibseccompVersion() {
  const scmp_version* v = seccomp_version();
  return absl::StrCat(v->major, ".", v->minor, ".", v->micro);
}

absl::StatusOr<LibseccompRuleSet> TranslatePolicy(const Policy& policy) {
  LibseccompRuleSet out;
  out.default_action = policy.default_action.ToRet();
  for (const ArchPolicy& ap : policy.arches) {
    LibseccompAbi abi;
    abi.name = std::string(ap.arch->short_name);
    abi.arch_token =
        seccomp_arch_resolve_name(LowercaseArchName(*ap.arch).c_str());
    if (abi.arch_token == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "libseccomp does not know ", std::string(ap.arch->scmp_name)));
    }
    for (const auto& [nr, rules] : ap.syscalls) {
      std::optional<int> syscall =
          LibseccompSyscall(*ap.arch, abi.arch_token, nr);
      if (!syscall.has_value()) out.unknown_numbers.push_back({abi.name, nr});
      for (const PolicyRule& rule : rules) {
        if (!syscall.has_value()) {
          ++out.skipped_unknown_name;
          continue;
        }
        if (rule.action.ToRet() == out.default_action) {
          ++out.skipped_default_action;
          continue;
        }
        LibseccompCall call;
        call.syscall = *syscall;
        call.action = rule.action.ToRet();
        for (const ArgCondition& c : rule.conditions) {
          call.cmps.push_back(
              {c.index, ToScmpCompare(c.op), c.value, c.value_two});
        }
        abi.calls.push_back(std::move(call));
      }
    }
    out.abis.push_back(std::move(abi));
  }
  return out;
}

absl::StatusOr<Program> BuildLibseccompProgram(const LibseccompRuleSet& rules,
                                               LibseccompLayout layout) {
  if (rules.abis.empty()) return absl::InvalidArgumentError("no ABI");
  Context merged(nullptr);
  for (const LibseccompAbi& abi : rules.abis) {
    absl::StatusOr<scmp_filter_ctx> ctx = BuildAbi(rules, abi, layout);
    if (!ctx.ok()) return ctx.status();
    if (merged.get() == nullptr) {
      merged.reset(*ctx);
      continue;
    }
    // seccomp_merge() takes ownership of the source on success only.
    if (int rc = seccomp_merge(merged.get(), *ctx); rc != 0) {
      seccomp_release(*ctx);
      return LibseccompError(rc, "seccomp_merge " + abi.name);
    }
  }
  return Export(merged.get());
}

}  // namespace seccompc

#include "compiler/model/capabilities.h"

#include <linux/capability.h>

#include <array>

namespace seccompc {
namespace {

#define SECCOMPC_CAP(name) \
  { #name, name }

struct CapName {
  std::string_view name;
  int value;
};

constexpr std::array<CapName, kMaxCapability + 1> kCapNames = {{
    SECCOMPC_CAP(CAP_CHOWN),
    SECCOMPC_CAP(CAP_DAC_OVERRIDE),
    SECCOMPC_CAP(CAP_DAC_READ_SEARCH),
    SECCOMPC_CAP(CAP_FOWNER),
    SECCOMPC_CAP(CAP_FSETID),
    SECCOMPC_CAP(CAP_KILL),
    SECCOMPC_CAP(CAP_SETGID),
    SECCOMPC_CAP(CAP_SETUID),
    SECCOMPC_CAP(CAP_SETPCAP),
    SECCOMPC_CAP(CAP_LINUX_IMMUTABLE),
    SECCOMPC_CAP(CAP_NET_BIND_SERVICE),
    SECCOMPC_CAP(CAP_NET_BROADCAST),
    SECCOMPC_CAP(CAP_NET_ADMIN),
    SECCOMPC_CAP(CAP_NET_RAW),
    SECCOMPC_CAP(CAP_IPC_LOCK),
    SECCOMPC_CAP(CAP_IPC_OWNER),
    SECCOMPC_CAP(CAP_SYS_MODULE),
    SECCOMPC_CAP(CAP_SYS_RAWIO),
    SECCOMPC_CAP(CAP_SYS_CHROOT),
    SECCOMPC_CAP(CAP_SYS_PTRACE),
    SECCOMPC_CAP(CAP_SYS_PACCT),
    SECCOMPC_CAP(CAP_SYS_ADMIN),
    SECCOMPC_CAP(CAP_SYS_BOOT),
    SECCOMPC_CAP(CAP_SYS_NICE),
    SECCOMPC_CAP(CAP_SYS_RESOURCE),
    SECCOMPC_CAP(CAP_SYS_TIME),
    SECCOMPC_CAP(CAP_SYS_TTY_CONFIG),
    SECCOMPC_CAP(CAP_MKNOD),
    SECCOMPC_CAP(CAP_LEASE),
    SECCOMPC_CAP(CAP_AUDIT_WRITE),
    SECCOMPC_CAP(CAP_AUDIT_CONTROL),
    SECCOMPC_CAP(CAP_SETFCAP),
    SECCOMPC_CAP(CAP_MAC_OVERRIDE),
    SECCOMPC_CAP(CAP_MAC_ADMIN),
    SECCOMPC_CAP(CAP_SYSLOG),
    SECCOMPC_CAP(CAP_WAKE_ALARM),
    SECCOMPC_CAP(CAP_BLOCK_SUSPEND),
    SECCOMPC_CAP(CAP_AUDIT_READ),
    SECCOMPC_CAP(CAP_PERFMON),
    SECCOMPC_CAP(CAP_BPF),
    SECCOMPC_CAP(CAP_CHECKPOINT_RESTORE),
}};

#undef SECCOMPC_CAP

static_assert(CAP_LAST_CAP == kMaxCapability,
              "the UAPI headers know capabilities this table lacks");

}  // namespace

std::optional<int> CapabilityFromName(std::string_view name) {
  for (const CapName& c : kCapNames) {
    if (c.name == name) return c.value;
  }
  return std::nullopt;
}

std::string_view CapabilityName(int cap) {
  for (const CapName& c : kCapNames) {
    if (c.value == cap) return c.name;
  }
  return "";
}

CapabilitySet DockerDefaultCapabilities() {
  CapabilitySet set = 0;
  for (int cap :
       {CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD,
        CAP_NET_RAW, CAP_SETGID, CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP,
        CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE}) {
    set |= CapabilitySet{1} << cap;
  }
  return set;
}

CapabilitySet AllCapabilities() {
  return (CapabilitySet{1} << (kMaxCapability + 1)) - 1;
}

}  // namespace seccompc

// Which sysctl keys a scenario may set: only those that belong to a network namespace,
// so that `sysctl HOST KEY=VALUE` can change the host's namespace and never the machine.
//
// Decided by the kernel, not by a list: /proc/sys resolves per-network-namespace tables
// through the opening thread's namespace, so the same path opened in two namespaces is
// two different files (inodes) for a per-netns key and one file for a global one
// (kernel.*, vm.*, fs.*, and net.* keys such as net.core.rmem_max). Both files are held
// open while compared, so neither can be evicted and renumbered in between. Nothing is
// written: probing a key cannot change it.
#pragma once

#include <string>
#include <string_view>

namespace tcpfault::netns {

struct SysctlVerdict {
  bool allowed = false;
  std::string reason;  // why not, when !allowed: "net.core.rmem_max is not per network namespace..."
};

// Needs the right to create a network namespace (root, or root of our user namespace),
// as building any host does. Results are cached per key; thread-safe.
SysctlVerdict checkSysctlKey(std::string_view key);

enum class SysctlScope {
  PerNetns,          // a different file in a fresh network namespace, writable there
  PerNetnsReadOnly,  // per namespace, but read-only outside the initial one
  Global,            // the same file everywhere, or absent from a fresh namespace
  Absent,            // no such key in this namespace
};

// The measurement itself. Per-device keys (net.ipv4.conf.DEV.*) are probed through
// their "default" entry. std::system_error when the probe cannot run.
SysctlScope sysctlScope(std::string_view key);

}  // namespace tcpfault::netns

// Can this process build hosts? As root, yes. Otherwise it enters an unprivileged user
// namespace (where the kernel allows) and becomes root there, owning the namespaces it
// creates. Must be called while the process is still single-threaded.
#pragma once

#include <string>

namespace tcpfault::scenario {

struct Privilege {
  bool ok = false;
  std::string how;     // "root", "user namespace"
  std::string reason;  // why not, when !ok
};

Privilege acquireNetworkPrivilege();

}  // namespace tcpfault::scenario

// Where a run happened: the kernel release (uname -r), the machine and the privilege the
// runner ran with. results.json carries it, so that reports made on several kernels and
// machines can be merged into one kernel matrix (scripts/kernel-matrix).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace tcpfault::report {

struct RunEnvironment {
  std::string kernel;     // uname -r: "6.1.0-57-amd64"
  std::string machine;    // uname -m: "x86_64"
  std::string privilege;  // "root", "userns" (an unprivileged user namespace), "capabilities"
};

// "userns" when uid_map (the text of /proc/self/uid_map) is not the initial namespace's
// identity map "0 0 4294967295"; otherwise "root" for euid 0, else "capabilities" (a
// non-root user allowed to create namespaces).
std::string privilegeFrom(std::string_view uidMap, uid_t euid);

// This process's environment, read from uname(2) and /proc/self/uid_map.
RunEnvironment currentEnvironment();

}  // namespace tcpfault::report

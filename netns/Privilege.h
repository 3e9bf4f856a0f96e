// Can this process create network namespaces? As root (or with CAP_SYS_ADMIN), yes, as
// it is. Otherwise it enters an unprivileged user namespace, where the kernel allows,
// and becomes root there, owning the namespaces it creates. Shared by the runner and the
// tests, so both take the same rootless path.
//
// The rootless path leaves three processes:
//   relay    the caller's original process, outside: passes SIGINT/SIGTERM on and exits
//            with the workload's status. A second SIGINT kills the PID namespace
//            (SIGKILL to its init): init ignores signals it has no handler for, so a
//            relayed SIG_DFL SIGINT would do nothing.
//   init     PID 1 of a new PID namespace with its own /proc: reaps orphans, passes
//            signals to the workload, exits with its status -- taking every process of
//            the namespace with it.
//   workload PID 2: returns from acquireNetnsPrivilege() and goes on (tests, runner),
//            with a home network namespace of its own. Not init, so signals behave
//            as usual in it.
// Must be called while the process is still single-threaded.
#pragma once

#include <string>

namespace tcpfault::netns {

struct NetnsPrivilege {
  bool ok = false;
  std::string how;     // "root", "capabilities", "user namespace"
  std::string reason;  // why not, when !ok
};

// True when unshare(CLONE_NEWNET|CLONE_NEWPID) works here; probed in a child.
bool canCreateNetns();

enum class PrivilegeMode { Auto, ForceUserNamespace };

// Auto: as is when canCreateNetns(), else the rootless path above. ForceUserNamespace
// takes the rootless path even as root (tests of that path).
NetnsPrivilege acquireNetnsPrivilege(PrivilegeMode mode = PrivilegeMode::Auto);

}  // namespace tcpfault::netns

#include "scenarios/runner/exec/Privilege.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <csignal>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include <fmt/format.h>

#include "netns/ErrnoName.h"
#include "netns/NetnsProbe.h"

namespace tcpfault::scenario {
namespace {

bool writeFile(const char* path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  f.flush();
  return static_cast<bool>(f);
}

pid_t gChild = -1;
void relay(int sig) { ::kill(gChild, sig); }

// The parent outside the namespaces: passes Ctrl-C and SIGTERM on, exits as the child did.
[[noreturn]] void relayUntilExit(pid_t child) {
  gChild = child;
  std::signal(SIGINT, relay);
  std::signal(SIGTERM, relay);
  int st = 0;
  while (::waitpid(child, &st, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(st)) _exit(128 + WTERMSIG(st));
  _exit(WEXITSTATUS(st));
}

}  // namespace

Privilege acquireNetworkPrivilege() {
  if (canCreateNetns()) return {true, ::geteuid() == 0 ? "root" : "capabilities", ""};
  uid_t uid = ::geteuid();
  gid_t gid = ::getegid();
  if (::unshare(CLONE_NEWUSER) < 0)
    return {false, "", errnoMessage("needs root (sudo) or unprivileged user namespaces; "
                                    "unshare(CLONE_NEWUSER)", errno)};
  if (!writeFile("/proc/self/setgroups", "deny") ||
      !writeFile("/proc/self/uid_map", fmt::format("0 {} 1", uid)) ||
      !writeFile("/proc/self/gid_map", fmt::format("0 {} 1", gid)))
    return {false, "", "cannot map root in the new user namespace; run with sudo"};
  if (!canCreateNetns())
    return {false, "", "network namespaces refused even in a user namespace; run with sudo"};
  // Hosts are entered and left with setns(), and leaving means going back to namespaces
  // this user namespace owns. So the runner goes on as init of its own PID namespace,
  // with a home network namespace and its own /proc (pids from clone() must name the
  // same processes in /proc). The parent only relays signals and the exit status.
  if (::unshare(CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS) < 0)
    return {false, "", errnoMessage("home namespaces in the user namespace", errno)};
  pid_t child = ::fork();
  if (child < 0) return {false, "", errnoMessage("fork into the PID namespace", errno)};
  if (child > 0) relayUntilExit(child);  // never returns
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0 ||
      ::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0)
    return {false, "", errnoMessage("mount /proc for the PID namespace", errno)};
  return {true, "user namespace", ""};
}

}  // namespace tcpfault::scenario

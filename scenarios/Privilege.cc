#include "scenarios/Privilege.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include <fmt/format.h>

#include "netns/ErrnoName.h"

namespace tcpfault::scenario {
namespace {

// Probes in a child so the probe's namespace never touches this process.
bool canCreateNetns() {
  pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) _exit(::unshare(CLONE_NEWNET) == 0 ? 0 : 1);
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

bool writeFile(const char* path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  f.flush();
  return static_cast<bool>(f);
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
  return {true, "user namespace", ""};
}

}  // namespace tcpfault::scenario

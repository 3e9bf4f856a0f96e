#include "scenarios/runner/exec/Cleanup.h"

#include <net/if.h>
#include <sys/mount.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "netns/ErrnoName.h"

namespace tcpfault::scenario {
namespace {

// The runner pid recorded in a process's environment, or 0.
pid_t markedRunner(const std::filesystem::path& procDir) {
  std::ifstream f(procDir / "environ", std::ios::binary);
  std::string entry;
  while (std::getline(f, entry, '\0'))
    if (entry.rfind("TCPFAULT_RUN=", 0) == 0) return static_cast<pid_t>(std::stol(entry.substr(13)));
  return 0;
}

int killOrphans() {
  int n = 0;
  std::error_code ec;
  for (const auto& d : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = d.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    pid_t runner = markedRunner(d.path());
    if (runner == 0 || ::kill(runner, 0) == 0) continue;
    pid_t pid = static_cast<pid_t>(std::stol(name));
    if (::kill(pid, SIGKILL) == 0) {
      fmt::print("killed leftover process {} (runner {} is gone)\n", pid, runner);
      ++n;
    }
  }
  return n;
}

int removeNamedNetns() {
  int n = 0;
  std::error_code ec;
  for (const auto& d : std::filesystem::directory_iterator("/run/netns", ec)) {
    const std::string name = d.path().filename();
    if (name.rfind("tf-", 0) != 0) continue;
    ::umount2(d.path().c_str(), MNT_DETACH);
    if (std::filesystem::remove(d.path(), ec)) {
      fmt::print("removed network namespace {}\n", name);
      ++n;
    }
  }
  return n;
}

int reportRootLinks() {
  int n = 0;
  if (auto* list = ::if_nameindex()) {
    for (auto* i = list; i->if_index != 0; ++i)
      if (std::string(i->if_name).rfind("tf-", 0) == 0) {
        fmt::print("leftover link {} in the root namespace: remove with `ip link del {}`\n",
                   i->if_name, i->if_name);
        ++n;
      }
    ::if_freenameindex(list);
  }
  return n;
}

}  // namespace

int cleanupLeftovers() {
  int n = killOrphans() + removeNamedNetns() + reportRootLinks();
  fmt::print("{} leftover(s) found\n", n);
  return n;
}

}  // namespace tcpfault::scenario

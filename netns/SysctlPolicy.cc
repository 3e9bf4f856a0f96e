#include "netns/SysctlPolicy.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include "netns/ErrnoName.h"
#include "netns/Error.h"
#include "netns/Sysctl.h"
#include "netns/UniqueFd.h"

namespace tcpfault::netns {
namespace {

// Child exit codes of the probe.
constexpr int kPerNetns = 0, kShared = 1, kProbeFailed = 2, kReadOnly = 3;

// Per-device keys name devices of some namespace (a host's tf-eth0 does not exist in a
// fresh one): probed through the "default" entry of the same table, which every
// namespace has. net.ipv4.conf.tf-eth0.rp_filter -> net.ipv4.conf.default.rp_filter.
std::string probeKey(std::string_view key) {
  for (std::string_view table : {"net.ipv4.conf.", "net.ipv6.conf.", "net.ipv4.neigh.",
                                 "net.ipv6.neigh."}) {
    if (key.substr(0, table.size()) != table) continue;
    auto rest = key.substr(table.size());
    auto dot = rest.find('.');
    if (dot == std::string_view::npos) break;
    return fmt::format("{}default{}", table, rest.substr(dot));
  }
  return std::string(key);
}

// In a forked child, so the fresh namespace never touches the caller: unshare, open the
// same path there, and compare it with the file the parent holds open.
[[noreturn]] void probeInChild(const std::string& full, const struct stat& home) {
  if (::unshare(CLONE_NEWNET) < 0) _exit(kProbeFailed);
  UniqueFd there(::open(full.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  // Missing in a fresh namespace (e.g. a per-device key): not the same file either, but
  // nothing to compare -- refuse, the caller cannot have meant a namespace setting.
  if (!there || ::fstat(there.get(), &st) < 0) _exit(kShared);
  if (st.st_dev == home.st_dev && st.st_ino == home.st_ino) _exit(kShared);
  // Some per-namespace keys are read-only outside the initial namespace
  // (net.core.rmem_max): opening for writing changes nothing and tells.
  UniqueFd w(::open(full.c_str(), O_WRONLY | O_CLOEXEC));
  _exit(w ? kPerNetns : kReadOnly);
}

}  // namespace

SysctlScope sysctlScope(std::string_view key) {
  std::string full = "/proc/sys/" + sysctlPath(probeKey(key));
  UniqueFd here(::open(full.c_str(), O_RDONLY | O_CLOEXEC));
  // Rootless, home is itself a namespace of ours: global-only keys are absent from it.
  if (!here && errno == ENOENT) return SysctlScope::Absent;
  if (!here) throwErrno(errno, "sysctl " + std::string(key));
  struct stat home {};
  if (::fstat(here.get(), &home) < 0) throwErrno(errno, "fstat " + full);
  pid_t pid = ::fork();
  if (pid < 0) throwErrno(errno, "fork for the sysctl probe");
  if (pid == 0) probeInChild(full, home);
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0)
    if (errno != EINTR) throwErrno(errno, "waitpid for the sysctl probe");
  if (!WIFEXITED(st) || WEXITSTATUS(st) == kProbeFailed)
    throwErrno(EPERM, "sysctl probe: unshare(CLONE_NEWNET)");
  switch (WEXITSTATUS(st)) {
    case kPerNetns: return SysctlScope::PerNetns;
    case kReadOnly: return SysctlScope::PerNetnsReadOnly;
    default: return SysctlScope::Global;
  }
}

SysctlVerdict checkSysctlKey(std::string_view key) {
  static std::mutex mu;
  static std::map<std::string, SysctlVerdict, std::less<>> cache;
  {
    std::lock_guard lock(mu);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  SysctlVerdict v;
  try {
    // net.* first: keys of other namespaces (kernel.hostname is per UTS namespace)
    // would also differ across some namespace, but not the one a host owns.
    if (key.substr(0, 4) != "net.")
      v.reason = fmt::format("{} is not a network setting: only net.* keys that are per "
                             "network namespace may be set", key);
    else if (auto scope = sysctlScope(key); scope == SysctlScope::Global)
      v.reason = fmt::format("{} is not per network namespace: setting it would change "
                             "the whole machine", key);
    else if (scope == SysctlScope::Absent)
      v.reason = fmt::format("{}: no such key in a network namespace", key);
    else if (scope == SysctlScope::PerNetnsReadOnly)
      v.reason = fmt::format("{} is read-only outside the initial network namespace", key);
    else
      v.allowed = true;
  } catch (const std::invalid_argument& e) {
    v.reason = e.what();
  } catch (const std::system_error& e) {
    v.reason = fmt::format("cannot check sysctl {}: {}", key, e.what());
    return v;  // not cached: the cause may pass (no such key is cached below)
  }
  std::lock_guard lock(mu);
  cache.emplace(std::string(key), v);
  return v;
}

}  // namespace tcpfault::netns

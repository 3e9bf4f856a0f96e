#include "scenarios/runner/exec/Cleanup.h"

#include <fmt/format.h>
#include <linux/magic.h>
#include <net/if.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>

#include "netns/ErrnoName.h"
#include "netns/NetnsMark.h"
#include "netns/ProcessTable.h"
#include "netns/RunMarker.h"
#include "netns/UniqueFd.h"

namespace tcpfault::scenario {
namespace {

namespace fs = std::filesystem;

std::optional<pid_t> parsePid(std::string_view text) {
  long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0 || v > 4194304)
    return std::nullopt;
  return static_cast<pid_t>(v);
}

bool numeric(const std::string& name) {
  return !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
}

// The TCPFAULT_RUN value in a process's environment, if it has one.
std::optional<std::string> runMarkerIn(const fs::path& procDir) {
  std::istringstream env(netns::readProcText(procDir / "environ"));
  std::string prefix = std::string(netns::kRunMarkerVar) + "=";
  for (std::string entry; std::getline(env, entry, '\0');)
    if (entry.rfind(prefix, 0) == 0) return entry.substr(prefix.size());
  return std::nullopt;
}

// The pidfd is taken before the environment is read, and checked alive after: so the
// environment read was this very process's, and the signal cannot reach a process that
// got its pid later.
void killOrphan(pid_t pid, CleanupResult& res) {
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd) return;  // gone already, or not ours to see
  fs::path procDir = fmt::format("/proc/{}", pid);
  auto marker = runMarkerIn(procDir);
  if (!marker || ::syscall(SYS_pidfd_send_signal, pidfd.get(), 0, nullptr, 0) != 0) return;
  switch (netns::runnerState(*marker)) {
    case netns::RunnerState::Alive:
      return;
    case netns::RunnerState::Malformed:  // not ours to judge: left alone, and said
      res.say("left process {} alone: malformed {}={}\n", pid, netns::kRunMarkerVar,
              marker->substr(0, 60));
      return;
    case netns::RunnerState::Gone:
      break;
  }
  ++res.found;
  if (::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGKILL, nullptr, 0) == 0 || errno == ESRCH) {
    res.say("killed leftover process {} (its runner {} is gone)\n", pid, *marker);
  } else {
    ++res.failed;
    res.say("cannot kill leftover process {}: {}\n", pid, errnoMessage("pidfd_send_signal", errno));
  }
}

// A live process using the namespace mounted at path: by its owner pid (the pid part of
// its name, "tf-bench-1234-client") or by being in it (/proc/*/ns/net).
std::optional<pid_t> liveUser(const fs::path& path) {
  std::string name = path.filename();
  size_t dash = name.find('-', 3);
  if (auto pid =
          parsePid(std::string_view(name).substr(dash + 1, name.find('-', dash + 1) - dash - 1)))
    if (::kill(*pid, 0) == 0 || errno == EPERM) return pid;
  struct stat ns {};
  if (::stat(path.c_str(), &ns) != 0) return std::nullopt;
  std::error_code ec;
  for (const auto& d : fs::directory_iterator("/proc", ec)) {
    struct stat st {};
    if (numeric(d.path().filename()) && ::stat((d.path() / "ns/net").c_str(), &st) == 0 &&
        st.st_ino == ns.st_ino && st.st_dev == ns.st_dev)
      return parsePid(d.path().filename().string());
  }
  return std::nullopt;
}

// Why a /run/netns entry is not ours to remove (nullopt: it is ours).
std::optional<std::string> notOurs(const fs::path& path) {
  std::string name = path.filename();
  auto marked = netns::markedNetns(name);
  if (!marked)
    return "not made by tcpfault (no marker in " + std::string(netns::kNetnsMarkDir) + ")";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || netns::NetnsIdentity{st.st_dev, st.st_ino} != *marked)
    return std::string("its marker names another namespace of that name");
  return std::nullopt;
}

void removeNamespace(const fs::path& path, CleanupResult& res) {
  std::string name = path.filename();
  ++res.found;
  struct statfs fs {};
  if (::statfs(path.c_str(), &fs) != 0 || fs.f_type != NSFS_MAGIC) {
    ++res.failed;  // marked, yet not a namespace mount: a person should look
    res.say("cannot remove network namespace {}: not a namespace mount\n", name);
    return;
  }
  if (::umount2(path.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) != 0) {
    ++res.failed;
    res.say("cannot remove network namespace {}: {}\n", name, errnoMessage("umount2", errno));
    return;
  }
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    ++res.failed;
    res.say("cannot remove network namespace {}: {}\n", name, errnoMessage("unlink", errno));
    return;
  }
  netns::unmarkNamedNetns(name);
  res.say("removed network namespace {}\n", name);
}

void removeNamedNetns(CleanupResult& res) {
  std::error_code ec;
  for (const auto& d : fs::directory_iterator(netns::kNamedNetnsDir, ec)) {
    const std::string name = d.path().filename();
    if (name.rfind("tf-", 0) != 0) continue;
    if (!netns::isTcpfaultNetnsName(name)) {
      res.say("left network namespace {} alone: not a tcpfault name (tf-<tool>-<pid>-<role>)\n",
              name);
      continue;
    }
    if (auto why = notOurs(d.path())) {
      res.say("left network namespace {} alone: {}\n", name, *why);
      continue;
    }
    if (auto user = liveUser(d.path())) {
      res.say("kept network namespace {}: in use by live process {}\n", name, *user);
      continue;
    }
    try {
      removeNamespace(d.path(), res);
    } catch (const std::exception& e) {
      ++res.failed;
      res.say("cannot remove network namespace {}: {}\n", name, e.what());
    }
  }
}

void reportRootLinks(CleanupResult& res) {
  if (auto* list = ::if_nameindex()) {
    for (auto* i = list; i->if_index != 0; ++i)
      if (std::string(i->if_name).rfind("tf-", 0) == 0) {
        res.say("leftover link {} in the root namespace: remove with `ip link del {}`\n",
                i->if_name, i->if_name);
        ++res.found;
        ++res.failed;  // not removed: it needs a person to look
      }
    ::if_freenameindex(list);
  }
}

}  // namespace

CleanupResult cleanupLeftovers() {
  CleanupResult res;
  std::error_code ec;
  for (const auto& d : fs::directory_iterator("/proc", ec))
    if (numeric(d.path().filename()))
      if (auto pid = parsePid(d.path().filename().string()); pid && *pid != ::getpid())
        killOrphan(*pid, res);
  removeNamedNetns(res);
  reportRootLinks(res);
  res.say("{} leftover(s) found, {} not removed\n", res.found, res.failed);
  return res;
}

}  // namespace tcpfault::scenario

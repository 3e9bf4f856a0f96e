#include "scenarios/runner/exec/Cleanup.h"

#include <net/if.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "netns/ErrnoName.h"

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

bool alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

bool numeric(const std::string& name) {
  return !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
}

void killOrphan(const fs::path& procDir, CleanupResult& res) {
  std::ifstream f(procDir / "environ", std::ios::binary);
  std::string entry;
  while (std::getline(f, entry, '\0')) {
    if (entry.rfind("TCPFAULT_RUN=", 0) != 0) continue;
    std::string pidText = procDir.filename();
    auto runner = parsePid(std::string_view(entry).substr(13));
    if (!runner) {  // not ours to judge: left alone, and said
      fmt::print("left process {} alone: malformed {}\n", pidText, entry.substr(0, 40));
      return;
    }
    if (alive(*runner)) return;
    ++res.found;
    pid_t pid = *parsePid(pidText);
    if (::kill(pid, SIGKILL) == 0 || errno == ESRCH) {
      fmt::print("killed leftover process {} (runner {} is gone)\n", pid, *runner);
    } else {
      ++res.failed;
      fmt::print("cannot kill leftover process {}: {}\n", pid, errnoMessage("kill", errno));
    }
    return;
  }
}

// A live process using the namespace mounted at path: by its owner pid (any all-digit
// part of the name, "tf-bench-1234-client") or by being in it (/proc/*/ns/net).
std::optional<pid_t> liveUser(const fs::path& path) {
  std::string name = path.filename();
  for (size_t at = 0; at < name.size();) {
    size_t dash = name.find('-', at);
    std::string part = name.substr(at, dash == std::string::npos ? std::string::npos : dash - at);
    if (numeric(part))
      if (auto pid = parsePid(part); pid && alive(*pid)) return pid;
    if (dash == std::string::npos) break;
    at = dash + 1;
  }
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

void removeNamedNetns(CleanupResult& res) {
  std::error_code ec;
  for (const auto& d : fs::directory_iterator("/run/netns", ec)) {
    const std::string name = d.path().filename();
    if (name.rfind("tf-", 0) != 0) continue;
    if (auto user = liveUser(d.path())) {
      fmt::print("kept network namespace {}: in use by live process {}\n", name, *user);
      continue;
    }
    ++res.found;
    ::umount2(d.path().c_str(), MNT_DETACH);  // fails harmlessly when not a mount
    std::error_code rm;
    if (fs::remove(d.path(), rm)) {
      fmt::print("removed network namespace {}\n", name);
    } else {
      ++res.failed;
      fmt::print("cannot remove network namespace {}: {}\n", name, rm.message());
    }
  }
}

void reportRootLinks(CleanupResult& res) {
  if (auto* list = ::if_nameindex()) {
    for (auto* i = list; i->if_index != 0; ++i)
      if (std::string(i->if_name).rfind("tf-", 0) == 0) {
        fmt::print("leftover link {} in the root namespace: remove with `ip link del {}`\n",
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
    if (numeric(d.path().filename())) killOrphan(d.path(), res);
  removeNamedNetns(res);
  reportRootLinks(res);
  fmt::print("{} leftover(s) found, {} not removed\n", res.found, res.failed);
  return res;
}

}  // namespace tcpfault::scenario

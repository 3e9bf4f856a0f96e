#include "scenarios/runner/exec/ServerUsage.h"

#include <unistd.h>

#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <string>

#include "netns/ProcessTable.h"
#include "netns/SocketDiag.h"

namespace tcpfault::scenario {

std::optional<long long> openFds(pid_t pid) {
  std::error_code ec;
  std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec);
  if (ec) return std::nullopt;
  long long n = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) return std::nullopt;
    ++n;
  }
  return n;
}

std::string describeFds(pid_t pid) {
  std::map<std::string, int> kinds;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    std::string target = std::filesystem::read_symlink(e.path(), ec).string();
    if (ec) continue;
    if (target.starts_with("socket:")) target = "socket";
    else if (target.starts_with("pipe:")) target = "pipe";
    ++kinds[target];
  }
  std::string out;
  for (const auto& [kind, n] : kinds) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, kind);
  return out;
}

std::string portStates(netns::Host& host, uint16_t port) {
  std::map<std::string, int> states;
  for (const auto& so : netns::tcpSockets(host))
    if (so.localPort == port) ++states[so.state];
  std::string out;
  for (const auto& [st, n] : states) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, st);
  return out.empty() ? "none" : out;
}

double cpuSecondsWithChildren(pid_t pid) {
  unsigned long long ticks = 0;
  if (auto self = netns::procInfo(pid)) ticks += self->cpuTicks;
  for (const auto& kid : netns::childrenOf(pid)) ticks += kid.cpuTicks;
  return static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

long long closeWaitSockets(netns::Host& host, uint16_t port) {
  long long n = 0;
  for (const auto& so : netns::tcpSockets(host))
    if (so.localPort == port && so.state == "CLOSE_WAIT") ++n;
  return n;
}

}  // namespace tcpfault::scenario

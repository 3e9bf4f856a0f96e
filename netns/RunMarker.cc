#include "netns/RunMarker.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <charconv>
#include <filesystem>
#include <regex>

#include "netns/ProcessTable.h"

namespace tcpfault::netns {
namespace {

// The pid in the process's own PID namespace: the last field of status's NSpid line.
std::optional<unsigned long> innermostPid(const std::string& procDir) {
  std::string status = readProcText(procDir + "/status");
  size_t at = status.find("\nNSpid:");
  if (at == std::string::npos) return std::nullopt;
  size_t end = status.find('\n', at + 1);
  std::string line =
      status.substr(at + 7, end == std::string::npos ? std::string::npos : end - at - 7);
  size_t last = line.find_last_of(" \t");
  std::string_view num = std::string_view(line).substr(last == std::string::npos ? 0 : last + 1);
  unsigned long v = 0;
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
  if (ec != std::errc() || p != num.data() + num.size()) return std::nullopt;
  return v;
}

// Field 22 of stat: when the process started, in clock ticks since boot.
std::optional<unsigned long long> startTicks(const std::string& procDir) {
  std::string stat = readProcText(procDir + "/stat");
  size_t close = stat.rfind(')');  // comm may hold spaces and parentheses
  if (close == std::string::npos) return std::nullopt;
  unsigned long long start = 0;
  if (std::sscanf(
          stat.c_str() + close + 1,
          " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
          &start) != 1)
    return std::nullopt;
  return start;
}

std::optional<std::string> markerAt(const std::string& procDir) {
  struct stat ns {};
  if (::stat((procDir + "/ns/pid").c_str(), &ns) != 0) return std::nullopt;
  auto pid = innermostPid(procDir);
  auto start = startTicks(procDir);
  if (!pid || !start) return std::nullopt;
  return fmt::format("pidns:{}:pid:{}:start:{}", ns.st_ino, *pid, *start);
}

}  // namespace

const std::string& runMarker() {
  static const std::string marker = markerAt("/proc/self").value_or("unknown");
  return marker;
}

std::optional<std::string> runMarkerOf(pid_t pid) { return markerAt(fmt::format("/proc/{}", pid)); }

RunnerState runnerState(std::string_view marker) {
  static const std::regex shape(R"(pidns:(\d+):pid:(\d+):start:(\d+))");
  std::string text(marker);
  std::smatch m;
  if (!std::regex_match(text, m, shape)) return RunnerState::Malformed;
  std::error_code ec;
  for (const auto& d : std::filesystem::directory_iterator("/proc", ec)) {
    std::string name = d.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    struct stat ns {};  // cheap first: only processes of that PID namespace are read further
    if (::stat((d.path() / "ns/pid").c_str(), &ns) != 0 || std::to_string(ns.st_ino) != m[1].str())
      continue;
    if (markerAt(d.path().string()) == text) return RunnerState::Alive;
  }
  return RunnerState::Gone;
}

}  // namespace tcpfault::netns

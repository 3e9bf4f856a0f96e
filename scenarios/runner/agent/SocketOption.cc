#include "scenarios/runner/agent/SocketOption.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>

namespace tcpfault::scenario {
namespace {

enum class Unit { Plain, MsToSeconds, Ms };
struct OptionRow {
  std::string_view name;
  int level, opt;
  Unit unit;
};
constexpr OptionRow kOptions[] = {
    {"SO_KEEPALIVE", SOL_SOCKET, SO_KEEPALIVE, Unit::Plain},
    {"SO_RCVBUF", SOL_SOCKET, SO_RCVBUF, Unit::Plain},
    {"SO_SNDBUF", SOL_SOCKET, SO_SNDBUF, Unit::Plain},
    {"SO_REUSEADDR", SOL_SOCKET, SO_REUSEADDR, Unit::Plain},
    {"TCP_NODELAY", IPPROTO_TCP, TCP_NODELAY, Unit::Plain},
    {"TCP_KEEPIDLE", IPPROTO_TCP, TCP_KEEPIDLE, Unit::MsToSeconds},
    {"TCP_KEEPINTVL", IPPROTO_TCP, TCP_KEEPINTVL, Unit::MsToSeconds},
    {"TCP_KEEPCNT", IPPROTO_TCP, TCP_KEEPCNT, Unit::Plain},
    {"TCP_USER_TIMEOUT", IPPROTO_TCP, TCP_USER_TIMEOUT, Unit::Ms},
    {"TCP_DEFER_ACCEPT", IPPROTO_TCP, TCP_DEFER_ACCEPT, Unit::MsToSeconds},
};

}  // namespace

bool isKnownSocketOption(std::string_view name) {
  if (name == "SO_LINGER") return true;
  for (const auto& row : kOptions)
    if (row.name == name) return true;
  return false;
}

int applySocketOption(int fd, std::string_view name, long long value) {
  if (name == "SO_LINGER") {
    linger lg{value >= 0 ? 1 : 0, value >= 0 ? static_cast<int>(value) : 0};
    return ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  }
  for (const auto& row : kOptions) {
    if (row.name != name) continue;
    int v = static_cast<int>(row.unit == Unit::MsToSeconds ? value / 1000 : value);
    return ::setsockopt(fd, row.level, row.opt, &v, sizeof v);
  }
  errno = ENOPROTOOPT;
  return -1;
}

}  // namespace tcpfault::scenario

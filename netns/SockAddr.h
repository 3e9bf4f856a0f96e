// An IPv4 or IPv6 socket address, parsed from "198.18.2.2:9877" or "[2001:db8:2::2]:9877"
// (the agent's DEST) or from a numeric host and a port (a server's --bind), and printed
// back the same way. Part of tcpfault::base: servers and the scenario runner share it.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tcpfault {

struct SockAddr {
  sockaddr_storage ss{};
  socklen_t len = 0;

  int family() const { return ss.ss_family; }
  const sockaddr* sa() const { return reinterpret_cast<const sockaddr*>(&ss); }
  static SockAddr any(bool v6, uint16_t port);
};

std::optional<SockAddr> parseSockAddr(std::string_view text);
// A numeric IPv4 or IPv6 host ("0.0.0.0", "::") and a port; nullopt for anything else.
std::optional<SockAddr> sockAddrOf(const std::string& host, uint16_t port);
// "198.18.2.2:9877", "[::]:9877"
std::string formatSockAddr(const sockaddr_storage& ss);
// "198.18.2.2:9877", "[2001:db8::1]:80"
std::string formatHostPort(std::string_view addr, uint16_t port);

}  // namespace tcpfault

// An IPv4 or IPv6 socket address, parsed from "198.18.2.2:9877" or "[2001:db8:2::2]:9877".
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tcpfault::scenario {

struct SockAddr {
  sockaddr_storage ss{};
  socklen_t len = 0;

  int family() const { return ss.ss_family; }
  const sockaddr* sa() const { return reinterpret_cast<const sockaddr*>(&ss); }
  static SockAddr any(bool v6, uint16_t port);
};

std::optional<SockAddr> parseSockAddr(std::string_view text);
// "198.18.2.2:9877", "[2001:db8::1]:80"
std::string formatHostPort(std::string_view addr, uint16_t port);

}  // namespace tcpfault::scenario

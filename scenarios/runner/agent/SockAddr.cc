#include "scenarios/runner/agent/SockAddr.h"

#include <arpa/inet.h>

#include <charconv>

namespace tcpfault::scenario {

SockAddr SockAddr::any(bool v6, uint16_t port) {
  SockAddr a;
  if (v6) {
    auto* s6 = reinterpret_cast<sockaddr_in6*>(&a.ss);
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons(port);
    s6->sin6_addr = in6addr_any;
    a.len = sizeof(sockaddr_in6);
  } else {
    auto* s4 = reinterpret_cast<sockaddr_in*>(&a.ss);
    s4->sin_family = AF_INET;
    s4->sin_port = htons(port);
    s4->sin_addr.s_addr = htonl(INADDR_ANY);
    a.len = sizeof(sockaddr_in);
  }
  return a;
}

std::optional<SockAddr> parseSockAddr(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string host(text.substr(0, colon));
  std::string_view portText = text.substr(colon + 1);
  unsigned port = 0;
  auto [p, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (ec != std::errc() || p != portText.data() + portText.size() || port > 65535)
    return std::nullopt;
  SockAddr a;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    auto* s6 = reinterpret_cast<sockaddr_in6*>(&a.ss);
    if (inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &s6->sin6_addr) != 1)
      return std::nullopt;
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons(static_cast<uint16_t>(port));
    a.len = sizeof(sockaddr_in6);
    return a;
  }
  auto* s4 = reinterpret_cast<sockaddr_in*>(&a.ss);
  if (inet_pton(AF_INET, host.c_str(), &s4->sin_addr) != 1) return std::nullopt;
  s4->sin_family = AF_INET;
  s4->sin_port = htons(static_cast<uint16_t>(port));
  a.len = sizeof(sockaddr_in);
  return a;
}

std::string formatHostPort(std::string_view addr, uint16_t port) {
  std::string a(addr);
  if (a.find(':') != std::string::npos) a = "[" + a + "]";
  return a + ":" + std::to_string(port);
}

}  // namespace tcpfault::scenario

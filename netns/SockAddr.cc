#include "netns/SockAddr.h"

#include <arpa/inet.h>

#include <charconv>

#include <fmt/format.h>

namespace tcpfault {

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
  bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
  if (!bracketed && host.find(':') != std::string::npos) return std::nullopt;  // v6 needs [...]
  return sockAddrOf(bracketed ? host.substr(1, host.size() - 2) : host, static_cast<uint16_t>(port));
}

std::optional<SockAddr> sockAddrOf(const std::string& host, uint16_t port) {
  SockAddr a;
  auto* s4 = reinterpret_cast<sockaddr_in*>(&a.ss);
  auto* s6 = reinterpret_cast<sockaddr_in6*>(&a.ss);
  if (inet_pton(AF_INET, host.c_str(), &s4->sin_addr) == 1) {
    s4->sin_family = AF_INET;
    s4->sin_port = htons(port);
    a.len = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, host.c_str(), &s6->sin6_addr) == 1) {
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons(port);
    a.len = sizeof(sockaddr_in6);
  } else {
    return std::nullopt;
  }
  return a;
}

std::string formatSockAddr(const sockaddr_storage& ss) {
  char text[INET6_ADDRSTRLEN] = "?";
  if (ss.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
    return fmt::format("[{}]:{}", text, ntohs(v6->sin6_port));
  }
  const auto* v4 = reinterpret_cast<const sockaddr_in*>(&ss);
  inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
  return fmt::format("{}:{}", text, ntohs(v4->sin_port));
}

std::string formatHostPort(std::string_view addr, uint16_t port) {
  std::string a(addr);
  if (a.find(':') != std::string::npos) a = "[" + a + "]";
  return a + ":" + std::to_string(port);
}

}  // namespace tcpfault

// Cidr: an address with prefix length, parsed and checked against the ranges tcpfault may
// use (198.18.0.0/15, 2001:db8::/32). Nothing outside them is ever configured.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <string>
#include <string_view>

struct nl_addr;

namespace tcpfault::netns {

struct Cidr {
  int family = 0;       // AF_INET or AF_INET6
  uint8_t bytes[16] = {};
  int prefix = 0;

  // "198.18.1.2/24", "2001:db8:1::2/64"; without "/n" the full length (/32, /128).
  // std::invalid_argument naming `what` and the text if malformed or out of range.
  static Cidr parse(std::string_view text, std::string_view what);
  size_t size() const { return family == AF_INET ? 4 : 16; }
  nl_addr* toNl() const;  // caller owns (nl_addr_put)
  std::string str() const;
};

}  // namespace tcpfault::netns

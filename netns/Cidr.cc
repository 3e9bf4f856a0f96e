#include "netns/Cidr.h"

#include <arpa/inet.h>

#include <netlink/addr.h>

#include <charconv>
#include <stdexcept>

#include <fmt/format.h>

namespace tcpfault::netns {

namespace {

[[noreturn]] void bad(std::string_view what, std::string_view text, std::string_view why) {
  throw std::invalid_argument(fmt::format("{} '{}': {} (EINVAL)", what, text, why));
}

// 198.18.0.0/15 and 2001:db8::/32, the prefix no wider than the range.
bool inRange(const Cidr& c) {
  if (c.family == AF_INET)
    return c.prefix >= 15 && c.bytes[0] == 198 && (c.bytes[1] & 0xfe) == 18;
  return c.prefix >= 32 && c.bytes[0] == 0x20 && c.bytes[1] == 0x01 && c.bytes[2] == 0x0d &&
         c.bytes[3] == 0xb8;
}

}  // namespace

Cidr Cidr::parse(std::string_view text, std::string_view what) {
  Cidr c;
  auto slash = text.find('/');
  std::string addr(text.substr(0, slash));
  if (::inet_pton(AF_INET, addr.c_str(), c.bytes) == 1) c.family = AF_INET;
  else if (::inet_pton(AF_INET6, addr.c_str(), c.bytes) == 1) c.family = AF_INET6;
  else bad(what, text, "malformed address");
  int max = c.family == AF_INET ? 32 : 128;
  c.prefix = max;
  if (slash != std::string_view::npos) {
    auto p = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), c.prefix);
    if (ec != std::errc() || end != p.data() + p.size() || p.empty() || c.prefix > max)
      bad(what, text, "malformed prefix length");
  }
  if (c.prefix == 0) bad(what, text, "default route refused: no packet may leave the machine");
  if (!inRange(c)) bad(what, text, "outside 198.18.0.0/15 and 2001:db8::/32");
  return c;
}

nl_addr* Cidr::toNl() const {
  nl_addr* a = nl_addr_build(family, bytes, size());
  if (a) nl_addr_set_prefixlen(a, prefix);
  return a;
}

std::string Cidr::str() const {
  char buf[INET6_ADDRSTRLEN];
  ::inet_ntop(family, bytes, buf, sizeof buf);
  return fmt::format("{}/{}", buf, prefix);
}

}  // namespace tcpfault::netns

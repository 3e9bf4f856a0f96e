// RawSender: sends complete IPv4/IPv6 packets from the router (raw IPPROTO_RAW sockets,
// header included, opened inside the router's namespace): the engine's duplicates and
// inject's crafted segments. They leave through the router's OUTPUT path, so the wire's
// forward rules never see them again.
#pragma once

#include <cstdint>
#include <vector>

#include "netns/UniqueFd.h"

namespace tcpfault::netns::wire {

class RawSender {
 public:
  RawSender() = default;
  explicit RawSender(int routerNetnsFd);  // throws std::system_error
  // false (errno set) if the packet is not IP or the kernel refused it.
  bool send(const std::vector<uint8_t>& pkt) const;

 private:
  UniqueFd v4_, v6_;
};

}  // namespace tcpfault::netns::wire

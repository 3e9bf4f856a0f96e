// Listener: the listening socket of every server. "0.0.0.0" or "::" (dual stack: IPv4
// clients arrive as ::ffff:a.b.c.d) or one address; port 0 picks a free port.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "netns/UniqueFd.h"

namespace tcpfault::servers {

struct ListenOptions {
  std::string bind = "0.0.0.0";
  uint16_t port = 9877;  // UNP's SERV_PORT
  int backlog = 4096;
  bool nonBlocking = true;  // readiness servers; fork-echo blocks in accept
};

// Throws std::system_error "bind 0.0.0.0:9877: EADDRINUSE (Address already in use)".
UniqueFd listenOn(const ListenOptions& opts);

// "0.0.0.0:9877", "[::]:9877" -- the address the kernel actually bound.
std::string localAddress(int fd);

// The readiness line the runner and the tests wait for: exactly one, flushed.
void announceListening(int fd);

}  // namespace tcpfault::servers

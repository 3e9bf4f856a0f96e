// The TCP sockets of a host, from sock_diag (libnl-idiag-3), and TCP state names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcpfault::netns {

class Host;

struct SocketInfo {
  std::string state;   // "ESTABLISHED", "CLOSE_WAIT", ... (tcpStateName)
  std::string local;   // "198.18.2.2"
  uint16_t localPort = 0;
  std::string remote;
  uint16_t remotePort = 0;
  uint32_t recvQ = 0, sendQ = 0;
  uint64_t inode = 0;
};

// Every TCP socket (v4 and v6, every state) of the host.
std::vector<SocketInfo> tcpSockets(Host& h);
// The same in the calling thread's network namespace (the feature probe's).
std::vector<SocketInfo> tcpSocketsHere();

std::string tcpStateName(int state);                  // TCP_ESTABLISHED -> "ESTABLISHED"
std::optional<int> tcpStateFromName(std::string_view name);

}  // namespace tcpfault::netns

// LoadClient: the benchmark's client side -- N connections to one server on 127.0.0.1,
// a warm-up that proves every one is served, then rounds of one S-byte echo each on a
// rotating connection while all the others stay idle. What a round costs then depends
// on how the server finds the one ready connection among N: poll and select scan all
// N, epoll is handed the ready one.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "netns/UniqueFd.h"

namespace tcpfault::bench {

struct RoundsResult {
  bool ok = false;
  double seconds = 0;
  std::string error;  // why not ok: "connection 17: echo timed out"
};

class LoadClient {
 public:
  // Opens n connections; "" or the reason it could not (e.g. "connect 812: ECONNREFUSED").
  std::string connect(uint16_t port, int n);
  // Every connection echoes one byte: all are accepted and served. "" or the reason.
  std::string warmUp(std::chrono::milliseconds timeout);
  // rounds echoes of `bytes` each, one connection at a time, byte-checked.
  RoundsResult run(int rounds, size_t bytes, std::chrono::milliseconds perRoundTimeout);
  void closeAll() { fds_.clear(); }

 private:
  bool exchange(int fd, std::string_view out, std::string& in,
                std::chrono::steady_clock::time_point deadline);
  std::vector<UniqueFd> fds_;
};

}  // namespace tcpfault::bench

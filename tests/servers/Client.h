// Client: the test's side of a TCP connection to a server on 127.0.0.1. Every wait has
// a deadline (poll), so a hung server fails the test instead of hanging it.
#pragma once

#include <functional>

#include "tests/support/AwaitUntil.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "netns/UniqueFd.h"

namespace tcpfault::servertest {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Throws on failure. rcvbuf > 0 sets SO_RCVBUF before connect (it sets the window scale).
UniqueFd connectTo(uint16_t port, bool nonBlocking = false, int rcvbuf = 0);
void setRecvBuffer(int fd, int bytes);
void setLingerZero(int fd);  // close() then sends RST (abortive close)

// Writes all of data (the fd may be non-blocking); false on error or deadline.
bool writeAll(int fd, std::string_view data, Clock::time_point deadline);
// Reads exactly n bytes; nullopt on EOF, error or deadline (partial data is dropped).
std::optional<std::string> readExactly(int fd, size_t n, Clock::time_point deadline);
// Reads until EOF; the bytes, or nullopt on error or deadline.
std::optional<std::string> readToEof(int fd, Clock::time_point deadline);
// True when the peer closed (read 0 or ECONNRESET) before the deadline; data is skipped.
bool awaitClosed(int fd, Clock::time_point deadline);

void pollInterval();  // 10 ms

// Polls pred until it holds or the deadline passes (for /proc state).
using tcpfault::testsupport::awaitUntil;
inline bool awaitState(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  return awaitUntil(pred, timeout);
}
inline Clock::time_point after(std::chrono::milliseconds d) { return Clock::now() + d; }

// A reproducible byte stream: the writer and the checker generate the same bytes.
class ByteStream {
 public:
  explicit ByteStream(uint64_t seed) : state_(seed | 1) {}
  void fill(char* p, size_t n);

 private:
  uint64_t state_;
  uint64_t word_ = 0;
  int left_ = 0;
};

}  // namespace tcpfault::servertest

// EchoConnection: one echo client of a readiness server (epoll, poll, select, the pool):
// the socket, the bytes owed to it, and whether the peer has half-closed.
// Not thread-safe: exactly one thread serves a connection at a time.
#pragma once

#include <cstddef>
#include <span>

#include "netns/UniqueFd.h"
#include "servers/core/Outbox.h"

namespace tcpfault::servers {

struct EchoPolicy {
  bool drain = true;              // read until EAGAIN (edge-triggered must); false: one read
  bool keepUnsent = true;         // false is --bug-lose-eagain: drop what EAGAIN refused
  size_t maxOwed = 1 << 20;       // stop reading while this much is owed (back-pressure)
  bool ignoreSendErrors = false;  // --bug-sigpipe: the naive unchecked write(fd, buf, n)
};

class EchoConnection {
 public:
  explicit EchoConnection(UniqueFd fd) : fd_(std::move(fd)) {}
  int fd() const { return fd_.get(); }
  // Reads and echoes what has arrived. false: close it (the reason is logged).
  bool onReadable(std::span<char> buf, const EchoPolicy& policy);
  // Sends what is owed, then goes back to reading if back-pressure had paused it.
  bool onWritable(std::span<char> buf, const EchoPolicy& policy);
  bool wantsWrite() const { return !out_.empty(); }
  // The peer half-closed and everything owed is sent: close now (half-close honoured).
  bool done() const { return peerClosed_ && out_.empty(); }
  size_t owed() const { return out_.size(); }
  // The peer's FIN has been read: a level-triggered server stops watching for input.
  bool peerClosed() const { return peerClosed_; }

 private:
  bool echo(std::span<const char> data, const EchoPolicy& policy);
  bool readLossy(std::span<char> buf, const EchoPolicy& policy);
  UniqueFd fd_;
  Outbox out_;
  bool peerClosed_ = false;
  bool paused_ = false;  // stopped reading before EAGAIN because maxOwed was reached
};

}  // namespace tcpfault::servers

// Outbox: the bytes a connection owes its peer that the socket did not take yet.
// Empty (no heap) while idle, so an idle connection costs only its small object.
// Not thread-safe: owned by whichever thread serves the connection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tcpfault::servers {

class Outbox {
 public:
  bool empty() const { return off_ == buf_.size(); }
  size_t size() const { return buf_.size() - off_; }
  void append(std::string_view data);
  void clear();
  // Sends what the socket takes now. 0 when all is sent or the rest waits for
  // EPOLLOUT (EAGAIN); otherwise the errno (EPIPE, ECONNRESET, ...).
  int flush(int fd);
  // Sends data: straight to the socket when nothing is queued, queueing what is left.
  int send(int fd, std::string_view data);

 private:
  std::string buf_;
  size_t off_ = 0;
};

}  // namespace tcpfault::servers

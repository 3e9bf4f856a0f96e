// Epoll: a thin owner of an epoll instance. Registration errors are returned (0 or the
// errno): a connection that cannot be watched is closed, the server goes on.
#pragma once

#include <sys/epoll.h>

#include <cstdint>
#include <span>

#include "netns/UniqueFd.h"

namespace tcpfault::servers {

class Epoll {
 public:
  Epoll();  // throws std::system_error
  int fd() const { return fd_.get(); }
  int add(int fd, uint32_t events, epoll_data_t data);
  int mod(int fd, uint32_t events, epoll_data_t data);
  int del(int fd);
  // Ready events; EINTR gives 0 events (the caller loops and checks its stop flag).
  int wait(std::span<epoll_event> events, int timeoutMs);

 private:
  UniqueFd fd_;
};

inline epoll_data_t dataPtr(void* p) {
  epoll_data_t d;
  d.ptr = p;
  return d;
}
inline epoll_data_t dataFd(int fd) {
  epoll_data_t d;
  d.u64 = 0;
  d.fd = fd;
  return d;
}

}  // namespace tcpfault::servers

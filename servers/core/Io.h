// Io: read and send through the syscall seam, EINTR retried, the result as data
// ({n, err}) -- never thrown: what the kernel says about a peer is not a server failure.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string_view>

namespace tcpfault::servers {

struct IoResult {
  ssize_t n = 0;  // bytes moved; 0 from a read is EOF; -1 with err set
  int err = 0;
  bool ok() const { return n >= 0; }
  bool wouldBlock() const;  // EAGAIN / EWOULDBLOCK
};

IoResult readSome(int fd, void* buf, size_t len);
// send(MSG_NOSIGNAL): a reset peer gives EPIPE, never SIGPIPE.
IoResult sendSome(int fd, const void* buf, size_t len);
// Blocking sockets: sends all of data across short writes. 0 or the errno.
int sendAll(int fd, std::string_view data);

}  // namespace tcpfault::servers

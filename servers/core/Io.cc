#include "servers/core/Io.h"

#include <sys/socket.h>

#include <cerrno>

#include "servers/core/Sys.h"

namespace tcpfault::servers {

bool IoResult::wouldBlock() const { return n < 0 && (err == EAGAIN || err == EWOULDBLOCK); }

IoResult readSome(int fd, void* buf, size_t len) {
  for (;;) {
    ssize_t n = sys().read(fd, buf, len);
    if (n >= 0) return {n, 0};
    if (errno != EINTR) return {-1, errno};
  }
}

IoResult sendSome(int fd, const void* buf, size_t len) {
  for (;;) {
    ssize_t n = sys().send(fd, buf, len, MSG_NOSIGNAL);
    if (n >= 0) return {n, 0};
    if (errno != EINTR) return {-1, errno};
  }
}

int sendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    IoResult r = sendSome(fd, data.data(), data.size());
    if (!r.ok()) return r.err;
    data.remove_prefix(static_cast<size_t>(r.n));  // a short write: send the rest
  }
  return 0;
}

}  // namespace tcpfault::servers

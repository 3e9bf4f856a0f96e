#include "scenarios/runner/agent/ConnectCall.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

#include "netns/PollTimeout.h"

namespace tcpfault::scenario {

ConnectOutcome connectCall(int fd, const SockAddr& addr, long long timeoutMs, bool nonblock) {
  bool bounded = !nonblock && timeoutMs >= 0;
  if (nonblock || bounded) ::fcntl(fd, F_SETFL, O_NONBLOCK);
  ConnectOutcome out;
  out.ret = ::connect(fd, addr.sa(), addr.len);
  out.err = out.ret < 0 ? errno : 0;
  if (bounded && out.ret < 0 && out.err == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    int n;
    do n = ::poll(&p, 1, netns::pollTimeout(timeoutMs)); while (n < 0 && errno == EINTR);
    if (n == 0) {
      out = {-1, 0, true};
    } else if (n < 0) {
      out.err = errno;
    } else {
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      out.ret = err ? -1 : 0;
      out.err = err;
    }
  }
  // Blocking again, also when the connect succeeded at once: later calls on it block.
  if (bounded) ::fcntl(fd, F_SETFL, 0);
  return out;
}

}  // namespace tcpfault::scenario

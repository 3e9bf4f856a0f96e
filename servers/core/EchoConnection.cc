#include "servers/core/EchoConnection.h"

#include <string_view>

#include "servers/core/ErrnoPolicy.h"
#include "servers/core/Io.h"
#include "servers/core/Log.h"

namespace tcpfault::servers {

bool EchoConnection::onReadable(std::span<char> buf, const EchoPolicy& policy) {
  paused_ = false;
  while (!peerClosed_) {
    if (out_.size() >= policy.maxOwed) {  // the peer is not reading: wait for EPOLLOUT
      paused_ = true;
      return true;
    }
    IoResult r = readSome(fd(), buf.data(), buf.size());
    if (r.n > 0) {
      if (!echo(buf.first(static_cast<size_t>(r.n)), policy)) return false;
    } else if (r.n == 0) {
      peerClosed_ = true;  // FIN: owe the rest, then close
    } else if (r.wouldBlock()) {
      return true;
    } else {
      logErrno("read", r.err);
      return false;
    }
    if (!policy.drain) return true;
  }
  return true;
}

bool EchoConnection::onWritable(std::span<char> buf, const EchoPolicy& policy) {
  if (int err = out_.flush(fd()); err != 0) {
    logErrno("send", err);
    if (!policy.ignoreSendErrors) return false;
    out_.clear();  // the naive server forgets the bytes and goes on reading
  }
  // Edge-triggered: no new EPOLLIN edge comes for data we left unread, so resume here.
  if (paused_ && out_.size() < policy.maxOwed) return onReadable(buf, policy);
  return true;
}

bool EchoConnection::echo(std::span<const char> data, const EchoPolicy& policy) {
  std::string_view bytes(data.data(), data.size());
  int err = 0;
  if (policy.keepUnsent) {
    err = out_.send(fd(), bytes);
  } else {
    // --bug-lose-eagain: what the socket does not take now is simply forgotten.
    IoResult r = sendSome(fd(), bytes.data(), bytes.size());
    err = (r.ok() || r.wouldBlock()) ? 0 : r.err;
  }
  if (err != 0) logErrno("send", err);
  if (err != 0 && policy.ignoreSendErrors) out_.clear();
  return err == 0 || policy.ignoreSendErrors;
}

}  // namespace tcpfault::servers

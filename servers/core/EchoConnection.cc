#include "servers/core/EchoConnection.h"

#include <string_view>

#include "servers/core/ErrnoPolicy.h"
#include "servers/core/Io.h"
#include "servers/core/Log.h"

namespace tcpfault::servers {

bool EchoConnection::onReadable(std::span<char> buf, const EchoPolicy& policy) {
  if (!policy.keepUnsent) return readLossy(buf, policy);
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
  int err = out_.send(fd(), std::string_view(data.data(), data.size()));
  if (err != 0) logErrno("send", err);
  if (err != 0 && policy.ignoreSendErrors) out_.clear();
  return err == 0 || policy.ignoreSendErrors;
}

// --bug-lose-eagain, the naive pattern: drain into one buffer, write it once, and forget
// whatever that write did not take (a short write or EAGAIN). One large write per edge
// meets a full window far more often than the correct server's 64 KiB pieces would.
bool EchoConnection::readLossy(std::span<char> buf, const EchoPolicy& policy) {
  std::string all;
  for (;;) {
    IoResult r = readSome(fd(), buf.data(), buf.size());
    if (r.n > 0) {
      all.append(buf.data(), static_cast<size_t>(r.n));
      if (policy.drain) continue;
    } else if (r.n == 0) {
      peerClosed_ = true;
    } else if (!r.wouldBlock()) {
      logErrno("read", r.err);
      return false;
    }
    break;
  }
  if (all.empty()) return true;
  IoResult w = sendSome(fd(), all.data(), all.size());
  if (!w.ok() && !w.wouldBlock()) logErrno("send", w.err);
  return w.ok() || w.wouldBlock();
}

}  // namespace tcpfault::servers

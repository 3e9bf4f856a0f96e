#include "servers/core/Acceptor.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/socket.h>

#include <cerrno>

#include "netns/ErrnoName.h"
#include "servers/core/ErrnoPolicy.h"
#include "servers/core/Log.h"
#include "servers/core/Sys.h"

namespace tcpfault::servers {
namespace {
UniqueFd openSpare() { return UniqueFd(sys().open("/dev/null", O_RDONLY | O_CLOEXEC)); }
}  // namespace

Acceptor::Acceptor(UniqueFd listener, bool spareFd)
    : listener_(std::move(listener)), useSpare_(spareFd) {
  if (useSpare_) spare_ = openSpare();
}

AcceptResult Acceptor::accept(int flags) {
  int fd = sys().accept4(listener_.get(), nullptr, nullptr, flags);
  if (fd >= 0) return {AcceptStatus::Accepted, UniqueFd(fd), 0};
  int err = errno;
  if (err == EAGAIN || err == EWOULDBLOCK) return {AcceptStatus::WouldBlock, {}, err};
  if (err == EINTR) return {AcceptStatus::Interrupted, {}, err};
  if (acceptCanGoOn(err)) {
    logErrnoGoingOn("accept", err);
    return {AcceptStatus::Skipped, {}, err};
  }
  if (isFdExhaustion(err)) return shed(err);
  return {AcceptStatus::Failed, {}, err};
}

AcceptResult Acceptor::shed(int err) {
  if (exhausted_++ % 1000 == 0)  // a flood of these must not flood the log
    logLine(fmt::format("{}, {} ({} so far)", errnoMessage("accept", err),
                        useSpare_ ? "closing one pending connection" : "leaving it queued",
                        exhausted_));
  if (!useSpare_) return {AcceptStatus::Shed, {}, err};
  spare_.reset();
  UniqueFd victim(sys().accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
  victim.reset();  // the client sees EOF: better than a connection nobody serves
  spare_ = openSpare();
  return {AcceptStatus::Shed, {}, err};
}

}  // namespace tcpfault::servers

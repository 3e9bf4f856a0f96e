// epoll-lt-echo: level-triggered epoll, non-blocking connection sockets, one thread -- the
// Korean 2007 sample done right. Level-triggered means "readable now": one read per event
// is enough and fair, and data left unread is reported again on the next epoll_wait. What
// a slow reader cannot take yet waits in its EchoConnection, the socket watched for
// EPOLLOUT, and EPOLLIN is dropped while too much is owed (back-pressure): level-triggered,
// it would fire for ever.
// --bug-blocking-writes (for tests): the sample's own model, blocking sockets and a
// blocking send loop -- a client that stops reading while it keeps writing stalls every
// other client (no-head-of-line-blocking). Seen on Linux 6.1 in a VM; on 6.18 the server's
// send buffer happened to take a 110 KB echo, which the story now makes larger than any.
// The listener is non-blocking: a connection that dies between epoll_wait and accept
// (ECONNABORTED) must not leave accept() blocked (UNP 16.6).
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <memory>
#include <vector>

#include "servers/core/Acceptor.h"
#include "servers/core/EchoConnection.h"
#include "servers/core/Epoll.h"
#include "servers/core/Io.h"
#include "servers/core/Log.h"
#include "servers/core/ServerMain.h"
#include "servers/core/Signals.h"

namespace tcpfault::servers {
namespace {

class LtEchoServer {
 public:
  LtEchoServer(const CommonOptions& opts, bool blockingWrites);
  void run();

 private:
  void acceptAll();
  bool serve(int fd, uint32_t events);
  bool serveBlocking(int fd);
  uint32_t interest(const EchoConnection& c) const;

  bool blockingWrites_;
  EchoPolicy policy_;
  Epoll epoll_;
  UniqueFd signals_;
  Acceptor acceptor_;
  std::vector<std::unique_ptr<EchoConnection>> conns_;  // indexed by fd; owns every connection
  std::vector<uint32_t> watched_;                       // the interest registered, by fd
  std::array<char, 64 * 1024> buf_{};
};

LtEchoServer::LtEchoServer(const CommonOptions& opts, bool blockingWrites)
    : blockingWrites_(blockingWrites),
      signals_(termSignalFd()),
      acceptor_(listenOn(opts.listen), true) {
  policy_.drain = false;  // level-triggered: one read per readiness
  epoll_.add(signals_.get(), EPOLLIN, dataFd(signals_.get()));
  epoll_.add(acceptor_.fd(), EPOLLIN, dataFd(acceptor_.fd()));
  announceListening(acceptor_.fd());
}

void LtEchoServer::run() {
  std::array<epoll_event, 1024> events{};
  for (;;) {
    int n = epoll_.wait(events, -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == signals_.get()) return;
      if (fd == acceptor_.fd()) {
        acceptAll();
      } else if (!(blockingWrites_ ? serveBlocking(fd) : serve(fd, events[i].events))) {
        conns_[static_cast<size_t>(fd)].reset();  // closes the socket, which leaves epoll
      }
    }
  }
}

void LtEchoServer::acceptAll() {
  int flags = SOCK_CLOEXEC | (blockingWrites_ ? 0 : SOCK_NONBLOCK);
  for (;;) {
    AcceptResult a = acceptor_.accept(flags);
    if (a.status == AcceptStatus::Accepted) {
      int fd = a.fd.get();
      if (int err = epoll_.add(fd, EPOLLIN, dataFd(fd)); err != 0) {
        logErrno("epoll_ctl ADD", err);
        continue;
      }
      size_t at = static_cast<size_t>(fd);
      if (conns_.size() <= at) {
        conns_.resize(at + 1);
        watched_.resize(at + 1);
      }
      conns_[at] = std::make_unique<EchoConnection>(std::move(a.fd));
      watched_[at] = EPOLLIN;
    } else if (a.status == AcceptStatus::Failed) {
      return logErrno("accept", a.err);
    } else if (a.status != AcceptStatus::Skipped && a.status != AcceptStatus::Interrupted) {
      return;
    }
  }
}

bool LtEchoServer::serve(int fd, uint32_t events) {
  EchoConnection& c = *conns_[static_cast<size_t>(fd)];
  if ((events & EPOLLOUT) && !c.onWritable(buf_, policy_)) return false;
  if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !c.onReadable(buf_, policy_)) return false;
  if (c.done()) return false;
  uint32_t want = interest(c);
  uint32_t& have = watched_[static_cast<size_t>(fd)];
  if (want != have) {
    if (int err = epoll_.mod(fd, want, dataFd(fd)); err != 0) {
      logErrno("epoll_ctl MOD", err);
      return false;
    }
    have = want;
  }
  return true;
}

// Not EPOLLIN while the peer owes us its reading, nor after its FIN while the echo is
// still owed: level-triggered, it would fire for ever.
uint32_t LtEchoServer::interest(const EchoConnection& c) const {
  if (!c.wantsWrite()) return EPOLLIN;
  if (c.peerClosed()) return EPOLLOUT;
  return c.owed() >= policy_.maxOwed ? EPOLLOUT : EPOLLIN | EPOLLOUT;
}

// The bug: a blocking send to a client that does not read stops the whole loop.
bool LtEchoServer::serveBlocking(int fd) {
  IoResult r = readSome(fd, buf_.data(), buf_.size());
  if (r.n == 0) return false;  // EOF: everything read was already echoed
  if (!r.ok()) {
    logErrno("read", r.err);
    return false;
  }
  if (int err = sendAll(fd, {buf_.data(), static_cast<size_t>(r.n)}); err != 0) {
    logErrno("send", err);
    return false;
  }
  return true;
}

}  // namespace
}  // namespace tcpfault::servers

int main(int argc, char** argv) {
  using namespace tcpfault::servers;
  CLI::App app{"Echo server: level-triggered epoll, non-blocking sockets, one thread.",
               "epoll-lt-echo"};
  CommonOptions opts;
  addCommonOptions(app, opts);
  bool blockingWrites = false;
  app.add_flag("--bug-blocking-writes", blockingWrites,
               "(for tests) blocking sockets and a blocking send loop: a client that does not "
               "read stalls every other client");
  return serverMain(argc, argv, app, opts, [&] { LtEchoServer(opts, blockingWrites).run(); });
}

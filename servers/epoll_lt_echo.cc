// epoll-lt-echo: level-triggered epoll with blocking connection sockets, one thread --
// the Korean 2007 sample done right. Level-triggered means "readable now": one read per
// event never blocks, and data left unread is reported again on the next epoll_wait.
// The echo is written with a blocking send loop (short writes completed, EINTR retried,
// MSG_NOSIGNAL). The price of blocking sockets, by design of this model: a client that
// stops reading while it keeps writing stalls the whole server until it reads again.
// The listener is non-blocking: a connection that dies between epoll_wait and accept
// (ECONNABORTED) must not leave accept() blocked (UNP 16.6).
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <vector>

#include "servers/core/Acceptor.h"
#include "servers/core/Epoll.h"
#include "servers/core/Io.h"
#include "servers/core/Log.h"
#include "servers/core/ServerMain.h"
#include "servers/core/Signals.h"

namespace tcpfault::servers {
namespace {

class LtEchoServer {
 public:
  explicit LtEchoServer(const CommonOptions& opts);
  void run();

 private:
  void acceptAll();
  bool serve(int fd);

  Epoll epoll_;
  UniqueFd signals_;
  Acceptor acceptor_;
  std::vector<UniqueFd> conns_;  // indexed by fd; owns every connection
  std::array<char, 64 * 1024> buf_{};
};

LtEchoServer::LtEchoServer(const CommonOptions& opts)
    : signals_(termSignalFd()), acceptor_(listenOn(opts.listen), true) {
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
      if (fd == acceptor_.fd())
        acceptAll();
      else if (!serve(fd))
        conns_[static_cast<size_t>(fd)].reset();  // also leaves epoll
    }
  }
}

void LtEchoServer::acceptAll() {
  for (;;) {
    AcceptResult a = acceptor_.accept(SOCK_CLOEXEC);  // blocking connection sockets
    if (a.status == AcceptStatus::Accepted) {
      int fd = a.fd.get();
      if (int err = epoll_.add(fd, EPOLLIN, dataFd(fd)); err != 0) {
        logErrno("epoll_ctl ADD", err);
        continue;
      }
      if (conns_.size() <= static_cast<size_t>(fd)) conns_.resize(static_cast<size_t>(fd) + 1);
      conns_[static_cast<size_t>(fd)] = std::move(a.fd);
    } else if (a.status == AcceptStatus::Failed) {
      return logErrno("accept", a.err);
    } else if (a.status != AcceptStatus::Skipped && a.status != AcceptStatus::Interrupted) {
      return;
    }
  }
}

// One read -- it cannot block, epoll said readable -- then the whole echo, blocking.
bool LtEchoServer::serve(int fd) {
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
  CLI::App app{"Echo server: level-triggered epoll, blocking sockets, one thread.",
               "epoll-lt-echo"};
  CommonOptions opts;
  addCommonOptions(app, opts);
  return serverMain(argc, argv, app, opts, [&] { LtEchoServer(opts).run(); });
}

// select-echo: level-triggered select(2), non-blocking sockets, one thread -- the
// oldest baseline of the benchmark. An fd_set holds fds below FD_SETSIZE (1024) only:
// a connection whose fd is higher is refused (accepted, logged, closed), never
// written past the end of the set.
#include <fmt/format.h>
#include <sys/select.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>
#include <vector>

#include "netns/Error.h"
#include "servers/core/Acceptor.h"
#include "servers/core/EchoConnection.h"
#include "servers/core/Log.h"
#include "servers/core/ServerMain.h"
#include "servers/core/Signals.h"

namespace tcpfault::servers {
namespace {

class SelectEchoServer {
 public:
  explicit SelectEchoServer(const CommonOptions& opts);
  void run();

 private:
  int fillSets(fd_set& rd, fd_set& wr) const;
  void acceptAll();
  bool serve(EchoConnection& c, bool readable, bool writable);

  EchoPolicy policy_;
  UniqueFd signals_;
  Acceptor acceptor_;
  std::array<std::unique_ptr<EchoConnection>, FD_SETSIZE> conns_;  // indexed by fd
  std::array<char, 64 * 1024> buf_{};
  unsigned long refused_ = 0;
};

SelectEchoServer::SelectEchoServer(const CommonOptions& opts)
    : signals_(termSignalFd()), acceptor_(listenOn(opts.listen), true) {
  policy_.drain = false;
  announceListening(acceptor_.fd());
}

int SelectEchoServer::fillSets(fd_set& rd, fd_set& wr) const {
  FD_ZERO(&rd);
  FD_ZERO(&wr);
  FD_SET(signals_.get(), &rd);
  FD_SET(acceptor_.fd(), &rd);
  int maxFd = std::max(signals_.get(), acceptor_.fd());
  for (const auto& c : conns_) {
    if (!c) continue;
    if (c->owed() < policy_.maxOwed) FD_SET(c->fd(), &rd);
    if (c->wantsWrite()) FD_SET(c->fd(), &wr);
    maxFd = std::max(maxFd, c->fd());
  }
  return maxFd;
}

void SelectEchoServer::run() {
  for (;;) {
    fd_set rd, wr;
    int maxFd = fillSets(rd, wr);
    int n = ::select(maxFd + 1, &rd, &wr, nullptr, nullptr);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throwErrno(errno, "select");
    if (FD_ISSET(signals_.get(), &rd)) return;
    for (auto& c : conns_) {
      if (!c) continue;
      bool r = FD_ISSET(c->fd(), &rd), w = FD_ISSET(c->fd(), &wr);
      if ((r || w) && !serve(*c, r, w)) c.reset();
    }
    if (FD_ISSET(acceptor_.fd(), &rd)) acceptAll();
  }
}

void SelectEchoServer::acceptAll() {
  for (;;) {
    AcceptResult a = acceptor_.accept(SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (a.status == AcceptStatus::Accepted) {
      if (a.fd.get() >= FD_SETSIZE) {  // FD_SET would write out of bounds
        if (refused_++ % 1000 == 0)
          logLine(fmt::format("fd {} >= FD_SETSIZE {}: connection refused ({} so far)", a.fd.get(),
                              FD_SETSIZE, refused_));
        continue;  // a.fd closes here
      }
      int fd = a.fd.get();
      conns_[static_cast<size_t>(fd)] = std::make_unique<EchoConnection>(std::move(a.fd));
    } else if (a.status == AcceptStatus::Failed) {
      return logErrno("accept", a.err);
    } else if (a.status != AcceptStatus::Skipped && a.status != AcceptStatus::Interrupted) {
      return;
    }
  }
}

bool SelectEchoServer::serve(EchoConnection& c, bool readable, bool writable) {
  if (writable && !c.onWritable(buf_, policy_)) return false;
  if (readable && !c.onReadable(buf_, policy_)) return false;
  return !c.done();
}

}  // namespace
}  // namespace tcpfault::servers

int main(int argc, char** argv) {
  using namespace tcpfault::servers;
  CLI::App app{
      "Echo server: level-triggered select(2), non-blocking sockets, one thread; "
      "fds >= FD_SETSIZE are refused.",
      "select-echo"};
  CommonOptions opts;
  addCommonOptions(app, opts);
  return serverMain(argc, argv, app, opts, [&] { SelectEchoServer(opts).run(); });
}

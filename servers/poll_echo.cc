// poll-echo: level-triggered poll(2), non-blocking sockets, one thread -- the baseline
// of the benchmark. Every call hands the kernel the whole pollfd array, so the cost per
// wake-up grows with the number of connections (the poll column of the epoll article).
#include <poll.h>
#include <sys/socket.h>

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

class PollEchoServer {
 public:
  explicit PollEchoServer(const CommonOptions& opts);
  void run();

 private:
  void acceptAll();
  bool serve(size_t i);
  short interest(const EchoConnection& c) const;
  void remove(size_t i);

  EchoPolicy policy_;
  UniqueFd signals_;
  Acceptor acceptor_;
  // pfds_[0] the signalfd, pfds_[1] the listener, then conns_[i - 2] <-> pfds_[i].
  std::vector<pollfd> pfds_;
  std::vector<std::unique_ptr<EchoConnection>> conns_;
  std::array<char, 64 * 1024> buf_{};
};

PollEchoServer::PollEchoServer(const CommonOptions& opts)
    : signals_(termSignalFd()), acceptor_(listenOn(opts.listen), true) {
  policy_.drain = false;  // level-triggered: one read per readiness is enough and fair
  pfds_.push_back({signals_.get(), POLLIN, 0});
  pfds_.push_back({acceptor_.fd(), POLLIN, 0});
  announceListening(acceptor_.fd());
}

void PollEchoServer::run() {
  for (;;) {
    int n = ::poll(pfds_.data(), pfds_.size(), -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throwErrno(errno, "poll");
    if (pfds_[0].revents) return;  // SIGTERM/SIGINT
    // Back to front, so remove() (swap with the last) never skips an entry.
    for (size_t i = pfds_.size() - 1; i >= 2; --i)
      if (pfds_[i].revents && !serve(i)) remove(i);
    if (pfds_[1].revents) acceptAll();
  }
}

void PollEchoServer::acceptAll() {
  for (;;) {
    AcceptResult a = acceptor_.accept(SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (a.status == AcceptStatus::Accepted) {
      pfds_.push_back({a.fd.get(), POLLIN, 0});
      conns_.push_back(std::make_unique<EchoConnection>(std::move(a.fd)));
    } else if (a.status == AcceptStatus::Failed) {
      return logErrno("accept", a.err);
    } else if (a.status != AcceptStatus::Skipped && a.status != AcceptStatus::Interrupted) {
      return;
    }
  }
}

bool PollEchoServer::serve(size_t i) {
  EchoConnection& c = *conns_[i - 2];
  short ev = pfds_[i].revents;
  if ((ev & POLLOUT) && !c.onWritable(buf_, policy_)) return false;
  if ((ev & (POLLIN | POLLHUP | POLLERR)) && !c.onReadable(buf_, policy_)) return false;
  if (c.done()) return false;
  pfds_[i].events = interest(c);
  return true;
}

// Not POLLIN while the peer owes us its reading: level-triggered, it would fire forever.
short PollEchoServer::interest(const EchoConnection& c) const {
  if (!c.wantsWrite()) return POLLIN;
  return c.owed() >= policy_.maxOwed ? POLLOUT : POLLIN | POLLOUT;
}

void PollEchoServer::remove(size_t i) {
  pfds_[i] = pfds_.back();
  pfds_.pop_back();
  conns_[i - 2] = std::move(conns_.back());
  conns_.pop_back();
}

}  // namespace
}  // namespace tcpfault::servers

int main(int argc, char** argv) {
  using namespace tcpfault::servers;
  CLI::App app{"Echo server: level-triggered poll(2), non-blocking sockets, one thread.",
               "poll-echo"};
  CommonOptions opts;
  addCommonOptions(app, opts);
  return serverMain(argc, argv, app, opts, [&] { PollEchoServer(opts).run(); });
}

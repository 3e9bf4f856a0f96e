// epoll-et-echo: edge-triggered epoll, non-blocking sockets, one thread.
// Each EPOLLIN edge is drained until EAGAIN (no new edge comes for data left behind);
// what the socket does not take is kept per connection and EPOLLOUT is asked for only
// while something is owed; a half-close (EPOLLRDHUP / read 0) is honoured by sending
// what is owed, then closing. Options --bug-* make it wrong on purpose, for tests.
#include <sys/socket.h>
#include <unistd.h>

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
#include "servers/core/Sys.h"

namespace tcpfault::servers {
namespace {

struct Bugs {
  bool loseEagain = false, noDrain = false, sigpipe = false, emfileSpin = false,
       errnoUnchecked = false, closeOnEof = false, leakOnError = false;
};

constexpr uint32_t kConnEvents = EPOLLIN | EPOLLRDHUP | EPOLLET;

class EtEchoServer {
 public:
  EtEchoServer(const CommonOptions& opts, const Bugs& bugs);
  void run();

 private:
  void acceptAll();
  void onConnection(int fd, uint32_t events);
  bool serve(EchoConnection& c, uint32_t events);
  bool readErrnoUnchecked(EchoConnection& c);
  void watchWrites(EchoConnection& c);
  void close(int fd);

  Bugs bugs_;
  EchoPolicy policy_;
  Epoll epoll_;
  UniqueFd signals_;
  Acceptor acceptor_;
  std::vector<std::unique_ptr<EchoConnection>> conns_;  // indexed by fd
  std::vector<bool> writing_;                           // EPOLLOUT requested, by fd
  std::vector<std::unique_ptr<EchoConnection>> leaked_;  // --bug-leak-on-error: never closed
  std::array<char, 64 * 1024> buf_{};                   // shared: one thread
};

EtEchoServer::EtEchoServer(const CommonOptions& opts, const Bugs& bugs)
    : bugs_(bugs), signals_(termSignalFd()), acceptor_(listenOn(opts.listen), !bugs.emfileSpin) {
  policy_.drain = !bugs.noDrain;
  policy_.keepUnsent = !bugs.loseEagain;
  // --bug-sigpipe is the naive `write(fd, buf, n);` whose result nobody checks: the first
  // write after an RST returns ECONNRESET (ignored), the next one raises SIGPIPE (UNP 5.13).
  policy_.ignoreSendErrors = bugs.sigpipe;
  epoll_.add(signals_.get(), EPOLLIN, dataFd(signals_.get()));
  epoll_.add(acceptor_.fd(), EPOLLIN, dataFd(acceptor_.fd()));  // level: the backlog
  announceListening(acceptor_.fd());
}

void EtEchoServer::run() {
  std::array<epoll_event, 1024> events{};
  for (;;) {
    int n = epoll_.wait(events, -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == signals_.get()) return;  // SIGTERM/SIGINT: stop; destructors close all
      if (fd == acceptor_.fd())
        acceptAll();
      else
        onConnection(fd, events[i].events);
    }
  }
}

void EtEchoServer::acceptAll() {
  for (;;) {
    AcceptResult a = acceptor_.accept(SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (a.status == AcceptStatus::Accepted) {
      int fd = a.fd.get();
      if (int err = epoll_.add(fd, kConnEvents, dataFd(fd)); err != 0) {
        logErrno("epoll_ctl ADD", err);
        continue;
      }
      if (conns_.size() <= static_cast<size_t>(fd)) {
        conns_.resize(static_cast<size_t>(fd) + 1);
        writing_.resize(static_cast<size_t>(fd) + 1);
      }
      conns_[fd] = std::make_unique<EchoConnection>(std::move(a.fd));
      writing_[fd] = false;
    } else if (a.status == AcceptStatus::Failed) {
      logErrno("accept", a.err);
      return;
    } else if (a.status != AcceptStatus::Skipped && a.status != AcceptStatus::Interrupted) {
      return;  // WouldBlock, or Shed: back to epoll (the listener is level-triggered)
    }
  }
}

void EtEchoServer::onConnection(int fd, uint32_t events) {
  EchoConnection* c = static_cast<size_t>(fd) < conns_.size() ? conns_[fd].get() : nullptr;
  if (c == nullptr) return;
  // --bug-close-on-eof: the peer's FIN ends the connection at once; what was still owed
  // to it, and what it sent before the FIN but was not read yet, is lost.
  if (bugs_.closeOnEof && (events & EPOLLRDHUP)) return close(fd);
  if (!serve(*c, events)) {
    // --bug-leak-on-error: an error path that forgets close(): out of the epoll set,
    // the descriptor stays open for ever.
    if (bugs_.leakOnError) {
      epoll_.del(fd);
      leaked_.push_back(std::move(conns_[fd]));
      return;
    }
    return close(fd);
  }
  if (c->done()) return close(fd);
  watchWrites(*c);
}

bool EtEchoServer::serve(EchoConnection& c, uint32_t events) {
  if ((events & EPOLLOUT) && !c.onWritable(buf_, policy_)) return false;
  if (!(events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) return true;
  if (bugs_.errnoUnchecked) return readErrnoUnchecked(c);
  return c.onReadable(buf_, policy_);
}

// --bug-errno-unchecked, the bug of the Chinese epoll article (MyRead): the loop tests
// errno before read's return value. errno is set only by a *failing* call, so it still
// holds the EAGAIN of the last accept4() or read() that ran dry -- on every edge after
// the first accept loop. A successful read (n > 0) is then taken for "drained", its
// bytes are not counted, the total is 0, and 0 means "peer closed": the server closes a
// live connection. Deterministic: no message is ever echoed and each client sees EOF
// right after its first write, so "write c hi; read c => hi" fails every time.
bool EtEchoServer::readErrnoUnchecked(EchoConnection& c) {
  size_t total = 0;
  ssize_t n = 0;
  while ((n = sys().read(c.fd(), buf_.data() + total, buf_.size() - total)) != 0) {
    if (errno == EAGAIN) break;  // BUG: errno is meaningful only when n == -1
    if (n < 0) return false;
    total += static_cast<size_t>(n);
    if (total == buf_.size()) break;
  }
  if (total == 0) return false;  // "nothing read, so the peer closed"
  int err = sendAll(c.fd(), {buf_.data(), total});
  return err == 0 || err == EAGAIN;
}

// EPOLLOUT only while something is owed: an always-writable socket would wake us for
// nothing on every edge.
void EtEchoServer::watchWrites(EchoConnection& c) {
  bool want = c.wantsWrite();
  if (writing_[c.fd()] == want) return;
  if (int err = epoll_.mod(c.fd(), kConnEvents | (want ? uint32_t{EPOLLOUT} : 0u), dataFd(c.fd()));
      err)
    logErrno("epoll_ctl MOD", err);
  writing_[c.fd()] = want;
}

void EtEchoServer::close(int fd) {
  conns_[fd].reset();  // close(2) also removes it from the epoll set
}

// --bug-sigpipe: sends become write(2), which raises SIGPIPE on a reset peer.
ssize_t sendWithWrite(int fd, const void* buf, size_t len, int) { return ::write(fd, buf, len); }

}  // namespace
}  // namespace tcpfault::servers

int main(int argc, char** argv) {
  using namespace tcpfault::servers;
  CLI::App app{"Echo server: edge-triggered epoll, non-blocking sockets, one thread.",
               "epoll-et-echo"};
  CommonOptions opts;
  Bugs bugs;
  addCommonOptions(app, opts);
  auto* group = app.add_option_group("Bugs", "deliberately wrong variants, for tests");
  group->add_flag("--bug-lose-eagain", bugs.loseEagain,
                  "for tests: drops what a write did not take (EAGAIN, short write)");
  group->add_flag("--bug-no-drain", bugs.noDrain, "for tests: one read per EPOLLIN edge (stalls)");
  group->add_flag("--bug-sigpipe", bugs.sigpipe,
                  "for tests: unchecked write(2), SIGPIPE default (dies on a reset peer)");
  group->add_flag("--bug-emfile-spin", bugs.emfileSpin, "for tests: no spare fd, spins on EMFILE");
  group->add_flag(
      "--bug-errno-unchecked", bugs.errnoUnchecked,
      "for tests: tests errno before read's result (drops data, closes live connections)");
  group->add_flag("--bug-close-on-eof", bugs.closeOnEof,
                  "for tests: closes on the peer's FIN (EPOLLRDHUP), losing what it still owes");
  group->add_flag("--bug-leak-on-error", bugs.leakOnError,
                  "for tests: a connection that ends in an error (ECONNRESET, EPIPE) is never closed");
  return serverMain(
      argc, argv, app, opts,
      [&] {
        if (bugs.sigpipe) sys().send = sendWithWrite;
        EtEchoServer(opts, bugs).run();
      },
      &bugs.sigpipe);
}

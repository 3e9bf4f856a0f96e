// epoll-chat: every line a client sends goes to every other client. Level-triggered
// epoll, non-blocking sockets, one thread.
// Flow control, so that neither a fast sender nor a dead reader hurts anyone:
//  - a recipient owed more than --max-queue bytes makes the server stop reading from
//    senders (back-pressure: the senders' own TCP windows slow them down), so a reader
//    that is merely behind catches up and loses nothing;
//  - a recipient that stays over --max-queue without taking a byte for --slow-ms is a
//    slow (or dead) reader: it is dropped and the senders resume. Nobody waits on it
//    longer than --slow-ms, and a reset peer (EPIPE, ECONNRESET) is simply closed.
// --bug-block-on-slow (for tests): blocking sockets and blocking sends, so one client
// that stops reading stalls every other one for as long as it does not read.
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "servers/core/Acceptor.h"
#include "servers/core/Epoll.h"
#include "servers/core/Io.h"
#include "servers/core/Log.h"
#include "servers/core/Outbox.h"
#include "servers/core/ServerMain.h"
#include "servers/core/Signals.h"

namespace tcpfault::servers {
namespace {

using Clock = std::chrono::steady_clock;

struct ChatOptions {
  size_t maxQueue = 256 * 1024;  // owed to one client before senders are paused
  int slowMs = 1000;             // over maxQueue without progress this long: dropped
  size_t maxLine = 64 * 1024;    // a longer line without '\n' gets its sender dropped
  bool bugBlockOnSlow = false;
};

struct Client {
  explicit Client(UniqueFd f) : fd(std::move(f)) {}
  UniqueFd fd;
  std::string partial;  // bytes after the last '\n'
  Outbox out;
  uint32_t events = EPOLLIN | EPOLLRDHUP;  // what epoll watches now
  Clock::time_point lastProgress;          // last time the outbox shrank (or went over)
  bool leaving = false;                    // EOF read: flush what is owed, then close
  bool dead = false;                       // to close after this batch of events
};

class ChatServer {
 public:
  ChatServer(const CommonOptions& opts, const ChatOptions& chat);
  void run();

 private:
  void acceptAll();
  void onClient(Client& c, uint32_t events);
  void onWritable(Client& c);
  void onReadable(Client& c);
  void broadcast(const Client& from, std::string_view lines);
  void deliver(Client& to, std::string_view lines);
  void drop(Client& c, std::string_view why, int err = 0);
  void updateInterest(Client& c);
  void housekeeping();

  ChatOptions chat_;
  Epoll epoll_;
  UniqueFd signals_;
  Acceptor acceptor_;
  std::vector<std::unique_ptr<Client>> clients_;  // the members; owners of the sockets
  bool congested_ = false;  // some client is owed more than maxQueue: senders wait
  std::array<char, 64 * 1024> buf_{};
};

ChatServer::ChatServer(const CommonOptions& opts, const ChatOptions& chat)
    : chat_(chat), signals_(termSignalFd()), acceptor_(listenOn(opts.listen), true) {
  epoll_.add(signals_.get(), EPOLLIN, dataPtr(nullptr));
  epoll_.add(acceptor_.fd(), EPOLLIN, dataPtr(&acceptor_));
  announceListening(acceptor_.fd());
}

void ChatServer::run() {
  std::array<epoll_event, 256> events{};
  for (;;) {
    // While congested, wake up regularly to notice a reader that makes no progress.
    int n = epoll_.wait(events, congested_ ? chat_.slowMs / 4 + 1 : -1);
    for (int i = 0; i < n; ++i) {
      void* p = events[i].data.ptr;
      if (p == nullptr) return;  // SIGTERM
      if (p == &acceptor_)
        acceptAll();
      else
        onClient(*static_cast<Client*>(p), events[i].events);
    }
    housekeeping();  // closes only now: pointers in this batch stay valid
  }
}

void ChatServer::acceptAll() {
  int flags = SOCK_CLOEXEC | (chat_.bugBlockOnSlow ? 0 : SOCK_NONBLOCK);
  for (;;) {
    AcceptResult a = acceptor_.accept(flags);
    if (a.status == AcceptStatus::Failed) return logErrno("accept", a.err);
    if (a.status == AcceptStatus::Skipped || a.status == AcceptStatus::Interrupted) continue;
    if (a.status != AcceptStatus::Accepted) return;
    int one = 1;  // chat lines are small and interactive: no Nagle delay
    ::setsockopt(a.fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto c = std::make_unique<Client>(std::move(a.fd));
    if (int err = epoll_.add(c->fd.get(), c->events, dataPtr(c.get())); err != 0) {
      logErrno("epoll_ctl ADD", err);
      continue;
    }
    clients_.push_back(std::move(c));
  }
}

void ChatServer::onClient(Client& c, uint32_t events) {
  if (c.dead) return;
  if (events & EPOLLOUT) onWritable(c);
  bool readable = events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR);
  if (!c.dead && !c.leaving && readable && !congested_) onReadable(c);
  if (c.dead) return;
  if (c.leaving && c.out.empty())
    c.dead = true;  // half-close honoured: owed bytes sent
  else
    updateInterest(c);
}

void ChatServer::onWritable(Client& c) {
  size_t before = c.out.size();
  if (int err = c.out.flush(c.fd.get()); err != 0) return drop(c, "send", err);
  if (c.out.size() < before) c.lastProgress = Clock::now();
}

// One read per event (level-triggered: more data is reported again).
void ChatServer::onReadable(Client& c) {
  IoResult r = readSome(c.fd.get(), buf_.data(), buf_.size());
  if (r.wouldBlock()) return;
  if (!r.ok()) return drop(c, "read", r.err);
  if (r.n == 0) {
    c.leaving = true;
    return;
  }
  c.partial.append(buf_.data(), static_cast<size_t>(r.n));
  // All complete lines of this read go out as one block: one send per recipient, not
  // one per line (which would also meet Nagle + delayed ACK on every line).
  size_t end = c.partial.rfind('\n');
  if (end != std::string::npos) {
    broadcast(c, std::string_view(c.partial).substr(0, end + 1));
    c.partial.erase(0, end + 1);
  }
  if (c.partial.size() > chat_.maxLine) drop(c, "line too long");
}

void ChatServer::broadcast(const Client& from, std::string_view lines) {
  for (auto& to : clients_)
    if (to.get() != &from && !to->dead && !to->leaving) deliver(*to, lines);
}

void ChatServer::deliver(Client& to, std::string_view lines) {
  if (chat_.bugBlockOnSlow) {  // BUG: blocks here while `to` does not read
    if (int err = sendAll(to.fd.get(), lines); err != 0) drop(to, "send", err);
    return;
  }
  bool wasOver = to.out.size() > chat_.maxQueue;
  if (int err = to.out.send(to.fd.get(), lines); err != 0) return drop(to, "send", err);
  if (to.out.size() > chat_.maxQueue) {
    if (!wasOver) to.lastProgress = Clock::now();  // its --slow-ms clock starts now
    congested_ = true;
  }
  updateInterest(to);
}

void ChatServer::drop(Client& c, std::string_view why, int err) {
  if (c.dead) return;
  c.dead = true;
  if (err != 0)
    logErrno(fmt::format("dropping client fd {}: {}", c.fd.get(), why), err);
  else
    logLine(fmt::format("dropping client fd {}: {}", c.fd.get(), why));
}

// Reading stops while the server is congested or the peer has finished sending (LT
// would report the same readiness forever); writing is watched while bytes are owed.
void ChatServer::updateInterest(Client& c) {
  if (c.dead || chat_.bugBlockOnSlow) return;
  uint32_t want = (c.leaving || congested_ ? 0u : uint32_t{EPOLLIN | EPOLLRDHUP}) |
                  (c.out.empty() ? 0u : uint32_t{EPOLLOUT});
  if (want == c.events) return;
  if (int err = epoll_.mod(c.fd.get(), want, dataPtr(&c)); err != 0)
    return drop(c, "epoll_ctl", err);
  c.events = want;
}

// After each batch: drop readers stuck over the limit, close the dropped, and resume
// reading from everyone once nobody is owed more than maxQueue.
void ChatServer::housekeeping() {
  auto now = Clock::now();
  bool congested = false;
  for (auto& c : clients_) {
    if (c->dead || c->out.size() <= chat_.maxQueue) continue;
    auto idle = std::chrono::duration_cast<std::chrono::milliseconds>(now - c->lastProgress);
    if (idle.count() >= chat_.slowMs)
      drop(*c, fmt::format("{} bytes queued, none taken for {} ms: slow reader", c->out.size(),
                           idle.count()));
    else
      congested = true;
  }
  std::erase_if(clients_, [](const std::unique_ptr<Client>& c) { return c->dead; });
  bool resumed = congested_ && !congested;
  congested_ = congested;
  if (resumed)
    for (auto& c : clients_) updateInterest(*c);
}

}  // namespace
}  // namespace tcpfault::servers

int main(int argc, char** argv) {
  using namespace tcpfault::servers;
  CLI::App app{"Chat server: every line a client sends goes to every other client.", "epoll-chat"};
  CommonOptions opts;
  ChatOptions chat;
  addCommonOptions(app, opts);
  app.add_option("--max-queue", chat.maxQueue,
                 "bytes owed to one client before the server stops reading from senders")
      ->capture_default_str();
  app.add_option("--slow-ms", chat.slowMs,
                 "a client over --max-queue that takes nothing for this long is dropped")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-line", chat.maxLine, "longest line accepted")->capture_default_str();
  app.add_flag("--bug-block-on-slow", chat.bugBlockOnSlow,
               "for tests: blocking sends, so a client that stops reading stalls everyone");
  return serverMain(argc, argv, app, opts, [&] { ChatServer(opts, chat).run(); });
}

// epoll-pool-echo: EPOLLET|EPOLLONESHOT and a pool of worker threads that all sit in
// epoll_wait on one epoll set. ONESHOT disarms a connection when its event is handed to
// one worker, so exactly one thread serves a connection at a time; that thread re-arms
// it with EPOLL_CTL_MOD when done. The pool grows (up to --max-threads) when every
// worker is busy and shrinks (down to --min-threads) when a worker idles --idle-ms.
// --bug-no-oneshot (for tests) drops ONESHOT: a second edge wakes a second thread on
// the same connection and the two can echo its bytes out of order.
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
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

struct PoolOptions {
  int minThreads = 2;
  int maxThreads = 16;
  int idleMs = 2000;
  bool bugNoOneshot = false;
};

using Buffer = std::array<char, 64 * 1024>;

class PoolEchoServer {
 public:
  PoolEchoServer(const CommonOptions& opts, const PoolOptions& pool);
  void run();  // until SIGTERM; returns when every worker has left

 private:
  void startWorker();  // mu_ held
  void worker();
  bool retire();
  void dispatch(const epoll_event& ev, Buffer& buf);
  void acceptAll();
  void serve(EchoConnection& c, uint32_t events, Buffer& buf);
  void serveUnsafe(int fd, Buffer& buf);
  void rearm(EchoConnection& c);
  void close(int fd);
  uint32_t connEvents() const;

  PoolOptions pool_;
  EchoPolicy policy_;
  Epoll epoll_;
  UniqueFd signals_;
  Acceptor acceptor_;
  std::atomic<bool> stop_{false};
  std::atomic<int> busy_{0};
  std::mutex mu_;  // guards changes of live_, and conns_
  std::condition_variable allGone_;
  std::atomic<int> live_{0};                            // changed under mu_, read anywhere
  std::vector<std::unique_ptr<EchoConnection>> conns_;  // by fd; the owner of each
};

PoolEchoServer::PoolEchoServer(const CommonOptions& opts, const PoolOptions& pool)
    : pool_(pool), signals_(termSignalFd()), acceptor_(listenOn(opts.listen), true) {
  // Level-triggered and never read: once SIGTERM is pending every worker wakes and leaves.
  epoll_.add(signals_.get(), EPOLLIN, dataPtr(&signals_));
  epoll_.add(acceptor_.fd(), EPOLLIN | EPOLLONESHOT, dataPtr(&acceptor_));
  announceListening(acceptor_.fd());
}

void PoolEchoServer::run() {
  std::unique_lock lock(mu_);
  for (int i = 0; i < pool_.minThreads; ++i) startWorker();
  allGone_.wait(lock, [this] { return live_ == 0; });
}

void PoolEchoServer::startWorker() {
  ++live_;
  std::thread([this] { worker(); }).detach();  // run() waits for live_ == 0
}

void PoolEchoServer::worker() {
  Buffer buf{};
  std::array<epoll_event, 1> ev{};  // one at a time: a busy worker holds one connection
  for (;;) {
    int n = epoll_.wait(ev, pool_.idleMs);
    if (stop_) break;
    if (n == 0) {
      if (retire()) return;
      continue;
    }
    if (++busy_ >= live_ && live_ < pool_.maxThreads) {  // all busy: grow
      std::lock_guard lock(mu_);
      if (live_ < pool_.maxThreads) startWorker();
    }
    dispatch(ev[0], buf);
    --busy_;
  }
  std::lock_guard lock(mu_);
  if (--live_ == 0) allGone_.notify_all();
}

// Idle for idleMs: leave if the pool is above its minimum.
bool PoolEchoServer::retire() {
  std::lock_guard lock(mu_);
  if (live_ <= pool_.minThreads) return false;
  --live_;
  return true;
}

void PoolEchoServer::dispatch(const epoll_event& ev, Buffer& buf) {
  if (ev.data.ptr == &signals_) {
    stop_ = true;
  } else if (ev.data.ptr == &acceptor_) {
    acceptAll();
    epoll_.mod(acceptor_.fd(), EPOLLIN | EPOLLONESHOT, dataPtr(&acceptor_));
  } else if (pool_.bugNoOneshot) {
    serveUnsafe(static_cast<int>(ev.data.u64), buf);
  } else {
    serve(*static_cast<EchoConnection*>(ev.data.ptr), ev.events, buf);
  }
}

uint32_t PoolEchoServer::connEvents() const {
  return EPOLLIN | EPOLLRDHUP | EPOLLET | (pool_.bugNoOneshot ? 0u : uint32_t{EPOLLONESHOT});
}

void PoolEchoServer::acceptAll() {
  for (;;) {
    AcceptResult a = acceptor_.accept(SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (a.status == AcceptStatus::Failed) return logErrno("accept", a.err);
    if (a.status != AcceptStatus::Accepted) {
      if (a.status == AcceptStatus::Skipped || a.status == AcceptStatus::Interrupted) continue;
      return;
    }
    std::lock_guard lock(mu_);
    auto fd = static_cast<size_t>(a.fd.get());
    if (conns_.size() <= fd) conns_.resize(fd + 1);
    conns_[fd] = std::make_unique<EchoConnection>(std::move(a.fd));
    epoll_data_t data = pool_.bugNoOneshot ? epoll_data_t{.u64 = fd} : dataPtr(conns_[fd].get());
    if (int err = epoll_.add(static_cast<int>(fd), connEvents(), data); err != 0) {
      logErrno("epoll_ctl ADD", err);
      conns_[fd].reset();
    }
  }
}

// This thread alone holds c until rearm(): ONESHOT disarmed it when the event came.
void PoolEchoServer::serve(EchoConnection& c, uint32_t events, Buffer& buf) {
  bool ok = true;
  if (events & EPOLLOUT) ok = c.onWritable(buf, policy_);
  if (ok && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
    ok = c.onReadable(buf, policy_);
  if (!ok || c.done()) return close(c.fd());
  rearm(c);
}

// Ask for EPOLLIN unless back-pressure paused reading (then MOD would report the unread
// data at once and spin); ask for EPOLLOUT while bytes are owed.
void PoolEchoServer::rearm(EchoConnection& c) {
  uint32_t events = connEvents();
  if (c.owed() >= policy_.maxOwed) events &= ~uint32_t{EPOLLIN};
  if (c.wantsWrite()) events |= EPOLLOUT;
  if (int err = epoll_.mod(c.fd(), events, dataPtr(&c)); err != 0) {
    logErrno("epoll_ctl MOD", err);
    close(c.fd());
  }
}

// --bug-no-oneshot: no per-connection state is safe to share, so this reads and echoes
// straight from the socket; two threads on one fd interleave their echoes.
void PoolEchoServer::serveUnsafe(int fd, Buffer& buf) {
  for (;;) {
    IoResult r = readSome(fd, buf.data(), buf.size());
    if (r.wouldBlock()) return;
    if (r.n <= 0) return close(fd);
    std::string_view data(buf.data(), static_cast<size_t>(r.n));
    while (!data.empty()) {
      IoResult w = sendSome(fd, data.data(), data.size());
      if (w.wouldBlock()) {
        pollfd p{fd, POLLOUT, 0};
        ::poll(&p, 1, 1000);
        continue;
      }
      if (!w.ok()) return close(fd);
      data.remove_prefix(static_cast<size_t>(w.n));
    }
  }
}

void PoolEchoServer::close(int fd) {
  std::lock_guard lock(mu_);
  if (static_cast<size_t>(fd) < conns_.size()) conns_[static_cast<size_t>(fd)].reset();
}

}  // namespace
}  // namespace tcpfault::servers

int main(int argc, char** argv) {
  using namespace tcpfault::servers;
  CLI::App app{"Echo server: EPOLLET|EPOLLONESHOT served by a growing/shrinking thread pool.",
               "epoll-pool-echo"};
  CommonOptions opts;
  PoolOptions pool;
  addCommonOptions(app, opts);
  app.add_option("--min-threads", pool.minThreads, "workers kept when idle")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  app.add_option("--max-threads", pool.maxThreads, "workers at most, when all are busy")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  app.add_option("--idle-ms", pool.idleMs, "a worker idle this long leaves (above the minimum)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_flag("--bug-no-oneshot", pool.bugNoOneshot,
               "for tests: EPOLLET without EPOLLONESHOT (two threads on one connection)");
  return serverMain(argc, argv, app, opts, [&] {
    if (pool.maxThreads < pool.minThreads) pool.maxThreads = pool.minThreads;
    PoolEchoServer(opts, pool).run();
  });
}

// The agent's state: its sockets by variable name, and the one writer of its replies.
// Shared by the main loop and the threads of background calls.
#pragma once

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "scenarios/runner/agent/AgentProtocol.h"

namespace tcpfault::scenario {

// Owns its descriptor: closed when the last holder lets go (a reassigned name, a
// background call done with a socket whose name was reassigned meanwhile).
struct Sock {
  Sock() = default;
  Sock(const Sock&) = delete;
  Sock& operator=(const Sock&) = delete;
  ~Sock() {
    if (fd >= 0) ::close(fd);
  }
  int fd = -1;  // -1 once `close` has closed it
  // Pattern bytes written and read back: readall checks an echo against what was sent.
  // A background write and a background readall may run at once on one socket.
  std::atomic<bool> patterned{false};
  std::atomic<unsigned long long> written{0};
  unsigned long long readBack = 0;
  int background = 0;  // background calls using it now; guarded by AgentState's mutex
};

// The thread that makes a background call: its id as tgkill takes it, and its /proc
// directory ("/proc/12/task/14/"), whose numbers differ inside a PID namespace. tid 0: the
// thread has not started yet.
struct CallThread {
  pid_t tid = 0;
  std::string proc;
};

// Refused: a socket with a background call pending cannot be closed, so its fd number
// cannot be reused under that call (the scenario awaits the call first).
constexpr int kBusyErrno = EBUSY;

// Agent state shared by the main loop and background threads.
class AgentState {
 public:
  explicit AgentState(int ctl) : ctl_(ctl) {}

  void reply(const AgentReply& r) {
    std::string line = encodeReply(r);
    std::lock_guard lk(writeMu_);
    size_t off = 0;
    while (off < line.size()) {
      ssize_t n = ::send(ctl_, line.data() + off, line.size() - off, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) _exit(3);  // the runner is gone: nothing left to report to
      off += static_cast<size_t>(n);
    }
  }

  // Shared: the socket outlives its name while a call still uses it. A background call
  // counts itself (until done()), so that close refuses meanwhile.
  std::shared_ptr<Sock> find(const std::string& var, bool background = false) {
    std::lock_guard lk(mu_);
    auto it = socks_.find(var);
    if (it == socks_.end()) return nullptr;
    if (background) ++it->second->background;
    return it->second;
  }
  void done(Sock& s) {
    std::lock_guard lk(mu_);
    --s.background;
  }
  // A reassigned name starts afresh, and its old socket closes (a FIN, no leaked fd) --
  // once a background call still using it is done.
  void assign(const std::string& var, int fd) {
    std::lock_guard lk(mu_);
    closeGroup(var);
    socks_[var] = std::make_shared<Sock>();
    socks_[var]->fd = fd;
  }
  // Drops the name and closes the flood group beyond the first; 0, or kBusyErrno (and
  // nothing done) while a background call uses the socket.
  int forget(const std::string& var) {
    std::lock_guard lk(mu_);
    if (auto it = socks_.find(var); it != socks_.end() && it->second->background > 0)
      return kBusyErrno;
    socks_.erase(var);
    closeGroup(var);
    return 0;
  }
  // The threads of the background calls running now, by the call's name: "interrupt"
  // signals one. A call is registered by the main loop (tid 0) before its thread starts,
  // then by its thread, and finished by its thread before it replies.
  void running(const std::string& call, CallThread t) {
    std::lock_guard lk(callsMu_);
    calls_[call] = std::move(t);
  }
  void finished(const std::string& call) {
    std::lock_guard lk(callsMu_);
    calls_.erase(call);
  }
  // Runs fn with the call's thread registered, so that the thread cannot finish (and
  // exit) meanwhile; false when no call of that name runs.
  template <class Fn>
  bool withCallThread(const std::string& call, Fn fn) {
    std::lock_guard lk(callsMu_);
    auto it = calls_.find(call);
    if (it == calls_.end()) return false;
    fn(it->second);
    return true;
  }

  void assignGroup(const std::string& var, std::vector<int> fds) {
    std::lock_guard lk(mu_);
    closeGroup(var);
    socks_[var] = std::make_shared<Sock>();
    socks_[var]->fd = fds.empty() ? -1 : fds.front();
    fds.erase(fds.begin(), fds.begin() + (fds.empty() ? 0 : 1));
    groups_[var] = std::move(fds);
  }

 private:
  void closeGroup(const std::string& var) {  // mu_ held
    if (auto it = groups_.find(var); it != groups_.end()) {
      for (int fd : it->second) ::close(fd);
      groups_.erase(it);
    }
  }

  int ctl_;
  std::mutex writeMu_, mu_, callsMu_;
  std::map<std::string, std::shared_ptr<Sock>> socks_;
  std::map<std::string, std::vector<int>> groups_;  // flood: the sockets beyond the first
  std::map<std::string, CallThread> calls_;         // background call -> its thread
};

}  // namespace tcpfault::scenario

// The agent's state: its sockets by variable name, and the one writer of its replies.
// Shared by the main loop and the threads of background calls.
#pragma once

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "scenarios/runner/agent/AgentProtocol.h"

namespace tcpfault::scenario {

struct Sock {
  int fd = -1;
  // Pattern bytes written and read back: readall checks an echo against what was sent.
  // A background write and a background readall may run at once on one socket.
  std::atomic<bool> patterned{false};
  std::atomic<unsigned long long> written{0};
  unsigned long long readBack = 0;
};

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

  Sock* find(const std::string& var) {
    std::lock_guard lk(mu_);
    auto it = socks_.find(var);
    return it == socks_.end() ? nullptr : &it->second;
  }
  void assign(const std::string& var, int fd) {
    std::lock_guard lk(mu_);
    socks_.erase(var);  // a reassigned name starts afresh
    socks_[var].fd = fd;
  }
  void forget(const std::string& var) {
    std::lock_guard lk(mu_);
    socks_.erase(var);
    for (int fd : groups_[var]) ::close(fd);
    groups_.erase(var);
  }
  void assignGroup(const std::string& var, std::vector<int> fds) {
    std::lock_guard lk(mu_);
    socks_.erase(var);
    socks_[var].fd = fds.empty() ? -1 : fds.front();
    fds.erase(fds.begin(), fds.begin() + (fds.empty() ? 0 : 1));
    groups_[var] = std::move(fds);
  }

 private:
  int ctl_;
  std::mutex writeMu_, mu_;
  std::map<std::string, Sock> socks_;  // std::map: pointers stay valid across inserts
  std::map<std::string, std::vector<int>> groups_;  // flood: the sockets beyond the first
};

}  // namespace tcpfault::scenario

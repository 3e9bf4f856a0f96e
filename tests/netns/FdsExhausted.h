// FdsExhausted: lowers RLIMIT_NOFILE and fills the table so that exactly `free` fds are
// left, for tests of what happens when the next open gets EMFILE. Restores both after.
// startWithoutAPidfd: the test of a Child maker whose pidfd_open fails.
#pragma once

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <system_error>
#include <vector>

#include "netns/ProcessTable.h"

namespace tcpfault::netns {

inline int highestOpenFd() {
  int most = 2;
  DIR* d = ::opendir("/proc/self/fd");
  for (dirent* e; d && (e = ::readdir(d));)
    if (e->d_name[0] != '.') most = std::max(most, std::atoi(e->d_name));
  if (d) ::closedir(d);
  return most;
}

class FdsExhausted {
 public:
  explicit FdsExhausted(int free) {
    ::getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit low = saved_;
    low.rlim_cur = static_cast<rlim_t>(highestOpenFd() + 16);
    ::setrlimit(RLIMIT_NOFILE, &low);
    for (int fd; (fd = ::dup(0)) >= 0;) fillers_.push_back(fd);
    for (int i = 0; i < free && !fillers_.empty(); ++i) {
      ::close(fillers_.back());
      fillers_.pop_back();
    }
  }
  ~FdsExhausted() {
    for (int fd : fillers_) ::close(fd);
    ::setrlimit(RLIMIT_NOFILE, &saved_);
  }

 private:
  rlimit saved_{};
  std::vector<int> fillers_;
};

// Runs start() (which makes a Child with an output pipe) with two fds left: the pipe takes
// both, so pidfd_open gets EMFILE. Returns the errno start() threw and how many children
// were left behind (killed here, so a failing test leaves none either).
struct PidfdFailure {
  int err = 0;
  size_t childrenLeft = 0;
};
inline PidfdFailure startWithoutAPidfd(const std::function<void()>& start) {
  PidfdFailure out;
  {
    FdsExhausted fds(2);
    try {
      start();
    } catch (const std::system_error& e) {
      out.err = e.code().value();
    }
  }
  auto left = childrenOf(::getpid());
  for (const auto& kid : left) ::kill(kid.pid, SIGKILL);
  out.childrenLeft = left.size();
  return out;
}

}  // namespace tcpfault::netns

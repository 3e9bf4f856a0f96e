// FdsExhausted: lowers RLIMIT_NOFILE and fills the table so that exactly `free` fds are
// left, for tests of what happens when the next open gets EMFILE. Restores both after.
#pragma once

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

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

}  // namespace tcpfault::netns

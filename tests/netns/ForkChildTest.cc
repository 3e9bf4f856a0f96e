// forkChild is where every Child is made (hosts, the server harness): if the pidfd
// cannot be had after fork, the child must not be left running or unreaped.
#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <vector>

#include <gtest/gtest.h>

#include "netns/ForkChild.h"
#include "netns/ProcessTable.h"

namespace tcpfault::netns {
namespace {

int highestOpenFd() {
  int most = 2;
  DIR* d = ::opendir("/proc/self/fd");
  for (dirent* e; d && (e = ::readdir(d));)
    if (e->d_name[0] != '.') most = std::max(most, std::atoi(e->d_name));
  if (d) ::closedir(d);
  return most;
}

// Leaves exactly `free` descriptors below a lowered RLIMIT_NOFILE; restores it after.
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

TEST(netns_ForkChild, NoChildIsLeftWhenThePidfdCannotBeHad) {
  ASSERT_TRUE(childrenOf(::getpid()).empty());
  int err = 0;
  {
    FdsExhausted fds(2);  // the output pipe takes both: pidfd_open gets EMFILE
    try {
      forkChild([] { ::pause(); }, SpawnOptions{});
    } catch (const std::system_error& e) {
      err = e.code().value();
    }
  }
  EXPECT_EQ(err, EMFILE);
  auto left = childrenOf(::getpid());
  for (const auto& kid : left) ::kill(kid.pid, SIGKILL);  // only if the test fails
  EXPECT_TRUE(left.empty()) << left.size() << " child(ren) left behind";
}

TEST(netns_ForkChild, RunsTheChildAndReapsIt) {
  Child c = forkChild([] { ::_exit(7); }, SpawnOptions{});
  auto st = c.waitFor(std::chrono::seconds(10));
  ASSERT_TRUE(st);
  EXPECT_EQ(st->describe(), "exit 7");
  EXPECT_TRUE(childrenOf(::getpid()).empty());
}

}  // namespace
}  // namespace tcpfault::netns

// NetnsGuard: the calling thread is back home after the guard, and a failed switch back
// ends the process instead of letting the thread go on in a host's namespace.
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

#include <gtest/gtest.h>

#include "NetnsTestSupport.h"

namespace tcpfault::netns::test {
namespace {

TEST(netns_NetnsGuard, SwitchesTheThreadAndBack) {
  TCPFAULT_REQUIRE_NETNS();
  Host a("a");
  ino_t home = threadNetns();
  {
    NetnsGuard in(a.netnsFd());
    EXPECT_EQ(threadNetns(), a.netnsInode());
  }
  EXPECT_EQ(threadNetns(), home);
}

TEST(netns_NetnsGuard, FailedRestoreEndsTheProcessWithTheReason) {
  TCPFAULT_REQUIRE_NETNS();
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Host a("a");
        NetnsGuard::setRestoreFunctionForTesting([](int, int) {
          errno = ENOMEM;
          return -1;
        });
        { NetnsGuard in(a.netnsFd()); }
        std::fprintf(stderr, "went on in the host's namespace\n");
        std::_Exit(0);
      },
      "cannot restore the network namespace: setns: ENOMEM");
}

}  // namespace
}  // namespace tcpfault::netns::test

// forkChild runs a function in a child (the server harness, Host::fork): if the pidfd
// cannot be had after fork, the child must not be left running or unreaped.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <gtest/gtest.h>

#include "netns/ForkChild.h"
#include "netns/ProcessTable.h"
#include "tests/netns/FdsExhausted.h"

namespace tcpfault::netns {
namespace {

TEST(netns_ForkChild, NoChildIsLeftWhenThePidfdCannotBeHad) {
  ASSERT_TRUE(childrenOf(::getpid()).empty());
  PidfdFailure f = startWithoutAPidfd([] { forkChild([] { ::pause(); }, SpawnOptions{}); });
  EXPECT_EQ(f.err, EMFILE);
  EXPECT_EQ(f.childrenLeft, 0u);
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

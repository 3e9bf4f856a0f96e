// fork-echo: reaping (UNP 5.9-5.10) and EINTR from a SIGCHLD without SA_RESTART.
#include <gtest/gtest.h>

#include "ServerTest.h"

namespace tcpfault::servertest {
namespace {

class ForkEcho : public ServerTest {
 protected:
  // n clients, each with a child that has echoed once (so all n children exist).
  std::vector<UniqueFd> connectEchoed(ServerProcess& s, int n) {
    std::vector<UniqueFd> fds;
    for (int i = 0; i < n; ++i) {
      fds.push_back(connectTo(s.port()));
      EXPECT_TRUE(writeAll(fds.back().get(), "z", after(10s)));
      EXPECT_EQ(readExactly(fds.back().get(), 1, after(10s)).value_or("?"), "z");
    }
    return fds;
  }
};

// tcpserv01 has no SIGCHLD handler: 20 clients that close at once leave 20 zombies.
TEST_F(ForkEcho, ReapNoneLeavesTwentyZombies) {
  auto server = start("fork-echo", {"--reap", "none"});
  ASSERT_TRUE(server);
  auto fds = connectEchoed(*server, 20);
  EXPECT_EQ(countChildren(server->pid()).all, 20);
  fds.clear();  // 20 FINs at once
  bool twenty = awaitState([&] { return countChildren(server->pid()).zombies == 20; }, 10s);
  EXPECT_TRUE(twenty) << countChildren(server->pid()).zombies << " zombies";
  expectCleanExit(*server);
}

// tcpserv04's waitpid(WNOHANG) loop reaps all 20 although their SIGCHLDs merge.
TEST_F(ForkEcho, ReapWaitpidLeavesNoZombie) {
  auto server = start("fork-echo", {"--reap", "waitpid"});
  ASSERT_TRUE(server);
  auto fds = connectEchoed(*server, 20);
  EXPECT_EQ(countChildren(server->pid()).all, 20);
  fds.clear();
  bool none = awaitState([&] { return countChildren(server->pid()).all == 0; }, 10s);
  ChildCount left = countChildren(server->pid());
  EXPECT_TRUE(none) << left.all << " children left, " << left.zombies << " zombies";
  expectCleanExit(*server);
}

// tcpserv03: one wait() per SIGCHLD. Signals do not queue, so when 20 children exit
// together fewer signals than children arrive and some stay zombies (UNP 5.10, where 4
// of 5 remain). Scheduling decides how many: up to 3 tries for at least one.
TEST_F(ForkEcho, ReapWaitLosesSomeChildren) {
  auto server = start("fork-echo", {"--reap", "wait"});
  ASSERT_TRUE(server);
  int zombies = 0;
  for (int attempt = 0; attempt < 3 && zombies == 0; ++attempt) {
    auto fds = connectEchoed(*server, 20);
    fds.clear();
    // Settled: every one of the 20 has exited (reaped or zombie).
    awaitState(
        [&] {
          ChildCount c = countChildren(server->pid());
          return c.all - c.zombies == 0;
        },
        10s);
    zombies = countChildren(server->pid()).zombies;
  }
  EXPECT_GT(zombies, 0) << "one wait() per SIGCHLD reaped all 20, three times";
  expectCleanExit(*server);
}

// Each child reaped is one "child PID terminated" line, as UNP's handlers print it
// (`expect server reaped`): the waitpid loop logs all 20; with one wait() per SIGCHLD
// the lines and the zombies left add up to 20, however many the handler missed.
TEST_F(ForkEcho, EachReapIsLogged) {
  for (std::string reap : {"waitpid", "wait"}) {
    auto server = start("fork-echo", {"--reap", reap});
    ASSERT_TRUE(server);
    connectEchoed(*server, 20).clear();
    long lines = 0, zombies = 0;
    bool settled = awaitState(
        [&] {
          ChildCount c = countChildren(server->pid());
          std::string err = server->stderrText();
          lines = 0;
          for (size_t at = 0; (at = err.find(" terminated\n", at)) != std::string::npos; ++at) ++lines;
          zombies = c.zombies;
          // The loop's zombies are reaped a moment later; wait()'s misses stay.
          return (reap == "waitpid" ? c.all == 0 : c.all == c.zombies) && lines + zombies == 20;
        },
        10s);
    EXPECT_TRUE(settled) << reap << ": " << lines << " lines, " << zombies << " zombies";
    expectCleanExit(*server);
  }
}

// Without SA_RESTART the SIGCHLD of a finished child interrupts accept(): the server
// logs the EINTR and serves the next client (UNP 5.9).
TEST_F(ForkEcho, NoRestartLogsEintrAndGoesOn) {
  auto server = start("fork-echo", {"--reap", "waitpid", "--no-restart"});
  ASSERT_TRUE(server);
  connectEchoed(*server, 1).clear();  // its child exits: SIGCHLD
  bool logged = awaitState(
      [&] { return server->stderrText().find("accept: EINTR") != std::string::npos; }, 10s);
  EXPECT_TRUE(logged) << "stderr:\n" << server->stderrText();
  EXPECT_NE(server->stderrText().find("going on"), std::string::npos);
  EXPECT_EQ(connectEchoed(*server, 1).size(), 1u);
  expectCleanExit(*server);
}

// With SA_RESTART (the default) accept() is restarted: no EINTR line.
TEST_F(ForkEcho, RestartHidesEintr) {
  auto server = start("fork-echo", {"--reap", "waitpid"});
  ASSERT_TRUE(server);
  connectEchoed(*server, 1).clear();
  awaitState([&] { return countChildren(server->pid()).all == 0; }, 10s);
  EXPECT_EQ(server->stderrText().find("EINTR"), std::string::npos) << server->stderrText();
  expectCleanExit(*server);
}

}  // namespace
}  // namespace tcpfault::servertest

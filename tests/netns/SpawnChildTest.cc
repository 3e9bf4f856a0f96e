// spawnChild starts every program of a run (keepers, agents, servers) with posix_spawn:
// the passed fds arrive at 3.., no other fd of the caller does, signals start from the
// defaults, and a failed exec or pidfd leaves no child behind.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <system_error>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "netns/ProcessTable.h"
#include "netns/SpawnChild.h"
#include "netns/UniqueFd.h"
#include "tests/netns/FdsExhausted.h"

namespace tcpfault::netns {
namespace {

using namespace std::chrono_literals;

// Runs `sh -c script` and returns its exit status and output.
std::pair<std::string, std::string> runShell(const std::string& script, SpawnOptions opts = {}) {
  opts.argv = {"/bin/sh", "-c", script};
  Child c = spawnChild(opts, "test");
  auto st = c.waitFor(10s);
  if (!st) return {"still running", c.output()};
  return {st->describe(), c.output()};
}

TEST(netns_SpawnChild, PassedFdsArriveFromThreeAndNoOtherFdDoes) {
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  UniqueFd rd(p[0]), wr(p[1]);
  // Not close-on-exec, as some libraries open theirs: spawn must close it all the same.
  UniqueFd leaky(::open("/dev/null", O_RDONLY));
  ASSERT_TRUE(leaky);
  SpawnOptions opts;
  opts.passFds = {wr.get()};
  auto [status, out] = runShell(
      fmt::format("echo through-3 >&3; [ -e /proc/self/fd/{0} ] && echo leaked {0}; "
                  "[ -e /proc/self/fd/4 ] && echo leaked 4; exit 0",
                  leaky.get()),
      opts);
  EXPECT_EQ(status, "exit 0");
  EXPECT_EQ(out, "");
  wr.reset();
  char buf[64] = {};
  ssize_t n = ::read(rd.get(), buf, sizeof buf - 1);
  EXPECT_EQ(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0), "through-3\n");
}

TEST(netns_SpawnChild, TheProgramStartsFromDefaultSignals) {
  struct sigaction ign {}, old {};
  ign.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ign, &old);  // as the runner does
  sigset_t usr1, oldMask;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  ::pthread_sigmask(SIG_BLOCK, &usr1, &oldMask);
  auto [status, out] = runShell("exec grep -E '^Sig(Ign|Blk)' /proc/self/status");
  ::pthread_sigmask(SIG_SETMASK, &oldMask, nullptr);
  ::sigaction(SIGPIPE, &old, nullptr);
  EXPECT_EQ(status, "exit 0");
  EXPECT_EQ(out, "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
}

TEST(netns_SpawnChild, AFailedExecIsThrownWithItsErrnoAndLeavesNoChild) {
  int err = 0;
  try {
    spawnChild(SpawnOptions::command({"/nonexistent/tcpfault-program"}), "test");
  } catch (const std::system_error& e) {
    err = e.code().value();
    EXPECT_NE(std::string(e.what()).find("/nonexistent/tcpfault-program"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(err, ENOENT);
  EXPECT_TRUE(childrenOf(::getpid()).empty());
}

TEST(netns_SpawnChild, NoChildIsLeftWhenThePidfdCannotBeHad) {
  ASSERT_TRUE(childrenOf(::getpid()).empty());
  PidfdFailure f = startWithoutAPidfd(
      [] { spawnChild(SpawnOptions::command({"/bin/sleep", "60"}), "test"); });
  EXPECT_EQ(f.err, EMFILE);
  EXPECT_EQ(f.childrenLeft, 0u);
}

TEST(netns_SpawnChild, KeepFdsIsRefusedForSpawn) {
  SpawnOptions opts = SpawnOptions::command({"/bin/true"});
  opts.keepFds = {0};
  EXPECT_THROW(spawnChild(opts, "test"), std::invalid_argument);
}

}  // namespace
}  // namespace tcpfault::netns

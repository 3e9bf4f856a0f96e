// A runner's identity (TCPFAULT_RUN) names the runner from outside its PID namespace, and
// stops naming anything once it is gone. The bare pid it replaced did neither: a process
// that is pid 1 (or a rootless runner, pid 2) inside its own namespace would have marked
// its children with a number that outside names init (or kthreadd), alive for ever.
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "netns/RunMarker.h"
#include "tests/support/AwaitUntil.h"

namespace tcpfault::netns {
namespace {

// A process forked into a new PID namespace (pid 1 there) writes its own identity to a
// pipe and lives until `release` is closed.
struct InnerRunner {
  pid_t outer = -1;  // the intermediate child; the inner one dies with it (PDEATHSIG)
  int release = -1;
  std::string marker;
  InnerRunner() {
    int out[2], hold[2];
    if (::pipe(out) != 0 || ::pipe(hold) != 0) return;
    outer = ::fork();
    if (outer == 0) {
      if (::unshare(CLONE_NEWPID) != 0) _exit(2);
      pid_t inner = ::fork();
      if (inner == 0) {
        const std::string& m = runMarker();
        if (::write(out[1], m.data(), m.size()) < 0) _exit(3);
        ::close(out[1]);
        char c;
        ::close(hold[1]);
        while (::read(hold[0], &c, 1) > 0) {
        }
        _exit(0);
      }
      ::close(out[1]);
      ::close(hold[0]);
      ::close(hold[1]);
      int st = 0;
      ::waitpid(inner, &st, 0);
      _exit(0);
    }
    ::close(out[1]);
    ::close(hold[0]);
    release = hold[1];
    char buf[256];
    for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;)
      marker.append(buf, static_cast<size_t>(n));
    ::close(out[0]);
  }
  void finish() {
    if (release >= 0) ::close(release);
    release = -1;
    if (outer > 0) ::waitpid(outer, nullptr, 0);
    outer = -1;
  }
  ~InnerRunner() { finish(); }
};

TEST(RunMarker, NamesARunnerInsideItsOwnPidNamespaceFromOutside) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a PID namespace";
  InnerRunner runner;
  ASSERT_GT(runner.outer, 0);
  ASSERT_NE(runner.marker.find(":pid:1:"), std::string::npos) << runner.marker;  // pid 1 in there
  EXPECT_EQ(runnerState(runner.marker), RunnerState::Alive) << runner.marker;
  runner.finish();
  EXPECT_TRUE(testsupport::awaitUntil(
      [&] { return runnerState(runner.marker) == RunnerState::Gone; }, std::chrono::seconds(5)))
      << runner.marker << " still names a live process";
}

TEST(RunMarker, OwnIdentityIsAliveAndMatchesWhatOthersSee) {
  EXPECT_EQ(runnerState(runMarker()), RunnerState::Alive);
  EXPECT_EQ(runMarkerOf(::getpid()), runMarker());
}

TEST(RunMarker, BarePidsAndStrangersAreNotOursToJudge) {
  EXPECT_EQ(runnerState("2"), RunnerState::Malformed);
  EXPECT_EQ(runnerState("not-a-pid"), RunnerState::Malformed);
  EXPECT_EQ(runnerState("pidns:1:pid:1:start:x"), RunnerState::Malformed);
  EXPECT_EQ(runnerState("pidns:1:pid:1:start:1"), RunnerState::Gone);  // no such namespace
}

}  // namespace
}  // namespace tcpfault::netns

// The rootless privilege path (netns/Privilege.h): signals reach the workload, and a
// second Ctrl-C ends everything even when the workload went back to SIG_DFL for SIGINT
// -- which a PID namespace's init would ignore.
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>

#include <gtest/gtest.h>

#include "NetnsTestSupport.h"
#include "netns/Privilege.h"

namespace tcpfault::netns::test {
namespace {

using namespace std::chrono_literals;

int gReport = -1;

// Like the runner: the first Ctrl-C starts a clean stop and restores SIG_DFL so that a
// second one ends the process at once.
void firstInterrupt(int) {
  (void)!::write(gReport, "first\n", 6);
  ::signal(SIGINT, SIG_DFL);
}

// Reads until `word` arrived on fd or the bound passed.
bool awaitWord(int fd, const std::string& word, std::chrono::milliseconds bound) {
  std::string got;
  auto deadline = std::chrono::steady_clock::now() + bound;
  while (got.find(word) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[64];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    got.append(buf, static_cast<size_t>(n));
  }
  return true;
}

// Exit code (128+signal when killed) of pid within the bound, or -1.
int awaitExitCode(pid_t pid, std::chrono::milliseconds bound) {
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  pollfd p{pidfd.get(), POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(bound.count())) <= 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return -1;
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

// A child that takes the rootless path and then waits like a runner mid-run; the test
// talks to the relay, the process a terminal's Ctrl-C would reach.
pid_t startRootlessWorkload(UniqueFd& report) {
  int fds[2];
  if (::pipe(fds) < 0) return -1;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    gReport = fds[1];
    auto p = acquireNetnsPrivilege(PrivilegeMode::ForceUserNamespace);
    if (!p.ok) ::_exit(3);
    ::signal(SIGINT, firstInterrupt);
    (void)!::write(gReport, "ready\n", 6);
    for (;;) ::pause();
  }
  ::close(fds[1]);
  report = UniqueFd(fds[0]);
  return pid;
}

TEST(netns_Privilege, SecondCtrlCEndsTheRootlessRun) {
  TCPFAULT_REQUIRE_NETNS();
  UniqueFd report;
  pid_t relay = startRootlessWorkload(report);
  ASSERT_GT(relay, 0);
  ASSERT_TRUE(awaitWord(report.get(), "ready", 5000ms));
  ::kill(relay, SIGINT);
  ASSERT_TRUE(awaitWord(report.get(), "first", 5000ms)) << "the first Ctrl-C was not passed on";
  ::kill(relay, SIGINT);
  EXPECT_EQ(awaitExitCode(relay, 5000ms), 128 + SIGINT) << "-1: still running after 5 s";
}

TEST(netns_Privilege, SigtermReachesTheWorkloadAndItsStatusComesBack) {
  TCPFAULT_REQUIRE_NETNS();
  UniqueFd report;
  pid_t relay = startRootlessWorkload(report);
  ASSERT_GT(relay, 0);
  ASSERT_TRUE(awaitWord(report.get(), "ready", 5000ms));
  ::kill(relay, SIGTERM);
  EXPECT_EQ(awaitExitCode(relay, 5000ms), 128 + SIGTERM);
}

}  // namespace
}  // namespace tcpfault::netns::test

// EMFILE: with RLIMIT_NOFILE 64 and 200 connects, a server must not spin on a listener
// that stays readable (the spare-fd dance), and must serve again once clients leave.
// --bug-emfile-spin proves the measure can fail: it is measured against the fixed server
// in the same run, so a loaded machine (or a sanitizer build) slows both alike.
#include <poll.h>
#include <unistd.h>

#include "ServerTest.h"

namespace tcpfault::servertest {
namespace {

class EmfileSpin : public ServerTest {
 protected:
  // server, with 64 fds, and 200 clients connected to it (held in fds).
  std::unique_ptr<ServerProcess> startOverLimit(const std::string& server, const char* bug,
                                                std::vector<UniqueFd>& fds) {
    std::vector<std::string> args{"--max-fds", "64"};
    if (*bug) args.push_back(bug);
    auto s = start(server, args);
    if (!s) return s;
    for (int i = 0; i < 200; ++i) fds.push_back(connectTo(s->port(), true));
    return s;
  }
};

class Emfile : public EmfileSpin, public testing::WithParamInterface<const char*> {};

// CPU share of one core used by pid over window, from /proc/PID/stat.
double cpuShare(ServerProcess& s, std::chrono::milliseconds window) {
  long before = s.cpuTicks();
  ::poll(nullptr, 0, static_cast<int>(window.count()));  // the measuring window itself
  long used = s.cpuTicks() - before;
  return static_cast<double>(used) / static_cast<double>(::sysconf(_SC_CLK_TCK)) /
         (static_cast<double>(window.count()) / 1000.0);
}

TEST_P(Emfile, TwoHundredConnectsOverSixtyFourFds) {
  std::vector<UniqueFd> fds;
  auto server = startOverLimit(GetParam(), "", fds);
  ASSERT_TRUE(server);
  double share = cpuShare(*server, 2000ms);
  RecordProperty("cpu_share_percent", static_cast<int>(share * 100));
  EXPECT_LT(share, 0.10) << "spins on EMFILE; stderr:\n" << server->stderrText();
  EXPECT_NE(server->stderrText().find("EMFILE"), std::string::npos) << server->stderrText();
  fds.clear();  // the clients leave
  std::string refused;
  bool served = awaitState(
      [&] {
        try {
          UniqueFd fd = connectTo(server->port());
          return writeAll(fd.get(), "back\n", after(1s)) &&
                 readExactly(fd.get(), 5, after(1s)).value_or("") == "back\n";
        } catch (const std::exception& e) {
          refused = e.what();  // the listener is gone: the server has exited
          return false;
        }
      },
      10s);
  EXPECT_TRUE(served) << "does not serve again after EMFILE " << refused << "; stderr:\n"
                      << server->stderrText();
  expectCleanExit(*server);
}

INSTANTIATE_TEST_SUITE_P(
    Servers, Emfile,
    testing::Values("epoll-et-echo", "epoll-lt-echo", "epoll-pool-echo", "poll-echo",
                    "select-echo"),
    [](const testing::TestParamInfo<const char*>& p) {
      std::string name = p.param;
      std::erase(name, '-');
      return name;
    });

// The spinning variant against the fixed server, both over the limit at once: the window
// lasts until the spinner has burnt kSpinProof of CPU (bounded by kMaxWindow), and in the
// same window the fixed server must have used a small fraction of that. CPU time, not a
// share of the wall clock: on a loaded machine both get less of it, the ratio stays.
TEST_F(EmfileSpin, BugBurnsCpuTheFixedServerDoesNot) {
  constexpr long kSpinProofTicks = 50, kMinSpinTicks = 10;  // at 100 Hz: 0.5 s, 0.1 s
  constexpr auto kMaxWindow = 20s;
  std::vector<UniqueFd> fixedFds, buggyFds;
  auto fixed = startOverLimit("epoll-et-echo", "", fixedFds);
  auto buggy = startOverLimit("epoll-et-echo", "--bug-emfile-spin", buggyFds);
  ASSERT_TRUE(fixed && buggy);
  long tick = ::sysconf(_SC_CLK_TCK);
  long fixed0 = fixed->cpuTicks(), buggy0 = buggy->cpuTicks();
  awaitState([&] { return buggy->cpuTicks() - buggy0 >= kSpinProofTicks * tick / 100; },
             kMaxWindow);
  long fixedUsed = fixed->cpuTicks() - fixed0, buggyUsed = buggy->cpuTicks() - buggy0;
  RecordProperty("spin_ticks", static_cast<int>(buggyUsed));
  RecordProperty("fixed_ticks", static_cast<int>(fixedUsed));
  EXPECT_GE(buggyUsed, kMinSpinTicks * tick / 100) << "the bug variant should spin";
  EXPECT_LE(fixedUsed * 5, buggyUsed) << "fixed server used " << fixedUsed << " ticks, the "
                                      << "spinning one " << buggyUsed;
  EXPECT_NE(buggy->stderrText().find("EMFILE"), std::string::npos) << buggy->stderrText();
  buggyFds.clear();
  fixedFds.clear();
  expectCleanExit(*buggy);
  expectCleanExit(*fixed);
}

}  // namespace
}  // namespace tcpfault::servertest

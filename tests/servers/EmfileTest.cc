// EMFILE: with RLIMIT_NOFILE 64 and 200 connects, a server must not spin on a listener
// that stays readable (the spare-fd dance), and must serve again once clients leave.
// --bug-emfile-spin proves the measure can fail.
#include <poll.h>
#include <unistd.h>

#include "ServerTest.h"

namespace tcpfault::servertest {
namespace {

struct EmfileCase {
  const char* server;
  const char* bug;  // "" or the --bug-* option
  bool spins;
};

class Emfile : public ServerTest, public testing::WithParamInterface<EmfileCase> {};

// CPU share of one core used by pid over window, from /proc/PID/stat.
double cpuShare(ServerProcess& s, std::chrono::milliseconds window) {
  long before = s.cpuTicks();
  ::poll(nullptr, 0, static_cast<int>(window.count()));  // the measuring window itself
  long used = s.cpuTicks() - before;
  return static_cast<double>(used) / static_cast<double>(::sysconf(_SC_CLK_TCK)) /
         (static_cast<double>(window.count()) / 1000.0);
}

TEST_P(Emfile, TwoHundredConnectsOverSixtyFourFds) {
  EmfileCase c = GetParam();
  std::vector<std::string> args{"--max-fds", "64"};
  if (*c.bug) args.push_back(c.bug);
  auto server = start(c.server, args);
  ASSERT_TRUE(server);
  std::vector<UniqueFd> fds;
  for (int i = 0; i < 200; ++i) fds.push_back(connectTo(server->port(), true));
  double share = cpuShare(*server, 2000ms);
  RecordProperty("cpu_share_percent", static_cast<int>(share * 100));
  if (c.spins) {
    EXPECT_GT(share, 0.5) << "the bug variant should spin";
  } else {
    EXPECT_LT(share, 0.10) << "spins on EMFILE; stderr:\n" << server->stderrText();
  }
  EXPECT_NE(server->stderrText().find("EMFILE"), std::string::npos) << server->stderrText();
  fds.clear();  // the clients leave
  if (!c.spins) {
    bool served = awaitState(
        [&] {
          UniqueFd fd = connectTo(server->port());
          return writeAll(fd.get(), "back\n", after(1s)) &&
                 readExactly(fd.get(), 5, after(1s)).value_or("") == "back\n";
        },
        10s);
    EXPECT_TRUE(served) << "does not serve again after EMFILE";
  }
  expectCleanExit(*server);
}

INSTANTIATE_TEST_SUITE_P(
    Servers, Emfile,
    testing::Values(EmfileCase{"epoll-et-echo", "", false}, EmfileCase{"epoll-lt-echo", "", false},
                    EmfileCase{"epoll-pool-echo", "", false}, EmfileCase{"poll-echo", "", false},
                    EmfileCase{"select-echo", "", false},
                    EmfileCase{"epoll-et-echo", "--bug-emfile-spin", true}),
    [](const testing::TestParamInfo<EmfileCase>& p) {
      std::string name = std::string(p.param.server) + (p.param.spins ? "_bug_spin" : "");
      std::erase(name, '-');
      return name;
    });

}  // namespace
}  // namespace tcpfault::servertest

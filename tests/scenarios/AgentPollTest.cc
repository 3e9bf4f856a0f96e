// Bounds reach poll() as int milliseconds: one beyond INT_MAX ms (a `within` times
// --time-scale) is clamped there, never wrapped to a short wait or to none.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <thread>

#include "netns/PollTimeout.h"
#include "scenarios/runner/agent/Agent.h"
#include "scenarios/runner/agent/AgentVerbs.h"

namespace tcpfault::scenario {
namespace {

using namespace std::chrono_literals;

static_assert(netns::pollTimeout(-5) == -1);
static_assert(netns::pollTimeout(1500) == 1500);
static_assert(netns::pollTimeout(INT_MAX) == INT_MAX);
static_assert(netns::pollTimeout((1LL << 32) + 20) == INT_MAX);
static_assert(netns::pollTimeout(std::chrono::milliseconds(1LL << 40)) == INT_MAX);

// Was: (1 << 32) + 20 ms became 20 ms, and `poll c timeout ...` answered 0 (not readable)
// before the data came.
TEST(AgentPoll, ABoundBeyondIntMaxMillisecondsStillWaits) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  AgentState st(-1);
  st.assign("c", sv[0]);
  AgentRequest req;
  req.verb = "poll";
  req.args.set("var", "c");
  req.args.set("timeout", std::to_string((1LL << 32) + 20));
  std::thread peer([&] {
    std::this_thread::sleep_for(300ms);  // well past the 20 ms a wrapped bound waits
    (void)!::write(sv[1], "x", 1);
  });
  AgentReply out;
  Call c{req, st, out};
  findAgentHandler("poll")(c);
  peer.join();
  ::close(sv[1]);
  EXPECT_EQ(out.ret, 1) << "poll gave up before the data came";
  EXPECT_EQ(out.data, "in");
}

}  // namespace
}  // namespace tcpfault::scenario

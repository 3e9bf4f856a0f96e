// sock_diag: the TCP sockets of a host as its kernel sees them, v4 and v6.
#include <netinet/tcp.h>

#include <algorithm>

#include <gtest/gtest.h>

#include "tests/support/AwaitUntil.h"
#include "NetnsTestSupport.h"
#include "netns/ProcessTable.h"
#include "netns/SocketDiag.h"
#include "netns/Topology.h"

namespace tcpfault::netns::test {
namespace {

using namespace std::chrono_literals;

std::optional<SocketInfo> find(Host& h, const std::string& state, uint16_t localPort) {
  for (const auto& s : tcpSockets(h))
    if (s.state == state && (localPort == 0 || s.localPort == localPort)) return s;
  return std::nullopt;
}

TEST(netns_SocketDiag, StateNamesRoundTrip) {
  EXPECT_EQ(tcpStateName(TCP_ESTABLISHED), "ESTABLISHED");
  EXPECT_EQ(tcpStateName(TCP_CLOSE_WAIT), "CLOSE_WAIT");
  EXPECT_EQ(tcpStateFromName("TIME_WAIT"), TCP_TIME_WAIT);
  EXPECT_EQ(tcpStateFromName("LISTEN"), TCP_LISTEN);
  EXPECT_FALSE(tcpStateFromName("NOPE").has_value());
}

TEST(netns_SocketDiag, SeesListenerConnectionsAndCloseStates) {
  TCPFAULT_REQUIRE_NETNS();
  Topology t({"client", "server"});
  Child server = t.host("server").fork([] { return echoServer(7); });
  ASSERT_TRUE(server.waitForOutput("listening", 5s));
  EXPECT_TRUE(find(t.host("server"), "LISTEN", 7).has_value());
  EXPECT_TRUE(tcpSockets(t.host("client")).empty());  // other hosts' sockets are not ours

  UniqueFd c4, c6;
  ASSERT_EQ(connectFrom(t.host("client"), t.address("server"), 7, c4).ret, 0);
  ASSERT_EQ(connectFrom(t.host("client"), t.address6("server"), 7, c6).ret, 0);
  // Unread data shows in Recv-Q of the server's connection... until the server echoes.
  auto est = tcpSockets(t.host("client"));
  ASSERT_EQ(est.size(), 2u);
  auto v4 = std::find_if(est.begin(), est.end(), [](auto& s) { return s.local == "198.18.1.2"; });
  ASSERT_NE(v4, est.end());
  EXPECT_EQ(v4->state, "ESTABLISHED");
  EXPECT_EQ(v4->remote, "198.18.2.2");
  EXPECT_EQ(v4->remotePort, 7);
  EXPECT_NE(v4->inode, 0u);
  auto v6 = std::find_if(est.begin(), est.end(), [](auto& s) { return s.local == "2001:db8:1::2"; });
  ASSERT_NE(v6, est.end());
  EXPECT_EQ(v6->remote, "2001:db8:2::2");

  // Client half-closes; the echo server closes in turn: client in TIME_WAIT.
  ::shutdown(c4.get(), SHUT_WR);
  EXPECT_EQ(recvBounded(c4.get(), 5s).ret, 0);
  EXPECT_TRUE(find(t.host("client"), "TIME_WAIT", v4->localPort).has_value()) << [&] {
    std::string all;
    for (const auto& s : tcpSockets(t.host("client")))
      all += s.state + " " + s.local + ":" + std::to_string(s.localPort) + "\n";
    return all;
  }();
  // Stopped server: the client's FIN leaves the server's side in CLOSE_WAIT.
  server.signal(SIGSTOP);
  ASSERT_TRUE(awaitUntil([&] { return procInfo(server.pid())->state == 'T'; }, 5s));
  ::shutdown(c6.get(), SHUT_WR);
  EXPECT_TRUE(awaitUntil([&] { return find(t.host("server"), "CLOSE_WAIT", 7).has_value(); }, 5s));
  EXPECT_TRUE(awaitUntil(
      [&] { return find(t.host("client"), "FIN_WAIT2", v6->localPort).has_value(); }, 5s));
  server.signal(SIGCONT);
}

}  // namespace
}  // namespace tcpfault::netns::test

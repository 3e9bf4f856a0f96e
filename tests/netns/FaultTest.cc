// Each fault of scenarios/README.md ("Faults") against a real TCP connection client -> router -> server,
// asserting what the client's kernel reports.
#include <gtest/gtest.h>

#include <memory>

#include "NetnsTestSupport.h"
#include "netns/Topology.h"
#include "tests/support/TimeScale.h"

namespace tcpfault::netns::test {
namespace {

using namespace std::chrono_literals;
constexpr uint16_t kPort = 9877;

class netns_Fault : public ::testing::Test {
 protected:
  void SetUp() override {
    TCPFAULT_REQUIRE_NETNS();
    topo = std::make_unique<Topology>(std::vector<std::string>{"client", "server"});
    startServer(topo->host("server"));
    topo->onReboot("server", [this](Host& h) { startServer(h); });
    ASSERT_EQ(connectFrom(topo->host("client"), topo->address("server"), kPort, conn).ret, 0);
    exchange("hi");
  }

  void startServer(Host& h) {
    server = h.fork([] { return echoServer(kPort); });
    ASSERT_TRUE(server.waitForOutput("listening", 5s)) << server.output();
  }

  void exchange(const std::string& msg) {
    ASSERT_EQ(sendAll(conn.get(), msg).ret, static_cast<ssize_t>(msg.size()));
    auto r = recvBounded(conn.get(), 5s);
    ASSERT_EQ(r.data, msg) << r.describe();
  }

  std::unique_ptr<Topology> topo;
  Child server;
  UniqueFd conn;
};

// tcp_retries2=3 with rto_min 200ms: tcp_model_timeout gives 200*(2^4-1) = 3.0s since the
// first transmission; the check runs when an RTO fires (0.2, 0.6, 1.4, 3.0, 6.2 s), so
// the error comes between 3.0s and 6.2s. Bounds with margin: [2.5s, 10s].
constexpr auto kRetriesLow = 2500ms;
constexpr auto kRetriesHigh = 10000ms;  // widened by TCPFAULT_TIME_SCALE where asserted
using tcpfault::test::scaled;

TEST_F(netns_Fault, CrashGivesEtimedoutAfterRetries2) {
  topo->setSysctl("client", "net.ipv4.tcp_retries2", "3");
  topo->crash("server");
  ASSERT_EQ(sendAll(conn.get(), "lost").ret, 4);  // data in flight, never acknowledged
  auto r = recvBounded(conn.get(), scaled(20s));
  EXPECT_EQ(r.ret, -1);
  EXPECT_EQ(errnoName(r.err), "ETIMEDOUT") << r.describe();
  EXPECT_GE(r.elapsed, kRetriesLow) << r.describe();
  EXPECT_LE(r.elapsed, scaled(kRetriesHigh)) << r.describe();
}

TEST_F(netns_Fault, UnreachableGivesEhostunreach) {
  topo->setSysctl("client", "net.ipv4.tcp_retries2", "3");
  topo->unreachable("server");
  ASSERT_EQ(sendAll(conn.get(), "lost").ret, 4);
  // ICMP host unreachable on an established socket is a soft error (tcp_v4_err sets
  // sk_err_soft); tcp_write_err reports it instead of ETIMEDOUT when retries run out.
  auto r = recvBounded(conn.get(), scaled(20s));
  EXPECT_EQ(r.ret, -1);
  EXPECT_EQ(errnoName(r.err), "EHOSTUNREACH") << r.describe();
  EXPECT_LE(r.elapsed, scaled(kRetriesHigh)) << r.describe();
}

TEST_F(netns_Fault, UnreachableFailsANewConnectAtOnce) {
  topo->unreachable("server");
  UniqueFd c2;
  auto r = connectFrom(topo->host("client"), topo->address("server"), kPort, c2);
  EXPECT_EQ(r.ret, -1);
  EXPECT_EQ(errnoName(r.err), "EHOSTUNREACH") << r.describe();
  // SYN_SENT takes ICMP as a hard error -- unless connect() still owns the socket lock
  // when it arrives: over veth the ICMP comes back while tcp_connect() is sending the SYN,
  // so tcp_v4_err only records sk_err_soft, and the SYN retransmitted after the initial
  // RTO (1s) draws the ICMP that ends the connect. Bound: one initial RTO + margin.
  EXPECT_LE(r.elapsed, scaled(2500ms)) << r.describe();
}

TEST_F(netns_Fault, CrashThenHealLetsTheConnectionRecover) {
  topo->crash("server");
  ASSERT_EQ(sendAll(conn.get(), "held").ret, 4);
  EXPECT_EQ(recvBounded(conn.get(), 1s).err, EAGAIN);  // nothing answers
  topo->heal();  // SIGCONT, link up, routes back
  auto r = recvBounded(conn.get(), 15s);
  EXPECT_EQ(r.data, "held") << r.describe();
}

TEST_F(netns_Fault, RebootGivesEconnresetOnNextExchange) {
  Child old = std::move(server);
  topo->reboot("server");
  // The old server died with its namespace; onReboot started a fresh one.
  auto st = old.waitFor(5s);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->describe(), "killed by SIGKILL");
  EXPECT_TRUE(server.running());
  ASSERT_EQ(sendAll(conn.get(), "anyone?").ret, 7);
  auto r = recvBounded(conn.get(), 10s);
  EXPECT_EQ(r.ret, -1);
  EXPECT_EQ(errnoName(r.err), "ECONNRESET") << r.describe();
  // And the restarted service answers new connections at the same address.
  UniqueFd c2;
  ASSERT_EQ(connectFrom(topo->host("client"), topo->address("server"), kPort, c2).ret, 0);
}

TEST_F(netns_Fault, RebootReappliesSysctls) {
  topo->setSysctl("server", "net.ipv4.tcp_retries2", "4");
  ino_t before = topo->host("server").netnsInode();
  topo->reboot("server");
  EXPECT_NE(topo->host("server").netnsInode(), before);
  EXPECT_EQ(topo->host("server").sysctl("net.ipv4.tcp_retries2"), "4");
}

TEST_F(netns_Fault, ShutdownSendsSigtermThenFin) {
  topo->shutdown("server", 2s);
  EXPECT_TRUE(server.waitForOutput("got SIGTERM", 5s)) << server.output();
  auto st = server.waitFor(5s);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->describe(), "exit 0");
  auto r = recvBounded(conn.get(), 5s);
  EXPECT_EQ(r.ret, 0) << r.describe();  // FIN: orderly end of stream
}

TEST_F(netns_Fault, ShutdownKillsWhatIgnoresSigterm) {
  Child stubborn = topo->host("server").fork([] {
    ::signal(SIGTERM, SIG_IGN);
    (void)!::write(1, "ready\n", 6);
    for (;;) ::pause();
    return 0;
  });
  ASSERT_TRUE(stubborn.waitForOutput("ready", 5s));
  auto t0 = std::chrono::steady_clock::now();
  topo->shutdown("server", 300ms);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 300ms);  // the grace was granted
  auto st = stubborn.waitFor(5s);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->describe(), "killed by SIGKILL");
}

TEST_F(netns_Fault, PartitionThenHealConnectionSurvives) {
  topo->partition("client", "server");
  ASSERT_EQ(sendAll(conn.get(), "during").ret, 6);
  auto silent = recvBounded(conn.get(), 1s);
  EXPECT_EQ(errnoName(silent.err), "EAGAIN") << silent.describe();  // dropped, no ICMP
  topo->heal();
  auto r = recvBounded(conn.get(), 15s);  // the next retransmission gets through
  EXPECT_EQ(r.data, "during") << r.describe();
  exchange("after");
}

TEST_F(netns_Fault, PartitionWorksForIpv6Too) {
  UniqueFd c6;
  ASSERT_EQ(connectFrom(topo->host("client"), topo->address6("server"), kPort, c6).ret, 0);
  topo->partition("server", "client");
  ASSERT_EQ(sendAll(c6.get(), "v6").ret, 2);
  EXPECT_EQ(recvBounded(c6.get(), 1s).err, EAGAIN);
  topo->heal();
  EXPECT_EQ(recvBounded(c6.get(), 15s).data, "v6");
}

}  // namespace
}  // namespace tcpfault::netns::test

namespace tcpfault::netns::test {
namespace {

// IPv6: an unreachable route would answer ICMPv6 "no route" (ENETUNREACH); the router's
// failing neighbour discovery answers "address unreachable" (EHOSTUNREACH).
TEST_F(netns_Fault, UnreachableOverIpv6) {
  topo->setSysctl("client", "net.ipv4.tcp_retries2", "3");  // also governs IPv6 TCP
  UniqueFd c6;
  ASSERT_EQ(connectFrom(topo->host("client"), topo->address6("server"), kPort, c6).ret, 0);
  topo->unreachable("server");
  ASSERT_EQ(sendAll(c6.get(), "lost").ret, 4);
  auto r = recvBounded(c6.get(), scaled(20s));
  EXPECT_EQ(r.ret, -1);
  EXPECT_EQ(errnoName(r.err), "EHOSTUNREACH") << r.describe();
  EXPECT_LE(r.elapsed, scaled(kRetriesHigh)) << r.describe();
  // The router's neighbour discovery fails after 3 x 100 ms, then ICMPv6 address
  // unreachable (tcp_v6_err: a hard error in SYN_SENT).
  UniqueFd c2;
  auto rc = connectFrom(topo->host("client"), topo->address6("server"), kPort, c2);
  EXPECT_EQ(errnoName(rc.err), "EHOSTUNREACH") << rc.describe();
  EXPECT_LE(rc.elapsed, scaled(2500ms)) << rc.describe();
}

}  // namespace
}  // namespace tcpfault::netns::test

namespace tcpfault::netns::test {
namespace {

// Taking a link down flushes its IPv6 addresses unless keep_addr_on_down, and its
// gateway routes always: heal must leave both families working.
TEST_F(netns_Fault, HealAfterCrashRestoresIpv4AndIpv6) {
  topo->crash("server");
  topo->heal();
  for (const auto& addr : {topo->address("server"), topo->address6("server")}) {
    UniqueFd c;
    auto r = connectFrom(topo->host("client"), addr, kPort, c);
    ASSERT_EQ(r.ret, 0) << addr << ": " << r.describe();
    ASSERT_EQ(sendAll(c.get(), "back").ret, 4);
    EXPECT_EQ(recvBounded(c.get(), 5s).data, "back") << addr;
  }
}

}  // namespace
}  // namespace tcpfault::netns::test

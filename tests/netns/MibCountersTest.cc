// MibCounters: parsing the /proc/net/{netstat,snmp} format, and per-host reading that
// sees only that host's namespace.
#include <gtest/gtest.h>

#include "NetnsTestSupport.h"
#include "netns/MibCounters.h"
#include "netns/Topology.h"

namespace tcpfault::netns::test {
namespace {

TEST(netns_Mib, ParsesSectionsAsPrefixPlusColumn) {
  auto m = MibCounters::parse(
      "TcpExt: SyncookiesSent TCPChallengeACK\nTcpExt: 3 7\n"
      "Tcp: RtoAlgorithm RetransSegs InCsumErrors\nTcp: 1 12 0\n");
  EXPECT_EQ(m.get("TcpExtSyncookiesSent"), 3);
  EXPECT_EQ(m.get("TcpExtTCPChallengeACK"), 7);
  EXPECT_EQ(m.get("TcpRetransSegs"), 12);
  EXPECT_FALSE(m.find("TcpExtNoSuch"));
  EXPECT_THROW(m.get("TcpExtNoSuch"), std::out_of_range);
}

TEST(netns_Mib, DeltaIsPerCounter) {
  auto a = MibCounters::parse("Tcp: RetransSegs OutSegs\nTcp: 5 100\n");
  auto b = MibCounters::parse("Tcp: RetransSegs OutSegs\nTcp: 7 130\n");
  EXPECT_EQ(b.delta(a).get("TcpRetransSegs"), 2);
  EXPECT_EQ(b.delta(a).get("TcpOutSegs"), 30);
}

TEST(netns_Mib, ReadsTheHostsOwnNamespace) {
  TCPFAULT_REQUIRE_NETNS();
  Topology t({"client", "server"});
  Child srv = t.host("server").fork([] { return echoServer(9877); });
  ASSERT_TRUE(srv.waitForOutput("listening", std::chrono::seconds(5)));
  auto c0 = MibCounters::read(t.host("client"));
  auto s0 = MibCounters::read(t.host("server"));
  EXPECT_EQ(c0.get("TcpActiveOpens"), 0);  // a fresh namespace, not the root one
  UniqueFd fd;
  ASSERT_EQ(connectFrom(t.host("client"), t.address("server"), 9877, fd).ret, 0);
  EXPECT_EQ(MibCounters::read(t.host("client")).delta(c0).get("TcpActiveOpens"), 1);
  EXPECT_TRUE(awaitUntil(
      [&] { return MibCounters::read(t.host("server")).delta(s0).get("TcpPassiveOpens") == 1; },
      std::chrono::milliseconds(2000)));
  srv = Child();
}

}  // namespace
}  // namespace tcpfault::netns::test

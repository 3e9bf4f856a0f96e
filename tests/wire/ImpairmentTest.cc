// Each engine and kernel-rule impairment against real TCP connections client > router >
// server: the engine's own counters and the peers' kernel counters must agree.
#include <gtest/gtest.h>

#include "tests/support/TimeScale.h"
#include "tests/wire/WireTestSupport.h"

namespace tcpfault::netns::wire::test {
namespace {

using tcpfault::test::scaled;

// The engine paths that parse addresses (counted drops, raw copies), once per family.
class WireFamily : public WireTest, public ::testing::WithParamInterface<bool> {
 protected:
  bool ipv6() const { return GetParam(); }
};

std::string familyName(const ::testing::TestParamInfo<bool>& p) { return p.param ? "ipv6" : "ipv4"; }
INSTANTIATE_TEST_SUITE_P(AddressFamily, WireFamily, ::testing::Values(false, true), familyName);

TEST_P(WireFamily, DropCountTwoDropsExactlyTwoDataSegments) {
  auto id = wire->add(Drop{Selector{c2s, Match::data(), 2}});
  UniqueFd fd = connectEcho(ipv6());
  auto before = mib("client");
  for (int i = 0; i < 5; ++i) exchange(fd.get(), "msg" + std::to_string(i));
  Stats s = wire->stats(id);
  EXPECT_EQ(s.dropped, 2u);
  EXPECT_EQ(s.matched, 7u);  // five segments, two of them sent twice
  auto d = mib("client").delta(before);
  EXPECT_EQ(d.get("TcpRetransSegs"), 2) << "the client retransmitted what was dropped";
}

TEST_F(WireTest, DropNthSkipsTheFirstMatches) {
  auto id = wire->add(Drop{Selector{c2s, Match::data(), 1, 3}});
  UniqueFd fd = connectEcho();
  auto before = mib("client");
  for (int i = 0; i < 4; ++i) exchange(fd.get(), "m" + std::to_string(i));
  EXPECT_EQ(wire->stats(id).dropped, 1u);
  EXPECT_EQ(mib("client").delta(before).get("TcpRetransSegs"), 1);
}

TEST_F(WireTest, DropEverySynIsAKernelRuleAndConnectTimesOut) {
  auto id = wire->add(Drop{Selector{c2s, Match::flags("S")}});
  EXPECT_FALSE(wire->engineRunning());
  topo->setSysctl("client", "net.ipv4.tcp_syn_retries", "1");  // fails after ~3 s
  UniqueFd fd;
  auto r = connectFrom(topo->host("client"), topo->address("server"), kEchoPort, fd);
  EXPECT_EQ(r.ret, -1) << r.describe();
  EXPECT_EQ(tcpfault::errnoName(r.err), "ETIMEDOUT");
  EXPECT_GE(wire->stats(id).dropped, 2u);  // the SYN and its retransmissions
}

TEST_F(WireTest, DelayHundredMillisecondsShowsOnTheRoundTrip) {
  UniqueFd fd = connectEcho();
  auto plain = exchange(fd.get(), "warm");
  auto id = wire->add(Delay{Selector{c2s, Match::any()}, 100ms});
  auto rtt = exchange(fd.get(), "slow");
  EXPECT_GE(rtt, 100ms);
  EXPECT_LE(rtt, 100ms + plain + scaled(30ms));
  EXPECT_GE(wire->stats(id).delayed, 1u);
  wire->remove(id);
  EXPECT_LT(exchange(fd.get(), "fast"), scaled(50ms));
}

TEST_F(WireTest, LossHundredPercentDropsEverythingZeroPercentNothing) {
  auto none = wire->add(Loss{c2s, Match::tcp(), 0.0});
  UniqueFd fd = connectEcho();
  for (int i = 0; i < 20; ++i) exchange(fd.get(), "x" + std::to_string(i));
  EXPECT_EQ(wire->stats(none).dropped, 0u);
  wire->remove(none);
  auto all = wire->add(Loss{c2s, Match::tcp(), 100.0});
  topo->setSysctl("client", "net.ipv4.tcp_syn_retries", "1");
  UniqueFd lost;
  auto r = connectFrom(topo->host("client"), topo->address("server"), kEchoPort, lost);
  EXPECT_EQ(r.ret, -1) << r.describe();
  EXPECT_GE(wire->stats(all).dropped, 2u);
}

TEST_F(WireTest, SeededLossIsStatisticalAndRepeatable) {
  auto id = wire->add(Loss{c2s, Match::data(), 20.0, 42});
  UniqueFd fd = connectEcho();
  for (int i = 0; i < 100; ++i) exchange(fd.get(), "p" + std::to_string(i));
  Stats s = wire->stats(id);
  double rate = static_cast<double>(s.dropped) / static_cast<double>(s.matched);
  EXPECT_GT(rate, 0.08);
  EXPECT_LT(rate, 0.35);
}

TEST_P(WireFamily, DuplicateCountThreeSendsThreeCopiesTheReceiverDsacks) {
  auto id = wire->add(Duplicate{Selector{c2s, Match::data(), 3}});
  UniqueFd fd = connectEcho(ipv6());
  auto before = mib("server");
  for (int i = 0; i < 6; ++i) exchange(fd.get(), "d" + std::to_string(i));
  EXPECT_EQ(wire->stats(id).duplicated, 3u);
  EXPECT_EQ(wire->engineTotals().rawSent, 3u);
  // A duplicate of data already received is answered with a D-SACK (RFC 2883).
  EXPECT_EQ(mib("server").delta(before).get("TcpExtTCPDSACKOldSent"), 3);
}

TEST_F(WireTest, DuplicateEveryPacketIsAKernelDupRule) {
  auto id = wire->add(Duplicate{Selector{c2s, Match::flags("P")}});  // data, with NODELAY
  EXPECT_FALSE(wire->engineRunning());
  UniqueFd fd = connectEcho();
  auto before = mib("server");
  for (int i = 0; i < 4; ++i) exchange(fd.get(), "k" + std::to_string(i));
  EXPECT_EQ(wire->stats(id).duplicated, 4u);
  EXPECT_EQ(mib("server").delta(before).get("TcpExtTCPDSACKOldSent"), 4);
}

TEST_F(WireTest, CorruptLeavesTheChecksumWrongTheReceiverCountsIt) {
  auto id = wire->add(Corrupt{Selector{c2s, Match::data(), 1}});
  UniqueFd fd = connectEcho();
  auto before = mib("server");
  exchange(fd.get(), "intact after the retransmission");
  EXPECT_EQ(wire->stats(id).corrupted, 1u);
  EXPECT_EQ(mib("server").delta(before).get("TcpInCsumErrors"), 1);
  EXPECT_EQ(wire->engineTotals().modifiedLost, 0u);
}

TEST_F(WireTest, CorruptWithFixedChecksumReachesTheApplication) {
  wire->add(Corrupt{Selector{c2s, Match::data(), 1}, 1, /*fixChecksum=*/true});
  UniqueFd fd = connectEcho();
  ASSERT_EQ(sendAll(fd.get(), "abcdef").ret, 6);
  auto r = recvBounded(fd.get(), 5s);
  EXPECT_EQ(r.data.size(), 6u);
  EXPECT_NE(r.data, "abcdef");
}

TEST_F(WireTest, ReorderSwapsTwoSegmentsTheReceiverSeesOutOfOrder) {
  auto id = wire->add(Reorder{Selector{c2s, Match::data(), 1}});
  UniqueFd fd = connectEcho();
  auto before = mib("server");
  ASSERT_EQ(sendAll(fd.get(), "first-").ret, 6);
  ASSERT_EQ(sendAll(fd.get(), "second").ret, 6);  // TCP_NODELAY: two segments
  std::string got;
  while (got.size() < 12) {
    auto r = recvBounded(fd.get(), 5s);
    if (r.ret <= 0) break;
    got += r.data;
  }
  EXPECT_EQ(got, "first-second");  // TCP puts it back in order
  EXPECT_EQ(wire->stats(id).reordered, 1u);
  EXPECT_GE(mib("server").delta(before).get("TcpExtTCPOFOQueue"), 1);
}

TEST_F(WireTest, JitterSpreadsTheRoundTrip) {
  UniqueFd fd = connectEcho();
  wire->add(Delay{Selector{c2s}, 30ms, 20ms, 7});
  auto lo = std::chrono::milliseconds::max(), hi = std::chrono::milliseconds::zero();
  for (int i = 0; i < 20; ++i) {
    auto rtt = exchange(fd.get(), "j" + std::to_string(i));
    lo = std::min(lo, rtt);
    hi = std::max(hi, rtt);
  }
  EXPECT_GE(lo, 9ms);                      // 30 - 20, less a little clock granularity
  EXPECT_LE(hi, 30ms + 20ms + scaled(30ms));  // + scheduling
  EXPECT_GE(hi - lo, 15ms) << "no spread: jitter ignored?";
}

}  // namespace
}  // namespace tcpfault::netns::wire::test

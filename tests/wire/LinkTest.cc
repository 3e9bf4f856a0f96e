// Rate (tbf) and MTU (+ PMTU black hole) on the router's links, measured on bulk transfers.
#include <gtest/gtest.h>

#include "tests/wire/WireTestSupport.h"
#include "netns/wire/Shaper.h"

namespace tcpfault::netns::wire::test {
namespace {

TEST_F(WireTest, RateLimitsABulkTransferToAboutTheRate) {
  wire->add(Rate{c2s, 16'000'000});  // 2 MB/s
  EXPECT_TRUE(hasTbf(topo->router(), c2s.outIf));
  auto t = bulk(4 << 20, 20s);  // 4 MiB: 2.1 s at the rate (the bucket's burst less)
  ASSERT_TRUE(t) << "bulk transfer did not finish";
  EXPECT_GE(*t, 1800ms);
  EXPECT_LE(*t, 3000ms);
}

TEST_F(WireTest, MtuBlackHoleStallsBulkAndMtuProbingRecovers) {
  topo->setSysctl("client", "net.ipv4.tcp_mtu_probing", "0");
  auto id = wire->add(Mtu{c2s.outIf, 1280, /*blackHole=*/true});
  EXPECT_FALSE(bulk(1 << 20, 4s)) << "1 MiB passed a 1280-byte link without PMTU discovery";
  EXPECT_GE(wire->stats(id).dropped, 1u) << "no ICMP frag-needed was swallowed";
  topo->setSysctl("client", "net.ipv4.tcp_mtu_probing", "1");
  auto t = bulk(1 << 20, 30s);
  EXPECT_TRUE(t) << "tcp_mtu_probing=1 did not get through the black hole";
}

TEST_F(WireTest, MtuWithoutBlackHoleIsLearntByPmtud) {
  wire->add(Mtu{c2s.outIf, 1280});
  EXPECT_TRUE(bulk(1 << 20, 5s)) << "ICMP frag-needed should let PMTUD shrink the MSS";
}

}  // namespace
}  // namespace tcpfault::netns::wire::test

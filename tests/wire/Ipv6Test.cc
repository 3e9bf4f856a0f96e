// The same engine paths over IPv6: parsing, counted drops, raw copies and injection.
#include <gtest/gtest.h>

#include "tests/wire/WireTestSupport.h"

namespace tcpfault::netns::wire::test {
namespace {

class WireV6 : public WireTest {
 protected:
  UniqueFd connect6() { return connectEcho(/*ipv6=*/true); }
};

TEST_F(WireV6, DropCountTwoOverIpv6) {
  auto id = wire->add(Drop{Selector{c2s, Match::data(), 2}});
  UniqueFd fd = connect6();
  auto before = mib("client");
  for (int i = 0; i < 4; ++i) exchange(fd.get(), "six" + std::to_string(i));
  EXPECT_EQ(wire->stats(id).dropped, 2u);
  EXPECT_EQ(mib("client").delta(before).get("TcpRetransSegs"), 2);
}

TEST_F(WireV6, DuplicateCountOverIpv6SendsRawCopies) {
  auto id = wire->add(Duplicate{Selector{c2s, Match::data(), 2}});
  UniqueFd fd = connect6();
  auto before = mib("server");
  for (int i = 0; i < 3; ++i) exchange(fd.get(), "dup" + std::to_string(i));
  EXPECT_EQ(wire->stats(id).duplicated, 2u);
  EXPECT_EQ(mib("server").delta(before).get("TcpExtTCPDSACKOldSent"), 2);
}

TEST_F(WireV6, ExactRstOverIpv6Resets) {
  wire->add(Track{c2s});
  wire->add(Track{s2c});
  UniqueFd fd = connect6();
  exchange(fd.get(), "tracked");
  auto r = wire->inject(Inject{s2c, kRst});
  EXPECT_NE(r.from.find('['), std::string::npos) << r.from;
  auto got = recvBounded(fd.get(), 5s);
  EXPECT_EQ(got.ret, -1) << got.describe();
  EXPECT_EQ(tcpfault::errnoName(got.err), "ECONNRESET");
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
  EXPECT_GE(lo, 9ms);   // 30 - 20, less a little clock granularity
  EXPECT_LE(hi, 80ms);  // 30 + 20 + scheduling
  EXPECT_GE(hi - lo, 15ms) << "no spread: jitter ignored?";
}

}  // namespace
}  // namespace tcpfault::netns::wire::test

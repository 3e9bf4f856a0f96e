// Injection over IPv6 (counted drops and raw copies run for both families in
// ImpairmentTest.cc, WireFamily).
#include <gtest/gtest.h>

#include "tests/wire/WireTestSupport.h"

namespace tcpfault::netns::wire::test {
namespace {

class WireV6 : public WireTest {
 protected:
  UniqueFd connect6() { return connectEcho(/*ipv6=*/true); }
};

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

}  // namespace
}  // namespace tcpfault::netns::wire::test

// Injected segments placed in the tracked sequence space (RFC 5961 section 3): a RST at
// exactly rcv_nxt resets; a RST elsewhere in the window draws a challenge ACK; a SYN on
// an established connection draws one too.
#include <gtest/gtest.h>

#include "tests/wire/WireTestSupport.h"

namespace tcpfault::netns::wire::test {
namespace {

class WireInject : public WireTest {
 protected:
  void SetUp() override {
    WireTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    wire->add(Track{c2s});
    wire->add(Track{s2c});
    fd = connectEcho();
    exchange(fd.get(), "tracked");
  }
  UniqueFd fd;
};

TEST_F(WireInject, RstAtExactlyRcvNxtResetsTheConnection) {
  auto r = wire->inject(Inject{s2c, kRst, {SeqBase::RcvNxt}});
  EXPECT_EQ(wire->injected(), 1u);
  auto got = recvBounded(fd.get(), 5s);
  EXPECT_EQ(got.ret, -1) << got.describe() << " seq " << r.seq;
  EXPECT_EQ(tcpfault::errnoName(got.err), "ECONNRESET");
}

TEST_F(WireInject, InWindowRstNotAtRcvNxtDrawsAChallengeAck) {
  auto before = mib("client");
  wire->inject(Inject{s2c, kRst, {SeqBase::RcvNxt, 1000}});
  ASSERT_TRUE(netns::test::awaitUntil(
      [&] { return mib("client").delta(before).get("TcpExtTCPChallengeACK") >= 1; }, 5000ms));
  exchange(fd.get(), "still alive");
}

TEST_F(WireInject, OutOfWindowRstIsIgnored) {
  auto before = mib("client");
  wire->inject(Inject{s2c, kRst, {SeqBase::OutOfWindow}});
  exchange(fd.get(), "still alive");
  EXPECT_EQ(mib("client").delta(before).get("TcpExtTCPChallengeACK"), 0);
}

TEST_F(WireInject, SynOnEstablishedDrawsAChallengeAck) {
  auto before = mib("server");
  wire->inject(Inject{c2s, kSyn, {SeqBase::RcvNxt, 5000}});
  ASSERT_TRUE(netns::test::awaitUntil(
      [&] { return mib("server").delta(before).get("TcpExtTCPChallengeACK") >= 1; }, 5000ms));
  exchange(fd.get(), "still alive");
}

TEST_F(WireInject, DataAtRcvNxtReachesTheApplication) {
  wire->inject(Inject{s2c, kAck | kPsh, {SeqBase::RcvNxt}, {SeqBase::RcvNxt}, "forged"});
  auto got = recvBounded(fd.get(), 5s);
  EXPECT_EQ(got.data, "forged");
}

TEST_F(WireTest, InjectWithoutTrackingIsAnError) {
  EXPECT_THROW(wire->inject(Inject{c2s, kRst}), std::runtime_error);
}

}  // namespace
}  // namespace tcpfault::netns::wire::test

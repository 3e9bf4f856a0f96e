// The words of the wire directives: the parser's checks (runner/lang/WireSyntax) accept
// what the executor and netns/wire then read the same way, and reject the rest.
#include <gtest/gtest.h>

#include "netns/wire/Impairment.h"
#include "scenarios/runner/lang/WireSyntax.h"

namespace tcpfault::scenario {
namespace {

TEST(WireSyntax, RatesAgreeWithTheWire) {
  for (auto r : {"1mbit", "16mbit", "1.5mbit", "512kbit", "10gbit", "800bit", "2mbps", "100kbps", "1gbps", "64bps"})
    EXPECT_EQ(parseRateWord(r), netns::wire::parseRate(r)) << r;
  for (auto bad : {"", "mbit", "1", "1mbits", "1 mbit", "0kbit", "-1mbit", "1.2.3mbit", "1Mbit", "99999gbit"})
    EXPECT_EQ(parseRateWord(bad), 0u) << bad;
}

TEST(WireSyntax, SequenceWords) {
  auto w = parseSeqWord("rcv_nxt+1000");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->base, SeqWord::Base::RcvNxt);
  EXPECT_EQ(w->offset, 1000);
  EXPECT_EQ(parseSeqWord("snd_una-1")->offset, -1);
  EXPECT_EQ(parseSeqWord("snd_una-1")->base, SeqWord::Base::SndUna);
  EXPECT_EQ(parseSeqWord("oow")->base, SeqWord::Base::OutOfWindow);
  EXPECT_EQ(parseSeqWord("4294967295")->base, SeqWord::Base::Raw);
  for (auto bad : {"", "rcv_next", "rcv_nxt+", "rcv_nxt+x", "rcv_nxt*2", "oow-", "4294967296", "+5", "snd_una+99999999999"})
    EXPECT_FALSE(parseSeqWord(bad)) << bad;
}

TEST(WireSyntax, PercentMatchAndCounters) {
  EXPECT_DOUBLE_EQ(*parsePercentWord("10%"), 10);
  EXPECT_DOUBLE_EQ(*parsePercentWord("0.5%"), 0.5);
  EXPECT_DOUBLE_EQ(*parsePercentWord("100"), 100);
  for (auto bad : {"", "%", "101%", "-1%", "1e2%", "10%%", ".5%"}) EXPECT_FALSE(parsePercentWord(bad)) << bad;
  for (auto ok : {"S", "SA", "F", "R", "A", "P", "FA", "data", "SFRPAUEC"}) EXPECT_TRUE(isSegmentMatch(ok)) << ok;
  for (auto bad : {"", "SS", "SYN", "s", "Data", "X"}) EXPECT_FALSE(isSegmentMatch(bad)) << bad;
  for (auto ok : {"TcpExtTCPChallengeACK", "TcpRetransSegs", "IpExtInOctets", "IcmpOutDestUnreachs", "UdpInErrors"})
    EXPECT_TRUE(isMibCounterName(ok)) << ok;
  for (auto bad : {"", "Tcp", "tcpRetransSegs", "TcpExt_X", "Foo", "TcpExtTCP Challenge"})
    EXPECT_FALSE(isMibCounterName(bad)) << bad;
}

}  // namespace
}  // namespace tcpfault::scenario

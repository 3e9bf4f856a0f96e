// The runner <-> agent line format carries any bytes intact and rejects garbage.
#include <gtest/gtest.h>

#include "scenarios/runner/agent/AgentProtocol.h"
#include "netns/SockAddr.h"

namespace tcpfault::scenario {
namespace {

TEST(AgentProtocol, RequestRoundTripsAnyBytes) {
  AgentRequest r{7, true, "write", "c", {}};
  r.args.set("data", std::string("a b\n%\0\xff-", 8));
  r.args.set("var", "-");
  r.args.set("empty", "");
  r.args.setFlag("nosignal");
  auto back = decodeRequest(encodeRequest(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->id, 7u);
  EXPECT_TRUE(back->background);
  EXPECT_EQ(back->verb, "write");
  EXPECT_EQ(back->var, "c");
  EXPECT_EQ(back->args, r.args);
}

TEST(AgentProtocol, ReplyRoundTrips) {
  AgentReply r{3, -1, 32, "partial\r\n", {13, 17}, 123456789};
  auto back = decodeReply(encodeReply(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->ret, -1);
  EXPECT_EQ(back->err, 32);
  EXPECT_EQ(back->data, "partial\r\n");
  EXPECT_EQ(back->caught, (std::vector<int>{13, 17}));
  EXPECT_EQ(back->elapsedNs, 123456789u);
  EXPECT_FALSE(back->blocked);
}

// A call still blocked at its own bound travels as "blocked", not as an errno.
TEST(AgentProtocol, BlockedRoundTrips) {
  AgentReply r{4, -1, 0, "", {}, 1500000000, true};
  auto back = decodeReply(encodeReply(r));
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->blocked);
  EXPECT_EQ(back->err, 0);
  EXPECT_FALSE(decodeReply("1 0 0 - - 0 maybe\n"));
}

TEST(AgentProtocol, GarbageIsRejected) {
  EXPECT_FALSE(decodeRequest("x f write c\n"));
  EXPECT_FALSE(decodeRequest("1 z write c\n"));
  EXPECT_FALSE(decodeReply("1 2 3\n"));
  EXPECT_FALSE(decodeReply("1 0 0 %G 0 0\n"));
  EXPECT_FALSE(percentDecode("abc%4"));
}

TEST(SockAddr, ParsesV4AndV6AndRejectsJunk) {
  EXPECT_TRUE(parseSockAddr("198.18.2.2:9877"));
  EXPECT_TRUE(parseSockAddr("[2001:db8:2::2]:80"));
  EXPECT_FALSE(parseSockAddr("198.18.2.2"));
  EXPECT_FALSE(parseSockAddr("198.18.2.2:70000"));
  EXPECT_FALSE(parseSockAddr("nohost:80"));
  EXPECT_EQ(formatHostPort("2001:db8::1", 80), "[2001:db8::1]:80");
}

}  // namespace
}  // namespace tcpfault::scenario

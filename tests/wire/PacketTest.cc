// parsePacket on crafted headers: an IPv4 fragment past the first is never read as a TCP
// header, and IPv6 extension headers are followed to the transport header.
#include "netns/wire/Packet.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <vector>

namespace tcpfault::netns::wire {
namespace {

Endpoint ep(int family, const char* addr, uint16_t port) {
  Endpoint e;
  e.family = family;
  ::inet_pton(family, addr, &e.addr);
  e.port = port;
  return e;
}

std::vector<uint8_t> synV4() {
  return buildTcpSegment(ep(AF_INET, "198.18.1.2", 40000), ep(AF_INET, "198.18.2.2", 9877), 1000, 0,
                         0x02, 64240, "");
}

// A later fragment whose first bytes look like a SYN to port 9877: it is payload.
TEST(wire_Packet, AnIpv4LaterFragmentHasNoTransportHeader) {
  std::vector<uint8_t> p = synV4();
  p[6] = 0x00, p[7] = 0xb9;  // offset 185 * 8 = 1480, no MF: the last fragment
  PacketView v = parsePacket(p.data(), p.size());
  ASSERT_TRUE(v.ok);
  EXPECT_TRUE(v.laterFragment);
  EXPECT_EQ(v.tcpFlags, 0);
  EXPECT_EQ(v.dst.port, 0);
  EXPECT_EQ(v.payloadLen, 20u);
  p[6] = 0x20, p[7] = 0x00;  // MF, offset 0: the first fragment carries the header
  v = parsePacket(p.data(), p.size());
  EXPECT_TRUE(v.fragment);
  EXPECT_FALSE(v.laterFragment);
  EXPECT_EQ(v.tcpFlags, 0x02);
  EXPECT_EQ(v.dst.port, 9877);
}

// The same SYN over IPv6 with a hop-by-hop and a destination-options header before it.
TEST(wire_Packet, Ipv6ExtensionHeadersAreFollowed) {
  std::vector<uint8_t> p = buildTcpSegment(ep(AF_INET6, "2001:db8:1::2", 40000),
                                           ep(AF_INET6, "2001:db8:2::2", 9877), 1000, 0, 0x02, 64240, "");
  std::vector<uint8_t> ext = {60, 0, 1, 4, 0, 0, 0, 0,   // hop-by-hop -> dest options, PadN
                              6, 0, 1, 4, 0, 0, 0, 0};   // dest options -> TCP
  p.insert(p.begin() + 40, ext.begin(), ext.end());
  p[6] = 0;  // next header: hop-by-hop
  uint16_t plen = static_cast<uint16_t>(p.size() - 40);
  p[4] = static_cast<uint8_t>(plen >> 8), p[5] = static_cast<uint8_t>(plen);
  PacketView v = parsePacket(p.data(), p.size());
  ASSERT_TRUE(v.ok);
  EXPECT_EQ(v.protocol, 6);
  EXPECT_EQ(v.l3Len, 56u);
  EXPECT_EQ(v.tcpFlags, 0x02);
  EXPECT_EQ(v.dst.port, 9877);
  EXPECT_EQ(v.seq, 1000u);
  // A fragment header with a non-zero offset: a later fragment.
  std::vector<uint8_t> q = p;
  q[40] = 44;  // hop-by-hop now points at a fragment header in the dest-options slot
  q[48] = 6, q[49] = 0, q[50] = 0x05, q[51] = 0xc8;  // -> TCP, offset 185
  v = parsePacket(q.data(), q.size());
  ASSERT_TRUE(v.ok);
  EXPECT_TRUE(v.laterFragment);
  EXPECT_EQ(v.tcpFlags, 0);
}

}  // namespace
}  // namespace tcpfault::netns::wire

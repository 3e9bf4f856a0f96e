// The decoder on hand-built frames: every link type Capture meets, IPv4 and IPv6, TCP
// flags and lengths, ICMP errors with their quoted ports, and what is left out.
#include <gtest/gtest.h>
#include <linux/if_packet.h>
#include <pcap/dlt.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "reports/capture/PacketDecoder.h"

namespace tcpfault::report {
namespace {

using Bytes = std::vector<uint8_t>;

void put16(Bytes& b, uint16_t v) { b.insert(b.end(), {uint8_t(v >> 8), uint8_t(v)}); }
void put32(Bytes& b, uint32_t v) {
  put16(b, uint16_t(v >> 16));
  put16(b, uint16_t(v));
}
Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Bytes tcp(uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
          size_t payload) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put32(b, seq);
  put32(b, ack);
  b.insert(b.end(), {0x50, flags, 0xff, 0xff, 0, 0, 0, 0});  // 20-byte header
  b.resize(b.size() + payload, 'x');
  return b;
}

Bytes ipv4(const Bytes& addrs, uint8_t proto, const Bytes& payload, uint16_t fragment = 0) {
  Bytes b = {0x45, 0};
  put16(b, uint16_t(20 + payload.size()));
  b.insert(b.end(), {0, 1});
  put16(b, fragment);
  b.insert(b.end(), {64, proto, 0, 0});
  return b + addrs + payload;
}
const Bytes kClientToServer4 = {198, 18, 1, 2, 198, 18, 2, 2};
const Bytes kRouterToClient4 = {198, 18, 1, 1, 198, 18, 1, 2};

Bytes ipv6(uint8_t next, const Bytes& payload) {
  Bytes b = {0x60, 0, 0, 0};
  put16(b, uint16_t(payload.size()));
  b.insert(b.end(), {next, 64});
  Bytes src(16), dst(16);
  for (Bytes* a : {&src, &dst}) std::copy_n(Bytes{0x20, 0x01, 0x0d, 0xb8}.begin(), 4, a->begin());
  src[15] = 2;
  dst[15] = 1;
  return b + src + dst + payload;
}

Bytes sll2(uint16_t protocol, uint8_t packetType) {
  Bytes b;
  put16(b, protocol);
  put16(b, 0);  // reserved
  put32(b, 2);  // ifindex
  put16(b, 1);  // ARPHRD_ETHER
  b.insert(b.end(), {packetType, 6, 0, 0, 0, 0, 0, 0, 0, 0});
  return b;
}

Bytes sll(uint16_t protocol, uint16_t packetType) {
  Bytes b;
  put16(b, packetType);
  put16(b, 1);  // ARPHRD_ETHER
  put16(b, 6);  // address length
  b.resize(14);
  put16(b, protocol);
  return b;
}

Bytes ethernet(uint16_t type) {
  Bytes b(12);
  put16(b, type);
  return b;
}

TEST(PacketDecoder, TcpOverSll2WithPacketType) {
  auto p =
      decodePacket(DLT_LINUX_SLL2, sll2(0x0800, PACKET_OUTGOING) +
                                       ipv4(kClientToServer4, 6, tcp(40000, 9877, 7, 9, 0x18, 3)));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->packetType, PACKET_OUTGOING);
  EXPECT_EQ(p->srcAddr, "198.18.1.2");
  EXPECT_EQ(p->dstAddr, "198.18.2.2");
  EXPECT_EQ(p->segment.flags, "PA");
  EXPECT_EQ(p->segment.len, 3u);
  EXPECT_EQ(p->segment.seq, 7u);
  EXPECT_EQ(p->segment.ack, 9u);
  EXPECT_EQ(p->segment.sport, 40000);
  EXPECT_FALSE(p->segment.icmp);
}

TEST(PacketDecoder, FlagsInSFRPAUOrder) {
  EXPECT_EQ(tcpFlagsText(0x3f), "SFRPAU");
  EXPECT_EQ(tcpFlagsText(0x12), "SA");
  EXPECT_EQ(tcpFlagsText(0x11), "FA");
  EXPECT_EQ(tcpFlagsText(0x14), "RA");
}

TEST(PacketDecoder, SllAndEthernetAndRawIp) {
  Bytes ip = ipv4(kClientToServer4, 6, tcp(1, 2, 0, 0, 0x02, 0));
  auto a = decodePacket(DLT_LINUX_SLL, sll(0x0800, PACKET_HOST) + ip);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->packetType, PACKET_HOST);
  auto b = decodePacket(DLT_EN10MB, ethernet(0x0800) + ip);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->packetType, -1);
  EXPECT_EQ(b->segment.flags, "S");
  EXPECT_TRUE(decodePacket(DLT_RAW, ip));
  EXPECT_FALSE(decodePacket(DLT_EN10MB, ethernet(0x0806) + ip));  // ARP
}

TEST(PacketDecoder, TcpOverIpv6) {
  auto p =
      decodePacket(DLT_LINUX_SLL2, sll2(0x86dd, PACKET_HOST) + ipv6(6, tcp(5, 6, 1, 2, 0x04, 0)));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->srcAddr, "2001:db8::2");
  EXPECT_EQ(p->dstAddr, "2001:db8::1");
  EXPECT_EQ(p->segment.flags, "R");
}

TEST(PacketDecoder, IcmpHostUnreachableQuotesTheTcpPorts) {
  Bytes quoted = ipv4(kClientToServer4, 6, tcp(40000, 9877, 1, 0, 0x02, 0));
  quoted.resize(28);  // the IP header and 8 bytes of TCP, as routers quote
  Bytes icmp = {3, 1, 0, 0, 0, 0, 0, 0};
  auto p = decodePacket(DLT_RAW, ipv4(kRouterToClient4, 1, icmp + quoted));
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->segment.icmp);
  EXPECT_EQ(p->segment.icmpText, "host unreachable");
  EXPECT_EQ(p->segment.dport, 40000);  // the socket the error is for
  EXPECT_EQ(p->segment.sport, 9877);
}

TEST(PacketDecoder, Icmp6TextsAndHousekeepingLeftOut) {
  auto unreachable = decodePacket(DLT_RAW, ipv6(58, {1, 4, 0, 0, 0, 0, 0, 0}));
  ASSERT_TRUE(unreachable);
  EXPECT_EQ(unreachable->segment.icmpText, "port unreachable");
  auto address = decodePacket(DLT_RAW, ipv6(58, {1, 3, 0, 0, 0, 0, 0, 0}));
  ASSERT_TRUE(address);
  EXPECT_EQ(address->segment.icmpText, "host unreachable");
  EXPECT_FALSE(decodePacket(DLT_RAW, ipv6(58, {135, 0, 0, 0, 0, 0, 0, 0})));  // neighbour solicit
  EXPECT_FALSE(decodePacket(DLT_RAW, ipv6(58, {143, 0, 0, 0, 0, 0, 0, 0})));  // MLDv2 report
}

TEST(PacketDecoder, TruncatedLaterFragmentsAndOtherProtocolsAreSkipped) {
  Bytes full = ipv4(kClientToServer4, 6, tcp(1, 2, 0, 0, 0x10, 0));
  EXPECT_FALSE(decodePacket(DLT_RAW, Bytes(full.begin(), full.begin() + 30)));
  EXPECT_FALSE(decodePacket(DLT_RAW, ipv4(kClientToServer4, 6, tcp(1, 2, 0, 0, 0x10, 0), 0x0010)));
  EXPECT_FALSE(decodePacket(DLT_RAW, ipv4(kClientToServer4, 17, Bytes(8))));  // UDP
  EXPECT_FALSE(decodePacket(DLT_LINUX_SLL2, Bytes(10)));
}

TEST(PacketDecoder, PayloadLengthComesFromTheIpHeaderNotTheSnapshot) {
  Bytes frame = ipv4(kClientToServer4, 6, tcp(1, 2, 0, 0, 0x18, 1000));
  frame.resize(60);  // a short snaplen
  auto p = decodePacket(DLT_RAW, frame);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->segment.len, 1000u);
}

}  // namespace
}  // namespace tcpfault::report

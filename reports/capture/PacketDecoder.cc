#include "reports/capture/PacketDecoder.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <pcap/dlt.h>

#include "reports/record/IcmpMessage.h"

namespace tcpfault::report {
namespace {

using Bytes = std::span<const uint8_t>;

constexpr uint16_t kEtherIPv4 = 0x0800, kEtherIPv6 = 0x86dd, kEtherVlan = 0x8100;

uint16_t be16(Bytes b, size_t at) { return static_cast<uint16_t>(b[at] << 8 | b[at + 1]); }
uint32_t be32(Bytes b, size_t at) {
  return static_cast<uint32_t>(b[at]) << 24 | static_cast<uint32_t>(b[at + 1]) << 16 |
         static_cast<uint32_t>(b[at + 2]) << 8 | b[at + 3];
}

std::string addrText(int family, const uint8_t* raw) {
  char text[INET6_ADDRSTRLEN];
  return inet_ntop(family, raw, text, sizeof text) ? text : "?";
}

// An IP packet with the parts the transport decoders need.
struct IpPacket {
  int family = 0;
  std::string src, dst;
  uint8_t protocol = 0;
  Bytes payload;          // transport header + data, clipped to the captured bytes
  size_t payloadLen = 0;  // as the IP header says (the capture may be shorter)
};

std::optional<IpPacket> parseIPv4(Bytes b) {
  if (b.size() < 20 || (b[0] >> 4) != 4) return std::nullopt;
  size_t ihl = static_cast<size_t>(b[0] & 0x0f) * 4;
  size_t total = be16(b, 2);
  if (ihl < 20 || total < ihl || b.size() < ihl) return std::nullopt;
  if ((be16(b, 6) & 0x1fff) != 0) return std::nullopt;  // a later fragment: no transport header
  IpPacket ip{AF_INET, addrText(AF_INET, &b[12]), addrText(AF_INET, &b[16]), b[9], {}, 0};
  ip.payloadLen = total - ihl;
  ip.payload = b.subspan(ihl, std::min(b.size(), total) - ihl);
  return ip;
}

bool isIPv6ExtensionHeader(uint8_t next) {
  return next == 0 || next == 43 || next == 44 || next == 60;  // hop-by-hop, routing, frag, dst
}

std::optional<IpPacket> parseIPv6(Bytes b) {
  if (b.size() < 40 || (b[0] >> 4) != 6) return std::nullopt;
  IpPacket ip{AF_INET6, addrText(AF_INET6, &b[8]), addrText(AF_INET6, &b[24]), b[6], {}, 0};
  size_t at = 40, end = 40 + static_cast<size_t>(be16(b, 4));
  while (isIPv6ExtensionHeader(ip.protocol)) {
    if (b.size() < at + 8) return std::nullopt;
    if (ip.protocol == 44 && (be16(b, at + 2) & 0xfff8) != 0) return std::nullopt;
    size_t len = ip.protocol == 44 ? 8 : (static_cast<size_t>(b[at + 1]) + 1) * 8;
    ip.protocol = b[at];
    at += len;
  }
  if (end < at || b.size() < at) return std::nullopt;
  ip.payloadLen = end - at;
  ip.payload = b.subspan(at, std::min(b.size(), end) - at);
  return ip;
}

std::optional<IpPacket> parseIp(Bytes b) {
  if (b.empty()) return std::nullopt;
  return (b[0] >> 4) == 4 ? parseIPv4(b) : parseIPv6(b);
}

bool decodeTcp(const IpPacket& ip, Segment& s) {
  Bytes t = ip.payload;
  if (t.size() < 20) return false;
  size_t hdr = static_cast<size_t>(t[12] >> 4) * 4;
  if (hdr < 20 || ip.payloadLen < hdr) return false;
  s.sport = be16(t, 0);
  s.dport = be16(t, 2);
  s.seq = be32(t, 4);
  s.ack = be32(t, 8);
  s.flags = tcpFlagsText(t[13]);
  s.len = static_cast<uint32_t>(ip.payloadLen - hdr);
  return true;
}

// The ports of the packet an ICMP error quotes, seen from the receiver of the error:
// sport is the far end's port, dport the port of the socket the error is for.
void quotedPorts(Bytes quoted, Segment& s) {
  auto inner = parseIp(quoted);
  if (!inner || inner->protocol != IPPROTO_TCP || inner->payload.size() < 4) return;
  s.sport = be16(inner->payload, 2);
  s.dport = be16(inner->payload, 0);
}

// The message's row in the shared table (reports/record/IcmpMessage.h), or its numbers.
std::string icmpText(IcmpFamily family, uint8_t type, uint8_t code) {
  if (const IcmpMessage* m = findIcmpMessage(family, type, code)) return std::string(m->text);
  bool v6 = family == IcmpFamily::V6;
  if (type == (v6 ? 1 : 3)) return "unreachable code " + std::to_string(code);
  return (v6 ? "icmp6 type " : "icmp type ") + std::to_string(type);
}

// Neighbour discovery and multicast listener messages are link housekeeping, not the story.
bool isIcmp6Housekeeping(uint8_t type) { return (type >= 130 && type <= 137) || type == 143; }

bool decodeIcmp(const IpPacket& ip, Segment& s) {
  Bytes m = ip.payload;
  if (m.size() < 8) return false;
  bool v6 = ip.protocol == IPPROTO_ICMPV6;
  if (v6 && isIcmp6Housekeeping(m[0])) return false;
  s.icmp = true;
  s.icmp6 = v6;
  s.icmpType = m[0];
  s.icmpCode = m[1];
  s.icmpText = icmpText(v6 ? IcmpFamily::V6 : IcmpFamily::V4, m[0], m[1]);
  bool isError = v6 ? m[0] < 128 : (m[0] == 3 || m[0] == 11 || m[0] == 5);
  if (isError) quotedPorts(m.subspan(8), s);
  return true;
}

// The network-layer bytes of a frame and the SLL packet type, per link type.
struct LinkPayload {
  Bytes ip;
  int packetType = -1;
};

std::optional<LinkPayload> stripLink(int linkType, Bytes f) {
  switch (linkType) {
    case DLT_EN10MB: {
      size_t at = 12;
      while (f.size() >= at + 2 && be16(f, at) == kEtherVlan) at += 4;
      if (f.size() < at + 2) return std::nullopt;
      uint16_t type = be16(f, at);
      if (type != kEtherIPv4 && type != kEtherIPv6) return std::nullopt;
      return LinkPayload{f.subspan(at + 2), -1};
    }
    case DLT_LINUX_SLL:
      if (f.size() < 16) return std::nullopt;
      return LinkPayload{f.subspan(16), be16(f, 0)};
    case DLT_LINUX_SLL2:
      if (f.size() < 20) return std::nullopt;
      return LinkPayload{f.subspan(20), f[10]};
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
    case 101 /* LINKTYPE_RAW */:
      return LinkPayload{f, -1};
    default:
      return std::nullopt;
  }
}

}  // namespace

std::string tcpFlagsText(uint8_t b) {
  std::string out;
  if (b & 0x02) out += 'S';
  if (b & 0x01) out += 'F';
  if (b & 0x04) out += 'R';
  if (b & 0x08) out += 'P';
  if (b & 0x10) out += 'A';
  if (b & 0x20) out += 'U';
  return out;
}

std::optional<DecodedPacket> decodePacket(int linkType, std::span<const uint8_t> frame) {
  auto link = stripLink(linkType, frame);
  if (!link) return std::nullopt;
  auto ip = parseIp(link->ip);
  if (!ip) return std::nullopt;
  DecodedPacket p;
  p.packetType = link->packetType;
  p.srcAddr = ip->src;
  p.dstAddr = ip->dst;
  bool ok = false;
  if (ip->protocol == IPPROTO_TCP) ok = decodeTcp(*ip, p.segment);
  if (ip->protocol == IPPROTO_ICMP || ip->protocol == IPPROTO_ICMPV6)
    ok = decodeIcmp(*ip, p.segment);
  if (!ok) return std::nullopt;
  return p;
}

}  // namespace tcpfault::report

#include "netns/wire/Packet.h"

#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>

#include <cstring>

namespace tcpfault::netns::wire {
namespace {

uint16_t get16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t get32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}
void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
void put32(uint8_t* p, uint32_t v) {
  put16(p, static_cast<uint16_t>(v >> 16));
  put16(p + 2, static_cast<uint16_t>(v));
}

uint32_t sum16(const uint8_t* p, size_t n, uint32_t acc = 0) {
  for (; n > 1; p += 2, n -= 2) acc += get16(p);
  if (n) acc += uint32_t{p[0]} << 8;
  return acc;
}
uint16_t fold(uint32_t acc) {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return static_cast<uint16_t>(~acc);
}

// Pseudo-header sum for the transport checksum.
uint32_t pseudo(int family, const uint8_t* ip, uint8_t proto, size_t l4len) {
  uint32_t acc = family == AF_INET ? sum16(ip + 12, 8) : sum16(ip + 8, 32);
  return acc + proto + static_cast<uint32_t>(l4len & 0xffff) + static_cast<uint32_t>(l4len >> 16);
}

void parseTcpOptions(const uint8_t* opt, size_t n, PacketView& v) {
  for (size_t i = 0; i < n;) {
    uint8_t kind = opt[i];
    if (kind == 0) break;
    if (kind == 1) { ++i; continue; }
    if (i + 1 >= n || opt[i + 1] < 2) break;
    if (kind == 3 && opt[i + 1] == 3 && i + 2 < n) v.wscale = opt[i + 2];
    i += opt[i + 1];
  }
}

void parseTransport(const uint8_t* l4, size_t n, PacketView& v) {
  if (v.protocol == IPPROTO_TCP && n >= 20) {
    v.l4HdrLen = static_cast<size_t>(l4[12] >> 4) * 4;
    if (v.l4HdrLen < 20 || v.l4HdrLen > n) return;
    v.src.port = get16(l4);
    v.dst.port = get16(l4 + 2);
    v.seq = get32(l4 + 4);
    v.ack = get32(l4 + 8);
    v.tcpFlags = l4[13];
    v.window = get16(l4 + 14);
    if (v.tcpFlags & 0x02) parseTcpOptions(l4 + 20, v.l4HdrLen - 20, v);
  } else if (v.protocol == IPPROTO_UDP && n >= 8) {
    v.l4HdrLen = 8;
    v.src.port = get16(l4);
    v.dst.port = get16(l4 + 2);
  } else {
    v.l4HdrLen = 0;
  }
  v.payloadOffset = v.l3Len + v.l4HdrLen;
  v.payloadLen = n - v.l4HdrLen;
  v.ok = true;
}

}  // namespace

bool Endpoint::operator<(const Endpoint& o) const {
  if (family != o.family) return family < o.family;
  int c = std::memcmp(&addr, &o.addr, sizeof addr);
  return c != 0 ? c < 0 : port < o.port;
}
bool Endpoint::operator==(const Endpoint& o) const {
  return family == o.family && port == o.port && std::memcmp(&addr, &o.addr, sizeof addr) == 0;
}
std::string Endpoint::str() const {
  char buf[INET6_ADDRSTRLEN] = "?";
  ::inet_ntop(family, &addr, buf, sizeof buf);
  return (family == AF_INET6 ? "[" + std::string(buf) + "]" : std::string(buf)) + ":" +
         std::to_string(port);
}

namespace {

// Follows IPv6 extension headers (hop-by-hop, routing, destination options, fragment,
// AH) to the transport header: sets l3Len and protocol; false if they run past len.
bool skipIpv6Extensions(const uint8_t* d, size_t len, PacketView& v) {
  uint8_t next = d[6];
  size_t off = 40;
  for (int n = 0; n < 16; ++n) {
    if (next != 0 && next != 43 && next != 60 && next != 44 && next != 51) break;
    if (off + 8 > len) return false;
    uint8_t following = d[off];
    if (next == 44) {  // fragment: offset in 8-byte units, M flag
      uint16_t field = get16(d + off + 2);
      v.fragment = true;
      v.laterFragment = (field >> 3) != 0;
      off += 8;
    } else {
      off += next == 51 ? (size_t{d[off + 1]} + 2) * 4 : (size_t{d[off + 1]} + 1) * 8;
    }
    next = following;
  }
  if (off > len) return false;
  v.l3Len = off;
  v.protocol = next;
  return true;
}

}  // namespace

PacketView parsePacket(const uint8_t* d, size_t len) {
  PacketView v;
  if (len >= 20 && (d[0] >> 4) == 4) {
    v.family = AF_INET;
    v.l3Len = static_cast<size_t>(d[0] & 0x0f) * 4;
    size_t total = get16(d + 2);
    if (v.l3Len < 20 || v.l3Len > len) return v;
    if (total >= v.l3Len && total < len) len = total;  // trailing padding
    v.protocol = d[9];
    uint16_t frag = get16(d + 6);  // flags (MF = 0x2000) and offset in 8-byte units
    v.fragment = (frag & 0x3fff) != 0;
    v.laterFragment = (frag & 0x1fff) != 0;
    std::memcpy(&v.src.addr, d + 12, 4);
    std::memcpy(&v.dst.addr, d + 16, 4);
  } else if (len >= 40 && (d[0] >> 4) == 6) {
    v.family = AF_INET6;
    size_t total = 40 + size_t{get16(d + 4)};
    if (total < len) len = total;  // trailing padding
    if (!skipIpv6Extensions(d, len, v)) return v;
    std::memcpy(&v.src.addr, d + 8, 16);
    std::memcpy(&v.dst.addr, d + 24, 16);
  } else {
    return v;
  }
  v.src.family = v.dst.family = v.family;
  if (v.laterFragment) {  // no transport header here: all payload
    v.payloadOffset = v.l3Len;
    v.payloadLen = len - v.l3Len;
    v.ok = true;
    return v;
  }
  parseTransport(d + v.l3Len, len - v.l3Len, v);
  return v;
}

void fixTransportChecksum(std::vector<uint8_t>& pkt, const PacketView& v) {
  if (v.fragment) return;  // the checksum spans fragments this packet does not hold
  size_t off = v.protocol == IPPROTO_TCP ? 16 : 6;
  if (v.protocol != IPPROTO_TCP && v.protocol != IPPROTO_UDP) return;
  uint8_t* l4 = pkt.data() + v.l3Len;
  size_t l4len = v.l4HdrLen + v.payloadLen;
  put16(l4 + off, 0);
  uint16_t c = fold(sum16(l4, l4len, pseudo(v.family, pkt.data(), v.protocol, l4len)));
  put16(l4 + off, v.protocol == IPPROTO_UDP && c == 0 ? 0xffff : c);
}

std::vector<uint8_t> buildTcpSegment(const Endpoint& src, const Endpoint& dst, uint32_t seq,
                                     uint32_t ack, uint8_t flags, uint16_t window,
                                     const std::string& payload) {
  size_t l3 = src.family == AF_INET ? 20 : 40, l4len = 20 + payload.size();
  std::vector<uint8_t> p(l3 + l4len, 0);
  if (src.family == AF_INET) {
    p[0] = 0x45;
    put16(&p[2], static_cast<uint16_t>(p.size()));
    p[6] = 0x40;  // DF
    p[8] = 64;
    p[9] = IPPROTO_TCP;
    std::memcpy(&p[12], &src.addr, 4);
    std::memcpy(&p[16], &dst.addr, 4);
    put16(&p[10], fold(sum16(p.data(), 20)));
  } else {
    p[0] = 0x60;
    put16(&p[4], static_cast<uint16_t>(l4len));
    p[6] = IPPROTO_TCP;
    p[7] = 64;
    std::memcpy(&p[8], &src.addr, 16);
    std::memcpy(&p[24], &dst.addr, 16);
  }
  uint8_t* t = &p[l3];
  put16(t, src.port);
  put16(t + 2, dst.port);
  put32(t + 4, seq);
  put32(t + 8, ack);
  t[12] = 5 << 4;
  t[13] = flags;
  put16(t + 14, window);
  std::memcpy(t + 20, payload.data(), payload.size());
  PacketView v = parsePacket(p.data(), p.size());
  fixTransportChecksum(p, v);
  return p;
}

}  // namespace tcpfault::netns::wire

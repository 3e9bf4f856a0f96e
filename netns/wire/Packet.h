// Packet: a parsed view of an IPv4/IPv6 packet as NFQUEUE hands it over (network header
// first), plus the checksum and segment-building helpers the engine and inject share.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tcpfault::netns::wire {

struct Endpoint {
  int family = 0;     // AF_INET / AF_INET6
  in6_addr addr{};    // IPv4 in the first 4 bytes
  uint16_t port = 0;  // host order
  bool operator<(const Endpoint& o) const;
  bool operator==(const Endpoint& o) const;
  std::string str() const;
};

struct PacketView {
  bool ok = false;
  int family = 0;
  uint8_t protocol = 0;
  size_t l3Len = 0;       // IP header(s) length: transport header offset
  size_t l4HdrLen = 0;    // TCP/UDP header length
  Endpoint src, dst;
  uint8_t tcpFlags = 0;
  uint32_t seq = 0, ack = 0;
  uint16_t window = 0;
  int wscale = -1;        // from a SYN's options, -1 when absent
  size_t payloadOffset = 0, payloadLen = 0;
  // Part of a fragmented datagram: its transport checksum spans every fragment.
  bool fragment = false;
  // A fragment past the first: no transport header (ports, flags, seq stay 0) -- its
  // first bytes are payload, never read as a TCP header.
  bool laterFragment = false;
};

// Parses the headers of data[0..len): IPv4 (fragments included) and IPv6 with its
// extension headers; ok=false for anything else.
PacketView parsePacket(const uint8_t* data, size_t len);

// Recomputes the TCP or UDP checksum of a complete (non-GSO) packet in place.
void fixTransportChecksum(std::vector<uint8_t>& pkt, const PacketView& v);

// A TCP segment src > dst with the given fields and payload, checksums filled in.
std::vector<uint8_t> buildTcpSegment(const Endpoint& src, const Endpoint& dst, uint32_t seq,
                                     uint32_t ack, uint8_t flags, uint16_t window,
                                     const std::string& payload);

}  // namespace tcpfault::netns::wire

// Decodes one captured frame (any link type libpcap gives us on Linux) into a Segment.
// Shared by Capture (live) and PcapReader (files), so both see the same packets the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "reports/record/RunRecord.h"

namespace tcpfault::report {

struct DecodedPacket {
  Segment segment;               // t, src and dst names are left for the caller to fill
  std::string srcAddr, dstAddr;  // numeric, inet_ntop form
  int packetType = -1;           // PACKET_HOST, PACKET_OUTGOING, ... (SLL/SLL2); -1 when unknown
};

// nullopt for frames that are not TCP or a reportable ICMP/ICMPv6 message (ARP, UDP,
// IPv6 neighbour discovery, truncated headers, non-first fragments).
std::optional<DecodedPacket> decodePacket(int linkType, std::span<const uint8_t> frame);

// "SFRPAU" order: SYN, FIN, RST, PSH, ACK, URG -- e.g. "SA", "FA", "PA", "R".
std::string tcpFlagsText(uint8_t tcpFlagsByte);

}  // namespace tcpfault::report

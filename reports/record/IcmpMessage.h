// ICMP and ICMPv6 messages by type and code, in one table read by both sides: the packet
// decoder (reports/capture) names a captured message by its row, and an `expect wire`
// ICMP kind (scenarios/runner/lang/IcmpKind) matches the row's kind. Matching goes by
// type and code, so rewording a message's text changes the reports, never a verdict.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace tcpfault::report {

enum class IcmpFamily : uint8_t { V4, V6 };

struct IcmpMessage {
  IcmpFamily family;
  uint8_t type;
  int code;                // -1: every code of the type
  std::string_view text;   // as reports show it: "host unreachable"
  std::string_view kind;   // the `expect wire` word, "icmp-host-unreachable"; empty if none
};

inline constexpr int kAnyCode = -1;

// The same kind for the two families where they mean the same thing: ICMPv6's "address
// unreachable" (1/3) is IPv4's host unreachable (3/1), its "no route" (1/0) the net one.
inline constexpr std::array<IcmpMessage, 21> kIcmpMessages{{
    {IcmpFamily::V4, 3, 0, "net unreachable", "icmp-net-unreachable"},
    {IcmpFamily::V4, 3, 1, "host unreachable", "icmp-host-unreachable"},
    {IcmpFamily::V4, 3, 2, "protocol unreachable", ""},
    {IcmpFamily::V4, 3, 3, "port unreachable", "icmp-port-unreachable"},
    {IcmpFamily::V4, 3, 4, "fragmentation needed", "icmp-packet-too-big"},
    {IcmpFamily::V4, 3, 9, "administratively prohibited", "icmp-admin-prohibited"},   // network
    {IcmpFamily::V4, 3, 10, "administratively prohibited", "icmp-admin-prohibited"},  // host
    {IcmpFamily::V4, 3, 13, "administratively prohibited", "icmp-admin-prohibited"},  // filtered
    {IcmpFamily::V4, 0, kAnyCode, "echo reply", ""},
    {IcmpFamily::V4, 8, kAnyCode, "echo request", ""},
    {IcmpFamily::V4, 5, kAnyCode, "redirect", ""},
    {IcmpFamily::V4, 11, kAnyCode, "time exceeded", "icmp-time-exceeded"},
    {IcmpFamily::V6, 1, 0, "no route", "icmp-net-unreachable"},
    {IcmpFamily::V6, 1, 1, "administratively prohibited", "icmp-admin-prohibited"},
    {IcmpFamily::V6, 1, 3, "host unreachable", "icmp-host-unreachable"},
    {IcmpFamily::V6, 1, 4, "port unreachable", "icmp-port-unreachable"},
    {IcmpFamily::V6, 1, 6, "reject route", ""},
    {IcmpFamily::V6, 2, kAnyCode, "packet too big", "icmp-packet-too-big"},
    {IcmpFamily::V6, 3, kAnyCode, "time exceeded", "icmp-time-exceeded"},
    {IcmpFamily::V6, 128, kAnyCode, "echo request", ""},
    {IcmpFamily::V6, 129, kAnyCode, "echo reply", ""},
}};

// The row of a message; nullptr for one the table does not name (the decoder then writes
// "unreachable code N" or "icmp type N").
constexpr const IcmpMessage* findIcmpMessage(IcmpFamily family, uint8_t type, uint8_t code) {
  for (const IcmpMessage& m : kIcmpMessages)
    if (m.family == family && m.type == type && (m.code == kAnyCode || m.code == code)) return &m;
  return nullptr;
}

}  // namespace tcpfault::report

// ICMP kinds an `expect wire` may name instead of TCP flags: the message type and code,
// the same word for IPv4 and ICMPv6 (icmp-host-unreachable is v4 type 3 code 1 and
// ICMPv6 type 1 code 3, "address unreachable").
#pragma once

#include <span>
#include <string_view>

namespace tcpfault::scenario {

struct IcmpKind {
  std::string_view word;   // "icmp-host-unreachable"
  std::string_view v4;     // the capture's text for the IPv4 message
  std::string_view v6;     // and for the ICMPv6 one
};

std::span<const IcmpKind> icmpKinds();
bool isIcmpKind(std::string_view word);
// Whether a captured ICMP message (its text, as reports/capture decodes it) is of kind
// `word`; "icmp" matches every message.
bool icmpMatches(std::string_view word, std::string_view icmpText);

}  // namespace tcpfault::scenario

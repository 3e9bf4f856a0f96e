// ICMP kinds an `expect wire` may name instead of TCP flags: a kind is a word of the
// shared message table (reports/record/IcmpMessage.h), the same word for IPv4 and ICMPv6
// (icmp-host-unreachable is v4 type 3 code 1 and ICMPv6 type 1 code 3, "address
// unreachable"). A captured message matches by its type and code, never by its text.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "reports/record/IcmpMessage.h"

namespace tcpfault::scenario {

// Every kind the table names, once each, in table order.
std::vector<std::string_view> icmpKinds();
bool isIcmpKind(std::string_view word);
// Whether a captured message (family, type, code) is of kind `word`; "icmp" matches every
// message.
bool icmpMatches(std::string_view word, report::IcmpFamily family, uint8_t type, uint8_t code);

}  // namespace tcpfault::scenario

#include "scenarios/runner/lang/IcmpKind.h"

#include <algorithm>
#include <array>

namespace tcpfault::scenario {
namespace {

// The texts are those of reports/capture/PacketDecoder.cc.
constexpr std::array<IcmpKind, 6> kKinds{{
    {"icmp-host-unreachable", "host unreachable", "host unreachable"},
    {"icmp-net-unreachable", "net unreachable", "no route"},
    {"icmp-admin-prohibited", "administratively prohibited", "administratively prohibited"},
    {"icmp-port-unreachable", "port unreachable", "port unreachable"},
    {"icmp-packet-too-big", "fragmentation needed", "packet too big"},
    {"icmp-time-exceeded", "time exceeded", "time exceeded"},
}};

}  // namespace

std::span<const IcmpKind> icmpKinds() { return kKinds; }

bool isIcmpKind(std::string_view word) {
  return std::any_of(kKinds.begin(), kKinds.end(), [&](const IcmpKind& k) { return k.word == word; });
}

bool icmpMatches(std::string_view word, std::string_view icmpText) {
  if (word == "icmp") return true;
  return std::any_of(kKinds.begin(), kKinds.end(), [&](const IcmpKind& k) {
    return k.word == word && (k.v4 == icmpText || k.v6 == icmpText);
  });
}

}  // namespace tcpfault::scenario

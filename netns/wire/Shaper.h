// Shaper: the router's link-level impairments over libnl-route: a tbf root qdisc for a
// rate, and an interface MTU. Both act on router interfaces only (never the root
// namespace) and die with the router's namespace.
#pragma once

#include <cstdint>
#include <string>

namespace tcpfault::netns {
class Host;
}

namespace tcpfault::netns::wire {

// Replaces the root qdisc of router interface ifname by tbf at bitsPerSecond; burst 0
// picks max(rate/250, 2 * 64 KiB) so a GSO packet fits the bucket.
void setRate(Host& router, const std::string& ifname, uint64_t bitsPerSecond, uint32_t burst);
void clearRate(Host& router, const std::string& ifname);  // back to the default qdisc
bool hasTbf(Host& router, const std::string& ifname);
// Sets the MTU; returns the previous one.
unsigned setMtu(Host& router, const std::string& ifname, unsigned mtu);

}  // namespace tcpfault::netns::wire

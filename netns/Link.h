// Links, addresses and routes, done with libnl-route-3 inside the hosts' own namespaces.
// Veths are created from inside host `a` with the peer placed directly into host `b`:
// the root namespace never sees them.
#pragma once

#include <string>
#include <string_view>

namespace tcpfault::netns {

class Host;

// Creates a veth pair a:ifA <-> b:ifB (both down). Names: "tf-...", <= 15 chars.
void addVeth(Host& a, std::string_view ifA, Host& b, std::string_view ifB);
// Deletes a link (both ends of a veth).
void delLink(Host& h, std::string_view ifname);
void setLinkUp(Host& h, std::string_view ifname, bool up);
// By index: one netlink round trip less (the hot path of Topology).
int ifindex(Host& h, std::string_view ifname);  // throws ENODEV naming the link
void setLinkUp(Host& h, int ifindex, bool up);
void setMtu(Host& h, std::string_view ifname, unsigned mtu);
bool linkExists(Host& h, std::string_view ifname);

// "198.18.1.2/24" or "2001:db8:1::2/64". Only 198.18.0.0/15 and 2001:db8::/32 are
// accepted (std::invalid_argument otherwise). IPv6 addresses are added with NODAD.
void addAddress(Host& h, std::string_view ifname, std::string_view cidr);
void addAddress(Host& h, int ifindex, std::string_view cidr);

// Throw: the lookup goes on to the next table, finds nothing: "no route" (ENETUNREACH,
// ICMP net unreachable / ICMPv6 no route when forwarding).
enum class RouteType { Unicast, Blackhole, Unreachable, Prohibit, Throw };
// dst "198.18.0.0/15"; gateway empty for non-unicast. A default route (0.0.0.0/0, ::/0)
// is refused with std::invalid_argument: no packet may ever leave the machine.
void addRoute(Host& h, std::string_view dst, RouteType type, std::string_view gateway = {});
void delRoute(Host& h, std::string_view dst, RouteType type, std::string_view gateway = {});

// Policy rule "from src to dst blackhole" (partition); addresses without prefix = /32 /128.
void addBlackholeRule(Host& h, std::string_view src, std::string_view dst);
void delBlackholeRule(Host& h, std::string_view src, std::string_view dst);

// Forgets a neighbour (ARP/ND) entry; absent is fine.
void delNeighbour(Host& h, std::string_view ifname, std::string_view addr);

// Counters of an interface (rx/tx packets) -- used to prove isolation.
struct LinkStats {
  unsigned long long rxPackets = 0, txPackets = 0;
};
LinkStats linkStats(Host& h, std::string_view ifname);

}  // namespace tcpfault::netns

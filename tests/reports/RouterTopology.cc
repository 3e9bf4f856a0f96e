#include "RouterTopology.h"

#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "ThreadNetns.h"
#include "netns/Error.h"

namespace tcpfault::testing {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Sock = std::unique_ptr<nl_sock, Deleter<nl_sock, nl_socket_free>>;
using Link = std::unique_ptr<rtnl_link, Deleter<rtnl_link, rtnl_link_put>>;
using Addr = std::unique_ptr<nl_addr, Deleter<nl_addr, nl_addr_put>>;
using RtAddr = std::unique_ptr<rtnl_addr, Deleter<rtnl_addr, rtnl_addr_put>>;
using Route = std::unique_ptr<rtnl_route, Deleter<rtnl_route, rtnl_route_put>>;

void check(int rc, const std::string& what) {
  if (rc < 0) throwNl(rc, what);
}

// A route netlink socket in the calling thread's namespace.
Sock routeSocket() {
  Sock s(nl_socket_alloc());
  if (!s) throwErrno(ENOMEM, "nl_socket_alloc");
  check(nl_connect(s.get(), NETLINK_ROUTE), "nl_connect");
  return s;
}

Addr parse(const char* text) {
  nl_addr* a = nullptr;
  check(nl_addr_parse(text, AF_INET, &a), std::string("parse ") + text);
  return Addr(a);
}

// A veth pair: `name` here, `peerName` in the namespace peerNetns.
void addVeth(nl_sock* s, const char* name, const char* peerName, int peerNetns) {
  Link link(rtnl_link_veth_alloc());
  if (!link) throwErrno(ENOMEM, "rtnl_link_veth_alloc");
  rtnl_link_set_name(link.get(), name);
  Link peer(rtnl_link_veth_get_peer(link.get()));
  rtnl_link_set_name(peer.get(), peerName);
  rtnl_link_set_ns_fd(peer.get(), peerNetns);
  check(rtnl_link_add(s, link.get(), NLM_F_CREATE | NLM_F_EXCL),
        std::string("add veth ") + name + "/" + peerName);
}

// Brings `name` up with the address `cidr`; returns its ifindex.
int configure(nl_sock* s, const char* name, const char* cidr) {
  rtnl_link* raw = nullptr;
  check(rtnl_link_get_kernel(s, 0, name, &raw), std::string("get link ") + name);
  Link link(raw);
  int index = rtnl_link_get_ifindex(link.get());
  RtAddr addr(rtnl_addr_alloc());
  Addr local = parse(cidr);
  rtnl_addr_set_ifindex(addr.get(), index);
  check(rtnl_addr_set_local(addr.get(), local.get()), "set local address");
  check(rtnl_addr_add(s, addr.get(), 0), std::string("add address ") + cidr);
  Link change(rtnl_link_alloc());
  rtnl_link_set_flags(change.get(), IFF_UP);
  check(rtnl_link_change(s, link.get(), change.get(), 0), std::string("up ") + name);
  return index;
}

void addRoute(nl_sock* s, const char* dst, const char* gateway, int ifindex) {
  Route route(rtnl_route_alloc());
  Addr d = parse(dst), gw = parse(gateway);
  check(rtnl_route_set_dst(route.get(), d.get()), "route dst");
  rtnl_nexthop* hop = rtnl_route_nh_alloc();
  rtnl_route_nh_set_ifindex(hop, ifindex);
  rtnl_route_nh_set_gateway(hop, gw.get());
  rtnl_route_add_nexthop(route.get(), hop);  // the route owns the hop now
  check(rtnl_route_add(s, route.get(), NLM_F_CREATE), std::string("route ") + dst);
}

// Packets to dst make the kernel answer ICMP host unreachable (ip_error: EHOSTUNREACH).
void addUnreachable(nl_sock* s, const char* dst) {
  Route route(rtnl_route_alloc());
  Addr d = parse(dst);
  check(rtnl_route_set_dst(route.get(), d.get()), "route dst");
  rtnl_route_set_type(route.get(), RTN_UNREACHABLE);
  check(rtnl_route_add(s, route.get(), NLM_F_CREATE), std::string("unreachable ") + dst);
}

// /proc/sys/net resolves against the opening thread's namespace.
void enableForwarding() {
  UniqueFd fd(::open("/proc/sys/net/ipv4/ip_forward", O_WRONLY | O_CLOEXEC));
  if (!fd) throwErrno(errno, "open ip_forward");
  if (::write(fd.get(), "1", 1) != 1) throwErrno(errno, "write ip_forward");
}

// An end host: its veth to the router, address, and the route to the other side.
void endHost(int netns, int routerNetns, const char* name, const char* peer, const char* cidr,
             const char* gateway) {
  runInNetns(netns, [&] {
    Sock s = routeSocket();
    addVeth(s.get(), name, peer, routerNetns);
    addRoute(s.get(), "198.18.0.0/16", gateway, configure(s.get(), name, cidr));
  });
}

}  // namespace

RouterTopology makeRouterTopology() {
  RouterTopology t{makeThreadNetns(), makeThreadNetns(), makeThreadNetns()};
  if (!t.ok()) return {};
  endHost(t.client.get(), t.router.get(), "c0", "r0", "198.18.1.2/24", "198.18.1.1");
  endHost(t.server.get(), t.router.get(), "s0", "r1", "198.18.2.2/24", "198.18.2.1");
  runInNetns(t.router.get(), [] {
    Sock s = routeSocket();
    configure(s.get(), "r0", "198.18.1.1/24");
    configure(s.get(), "r1", "198.18.2.1/24");
    addUnreachable(s.get(), "198.18.3.0/24");
    enableForwarding();
  });
  return t;
}

}  // namespace tcpfault::testing

#include "netns/Link.h"

#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/neighbour.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>

#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "netns/Cidr.h"
#include "netns/Error.h"
#include "netns/Host.h"

namespace tcpfault::netns {

namespace {

template <typename T, void (*Put)(T*)>
struct NlDeleter {
  void operator()(T* p) const { if (p) Put(p); }
};
using LinkPtr = std::unique_ptr<rtnl_link, NlDeleter<rtnl_link, rtnl_link_put>>;
using AddrPtr = std::unique_ptr<nl_addr, NlDeleter<nl_addr, nl_addr_put>>;
using RtAddrPtr = std::unique_ptr<rtnl_addr, NlDeleter<rtnl_addr, rtnl_addr_put>>;
using RoutePtr = std::unique_ptr<rtnl_route, NlDeleter<rtnl_route, rtnl_route_put>>;
using NeighPtr = std::unique_ptr<rtnl_neigh, NlDeleter<rtnl_neigh, rtnl_neigh_put>>;
using RulePtr = std::unique_ptr<rtnl_rule, NlDeleter<rtnl_rule, rtnl_rule_put>>;

void checkIfname(std::string_view name) {
  if (name.empty() || name.size() >= IFNAMSIZ ||
      name.find_first_of("/: \t\n") != std::string_view::npos)
    throw std::invalid_argument(
        fmt::format("interface name '{}': 1-15 characters without '/', ':' or space (EINVAL)",
                    name));
}

LinkPtr getLink(nl_sock* s, Host& h, std::string_view ifname) {
  checkIfname(ifname);
  rtnl_link* l = nullptr;
  std::string name(ifname);
  if (int err = rtnl_link_get_kernel(s, 0, name.c_str(), &l); err < 0)
    throwNl(err, fmt::format("link {} in host {}", ifname, h.name()));
  return LinkPtr(l);
}

// Changes link `index` (or, when index is 0, the link named ifname).
void changeLink(Host& h, int index, std::string_view ifname,
                const std::function<void(rtnl_link*)>& edit, std::string_view what) {
  h.withNetlink([&](nl_sock* s) {
    LinkPtr orig = index ? LinkPtr(rtnl_link_alloc()) : getLink(s, h, ifname);
    if (index) rtnl_link_set_ifindex(orig.get(), index);
    LinkPtr change(rtnl_link_alloc());
    edit(change.get());
    if (int err = rtnl_link_change(s, orig.get(), change.get(), 0); err < 0)
      throwNl(err, fmt::format("{} of link {} in host {}", what,
                               index ? fmt::format("#{}", index) : std::string(ifname), h.name()));
  });
}

int routeType(RouteType t) {
  switch (t) {
    case RouteType::Unicast: return RTN_UNICAST;
    case RouteType::Blackhole: return RTN_BLACKHOLE;
    case RouteType::Unreachable: return RTN_UNREACHABLE;
    case RouteType::Prohibit: return RTN_PROHIBIT;
    case RouteType::Throw: return RTN_THROW;
  }
  return RTN_UNICAST;
}

const char* routeTypeName(RouteType t) {
  switch (t) {
    case RouteType::Unicast: return "via";
    case RouteType::Blackhole: return "blackhole";
    case RouteType::Unreachable: return "unreachable";
    case RouteType::Prohibit: return "prohibit";
    case RouteType::Throw: return "throw";
  }
  return "?";
}

RoutePtr buildRoute(std::string_view dst, RouteType type, std::string_view gateway) {
  Cidr d = Cidr::parse(dst, "route destination");
  RoutePtr r(rtnl_route_alloc());
  rtnl_route_set_family(r.get(), static_cast<uint8_t>(d.family));
  rtnl_route_set_table(r.get(), RT_TABLE_MAIN);
  rtnl_route_set_type(r.get(), static_cast<uint8_t>(routeType(type)));
  AddrPtr da(d.toNl());
  rtnl_route_set_dst(r.get(), da.get());
  if (type == RouteType::Unicast) {
    if (gateway.empty())
      throw std::invalid_argument(fmt::format("route {}: a gateway is needed (EINVAL)", dst));
    Cidr g = Cidr::parse(gateway, "gateway");
    if (g.family != d.family || g.prefix != static_cast<int>(g.size() * 8))
      throw std::invalid_argument(
          fmt::format("route {} via {}: gateway of another family or with a prefix (EINVAL)",
                      dst, gateway));
    AddrPtr ga(g.toNl());
    rtnl_nexthop* nh = rtnl_route_nh_alloc();
    rtnl_route_nh_set_gateway(nh, ga.get());
    rtnl_route_add_nexthop(r.get(), nh);  // the route owns nh
  } else if (!gateway.empty()) {
    throw std::invalid_argument(fmt::format("route {}: {} takes no gateway (EINVAL)", dst,
                                            routeTypeName(type)));
  }
  return r;
}

RulePtr buildRule(std::string_view src, std::string_view dst) {
  Cidr s = Cidr::parse(src, "rule source"), d = Cidr::parse(dst, "rule destination");
  if (s.family != d.family)
    throw std::invalid_argument(
        fmt::format("rule from {} to {}: families differ (EINVAL)", src, dst));
  RulePtr r(rtnl_rule_alloc());
  rtnl_rule_set_family(r.get(), s.family);
  rtnl_rule_set_prio(r.get(), 100);
  rtnl_rule_set_action(r.get(), FR_ACT_BLACKHOLE);
  AddrPtr sa(s.toNl()), da(d.toNl());
  rtnl_rule_set_src(r.get(), sa.get());
  rtnl_rule_set_dst(r.get(), da.get());
  return r;
}

}  // namespace

void addVeth(Host& a, std::string_view ifA, Host& b, std::string_view ifB) {
  for (auto name : {ifA, ifB}) {
    checkIfname(name);
    // Whatever we name carries the prefix, so a leftover could always be found.
    if (name.substr(0, 3) != "tf-")
      throw std::invalid_argument(fmt::format("veth name '{}' must start with 'tf-' (EINVAL)", name));
  }
  a.withNetlink([&](nl_sock* s) {
    LinkPtr veth(rtnl_link_veth_alloc());
    if (!veth) throwErrno(ENOMEM, "rtnl_link_veth_alloc");
    rtnl_link_set_name(veth.get(), std::string(ifA).c_str());
    LinkPtr peer(rtnl_link_veth_get_peer(veth.get()));  // takes a reference
    rtnl_link_set_name(peer.get(), std::string(ifB).c_str());
    // The peer is born in b: the root namespace never sees either end.
    rtnl_link_set_ns_fd(peer.get(), b.netnsFd());
    // Without explicit queue counts veth allocates one per possible CPU and then cuts
    // the real count to 1, which costs an expedited RCU grace period per end.
    for (rtnl_link* end : {veth.get(), peer.get()}) {
      rtnl_link_set_num_tx_queues(end, 1);
      rtnl_link_set_num_rx_queues(end, 1);
    }
    if (int err = rtnl_link_add(s, veth.get(), NLM_F_CREATE | NLM_F_EXCL); err < 0)
      throwNl(err, fmt::format("veth {}:{} <-> {}:{}", a.name(), ifA, b.name(), ifB));
  });
}

void delLink(Host& h, std::string_view ifname) {
  h.withNetlink([&](nl_sock* s) {
    LinkPtr l = getLink(s, h, ifname);
    if (int err = rtnl_link_delete(s, l.get()); err < 0)
      throwNl(err, fmt::format("delete link {} in host {}", ifname, h.name()));
  });
}

static void setUp(Host& h, int index, std::string_view ifname, bool up) {
  changeLink(
      h, index, ifname,
      [up](rtnl_link* c) {
        if (up) rtnl_link_set_flags(c, IFF_UP);
        else rtnl_link_unset_flags(c, IFF_UP);
      },
      up ? "set up" : "set down");
}

void setLinkUp(Host& h, std::string_view ifname, bool up) { setUp(h, 0, ifname, up); }
void setLinkUp(Host& h, int ifindex, bool up) { setUp(h, ifindex, {}, up); }

void setMtu(Host& h, std::string_view ifname, unsigned mtu) {
  changeLink(h, 0, ifname, [mtu](rtnl_link* c) { rtnl_link_set_mtu(c, mtu); },
             fmt::format("set mtu {}", mtu));
}

int ifindex(Host& h, std::string_view ifname) {
  int index = 0;
  h.withNetlink([&](nl_sock* s) { index = rtnl_link_get_ifindex(getLink(s, h, ifname).get()); });
  return index;
}

bool linkExists(Host& h, std::string_view ifname) {
  checkIfname(ifname);
  bool exists = false;
  h.withNetlink([&](nl_sock* s) {
    rtnl_link* l = nullptr;
    int err = rtnl_link_get_kernel(s, 0, std::string(ifname).c_str(), &l);
    if (err >= 0) {
      exists = true;
      rtnl_link_put(l);
    } else if (err != -NLE_OBJ_NOTFOUND && err != -NLE_NODEV) {
      throwNl(err, fmt::format("look up link {} in host {}", ifname, h.name()));
    }
  });
  return exists;
}

static void addAddressAt(Host& h, int index, std::string_view ifname, std::string_view cidr) {
  Cidr c = Cidr::parse(cidr, "address");
  h.withNetlink([&](nl_sock* s) {
    RtAddrPtr a(rtnl_addr_alloc());
    rtnl_addr_set_ifindex(a.get(), index ? index : rtnl_link_get_ifindex(getLink(s, h, ifname).get()));
    rtnl_addr_set_family(a.get(), c.family);
    AddrPtr local(c.toNl());
    rtnl_addr_set_local(a.get(), local.get());
    rtnl_addr_set_prefixlen(a.get(), c.prefix);
    if (c.family == AF_INET6) rtnl_addr_set_flags(a.get(), IFA_F_NODAD);
    if (int err = rtnl_addr_add(s, a.get(), NLM_F_EXCL); err < 0)
      throwNl(err, fmt::format("address {} on {} in host {}", cidr,
                               index ? fmt::format("#{}", index) : std::string(ifname), h.name()));
  });
}

void addAddress(Host& h, std::string_view ifname, std::string_view cidr) {
  addAddressAt(h, 0, ifname, cidr);
}
void addAddress(Host& h, int ifindex, std::string_view cidr) { addAddressAt(h, ifindex, {}, cidr); }

void addRoute(Host& h, std::string_view dst, RouteType type, std::string_view gateway) {
  RoutePtr r = buildRoute(dst, type, gateway);
  h.withNetlink([&](nl_sock* s) {
    if (int err = rtnl_route_add(s, r.get(), NLM_F_EXCL); err < 0)
      throwNl(err, fmt::format("route {} {} {} in host {}", dst, routeTypeName(type), gateway,
                               h.name()));
  });
}

void delRoute(Host& h, std::string_view dst, RouteType type, std::string_view gateway) {
  RoutePtr r = buildRoute(dst, type, gateway);
  h.withNetlink([&](nl_sock* s) {
    if (int err = rtnl_route_delete(s, r.get(), 0); err < 0)
      throwNl(err, fmt::format("delete route {} {} {} in host {}", dst, routeTypeName(type),
                               gateway, h.name()));
  });
}

void addBlackholeRule(Host& h, std::string_view src, std::string_view dst) {
  RulePtr r = buildRule(src, dst);
  h.withNetlink([&](nl_sock* s) {
    if (int err = rtnl_rule_add(s, r.get(), NLM_F_EXCL); err < 0)
      throwNl(err, fmt::format("rule from {} to {} blackhole in host {}", src, dst, h.name()));
  });
}

void delBlackholeRule(Host& h, std::string_view src, std::string_view dst) {
  RulePtr r = buildRule(src, dst);
  h.withNetlink([&](nl_sock* s) {
    if (int err = rtnl_rule_delete(s, r.get(), 0); err < 0)
      throwNl(err, fmt::format("delete rule from {} to {} in host {}", src, dst, h.name()));
  });
}

void delNeighbour(Host& h, std::string_view ifname, std::string_view addr) {
  Cidr c = Cidr::parse(addr, "neighbour");
  h.withNetlink([&](nl_sock* s) {
    NeighPtr n(rtnl_neigh_alloc());
    rtnl_neigh_set_ifindex(n.get(), rtnl_link_get_ifindex(getLink(s, h, ifname).get()));
    rtnl_neigh_set_family(n.get(), c.family);
    AddrPtr dst(c.toNl());
    rtnl_neigh_set_dst(n.get(), dst.get());
    int err = rtnl_neigh_delete(s, n.get(), 0);
    if (err < 0 && err != -NLE_OBJ_NOTFOUND)
      throwNl(err, fmt::format("delete neighbour {} on {} in host {}", addr, ifname, h.name()));
  });
}

LinkStats linkStats(Host& h, std::string_view ifname) {
  LinkStats st;
  h.withNetlink([&](nl_sock* s) {
    LinkPtr l = getLink(s, h, ifname);
    st.rxPackets = rtnl_link_get_stat(l.get(), RTNL_LINK_RX_PACKETS);
    st.txPackets = rtnl_link_get_stat(l.get(), RTNL_LINK_TX_PACKETS);
  });
  return st;
}

}  // namespace tcpfault::netns

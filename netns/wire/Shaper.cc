#include "netns/wire/Shaper.h"

#include <linux/pkt_sched.h>
#include <netlink/route/link.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/qdisc/tbf.h>
#include <netlink/route/tc.h>

#include <algorithm>
#include <memory>

#include "netns/Error.h"
#include "netns/Host.h"

namespace tcpfault::netns::wire {
namespace {

struct QdiscFree {
  void operator()(rtnl_qdisc* q) const { rtnl_qdisc_put(q); }
};
struct LinkFree {
  void operator()(rtnl_link* l) const { rtnl_link_put(l); }
};
using Link = std::unique_ptr<rtnl_link, LinkFree>;

Link getLink(nl_sock* sk, const std::string& ifname) {
  rtnl_link* l = nullptr;
  if (int e = rtnl_link_get_kernel(sk, 0, ifname.c_str(), &l); e < 0)
    throwNl(e, "router link " + ifname);
  return Link(l);
}

std::unique_ptr<rtnl_qdisc, QdiscFree> rootQdisc(int ifindex) {
  std::unique_ptr<rtnl_qdisc, QdiscFree> q(rtnl_qdisc_alloc());
  if (!q) throwErrno(ENOMEM, "rtnl_qdisc_alloc");
  rtnl_tc_set_ifindex(TC_CAST(q.get()), ifindex);
  rtnl_tc_set_parent(TC_CAST(q.get()), TC_H_ROOT);
  rtnl_tc_set_handle(TC_CAST(q.get()), TC_HANDLE(0x7f, 0));
  return q;
}

}  // namespace

void setRate(Host& router, const std::string& ifname, uint64_t bps, uint32_t burst) {
  if (bps < 8 || bps / 8 > 0x7fffffff) throw std::invalid_argument("wire rate out of range");
  int rate = static_cast<int>(bps / 8);  // bytes per second
  if (burst == 0) burst = std::max<uint32_t>(static_cast<uint32_t>(rate / 250), 2 * 65536);
  router.withNetlink([&](nl_sock* sk) {
    auto link = getLink(sk, ifname);
    auto q = rootQdisc(rtnl_link_get_ifindex(link.get()));
    rtnl_tc_set_kind(TC_CAST(q.get()), "tbf");
    rtnl_qdisc_tbf_set_rate(q.get(), rate, static_cast<int>(burst), 0);
    rtnl_qdisc_tbf_set_limit(q.get(), static_cast<int>(burst) * 4);  // bytes queued before drop
    if (int e = rtnl_qdisc_add(sk, q.get(), NLM_F_CREATE | NLM_F_REPLACE); e < 0)
      throwNl(e, "tbf on router " + ifname);
  });
}

void clearRate(Host& router, const std::string& ifname) {
  router.withNetlink([&](nl_sock* sk) {
    auto link = getLink(sk, ifname);
    auto q = rootQdisc(rtnl_link_get_ifindex(link.get()));
    int e = rtnl_qdisc_delete(sk, q.get());
    if (e < 0 && e != -NLE_OBJ_NOTFOUND && e != -NLE_INVAL && e != -NLE_NOADDR)
      throwNl(e, "delete tbf on router " + ifname);
  });
}

bool hasTbf(Host& router, const std::string& ifname) {
  bool found = false;
  router.withNetlink([&](nl_sock* sk) {
    auto link = getLink(sk, ifname);
    nl_cache* cache = nullptr;
    if (int e = rtnl_qdisc_alloc_cache(sk, &cache); e < 0) throwNl(e, "qdisc cache");
    int idx = rtnl_link_get_ifindex(link.get());
    for (nl_object* o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
      auto* q = reinterpret_cast<rtnl_qdisc*>(o);
      const char* kind = rtnl_tc_get_kind(TC_CAST(q));
      if (rtnl_tc_get_ifindex(TC_CAST(q)) == idx && kind && std::string(kind) == "tbf")
        found = true;
    }
    nl_cache_free(cache);
  });
  return found;
}

unsigned setMtu(Host& router, const std::string& ifname, unsigned mtu) {
  unsigned old = 0;
  router.withNetlink([&](nl_sock* sk) {
    auto link = getLink(sk, ifname);
    old = rtnl_link_get_mtu(link.get());
    Link change(rtnl_link_alloc());
    rtnl_link_set_mtu(change.get(), mtu);
    if (int e = rtnl_link_change(sk, link.get(), change.get(), 0); e < 0)
      throwNl(e, "mtu " + std::to_string(mtu) + " on router " + ifname);
  });
  return old;
}

}  // namespace tcpfault::netns::wire

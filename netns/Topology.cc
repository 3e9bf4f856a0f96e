#include "netns/Topology.h"
#include "netns/Sysctl.h"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "netns/Link.h"
#include "netns/ProcessTable.h"
#include "netns/PollTimeout.h"
#include "netns/UniqueFd.h"

namespace tcpfault::netns {

namespace {

enum class Fault { None, Crashed, Unreachable, Off };

struct Node {
  std::string name;
  int index = 0;  // 1-based: the third octet of its /24
  std::unique_ptr<Host> host;
  std::vector<Topology::Restart> restarts;
  std::vector<std::pair<std::string, std::string>> sysctls;
  Fault fault = Fault::None;
  RouteType isolation = RouteType::Blackhole;  // the router's route while isolated
};

void validateNames(const std::vector<std::string>& hosts) {
  std::set<std::string> seen;
  if (hosts.empty() || hosts.size() > 254)
    throw std::invalid_argument(
        fmt::format("topology needs 1 to 254 hosts, got {} (EINVAL)", hosts.size()));
  for (const auto& h : hosts) {
    if (h.empty() || h == "router" ||
        h.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") != std::string::npos)
      throw std::invalid_argument(
          fmt::format("host name '{}': [a-z0-9_-]+ and not 'router' (EINVAL)", h));
    if (!seen.insert(h).second)
      throw std::invalid_argument(fmt::format("duplicate host name '{}' in topology (EEXIST)", h));
  }
}

// Adds a route; EEXIST is fine (heal re-adds what may still be there).
void ensureRoute(Host& h, const std::string& dst, RouteType type, const std::string& gw = {}) {
  try {
    addRoute(h, dst, type, gw);
  } catch (const std::system_error& e) {
    if (e.code().value() != EEXIST) throw;
  }
}

// Deletes a route; ENOENT/ESRCH is fine (already gone).
void dropRoute(Host& h, const std::string& dst, RouteType type) {
  try {
    delRoute(h, dst, type);
  } catch (const std::system_error& e) {
    if (e.code().value() != ENOENT && e.code().value() != ESRCH) throw;
  }
}

// True once the whole thread group of pidfd has exited. A zombie thread-group leader is
// not enough: the other threads of a multi-threaded server may still hold its sockets,
// and their FINs must leave before the link goes down. A pidfd turns readable only when
// the leader is a zombie and the thread group is empty.
bool groupExited(int pidfd) {
  pollfd p{pidfd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

// Waits until every process of h has exited -- every thread of it -- or the deadline.
bool awaitExit(Host& h, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    std::vector<UniqueFd> fds;
    for (pid_t pid : h.processes()) {
      UniqueFd fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
      if (fd && !groupExited(fd.get())) fds.push_back(std::move(fd));  // else reaped/gone
    }
    if (fds.empty()) return true;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    std::vector<pollfd> pfds;
    for (auto& fd : fds) pfds.push_back({fd.get(), POLLIN, 0});
    ::poll(pfds.data(), pfds.size(), pollTimeout(left));
  }
}

}  // namespace

struct Topology::Impl {
  std::unique_ptr<Host> router;
  std::vector<Node> nodes;
  std::vector<std::pair<std::string, std::string>> partitions;
  bool ipv6 = kernelHasIpv6();  // without it, IPv4 only: the IPv6 twins are skipped (feature probe)

  Node& node(const std::string& name) {
    for (auto& n : nodes)
      if (n.name == name) return n;
    throw std::out_of_range(fmt::format("no host '{}' in the topology", name));
  }

  static std::string v4(const Node& n, int last) { return fmt::format("198.18.{}.{}", n.index, last); }
  static std::string v6(const Node& n, int last) { return fmt::format("2001:db8:{}::{}", n.index, last); }
  static std::string routerIf(const Node& n) { return ("tf-" + n.name).substr(0, 15); }

  // The host's veth to the router, its addresses and routes.
  void attach(Node& n) {
    Host& h = *n.host;
    addVeth(h, kHostIfname, *router, routerIf(n));
    int hostIf = ifindex(h, kHostIfname), rIf = ifindex(*router, routerIf(n));
    addAddress(*router, rIf, v4(n, 1) + "/24");
    addAddress(h, hostIf, v4(n, 2) + "/24");
    if (ipv6) {
      addAddress(*router, rIf, v6(n, 1) + "/64");
      addAddress(h, hostIf, v6(n, 2) + "/64");
      // A failed neighbour discovery is how IPv6 says "host unreachable" (ICMPv6 address
      // unreachable): make it fail in 3 x 100 ms instead of 3 s (see unreachable()).
      router->setSysctl(fmt::format("net.ipv6.neigh.{}.retrans_time_ms", routerIf(n)), "100");
    }
    setLinkUp(*router, rIf, true);
    setLinkUp(h, hostIf, true);
    addHostRoutes(n);
  }

  void addHostRoutes(Node& n) {
    ensureRoute(*n.host, "198.18.0.0/15", RouteType::Unicast, v4(n, 1));
    if (ipv6) ensureRoute(*n.host, "2001:db8::/32", RouteType::Unicast, v6(n, 1));
  }

  // Router side of crash/power off: the host's addresses go nowhere. For unreachable the
  // IPv4 route answers ICMP host unreachable at once; an IPv6 unreachable route would
  // answer "no route" (ENETUNREACH), so for IPv6 the router keeps its connected route to
  // the dead link, forgets the neighbour, and its failing neighbour discovery sends ICMPv6
  // address unreachable -> EHOSTUNREACH, as a real router does.
  // Prohibit and throw routes speak the same for both families (admin prohibited; no route).
  void isolate(Node& n, RouteType type, Fault fault) {
    ensureRoute(*router, v4(n, 2) + "/32", type);
    if (ipv6 && type != RouteType::Unreachable) ensureRoute(*router, v6(n, 2) + "/128", type);
    n.fault = fault;
    n.isolation = type;
  }

  void unisolate(Node& n) {
    RouteType type = n.isolation;
    dropRoute(*router, v4(n, 2) + "/32", type);
    if (ipv6 && type != RouteType::Unreachable) dropRoute(*router, v6(n, 2) + "/128", type);
    n.fault = Fault::None;
  }

  void crashLike(Node& n, RouteType type, Fault fault) {
    if (n.fault != Fault::None) unisolate(n);
    isolate(n, type, fault);  // first, so no ARP failure can make the router speak
    n.host->signalAll(SIGSTOP);
    setLinkUp(*n.host, kHostIfname, false);
    if (ipv6 && type == RouteType::Unreachable) delNeighbour(*router, routerIf(n), v6(n, 2));
  }

  std::vector<std::pair<std::string, std::string>> rulePairs(const Node& a, const Node& b) const {
    if (!ipv6) return {{v4(a, 2), v4(b, 2)}, {v4(b, 2), v4(a, 2)}};
    return {{v4(a, 2), v4(b, 2)}, {v4(b, 2), v4(a, 2)}, {v6(a, 2), v6(b, 2)}, {v6(b, 2), v6(a, 2)}};
  }

  // All four rules or none: a failure removes the ones already added.
  void addRules(const Node& a, const Node& b) {
    auto pairs = rulePairs(a, b);
    for (size_t i = 0; i < pairs.size(); ++i) {
      try {
        addBlackholeRule(*router, pairs[i].first, pairs[i].second);
      } catch (...) {
        while (i-- > 0) delBlackholeRule(*router, pairs[i].first, pairs[i].second);
        throw;
      }
    }
  }

  void delRules(const Node& a, const Node& b) {
    for (const auto& [src, dst] : rulePairs(a, b)) {
      try {
        delBlackholeRule(*router, src, dst);
      } catch (const std::system_error& e) {
        if (e.code().value() != ENOENT) throw;
      }
    }
  }
};

Topology::Topology(const std::vector<std::string>& hosts) : impl_(std::make_unique<Impl>()) {
  validateNames(hosts);
  auto& m = *impl_;
  m.router = std::make_unique<Host>("router");
  m.router->setSysctl("net.ipv4.ip_forward", "1");
  if (m.ipv6) m.router->setSysctl("net.ipv6.conf.all.forwarding", "1");
  int index = 1;
  for (const auto& name : hosts) {
    Node& n = m.nodes.emplace_back();
    n.name = name;
    n.index = index++;
    n.host = std::make_unique<Host>(name);
    m.attach(n);
  }
}

Topology::~Topology() {
  // Kill every keeper first so the kernel tears the hosts down in parallel; each Host's
  // destructor then only reaps. (Our unreaped children cannot be reused pids: kill is safe.)
  for (const Node& n : impl_->nodes) ::kill(n.host->keeperPid(), SIGKILL);
  ::kill(impl_->router->keeperPid(), SIGKILL);
}

Host& Topology::host(const std::string& name) {
  if (name == "router") return *impl_->router;
  return *impl_->node(name).host;
}
Host& Topology::router() { return *impl_->router; }

bool Topology::has(const std::string& name) const {
  return name == "router" || std::any_of(impl_->nodes.begin(), impl_->nodes.end(),
                                         [&](const Node& n) { return n.name == name; });
}

std::vector<std::string> Topology::hostNames() const {
  std::vector<std::string> out;
  for (const auto& n : impl_->nodes) out.push_back(n.name);
  return out;
}

std::string Topology::address(const std::string& host) const {
  return Impl::v4(impl_->node(host), 2);
}
std::string Topology::address6(const std::string& host) const {
  return Impl::v6(impl_->node(host), 2);
}
std::string Topology::routerAddress(const std::string& host) const {
  return Impl::v4(impl_->node(host), 1);
}
std::string Topology::routerAddress6(const std::string& host) const {
  return Impl::v6(impl_->node(host), 1);
}
std::string Topology::routerIfname(const std::string& host) const {
  return Impl::routerIf(impl_->node(host));
}

void Topology::onReboot(const std::string& host, Restart fn) {
  impl_->node(host).restarts.push_back(std::move(fn));
}

void Topology::setSysctl(const std::string& host, const std::string& key,
                         const std::string& value) {
  if (host == "router") return impl_->router->setSysctl(key, value);
  Node& n = impl_->node(host);
  n.host->setSysctl(key, value);
  auto it = std::find_if(n.sysctls.begin(), n.sysctls.end(),
                         [&](const auto& kv) { return kv.first == key; });
  if (it != n.sysctls.end()) it->second = value;
  else n.sysctls.emplace_back(key, value);
}

void Topology::crash(const std::string& host) {
  impl_->crashLike(impl_->node(host), RouteType::Blackhole, Fault::Crashed);
}

void Topology::unreachable(const std::string& host) {
  impl_->crashLike(impl_->node(host), RouteType::Unreachable, Fault::Unreachable);
}

void Topology::prohibit(const std::string& host) {
  impl_->crashLike(impl_->node(host), RouteType::Prohibit, Fault::Unreachable);
}

void Topology::noRoute(const std::string& host) {
  impl_->crashLike(impl_->node(host), RouteType::Throw, Fault::Unreachable);
}

void Topology::reboot(const std::string& host) {
  auto& m = *impl_;
  Node& n = m.node(host);
  if (n.fault != Fault::Crashed) m.crashLike(n, RouteType::Blackhole, Fault::Crashed);
  // Deleting the veth now (not with the old namespace, which dies asynchronously)
  // frees the router-side name for the fresh link.
  delLink(*m.router, Impl::routerIf(n));
  // Move-assigning keeps references from host() valid; the old keeper's death kills
  // every process of the old host.
  *n.host = Host(n.name);
  m.attach(n);
  for (const auto& [key, value] : n.sysctls) n.host->setSysctl(key, value);
  m.unisolate(n);
  for (const auto& fn : n.restarts) fn(*n.host);
}

void Topology::shutdown(const std::string& host, std::chrono::milliseconds grace) {
  auto& m = *impl_;
  Node& n = m.node(host);
  n.host->signalAll(SIGTERM);
  if (!awaitExit(*n.host, std::chrono::steady_clock::now() + grace)) n.host->killAll();
  // SIGKILL is not instant either: the FINs/RSTs of the dying leave before power off.
  awaitExit(*n.host, std::chrono::steady_clock::now() + std::chrono::seconds(5));
  m.isolate(n, RouteType::Blackhole, Fault::Off);
  setLinkUp(*n.host, kHostIfname, false);
}

void Topology::partition(const std::string& a, const std::string& b) {
  auto& m = *impl_;
  Node &na = m.node(a), &nb = m.node(b);
  if (a == b) throw std::invalid_argument(fmt::format("partition {} from itself (EINVAL)", a));
  m.addRules(na, nb);
  m.partitions.emplace_back(a, b);
}

void Topology::heal() {
  auto& m = *impl_;
  for (const auto& [a, b] : m.partitions) m.delRules(m.node(a), m.node(b));
  m.partitions.clear();
  for (Node& n : m.nodes) {
    if (n.fault == Fault::None) continue;
    n.host->signalAll(SIGCONT);
    setLinkUp(*n.host, kHostIfname, true);
    m.addHostRoutes(n);  // taking the link down flushed the gateway routes
    m.unisolate(n);
  }
}

}  // namespace tcpfault::netns

// Topology: hosts attached to one router, each over its own veth and /24.
//
//   host i  (ifname "tf-eth0", 198.18.i.2/24, 2001:db8:i::2/64)
//     <-> router ("tf-<host>", 198.18.i.1/24, 2001:db8:i::1/64), forwarding on.
//   hosts route 198.18.0.0/15 and 2001:db8::/32 via the router; never a default route.
//
// Faults have the meanings of scenarios/README.md ("Faults") and are checked by tests
// against the kernel (tests/netns/FaultTest.cc).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "netns/Host.h"

namespace tcpfault::netns {

class Topology {
 public:
  // names: the end hosts ("client", "server", "client2", ...); "router" is added.
  explicit Topology(const std::vector<std::string>& hosts);
  ~Topology();
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;

  Host& host(const std::string& name);   // throws std::out_of_range naming the host
  Host& router();
  bool has(const std::string& name) const;
  std::vector<std::string> hostNames() const;  // without the router
  std::string address(const std::string& host) const;   // "198.18.2.2"
  std::string address6(const std::string& host) const;  // "2001:db8:2::2"
  std::string routerAddress(const std::string& host) const;   // router side: "198.18.2.1"
  std::string routerAddress6(const std::string& host) const;  // "2001:db8:2::1"
  std::string routerIfname(const std::string& host) const;  // router side, "tf-server"
  static constexpr const char* kHostIfname = "tf-eth0";

  // Services are restarted by reboot(): fn(host) is called after the fresh host is built.
  using Restart = std::function<void(Host&)>;
  void onReboot(const std::string& host, Restart fn);
  // Sysctls set through the topology are re-applied by reboot().
  void setSysctl(const std::string& host, const std::string& key, const std::string& value);

  // crash: SIGSTOP every process, host link down, router blackholes the host's addresses:
  // nothing leaves, everything to it is dropped, no ICMP.
  void crash(const std::string& host);
  // unreachable: as crash, but the router answers ICMP host unreachable.
  void unreachable(const std::string& host);
  // prohibit: as crash, but the router answers ICMP administratively prohibited (v4 code
  // 13, ICMPv6 code 1): no RTO revert, and EHOSTUNREACH / EACCES when it is fatal.
  void prohibit(const std::string& host);
  // noRoute: as crash, but the router has no route to the host: ICMP net unreachable /
  // ICMPv6 no route (ENETUNREACH).
  void noRoute(const std::string& host);
  // reboot: crash, kill everything, a fresh namespace with the same addresses, sysctls
  // re-applied, onReboot services restarted, route healed.
  void reboot(const std::string& host);
  // shutdown: SIGTERM to every process, wait up to grace for them to exit, SIGKILL the
  // rest, then power off (as crash).
  void shutdown(const std::string& host, std::chrono::milliseconds grace);
  // partition: the router silently drops traffic between a and b (both ways).
  void partition(const std::string& a, const std::string& b);
  // heal: undo partitions, crash and unreachable (processes SIGCONTinued, link up, routes).
  void heal();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tcpfault::netns

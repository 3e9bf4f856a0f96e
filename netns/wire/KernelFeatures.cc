#include "netns/wire/KernelFeatures.h"

#include <fcntl.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/pkt_sched.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/qdisc/tbf.h>
#include <netlink/route/tc.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <functional>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "netns/SocketDiag.h"
#include "netns/UniqueFd.h"
#include "netns/wire/Nft.h"

namespace tcpfault::netns::wire {
namespace {

struct FeatureRow {
  Feature feature;
  std::string_view name, description;
};

constexpr std::array<FeatureRow, 7> kFeatures{{
    {Feature::Veth, "veth", "veth (veth.ko)"},
    {Feature::NfTables, "nf_tables", "nf_tables"},
    {Feature::NfnetlinkQueue, "nfnetlink_queue", "nfnetlink_queue"},
    {Feature::QueueRule, "queue", "an NFQUEUE rule (nft_queue, or the xt NFQUEUE target)"},
    {Feature::Tbf, "tbf", "tbf (sch_tbf)"},
    {Feature::SockDiag, "sock_diag", "sock_diag for TCP (inet_diag, tcp_diag)"},
    {Feature::Ipv6, "ipv6", "IPv6"},
}};

struct NlSockFree {
  void operator()(nl_sock* s) const { nl_socket_free(s); }
};

// A libnl route socket of the calling thread's namespace.
std::unique_ptr<nl_sock, NlSockFree> routeSocket() {
  std::unique_ptr<nl_sock, NlSockFree> sk(nl_socket_alloc());
  if (!sk) throw std::runtime_error("nl_socket_alloc failed");
  if (int e = nl_connect(sk.get(), NETLINK_ROUTE); e < 0)
    throw std::runtime_error(fmt::format("netlink route socket: {}", nl_geterror(e)));
  return sk;
}

// Both ends stay in the probe's namespace; they go with it.
void probeVeth() {
  auto sk = routeSocket();
  rtnl_link* link = rtnl_link_veth_alloc();
  if (!link) throw std::runtime_error("rtnl_link_veth_alloc failed");
  rtnl_link_set_name(link, "tf-probe0");
  rtnl_link* peer = rtnl_link_veth_get_peer(link);  // takes a reference of its own
  rtnl_link_set_name(peer, "tf-probe1");
  rtnl_link_put(peer);
  int e = rtnl_link_add(sk.get(), link, NLM_F_CREATE | NLM_F_EXCL);
  rtnl_link_veth_release(link);
  if (e < 0) throw std::runtime_error(fmt::format("RTM_NEWLINK veth: {}", nl_geterror(e)));
}

// A tbf root qdisc on the probe namespace's loopback.
void probeTbf() {
  auto sk = routeSocket();
  rtnl_qdisc* q = rtnl_qdisc_alloc();
  if (!q) throw std::runtime_error("rtnl_qdisc_alloc failed");
  rtnl_tc_set_ifindex(TC_CAST(q), 1);  // lo
  rtnl_tc_set_parent(TC_CAST(q), TC_H_ROOT);
  rtnl_tc_set_handle(TC_CAST(q), TC_HANDLE(0x7f, 0));
  rtnl_tc_set_kind(TC_CAST(q), "tbf");
  rtnl_qdisc_tbf_set_rate(q, 125000, 2 * 65536, 0);
  rtnl_qdisc_tbf_set_limit(q, 4 * 65536);
  int e = rtnl_qdisc_add(sk.get(), q, NLM_F_CREATE | NLM_F_REPLACE);
  rtnl_qdisc_put(q);
  if (e < 0) throw std::runtime_error(fmt::format("RTM_NEWQDISC tbf: {}", nl_geterror(e)));
}

void probeSockDiag() { (void)tcpSocketsHere(); }

// The hosts get IPv6 addresses: a socket, and IPv6 enabled in a fresh namespace.
void probeIpv6() {
  UniqueFd s(::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!s) throw std::runtime_error(fmt::format("socket(AF_INET6): {}", std::strerror(errno)));
  UniqueFd f(::open("/proc/sys/net/ipv6/conf/default/disable_ipv6", O_RDONLY | O_CLOEXEC));
  char c = '0';
  if (f && ::read(f.get(), &c, 1) == 1 && c == '1')
    throw std::runtime_error("net.ipv6.conf.default.disable_ipv6 = 1");
}

void probeNfnetlinkQueue() {
  nfq_handle* h = nfq_open();
  if (!h) throw std::runtime_error(fmt::format("nfq_open: {}", std::strerror(errno)));
  nfq_q_handle* q = nfq_create_queue(h, Nft::kQueueNum, [](nfq_q_handle*, nfgenmsg*, nfq_data*, void*) { return 0; },
                                     nullptr);
  int err = errno;
  if (q) nfq_destroy_queue(q);
  nfq_close(h);
  if (!q) throw std::runtime_error(fmt::format("nfq_create_queue: {}", std::strerror(err)));
}

// One probe: nothing, or why the feature is missing.
std::optional<std::string> attempt(const std::function<void()>& probe) {
  try {
    probe();
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
}

// Runs in a thread that has unshared its network namespace.
void probeHere(KernelFeatures& out) {
  auto note = [&](Feature f, std::optional<std::string> why) {
    if (why) out.missing.emplace(f, *why);
  };
  note(Feature::Veth, attempt(probeVeth));
  note(Feature::Tbf, attempt(probeTbf));
  note(Feature::SockDiag, attempt(probeSockDiag));
  note(Feature::Ipv6, attempt(probeIpv6));
  note(Feature::NfnetlinkQueue, attempt(probeNfnetlinkQueue));
  UniqueFd ns(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  std::unique_ptr<Nft> nft;
  note(Feature::NfTables, attempt([&] { nft = std::make_unique<Nft>(ns.get()); }));
  if (!nft) {
    out.missing.emplace(Feature::QueueRule, "needs nf_tables");
    return;
  }
  note(Feature::QueueRule, attempt([&] {
         nft->ensureQueueRule();
         out.queueKind = std::string(queueKindName(*nft->queueKind()));
       }));
}

}  // namespace

const std::vector<Feature>& allFeatures() {
  static const std::vector<Feature> all = [] {
    std::vector<Feature> v;
    for (const auto& r : kFeatures) v.push_back(r.feature);
    return v;
  }();
  return all;
}

std::string_view featureName(Feature f) {
  for (const auto& r : kFeatures)
    if (r.feature == f) return r.name;
  return "?";
}

std::string_view featureDescription(Feature f) {
  for (const auto& r : kFeatures)
    if (r.feature == f) return r.description;
  return "?";
}

std::optional<Feature> featureFromName(std::string_view name) {
  for (const auto& r : kFeatures)
    if (r.name == name) return r.feature;
  return std::nullopt;
}

KernelFeatures probeKernelFeatures(const std::vector<std::string>& absent) {
  KernelFeatures out;
  for (const auto& name : absent) {
    auto f = featureFromName(name);
    if (!f) {
      std::vector<std::string_view> names;
      for (const auto& r : kFeatures) names.push_back(r.name);
      throw std::invalid_argument(
          fmt::format("TCPFAULT_ABSENT_FEATURES: unknown feature '{}' (known: {})", name, fmt::join(names, " ")));
    }
    out.missing.emplace(*f, "absent by TCPFAULT_ABSENT_FEATURES");
  }
  KernelFeatures probed;
  std::string setupError;
  // A thread of its own: its namespace goes when it ends, the runner's stays as it was.
  std::thread([&] {
    if (::unshare(CLONE_NEWNET) != 0) {
      setupError = fmt::format("unshare(CLONE_NEWNET) for the feature probe: {}", std::strerror(errno));
      return;
    }
    probeHere(probed);
  }).join();
  if (!setupError.empty()) throw std::runtime_error(setupError);
  for (auto& [f, why] : probed.missing) out.missing.emplace(f, why);  // an injected absence wins
  if (out.has(Feature::QueueRule)) out.queueKind = probed.queueKind;
  return out;
}

std::vector<std::string> absentFeaturesFromEnvironment() {
  std::vector<std::string> out;
  const char* env = std::getenv("TCPFAULT_ABSENT_FEATURES");
  if (!env) return out;
  std::stringstream in(env);
  for (std::string name; std::getline(in, name, ',');)
    if (!name.empty()) out.push_back(name);
  return out;
}

}  // namespace tcpfault::netns::wire

// What the running kernel offers the suite, probed once at the runner's start: a missing
// feature is one line naming it, and the runs that need it are skipped with that reason
// (scenarios/runner/exec/StoryNeeds.h says which). User namespaces are not probed here:
// the privilege step (netns/Privilege.h) already stops with the reason where the runner
// can neither create network namespaces nor enter a user namespace.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcpfault::netns::wire {

enum class Feature {
  Veth,            // every host's link to the router
  NfTables,        // the wire's rules
  NfnetlinkQueue,  // the wire's engine reads its packets through it
  QueueRule,       // nft queue (nft_queue) or the xt NFQUEUE target: packets to the engine
  Tbf,             // `rate` (sch_tbf)
  SockDiag,        // `expect HOST tcp`, and a started server's LISTEN socket (inet_diag, tcp_diag)
  Ipv6,            // the IPv6 twins, `--bind ::`
};

// Every feature, in the order the probe reports them.
const std::vector<Feature>& allFeatures();
// "veth", "nf_tables", "nfnetlink_queue", "queue", "tbf", "sock_diag", "ipv6".
std::string_view featureName(Feature f);
// With the kernel parts that provide it: "tbf (sch_tbf)".
std::string_view featureDescription(Feature f);
std::optional<Feature> featureFromName(std::string_view name);

struct KernelFeatures {
  std::map<Feature, std::string> missing;  // feature -> why ("RTM_NEWLINK veth: Operation not supported")
  std::string queueKind;                   // "nft queue" or "xt NFQUEUE" once the queue rule worked
  bool has(Feature f) const { return !missing.contains(f); }
};

// Probes every feature in a fresh network namespace of a thread of its own (needs the
// right to create one: call after acquireNetnsPrivilege); the kernel loads what is a
// module on the way, as a run would. `absent` names features to report missing whatever
// the kernel says (TCPFAULT_ABSENT_FEATURES, for tests of the skip path); an unknown
// name throws std::invalid_argument.
KernelFeatures probeKernelFeatures(const std::vector<std::string>& absent = {});

// The names in TCPFAULT_ABSENT_FEATURES ("tbf,ipv6"), empty when unset.
std::vector<std::string> absentFeaturesFromEnvironment();

}  // namespace tcpfault::netns::wire

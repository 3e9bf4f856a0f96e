// client -- router -- server in three private namespaces, built with libnl (test only):
//   client c0 198.18.1.2/24  <->  r0 198.18.1.1/24  router  r1 198.18.2.1/24  <->  s0 198.18.2.2/24
//   server
// client and server route 198.18.0.0/16 via the router (never a default route); the router
// forwards, and answers for 198.18.3.0/24 with ICMP host unreachable (an unreachable route).
// Everything lives in the namespaces: closing the three fds removes it all.
#pragma once

#include <map>
#include <string>

#include "netns/UniqueFd.h"

namespace tcpfault::testing {

struct RouterTopology {
  UniqueFd client, router, server;
  bool ok() const { return client && router && server; }
};

// An empty topology (ok() false) when namespaces cannot be created (not root).
RouterTopology makeRouterTopology();

inline const std::map<std::string, std::string> kRouterHosts = {{"198.18.1.2", "client"},
                                                                {"198.18.1.1", "router"},
                                                                {"198.18.2.1", "router"},
                                                                {"198.18.2.2", "server"}};

}  // namespace tcpfault::testing

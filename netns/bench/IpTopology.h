// IpTopology: the client-router-server topology of Topology, built the way a shell user
// would: one `ip` process per command, namespaces named tf-bench-<pid>-* in /run/netns.
// The destructor deletes every namespace it added, also after a failure.
#pragma once

#include <string>
#include <vector>

namespace tcpfault::netns::bench {

class IpTopology {
 public:
  IpTopology();   // throws std::runtime_error naming the failed command
  ~IpTopology();  // ip netns del of every namespace added
  IpTopology(const IpTopology&) = delete;
  IpTopology& operator=(const IpTopology&) = delete;

  static int commandCount();  // ip processes per build + teardown

 private:
  void deleteAll();
  std::vector<std::string> added_;
};

// Runs `ip args...` and waits; returns the exit status (0 = success).
int runIp(const std::vector<std::string>& args);

}  // namespace tcpfault::netns::bench

// BenchIo: the traffic of wire-bench, run on threads that enter the hosts' namespaces: a
// bulk TCP transfer for a bounded time (throughput as the receiver counted it), and
// timestamped UDP probes whose one-way delay the receiver measures (CLOCK_MONOTONIC is
// shared by every namespace of the machine).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "netns/Topology.h"

namespace tcpfault::netns::wire::bench {

// Bytes per second received by the server over `duration` of sending from the client.
double bulkThroughput(Topology& t, std::chrono::milliseconds duration);
// One-way delays (ms) of n UDP probes client > server sent `gap` apart.
std::vector<double> probeDelays(Topology& t, int n, std::chrono::microseconds gap);
// iperf3 on the same path (server in "server", client in "client"): receiver bits/s,
// or a negative value with the reason in `why`.
double iperf3Throughput(Topology& t, int seconds, std::string& why);

}  // namespace tcpfault::netns::wire::bench

// netns-bench: median time to build and tear down a client-router-server topology with
// tcpfault::netns (libnl, unnamed namespaces) versus `ip` commands, and the ratio.
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "IpTopology.h"
#include "netns/Privilege.h"
#include "netns/Topology.h"

namespace {

using Clock = std::chrono::steady_clock;
using Ms = std::chrono::duration<double, std::milli>;
std::atomic<bool> stopRequested{false};

struct Samples {
  std::vector<double> build, teardown, total;
  static double pct(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
  }
};

// Times one build and one teardown; make() returns the topology, its destructor tears down.
template <typename T>
void measure(Samples& s) {
  auto t0 = Clock::now();
  auto topo = std::make_unique<T>();
  auto t1 = Clock::now();
  topo.reset();
  auto t2 = Clock::now();
  s.build.push_back(Ms(t1 - t0).count());
  s.teardown.push_back(Ms(t2 - t1).count());
  s.total.push_back(Ms(t2 - t0).count());
}

struct LibTopology {
  tcpfault::netns::Topology t{{"client", "server"}};
};


void printRow(const char* name, const Samples& s) {
  fmt::print("{:<34} {:>10.2f} {:>10.2f} {:>10.2f} {:>10.2f} {:>6}\n", name,
             Samples::pct(s.build, 0.5), Samples::pct(s.teardown, 0.5),
             Samples::pct(s.total, 0.5), Samples::pct(s.total, 0.9), s.total.size());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Median time to build and tear down a client-router-server topology:\n"
               "tcpfault::netns (libnl) versus ip(8) commands (namespaces tf-bench-<pid>-*,\n"
               "always deleted)."};
  int iterations = 50;
  bool libOnly = false;
  app.add_option("-n,--iterations", iterations, "topologies per method")
      ->check(CLI::Range(1, 1000));
  app.add_flag("--lib-only", libOnly, "skip the ip(8) comparison");
  CLI11_PARSE(app, argc, argv);

  if (!tcpfault::netns::canCreateNetns()) {
    fmt::print(stderr, "netns-bench: needs CAP_NET_ADMIN (unshare(CLONE_NEWNET) failed): run with sudo\n");
    return 4;
  }
  // Ctrl-C ends the loop between topologies, so the ip namespaces are always deleted.
  struct sigaction sa {};
  sa.sa_handler = [](int) { stopRequested = true; };
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);

  Samples lib, ip;
  try {
    measure<LibTopology>(lib);  // warm-up (page cache, libnl caches), not counted
    if (!libOnly) measure<tcpfault::netns::bench::IpTopology>(ip);
    lib = {};
    ip = {};
    for (int i = 0; i < iterations && !stopRequested; ++i) {  // interleaved: same drift
      measure<LibTopology>(lib);
      if (!libOnly) measure<tcpfault::netns::bench::IpTopology>(ip);
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "netns-bench: {}\n", e.what());
    return 1;
  }
  fmt::print("client-router-server topology (3 namespaces, 2 veths, v4+v6), {} iterations\n",
             lib.total.size());
  fmt::print("{:<34} {:>10} {:>10} {:>10} {:>10} {:>6}\n", "method", "build ms", "teardown",
             "median ms", "p90 ms", "runs");
  printRow("tcpfault::netns (libnl)", lib);
  if (!libOnly) {
    printRow(fmt::format("ip commands ({} processes)",
                         tcpfault::netns::bench::IpTopology::commandCount()).c_str(), ip);
    double ratio = Samples::pct(ip.total, 0.5) / Samples::pct(lib.total, 0.5);
    fmt::print("ratio ip / tcpfault::netns (median): {:.1f}x\n", ratio);
  }
  return 0;
}

#include "scenarios/runner/exec/RunContext.h"

#include <poll.h>

#include <filesystem>

#include "scenarios/runner/exec/Cancelled.h"
#include "scenarios/runner/exec/ServerUsage.h"

namespace tcpfault::scenario {
std::map<std::string, std::string> RunContext::addressBook() const {
  std::map<std::string, std::string> book;
  for (const auto& h : topo.hostNames()) {
    book[topo.address(h)] = h;
    book[topo.address6(h)] = h;
    book[topo.routerAddress(h)] = "router";
    book[topo.routerAddress6(h)] = "router";
  }
  return book;
}

RunContext::RunContext(const Scenario& scenario, std::string serverName, const RunOptions& options,
                       const ServerProfile* serverProfile)
    : sc(scenario), server(std::move(serverName)), opts(options), profile(serverProfile),
      topo(scenario.hosts) {}

RunContext::~RunContext() {
  // Agents and servers first (their sockets close inside live hosts), then the capture.
  agents.clear();
  servers.clear();
  if (capture) capture->stop();
}

netns::Host& RunContext::host(const std::string& name) {
  return name == "router" ? topo.router() : topo.host(name);
}

AgentClient& RunContext::agent(const std::string& name) {
  auto& slot = agents[name];
  if (!slot) slot = std::make_unique<AgentClient>(host(name), opts.agentExe, opts.cancelFd);
  return *slot;
}

Clock::time_point RunContext::deadline(double seconds) const {
  return Clock::now() +
         std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(scaled(seconds)));
}

double RunContext::since() const {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void RunContext::note(const std::string& line) {
  log += line;
  log += '\n';
}

netns::wire::Wire& RunContext::wire() {
  if (!wire_) wire_ = std::make_unique<netns::wire::Wire>(topo);
  return *wire_;
}

WireTally RunContext::wireTally() {
  WireTally t = wireCleared;
  if (!wire_) return t;
  for (auto id : wireRules) {
    netns::wire::Stats s = wire_->stats(id);
    t.dropped += s.dropped;
    t.delayed += s.delayed;
    t.duplicated += s.duplicated;
    t.corrupted += s.corrupted;
    t.reordered += s.reordered;
  }
  t.injected = wire_->injected();
  return t;
}

Mark RunContext::markNow() {
  Mark m;
  m.at = since();
  for (const auto& h : sc.hosts) m.mib.emplace(h, netns::MibCounters::read(topo.host(h)));
  m.mib.emplace("router", netns::MibCounters::read(topo.router()));
  m.wire = wireTally();
  for (auto& [host, sp] : servers)
    if (auto n = openFds(sp.child.pid())) m.fds[host] = *n;
  return m;
}

void RunContext::checkCancelled() const {
  if (opts.cancelFd < 0) return;
  pollfd p{opts.cancelFd, POLLIN, 0};
  if (::poll(&p, 1, 0) > 0) throw Cancelled();
}

}  // namespace tcpfault::scenario

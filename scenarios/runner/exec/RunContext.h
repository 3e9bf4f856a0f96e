// The state of one run (scenario x server) while its steps execute: the topology, the
// agents, the servers started, variables, background calls, the capture.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "netns/Child.h"
#include "netns/MibCounters.h"
#include "netns/Topology.h"
#include "netns/wire/Wire.h"
#include "reports/capture/Capture.h"
#include "scenarios/runner/agent/AgentClient.h"
#include "scenarios/runner/exec/RunOptions.h"
#include "scenarios/runner/exec/ServerProfile.h"
#include "scenarios/runner/exec/TempDir.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

struct StartedServer {
  netns::Child child;
  std::vector<std::string> argv;
  uint16_t port = 0;
  std::shared_ptr<TempDir> dir;  // the profile's {dir}, kept while the server runs
};

struct PendingCall {
  std::string host;
  uint64_t id = 0;
  const Step* step = nullptr;
};

// What a step did, compared with what it should have done.
struct StepOutcome {
  bool ok = true;
  std::string expected;
  std::string observed;
  static StepOutcome pass(std::string observed = {}) { return {true, {}, std::move(observed)}; }
  static StepOutcome fail(std::string expected, std::string observed) {
    return {false, std::move(expected), std::move(observed)};
  }
};

// What the wire did in this run, every rule summed (rules removed by `clear` too).
struct WireTally {
  uint64_t dropped = 0, delayed = 0, duplicated = 0, corrupted = 0, reordered = 0, injected = 0;
};

// A point on the run's timeline that "since NAME" compares with.
struct Mark {
  double at = 0;  // seconds since t0: wire windows compare capture timestamps with it
  std::map<std::string, netns::MibCounters> mib;  // per declared host and the router
  WireTally wire;
  std::map<std::string, long long> fds;  // open descriptors of each started server, by host
};

// The server under test as the story found it, once it listened: the epilogue compares
// with it (Epilogue.h).
struct ServerBaseline {
  std::string host;
  long long fds = 0, closeWait = 0;
};

class RunContext {
 public:
  RunContext(const Scenario& sc, std::string server, const RunOptions& opts,
             const ServerProfile* profile = nullptr);
  ~RunContext();

  const Scenario& sc;
  const std::string server;  // the profile's name, or empty
  const RunOptions& opts;
  const ServerProfile* profile;  // what `$server` is; null when the scenario starts none
  netns::Topology topo;
  std::unique_ptr<report::Capture> capture;
  std::map<std::string, std::unique_ptr<AgentClient>> agents;
  std::map<std::string, StartedServer> servers;   // by host
  std::map<std::string, std::string> varHost;     // socket variable -> its host
  std::map<std::string, PendingCall> pending;     // background call -> where to await it
  // Wire windows, in seconds since t0 (the capture's timestamps: the capture thread may
  // publish a packet a little after the step that sent it): when the last action (a step
  // that is not an `expect`) began; marks (below) hold each `mark NAME`.
  double actionAt = 0;
  const Clock::time_point t0 = Clock::now();
  std::string log;
  std::map<std::string, Mark> marks;              // by name; "" = the run's start
  std::vector<netns::wire::RuleId> wireRules;     // live rules, for the tally
  WireTally wireCleared;                          // what rules since cleared had done
  std::optional<ServerBaseline> baseline;         // of the first `start HOST $server`

  netns::Host& host(const std::string& name);
  AgentClient& agent(const std::string& host);
  // within/after bounds from the file, widened by --time-scale.
  double scaled(double seconds) const { return seconds * opts.timeScale; }
  Clock::time_point deadline(double seconds) const;
  double since() const;  // seconds since t0
  // Every address of the run's hosts (router links too) -> the host's name, for captures.
  std::map<std::string, std::string> addressBook() const;
  void note(const std::string& line);
  // Throws if the run was cancelled (Ctrl-C).
  void checkCancelled() const;

  // The router as a programmable wire, created by the first wire directive. Destroyed
  // before the topology, so every rule, queue and qdisc goes with the run.
  netns::wire::Wire& wire();
  bool hasWire() const { return wire_ != nullptr; }
  WireTally wireTally();
  Mark markNow();  // every host's MIB counters and the wire's tally

 private:
  std::unique_ptr<netns::wire::Wire> wire_;  // after topo: destroyed first
};

}  // namespace tcpfault::scenario

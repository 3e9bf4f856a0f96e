// Directives: starting and stopping servers, sysctls, faults, and pauses on the timeline.
#include <algorithm>
#include <csignal>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "netns/ErrnoName.h"
#include "netns/ProcessTable.h"
#include "netns/SysctlPolicy.h"
#include "scenarios/runner/exec/CallArgs.h"
#include "scenarios/runner/exec/InterruptVerdict.h"
#include "scenarios/runner/exec/ServerLauncher.h"
#include "scenarios/runner/exec/StepHandlers.h"
#include "scenarios/runner/exec/WireDirectives.h"

namespace tcpfault::scenario {
namespace {

const std::string& word(const Step& s, size_t i) {
  static const std::string none;
  return i < s.args.size() ? s.args[i].text : none;
}

StepOutcome start(RunContext& ctx, const Step& s) {
  ServerCommand cmd = serverCommand(ctx, s);
  if (!cmd.note.empty()) ctx.note(cmd.note);
  ctx.servers.erase(s.host);
  ctx.servers.emplace(s.host, launchServer(ctx, s.host, cmd));
  // After a reboot the same command starts again on the fresh host.
  ctx.topo.onReboot(s.host, [&ctx, host = s.host, cmd](netns::Host&) {
    if (!ctx.servers.contains(host)) return;  // not running at the reboot (reboot())
    ctx.servers.erase(host);
    ctx.servers.emplace(host, launchServer(ctx, host, cmd));
  });
  return StepOutcome::pass(fmt::format("pid {} listening on {}", ctx.servers.at(s.host).child.pid(), cmd.port));
}

StepOutcome stop(RunContext& ctx, const Step& s) {
  auto it = ctx.servers.find(s.host);
  if (it == ctx.servers.end()) return StepOutcome::fail("a server on " + s.host, "none started");
  // `within DUR` bounds the exit (the parser refuses `after`); default: the ready bound.
  double bound = ctx.scaled(s.within ? *s.within : kServerReadySeconds);
  auto t0 = Clock::now();
  it->second.child.signal(SIGTERM);
  auto st = it->second.child.waitFor(std::chrono::milliseconds(static_cast<long long>(bound * 1000)));
  std::string expected = fmt::format("exit after SIGTERM within {}s", bound);
  if (!st) return StepOutcome::fail(expected, fmt::format("still running after {}s", bound));
  double took = std::chrono::duration<double>(Clock::now() - t0).count();
  return StepOutcome::pass(fmt::format("{} in {:.3f}s", st->describe(), took));
}

StepOutcome sysctl(RunContext& ctx, const Step& s) {
  const std::string& kv = word(s, 0);
  size_t eq = kv.find('=');
  // The runner refused these before the run (SysctlCheck.h); this guards other callers.
  if (auto v = netns::checkSysctlKey(kv.substr(0, eq)); !v.allowed)
    throw std::runtime_error(v.reason);
  // One word per step: a multi-valued key (tcp_rmem) takes its values comma-separated.
  std::string value = kv.substr(eq + 1);
  std::replace(value.begin(), value.end(), ',', ' ');
  ctx.topo.setSysctl(s.host, kv.substr(0, eq), value);
  return StepOutcome::pass(kv);
}

// The route faults: the router stops delivering to HOST, each in its own way.
using RouteFault = void (netns::Topology::*)(const std::string&);
StepOutcome routeFault(RunContext& ctx, const Step& s, RouteFault fault, const char* outcome) {
  (ctx.topo.*fault)(s.host);
  return StepOutcome::pass(outcome);
}
StepOutcome crash(RunContext& ctx, const Step& s) {
  return routeFault(ctx, s, &netns::Topology::crash, "crashed");
}
StepOutcome unreachable(RunContext& ctx, const Step& s) {
  return routeFault(ctx, s, &netns::Topology::unreachable, "unreachable");
}
StepOutcome prohibit(RunContext& ctx, const Step& s) {
  return routeFault(ctx, s, &netns::Topology::prohibit, "prohibited");
}
StepOutcome noRoute(RunContext& ctx, const Step& s) {
  return routeFault(ctx, s, &netns::Topology::noRoute, "no route");
}
StepOutcome reboot(RunContext& ctx, const Step& s) {
  // The agent of the old host died with it; a later step on that host starts a new one.
  ctx.agents.erase(s.host);
  // Only a server running at the reboot starts again: one the scenario stopped (or that
  // died) stays down, its record goes with the old host.
  if (auto it = ctx.servers.find(s.host); it != ctx.servers.end() && !it->second.child.running())
    ctx.servers.erase(it);
  ctx.topo.reboot(s.host);
  return StepOutcome::pass("rebooted");
}
StepOutcome shutdown(RunContext& ctx, const Step& s) {
  double grace = !s.args.empty() ? s.args[0].seconds : 2.0;
  ctx.topo.shutdown(s.host, std::chrono::milliseconds(static_cast<long long>(grace * 1000)));
  return StepOutcome::pass("shut down");
}
StepOutcome partition(RunContext& ctx, const Step& s) {
  ctx.topo.partition(s.host, word(s, 0));
  return StepOutcome::pass("partitioned");
}
StepOutcome heal(RunContext& ctx, const Step&) {
  ctx.topo.heal();
  return StepOutcome::pass("healed");
}

// kill HOST server|child|children SIGNAL
StepOutcome kill(RunContext& ctx, const Step& s) {
  auto it = ctx.servers.find(s.host);
  if (it == ctx.servers.end()) return StepOutcome::fail("a server on " + s.host, "none started");
  const std::string& target = word(s, 0);
  int sig = signalFromName(word(s, 1)).value_or(SIGKILL);
  pid_t server = it->second.child.pid();
  if (target == "server") {
    it->second.child.signal(sig);
    return StepOutcome::pass(fmt::format("{} to server pid {}", signalName(sig), server));
  }
  std::vector<pid_t> victims;
  for (const auto& k : netns::childrenOf(server))
    if (k.state != 'Z') victims.push_back(k.pid);
  if (victims.empty()) return StepOutcome::fail("a live child of the server", "none");
  if (target == "child") victims.resize(1);
  for (pid_t p : victims) ::kill(p, sig);
  return StepOutcome::pass(fmt::format("{} to {} child(ren)", signalName(sig), victims.size()));
}

// interrupt HOST VAR SIGNAME: the agent signals the thread of the pending call once it
// sleeps in its system call and, if the signal is caught, waits until it was handled
// (AgentVerbs.cc): what the call then returns is the kernel's answer to the signal.
StepOutcome interrupt(RunContext& ctx, const Step& s) {
  const std::string& call = word(s, 0);
  auto it = ctx.pending.find(call);
  if (it == ctx.pending.end() || it->second.host != s.host)
    return StepOutcome::fail("a pending call " + call + " on " + s.host, "none");
  AgentRequest req{0, false, "interrupt", "", encodeCallArgs(s, [](const Arg& a) { return a.text; })};
  req.args.set("bound", std::to_string(static_cast<long long>(ctx.scaled(kDefaultExpectSeconds) * 1000)));
  AgentClient& agent = ctx.agent(s.host);
  AgentResult r = agent.await(agent.send(req), ctx.deadline(kDefaultExpectSeconds + 2));
  ctx.checkCancelled();
  std::string expected = fmt::format("{} to {} asleep in the kernel", word(s, 1), call);
  return interruptVerdict(expected, signalFromName(word(s, 1)).value_or(0), r);
}

StepOutcome wait(RunContext& ctx, const Step& s) {
  // A pause on the timeline that lets a kernel timer run; never used to synchronise.
  auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(s.args.at(0).seconds));
  while (Clock::now() < until) {
    ctx.checkCancelled();
    std::this_thread::sleep_until(std::min(until, Clock::now() + std::chrono::milliseconds(100)));
  }
  return StepOutcome::pass();
}

constexpr HandlerRow kDirectives[] = {
    {"start", start},         {"stop", stop},           {"sysctl", sysctl},
    {"crash", crash},   {"unreachable", unreachable},
    {"reboot", reboot}, {"shutdown", shutdown},
    {"partition", partition}, {"heal", heal},
    {"kill", kill},     {"interrupt", interrupt}, {"wait", wait},
    // Wire faults (WireDirectives.cc).
    {"drop", wireDrop},       {"loss", wireLoss},       {"delay", wireDelay},
    {"reorder", wireReorder}, {"duplicate", wireDuplicate}, {"corrupt", wireCorrupt},
    {"rate", wireRate},       {"mtu", wireMtu},         {"inject", wireInject},
    {"clear", wireClear},     {"mark", markStep},
    {"prohibit", prohibit}, {"noroute", noRoute},
};

}  // namespace

std::span<const HandlerRow> directiveHandlers() { return kDirectives; }

}  // namespace tcpfault::scenario

#include "scenarios/runner/exec/Epilogue.h"

#include <algorithm>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "netns/SocketDiag.h"
#include "scenarios/runner/agent/ThreadSleep.h"
#include "scenarios/runner/exec/PropertyVerdicts.h"
#include "scenarios/runner/exec/ServerUsage.h"
#include "scenarios/runner/exec/StepHandlers.h"
#include "scenarios/runner/lang/Properties.h"
#include "scenarios/runner/lang/Grammar.h"

namespace tcpfault::scenario {
namespace {

// A story that stops or kills its server, or expects it to exit, leaves none to judge;
// "kill HOST child|children" leaves the server running.
bool endsServer(const Step& s) {
  if (!(traitsOf(s) & kEndsServer)) return false;
  return s.args.empty() || (s.args[0].text != "child" && s.args[0].text != "children");
}

// Why the epilogue cannot judge this run; empty when it can.
std::string notApplicable(RunContext& ctx) {
  for (const Step& s : ctx.sc.steps) {
    if (traitsOf(s) & kHostFault)
      return fmt::format("the story has a `{}` (line {})", s.verb, s.pos.line);
    if (endsServer(s)) return fmt::format("the story ends the server (line {})", s.pos.line);
  }
  return "";
}

// A server that died on its own during a story that passed (a SIGPIPE after its last
// check, say) serves no one: the epilogue's first finding.
bool stillRunning(RunContext& ctx, report::RunRecord& rec);

std::string clientHost(const RunContext& ctx) {
  for (const auto& h : ctx.sc.hosts)
    if (h != ctx.baseline->host) return h;
  return "";
}

// The fresh client's steps, parsed like any story's so they run through the same handlers.
Scenario freshClient(RunContext& ctx, const std::string& client) {
  std::string c = client, srv = fmt::format("{}:{}", ctx.baseline->host, ctx.sc.port);
  std::string text = fmt::format("hosts {}\n", fmt::join(ctx.sc.hosts, " "));
  if (ctx.hasWire()) text += "clear\n";  // what the story's wire faults left
  text += fmt::format("{} epilogue = connect {} timeout 3s => 0\n", c, srv);
  if (ctx.profile && ctx.profile->has("replies"))
    text += fmt::format("{0} write epilogue $request => ok\n{0} read epilogue => $reply within 5s\n", c);
  text += fmt::format("{} close epilogue => 0\n", c);
  return parseScenario(text, "epilogue");
}

report::StepRecord stepRecord(RunContext& ctx, std::string text, double start, const StepOutcome& out) {
  report::StepRecord sr;
  sr.text = "epilogue: " + std::move(text);
  sr.start = start;
  sr.end = ctx.since();
  sr.outcome = out.ok ? "ok" : "failed";
  sr.expected = out.expected;
  sr.observed = out.observed;
  ctx.note(fmt::format("{:7.3f}    - {:<50} {}", sr.start, sr.text, out.ok ? out.observed : "FAILED: " + out.observed));
  return sr;
}

// Records a check: its step, its property's verdict and, when it failed, the run's failure.
bool judge(report::RunRecord& rec, std::string_view property, report::StepRecord sr) {
  report::PropertyVerdict v = propertyVerdict(property, sr.outcome == "ok" ? "pass" : "fail");
  v.step = sr.text;
  if (v.verdict == "fail") {
    v.expected = sr.expected;
    v.observed = sr.observed;
    rec.status = report::Status::Fail;
    rec.failedLine = 0;
    rec.message = fmt::format("{}: expected {}, got {} ({} epilogue)", property, sr.expected, sr.observed,
                              std::filesystem::path(rec.file).filename().string());
  }
  rec.properties.push_back(std::move(v));
  rec.steps.push_back(std::move(sr));
  return rec.properties.back().verdict == "pass";
}

bool servesFreshClient(RunContext& ctx, report::RunRecord& rec) {
  std::string client = clientHost(ctx);
  if (client.empty()) return true;
  Scenario fresh = freshClient(ctx, client);
  for (const Step& step : fresh.steps) {
    double start = ctx.since();
    StepHandler h = findHandler(step);
    StepOutcome out = h ? h(ctx, step) : StepOutcome::fail("a known verb", step.verb);
    if (!out.ok) return judge(rec, kKeepsServing, stepRecord(ctx, step.source, start, out));
  }
  return judge(rec, kKeepsServing,
               stepRecord(ctx, "a fresh client is served", ctx.since(), StepOutcome::pass("served")));
}

// The server's ESTABLISHED connections on its port whose client socket no longer exists
// (an injected RST closed the client's end only): half-open, which only dead-peer
// detection can free -- not a leak.
long long halfOpen(RunContext& ctx, netns::Host& server, uint16_t port) {
  std::set<std::pair<std::string, uint16_t>> clientEnds;
  for (const auto& h : ctx.sc.hosts)
    if (h != ctx.baseline->host)
      for (const auto& so : netns::tcpSockets(ctx.host(h)))
        if (so.remotePort == port) clientEnds.emplace(so.local, so.localPort);
  long long n = 0;
  for (const auto& so : netns::tcpSockets(server))
    if (so.localPort == port && so.state == "ESTABLISHED" && !clientEnds.contains({so.remote, so.remotePort})) ++n;
  return n;
}

// Polls until descriptors and CLOSE_WAIT sockets are back at the baseline, or the bound.
bool releasedEverything(RunContext& ctx, report::RunRecord& rec, pid_t pid) {
  const ServerBaseline& base = *ctx.baseline;
  netns::Host& host = ctx.host(base.host);
  auto port = static_cast<uint16_t>(ctx.sc.port);
  double start = ctx.since();
  auto deadline = ctx.deadline(kEpilogueSettleSeconds);
  std::string expected = fmt::format("fds <= {}, CLOSE_WAIT <= {} (the baseline, within {}s)", base.fds,
                                     base.closeWait, ctx.scaled(kEpilogueSettleSeconds));
  for (;;) {
    long long fds = openFds(pid).value_or(-1), cw = closeWaitSockets(host, port);
    long long orphans = halfOpen(ctx, host, port);
    std::string obs = fmt::format("{} fds, {} CLOSE_WAIT", fds, cw);
    if (orphans) obs += fmt::format(", {} half-open connection(s) whose client is gone", orphans);
    bool ok = fds >= 0 && fds <= base.fds + orphans && cw <= base.closeWait;
    if (!ok && Clock::now() >= deadline)  // what is left, for whoever fixes it
      obs += fmt::format(" (fds: {}; port {}: {})", describeFds(pid), port, portStates(host, port));
    if (ok || Clock::now() >= deadline)
      return judge(rec, kNoLeak,
                   stepRecord(ctx, "the server's fds and CLOSE_WAIT sockets are back at the baseline", start,
                              ok ? StepOutcome::pass(obs) : StepOutcome::fail(expected, obs)));
    ctx.checkCancelled();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void notSpinning(RunContext& ctx, report::RunRecord& rec, pid_t pid, double cpu0, Clock::time_point t0) {
  double start = ctx.since();
  auto until = t0 + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(kEpilogueCpuWindowSeconds));
  if (Clock::now() < until) std::this_thread::sleep_until(until);  // a measurement window
  double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  double pct = 100.0 * (cpuSecondsWithChildren(pid) - cpu0) / wall;
  std::string obs = fmt::format("{:.0f}% cpu over {:.2f}s", pct, wall);
  judge(rec, kNoSpin,
        stepRecord(ctx, "the server idles", start,
                   pct < kEpilogueSpinPercent
                       ? StepOutcome::pass(obs)
                       : StepOutcome::fail(fmt::format("below {}% cpu", kEpilogueSpinPercent), obs)));
}

bool stillRunning(RunContext& ctx, report::RunRecord& rec) {
  netns::Child& child = ctx.servers.at(ctx.baseline->host).child;
  if (child.running()) return true;
  auto st = child.waitFor(std::chrono::milliseconds(0));
  return judge(rec, kKeepsServing,
               stepRecord(ctx, "the server is still running", ctx.since(),
                          StepOutcome::fail("running", st ? st->describe() : "gone")));
}

}  // namespace

void takeBaseline(RunContext& ctx, const std::string& host) {
  auto it = ctx.servers.find(host);
  if (it == ctx.servers.end()) return;
  // A server listens before it has opened everything it keeps (its epoll or signal fd
  // may come after listen()): count once its main thread waits in the kernel for work.
  std::string dir = fmt::format("/proc/{}/", it->second.child.pid());
  auto until = Clock::now() + std::chrono::seconds(1);
  while (!threadSleep(dir).asleep && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  auto fds = openFds(it->second.child.pid());
  if (!fds) return;
  ctx.baseline = ServerBaseline{host, *fds, closeWaitSockets(ctx.host(host), static_cast<uint16_t>(ctx.sc.port))};
}

void runEpilogue(RunContext& ctx, report::RunRecord& rec) {
  if (!ctx.opts.epilogue || rec.status != report::Status::Pass || !ctx.baseline) return;
  if (std::string why = notApplicable(ctx); !why.empty()) {
    ctx.note("epilogue: not run: " + why);
    return;
  }
  if (!stillRunning(ctx, rec)) return;
  pid_t pid = ctx.servers.at(ctx.baseline->host).child.pid();
  auto t0 = Clock::now();
  double cpu0 = cpuSecondsWithChildren(pid);
  // The story's clients go as a killed process's sockets do: FIN, or RST over unread data.
  ctx.pending.clear();
  ctx.agents.clear();
  if (!servesFreshClient(ctx, rec)) return;  // a wedged server: what it holds says no more
  releasedEverything(ctx, rec, pid);
  notSpinning(ctx, rec, pid, cpu0, t0);
}

}  // namespace tcpfault::scenario

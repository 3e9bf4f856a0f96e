// `expect` steps: checks of kernel and process state, polled until they hold or their
// bound (`within`, default kDefaultExpectSeconds) runs out. Polling a state to a deadline
// is the one wait that has no event to block on (TCP state, /proc).
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "netns/ErrnoName.h"
#include "netns/ProcessTable.h"
#include "netns/SocketDiag.h"
#include "scenarios/runner/agent/ThreadSleep.h"
#include "scenarios/runner/exec/PollUntil.h"
#include "scenarios/runner/exec/ResultMatch.h"
#include "scenarios/runner/exec/ServerUsage.h"
#include "scenarios/runner/exec/StepHandlers.h"
#include "scenarios/runner/lang/SlotName.h"

namespace tcpfault::scenario {
namespace {

// An exact socket count must hold this long (several polls) to pass.
constexpr auto kCountSettle = std::chrono::milliseconds(100);

Clock::time_point expectDeadline(RunContext& ctx, const Step& s) {
  return ctx.deadline(s.within ? *s.within : kDefaultExpectSeconds);
}

StepOutcome pollUntil(RunContext& ctx, const Step& s, const std::string& expected,
                      const std::function<bool(std::string&)>& probe,
                      Clock::duration settle = Clock::duration::zero()) {
  return scenario::pollUntil(expectDeadline(ctx, s), expected, probe, settle, [&] { ctx.checkCancelled(); });
}

const Arg& arg(const Step& s, size_t i) {
  static const Arg none{};
  return i < s.args.size() ? s.args[i] : none;
}

// `count N`, when written.
std::optional<long long> countArg(const Step& s) {
  const Arg* n = option(s, "count");
  return n ? std::optional<long long>(n->number) : std::nullopt;
}

StepOutcome expectState(RunContext& ctx, const Step& s) {
  const std::string& var = arg(s, 0).text;
  const std::string& want = arg(s, 1).text;
  AgentClient& agent = ctx.agent(s.host);
  return pollUntil(ctx, s, "state " + want, [&](std::string& obs) {
    AgentRequest req{0, false, "state", "", {}};
    req.args.set("var", var);
    AgentResult r = agent.await(agent.send(req), ctx.deadline(kDefaultExpectSeconds));
    ctx.checkCancelled();
    obs = r.outcome == AgentResult::Outcome::Reply && r.reply.ret >= 0
              ? "state " + r.reply.data
              : describeResult(r, 0);
    return r.outcome == AgentResult::Outcome::Reply && r.reply.data == want;
  });
}

// expect HOST tcp local|remote PORT STATE [count N]
StepOutcome expectTcp(RunContext& ctx, const Step& s) {
  bool local = arg(s, 0).text == "local";
  auto port = static_cast<uint16_t>(arg(s, 1).number);
  const std::string& state = arg(s, 2).text;
  auto want = countArg(s);
  std::string expected = fmt::format("{} {} port {} socket(s) in {}",
                                     want ? std::to_string(*want) : "at least 1",
                                     local ? "local" : "remote", port, state);
  return pollUntil(ctx, s, expected, [&](std::string& obs) {
    long long n = 0;
    std::map<std::string, int> states;
    for (const auto& so : netns::tcpSockets(ctx.host(s.host))) {
      if ((local ? so.localPort : so.remotePort) != port) continue;
      ++states[so.state];
      if (so.state == state) ++n;
    }
    obs = fmt::format("{} in {}", n, state);
    for (const auto& [st, c] : states)
      if (st != state) obs += fmt::format(", {} in {}", c, st);
    return want ? n == *want : n >= 1;
  }, want ? kCountSettle : Clock::duration::zero());
}

// The slots the handlers below read, checked against the rows of the checks they serve.
template <VerbWord... Verbs>
using ExpectSlot = SlotIn<Context::Expect, Verbs...>;
// [CMP] N [since MARK]: the counted checks.
using CountedSlot = ExpectSlot<"fds", "mib", "dropped">;

// CMP N: "=", ">=" or "<=" (no CMP: "=").
bool compare(const Arg* cmp, long long have, long long want) {
  std::string op = cmp ? cmp->text : "=";
  return op == ">=" ? have >= want : op == "<=" ? have <= want : have == want;
}

std::string cmpText(const Arg* cmp) { return cmp && cmp->text != "=" ? cmp->text + " " : ""; }

// The mark a check compares with: "since NAME", or the run's start.
const Mark* markOf(RunContext& ctx, const Step& s) {
  const Arg* since = slotArg(s, CountedSlot("since"));
  // "since start" and no "since" both mean the run's start, kept under "".
  auto it = ctx.marks.find(since && since->text != "start" ? since->text : "");
  return it == ctx.marks.end() ? nullptr : &it->second;
}

std::string sinceText(const Step& s) {
  const Arg* since = slotArg(s, CountedSlot("since"));
  return since ? " since " + since->text : "";
}

// expect wire dropped|delayed|... [CMP] N [since MARK]: what every rule of the run did.
StepOutcome expectEffect(RunContext& ctx, const Step& s) {
  const std::string& what = arg(s, 0).text;
  const Arg* cmp = slotArg(s, CountedSlot("CMP"));
  long long want = slotArg(s, CountedSlot("N"))->number;
  const Mark* since = slotArg(s, CountedSlot("since")) ? markOf(ctx, s) : nullptr;
  auto pick = [&](const WireTally& t) -> long long {
    uint64_t v = what == "dropped" ? t.dropped : what == "delayed" ? t.delayed
               : what == "duplicated" ? t.duplicated : what == "corrupted" ? t.corrupted
               : what == "reordered" ? t.reordered : t.injected;
    return static_cast<long long>(v);
  };
  std::string expected = fmt::format("{} {}{}{}", what, cmpText(cmp), want, sinceText(s));
  return pollUntil(ctx, s, expected, [&](std::string& obs) {
    long long n = pick(ctx.wireTally()) - (since ? pick(since->wire) : 0);
    obs = fmt::format("{} {}{}", what, n, sinceText(s));
    return compare(cmp, n, want);
  });
}

// expect HOST mib COUNTER CMP N [since MARK]: the counter's rise since the mark.
StepOutcome expectMib(RunContext& ctx, const Step& s) {
  const std::string& name = slotArg(s, ExpectSlot<"mib">("COUNTER"))->text;
  const Arg* cmp = slotArg(s, CountedSlot("CMP"));
  long long want = slotArg(s, CountedSlot("N"))->number;
  const Mark* since = markOf(ctx, s);
  std::string expected = fmt::format("{} {} {}{}{}", s.host, name, cmpText(cmp), want, sinceText(s));
  if (!since || !since->mib.contains(s.host))
    return StepOutcome::fail(expected, "no snapshot of " + s.host + "'s counters to compare with");
  if (!netns::MibCounters::read(ctx.host(s.host)).find(name))
    return StepOutcome::fail(expected, "no counter " + name + " on this kernel (nstat -az lists them)");
  const netns::MibCounters& base = since->mib.at(s.host);
  return pollUntil(ctx, s, expected, [&](std::string& obs) {
    long long n = netns::MibCounters::read(ctx.host(s.host)).get(name) - base.find(name).value_or(0);
    obs = fmt::format("{} {} +{}{}", s.host, name, n, sinceText(s));
    return compare(cmp, n, want);
  });
}

StartedServer* serverOn(RunContext& ctx, const std::string& host) {
  auto it = ctx.servers.find(host);
  return it == ctx.servers.end() ? nullptr : &it->second;
}

StepOutcome noServer(const Step& s) {
  return StepOutcome::fail("a server started on " + s.host, "no `start` on that host");
}

// expect HOST zombies|children N [for DUR]: the server's exited children, or its live ones.
StepOutcome countChildren(RunContext& ctx, const Step& s, bool zombies) {
  StartedServer* sp = serverOn(ctx, s.host);
  if (!sp) return noServer(s);
  long long want = arg(s, 0).number;
  auto probe = [&](std::string& obs) {
    auto kids = netns::childrenOf(sp->child.pid());
    long long z = std::count_if(kids.begin(), kids.end(), [](auto& k) { return k.state == 'Z'; });
    long long n = zombies ? z : static_cast<long long>(kids.size()) - z;
    obs = fmt::format("{} {}", n, s.verb);
    return n == want;
  };
  std::string expected = fmt::format("{} {}", want, s.verb);
  StepOutcome reached = pollUntil(ctx, s, expected, probe);
  const Arg* hold = option(s, "for");
  if (!reached.ok || !hold) return reached;
  // `for DUR`: the count must stay, not just pass by (a reaping server's zombies do).
  auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(hold->seconds));
  std::string obs;
  while (Clock::now() < until) {
    std::this_thread::sleep_for(kPollInterval);
    ctx.checkCancelled();
    if (!probe(obs))
      return StepOutcome::fail(fmt::format("{} for {}s", expected, hold->seconds), obs);
  }
  return StepOutcome::pass(fmt::format("{} for {}s", expected, hold->seconds));
}

long long linesContaining(std::string_view text, std::string_view needle) {
  long long n = 0;
  for (size_t at = 0; at < text.size();) {
    size_t nl = std::min(text.find('\n', at), text.size());
    if (text.substr(at, nl - at).find(needle) != std::string_view::npos) ++n;
    at = nl + 1;
  }
  return n;
}

// expect HOST reaped STRING + zombies N: each of the N children that exited is accounted
// for, reaped by the server (one line of its output containing STRING per child) or left a
// zombie. UNP 5.10: which children a wait()-once handler loses varies from run to run; the
// sum does not. The server logs a reap just after wait() returns, so a poll may fall in
// between: the sum must hold over several polls.
StepOutcome expectReaped(RunContext& ctx, const Step& s) {
  StartedServer* sp = serverOn(ctx, s.host);
  if (!sp) return noServer(s);
  const std::string& needle = slotArg(s, ExpectSlot<"reaped">("STRING"))->text;
  long long want = slotArg(s, ExpectSlot<"reaped">("N"))->number;
  std::string expected = fmt::format("reaped (lines with {}) + zombies = {}", quoteData(needle), want);
  return pollUntil(ctx, s, expected, [&](std::string& obs) {
    auto kids = netns::childrenOf(sp->child.pid());
    long long zombies = std::count_if(kids.begin(), kids.end(), [](auto& k) { return k.state == 'Z'; });
    long long reaped = linesContaining(sp->child.output(), needle);
    obs = fmt::format("{} reaped + {} zombies = {}", reaped, zombies, reaped + zombies);
    return reaped + zombies == want;
  }, kCountSettle);
}

StepOutcome expectAlive(RunContext& ctx, const Step& s) {
  StartedServer* sp = serverOn(ctx, s.host);
  if (!sp) return noServer(s);
  if (sp->child.running()) return StepOutcome::pass("running");
  auto st = sp->child.waitFor(std::chrono::milliseconds(0));
  return StepOutcome::fail("running", st ? st->describe() : "gone");
}

// expect HOST asleep in NAME: the server's main thread sleeps in that system call, read
// from /proc/PID/syscall. A signal sent now meets the call, not the code around it: UNP
// 5.9's EINTR needs the parent back in accept() when its child exits.
StepOutcome expectAsleep(RunContext& ctx, const Step& s) {
  StartedServer* sp = serverOn(ctx, s.host);
  if (!sp) return noServer(s);
  const std::string& call = slotArg(s, ExpectSlot<"asleep">("NAME"))->text;
  std::string dir = fmt::format("/proc/{}/", sp->child.pid());
  return pollUntil(ctx, s, "asleep in " + call, [&](std::string& obs) {
    ThreadSleep t = threadSleep(dir);
    obs = t.asleep ? "asleep in " + t.where : t.where;
    return t.asleep && t.where == call;
  });
}

StepOutcome expectZombies(RunContext& ctx, const Step& s) { return countChildren(ctx, s, true); }
StepOutcome expectChildren(RunContext& ctx, const Step& s) { return countChildren(ctx, s, false); }

// expect HOST exited [N] | expect HOST killed SIG: awaited on the server's pidfd.
StepOutcome awaitExit(RunContext& ctx, const Step& s, bool killed) {
  StartedServer* sp = serverOn(ctx, s.host);
  if (!sp) return noServer(s);
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(expectDeadline(ctx, s) -
                                                                    Clock::now());
  auto st = sp->child.waitFor(left);
  std::string expected = killed ? "killed by " + arg(s, 0).text
                         : s.args.empty()   ? "exited"
                                            : fmt::format("exit {}", arg(s, 0).number);
  if (!st) return StepOutcome::fail(expected, "still running");
  bool ok = killed
                ? st->signaled() && signalName(st->termSignal()) == arg(s, 0).text
                : st->exited() && (s.args.empty() || st->exitCode() == arg(s, 0).number);
  return ok ? StepOutcome::pass(st->describe()) : StepOutcome::fail(expected, st->describe());
}

StepOutcome expectExited(RunContext& ctx, const Step& s) { return awaitExit(ctx, s, false); }
StepOutcome expectKilled(RunContext& ctx, const Step& s) { return awaitExit(ctx, s, true); }

double cpuSeconds(pid_t pid) {
  auto info = netns::procInfo(pid);
  return info ? static_cast<double>(info->cpuTicks) / static_cast<double>(sysconf(_SC_CLK_TCK)) : 0;
}

// expect HOST cpu below P% for DUR: a measurement window, not synchronisation.
StepOutcome expectCpu(RunContext& ctx, const Step& s) {
  StartedServer* sp = serverOn(ctx, s.host);
  if (!sp) return noServer(s);
  // PERCENT is written "10%": a word, read up to the sign.
  double limit = std::strtod(arg(s, 1).text.c_str(), nullptr);
  double window = arg(s, 3).seconds > 0 ? arg(s, 3).seconds : 2.0;
  std::string expected = fmt::format("below {}% cpu", limit);
  // A server that is gone uses no CPU: that is no pass (its /proc entry reads as 0 ticks).
  auto gone = [&]() -> std::optional<StepOutcome> {
    if (sp->child.running()) return std::nullopt;
    auto st = sp->child.waitFor(std::chrono::milliseconds(0));
    return StepOutcome::fail(expected, "the server is gone (" + (st ? st->describe() : "gone") + ")");
  };
  if (auto g = gone()) return *g;
  double before = cpuSeconds(sp->child.pid());
  auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(window));
  double wall = std::chrono::duration<double>(Clock::now() - start).count();
  if (auto g = gone()) return *g;
  double pct = 100.0 * (cpuSeconds(sp->child.pid()) - before) / wall;
  std::string obs = fmt::format("{:.1f}% cpu over {:.1f}s", pct, wall);
  return pct < limit ? StepOutcome::pass(obs) : StepOutcome::fail(expected, obs);
}

StepOutcome expectLog(RunContext& ctx, const Step& s) {
  StartedServer* sp = serverOn(ctx, s.host);
  if (!sp) return noServer(s);
  const std::string& needle = arg(s, 0).text;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(expectDeadline(ctx, s) -
                                                                    Clock::now());
  if (sp->child.waitForOutput(needle, left)) return StepOutcome::pass("logged");
  std::string out = sp->child.output();
  return StepOutcome::fail("log line containing " + quoteData(needle),
                           out.empty() ? "no output" : "output " + quoteData(out, 200));
}

// expect HOST fds CMP N [since MARK]: the server's open descriptors, or their rise since
// MARK -- a leak shows as a count that never comes back once its clients are gone.
StepOutcome expectFds(RunContext& ctx, const Step& s) {
  StartedServer* sp = serverOn(ctx, s.host);
  if (!sp) return noServer(s);
  const Arg* cmp = slotArg(s, CountedSlot("CMP"));
  long long want = slotArg(s, CountedSlot("N"))->number;
  const Mark* since = slotArg(s, CountedSlot("since")) ? markOf(ctx, s) : nullptr;
  std::string expected = fmt::format("{} fds {}{}{}", s.host, cmpText(cmp), want, sinceText(s));
  if (slotArg(s, CountedSlot("since")) && (!since || !since->fds.contains(s.host)))
    return StepOutcome::fail(expected, "no count of the server's descriptors at the mark");
  long long base = since ? since->fds.at(s.host) : 0;
  return pollUntil(ctx, s, expected, [&](std::string& obs) {
    auto n = openFds(sp->child.pid());
    if (!n) {
      obs = "the server is gone";
      return false;
    }
    obs = since ? fmt::format("{} fds {:+}{} ({} open)", s.host, *n - base, sinceText(s), *n)
                : fmt::format("{} fds {}", s.host, *n);
    return compare(cmp, *n - base, want);
  });
}

constexpr HandlerRow kExpectHandlers[] = {
    {"state", expectState},       {"tcp", expectTcp},         {"wire", expectWire},
    {"zombies", expectZombies},    {"children", expectChildren}, {"reaped", expectReaped},
    {"alive", expectAlive},       {"asleep", expectAsleep},
    {"exited", expectExited},     {"killed", expectKilled},     {"cpu", expectCpu},
    {"log", expectLog},           {"fds", expectFds},           {"dropped", expectEffect},   {"mib", expectMib},
};

}  // namespace

std::span<const HandlerRow> expectHandlers() { return kExpectHandlers; }

}  // namespace tcpfault::scenario

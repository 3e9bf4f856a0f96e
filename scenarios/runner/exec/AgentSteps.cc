// Agent steps: a socket call made by the agent of a host, and `await` of a background one.
#include <stdexcept>

#include <fmt/format.h>

#include "netns/SockAddr.h"
#include "scenarios/runner/exec/CallArgs.h"
#include "scenarios/runner/exec/ResultMatch.h"
#include "scenarios/runner/exec/StepHandlers.h"
#include "scenarios/runner/lang/Grammar.h"
#include "scenarios/runner/lang/SlotName.h"

namespace tcpfault::scenario {
namespace {

// "server:9877" -> "198.18.2.2:9877" (or the IPv6 address with `ipv6`).
std::string resolveDest(RunContext& ctx, const Step& s, const Arg& dest) {
  size_t colon = dest.text.rfind(':');
  std::string host = dest.text.substr(0, colon);
  uint16_t port = static_cast<uint16_t>(std::stoi(dest.text.substr(colon + 1)));
  std::string addr = flag(s, "ipv6") ? ctx.topo.address6(host) : ctx.topo.address(host);
  return formatHostPort(addr, port);
}

// How long to wait for a call's reply: its `within` (plus slack: the bound is judged on
// the call's own duration) or the default cap for a blocking call.
Clock::time_point replyDeadline(RunContext& ctx, const Step& s, Clock::time_point start) {
  double bound = s.within ? ctx.scaled(*s.within) + 0.5 : ctx.scaled(kDefaultStepSeconds);
  return start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(bound));
}

const ReplySpec* replyOf(const RunContext& ctx) { return ctx.profile ? &ctx.profile->reply : nullptr; }

// `$request` in a DATA slot becomes the profile's request bytes.
Step withRequest(const RunContext& ctx, const Step& s) {
  Step out = s;
  for (Arg& a : out.args)
    if (fills(a, AgentSlot("DATA")) && a.kind == Arg::Kind::Word && a.text == "$request") {
      if (!ctx.profile) throw std::runtime_error("$request but no server under test");
      a.kind = Arg::Kind::String;
      a.text = ctx.profile->request;
    }
  return out;
}

}  // namespace

// Every agent verb takes this one way: its arguments travel by slot, the agent runs it.
StepOutcome agentStep(RunContext& ctx, const Step& s) {
  AgentClient& agent = ctx.agent(s.host);
  Step call = withRequest(ctx, s);
  AgentRequest req{0, s.background, s.verb, s.var,
                   encodeCallArgs(call, [&](const Arg& dest) { return resolveDest(ctx, s, dest); })};
  auto start = Clock::now();
  uint64_t id = agent.send(req);
  const VerbSpec* spec = findVerb(s);
  if (!s.var.empty() && spec && spec->assignsSocket()) ctx.varHost[s.var] = s.host;
  if (s.background) {
    ctx.pending[s.var] = PendingCall{s.host, id, &s};
    // The next step must not overtake the call: go on once it sleeps in the kernel.
    AgentRequest started{0, false, std::string(kStartedQuery), s.var, {}};
    AgentResult r = agent.await(agent.send(started), ctx.deadline(kStartedBoundMs / 1000.0 + 2));
    ctx.checkCancelled();
    bool replied = r.outcome == AgentResult::Outcome::Reply;
    return StepOutcome::pass("started in the background" + (replied ? ", " + r.reply.data : std::string()));
  }
  AgentResult r = agent.await(id, replyDeadline(ctx, s, start));
  ctx.checkCancelled();
  double waited = std::chrono::duration<double>(Clock::now() - start).count();
  return matchResult(r, s, ctx.opts.timeScale, waited, replyOf(ctx));
}

StepOutcome awaitStep(RunContext& ctx, const Step& s) {
  auto it = ctx.pending.find(s.var);
  if (it == ctx.pending.end())
    return StepOutcome::fail("a background call named " + s.var, "none pending");
  PendingCall call = it->second;
  ctx.pending.erase(it);
  auto start = Clock::now();
  AgentResult r = ctx.agent(call.host).await(call.id, replyDeadline(ctx, s, start));
  ctx.checkCancelled();
  double waited = std::chrono::duration<double>(Clock::now() - start).count();
  return matchResult(r, s, ctx.opts.timeScale, waited, replyOf(ctx));
}

}  // namespace tcpfault::scenario

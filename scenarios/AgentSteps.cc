// Agent steps: a socket call made by the agent of a host, and `await` of a background one.
#include <fmt/format.h>

#include "netns/ErrnoName.h"
#include "scenarios/ResultMatch.h"
#include "scenarios/SockAddr.h"
#include "scenarios/StepHandlers.h"

namespace tcpfault::scenario {
namespace {

std::string ms(double seconds) { return std::to_string(static_cast<long long>(seconds * 1000)); }

// "server:9877" -> "198.18.2.2:9877" (or the IPv6 address with `ipv6`).
std::string resolveDest(RunContext& ctx, const std::string& dest, bool v6) {
  size_t colon = dest.rfind(':');
  std::string host = dest.substr(0, colon);
  uint16_t port = static_cast<uint16_t>(std::stoi(dest.substr(colon + 1)));
  std::string addr = v6 ? ctx.topo.address6(host) : ctx.topo.address(host);
  return formatHostPort(addr, port);
}

// TCP_KEEPIDLE/KEEPINTVL count seconds when written as a bare number; every duration
// travels in milliseconds.
std::string optionValue(const std::string& opt, const Arg& v) {
  if (v.kind == Arg::Kind::Duration) return ms(v.seconds);
  if (opt == "TCP_KEEPIDLE" || opt == "TCP_KEEPINTVL") return std::to_string(v.number * 1000);
  return std::to_string(v.number);
}

// Turns the parsed arguments into the agent's resolved tokens.
AgentRequest buildRequest(RunContext& ctx, const Step& s) {
  AgentRequest r;
  r.verb = s.verb;
  r.var = s.var;
  r.background = s.background;
  for (size_t i = 0; i < s.args.size(); ++i) {
    const Arg& a = s.args[i];
    const Arg* next = i + 1 < s.args.size() ? &s.args[i + 1] : nullptr;
    bool numeric = a.kind == Arg::Kind::Number || a.kind == Arg::Kind::Size;
    if ((s.verb == "connect" || s.verb == "flood") && i == 0) {
      r.args.push_back(resolveDest(ctx, a.text, flag(s, "ipv6")));
    } else if (a.kind == Arg::Kind::Word && (a.text == "timeout" || a.text == "backlog") && next) {
      r.args.push_back(a.text + "=" +
                       (next->kind == Arg::Kind::Duration ? ms(next->seconds)
                                                          : std::to_string(next->number)));
      ++i;
    } else if (s.verb == "setsockopt" && i == 2) {
      r.args.push_back(optionValue(s.args[1].text, a));
    } else if (s.verb == "signal" && i == 0) {
      r.args.push_back(std::to_string(signalFromName(a.text).value_or(0)));
    } else if ((s.verb == "write" || s.verb == "send") && i == 1 && numeric) {
      r.args.push_back("");
      r.args.push_back("pattern=" + std::to_string(a.number));
    } else if ((s.verb == "read" || s.verb == "recv" || s.verb == "readall" || s.verb == "flood") &&
               i == 1 && numeric) {
      r.args.push_back("n=" + std::to_string(a.number));
    } else if (a.kind == Arg::Kind::Duration) {
      r.args.push_back(ms(a.seconds));
    } else if (numeric) {
      r.args.push_back(std::to_string(a.number));
    } else {
      r.args.push_back(a.text);
    }
  }
  return r;
}

// How long to wait for a call's reply: its `within` (plus slack: the bound is judged on
// the call's own duration) or the default cap for a blocking call.
Clock::time_point replyDeadline(RunContext& ctx, const Step& s, Clock::time_point start) {
  double bound = s.within ? ctx.scaled(*s.within) + 0.5 : ctx.scaled(kDefaultStepSeconds);
  return start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(bound));
}

StepOutcome agentCall(RunContext& ctx, const Step& s) {
  AgentClient& agent = ctx.agent(s.host);
  AgentRequest req = buildRequest(ctx, s);
  auto start = Clock::now();
  uint64_t id = agent.send(req);
  if (!s.var.empty() &&
      (s.verb == "connect" || s.verb == "flood" || s.verb == "listen" || s.verb == "accept"))
    ctx.varHost[s.var] = s.host;
  if (s.background) {
    ctx.pending[s.var] = PendingCall{s.host, id, &s};
    return StepOutcome::pass("started in the background");
  }
  AgentResult r = agent.await(id, replyDeadline(ctx, s, start));
  ctx.checkCancelled();
  double waited = std::chrono::duration<double>(Clock::now() - start).count();
  return matchResult(r, s, ctx.opts.timeScale, waited);
}

constexpr HandlerRow kAgentHandlers[] = {
    {"connect", agentCall},  {"flood", agentCall},    {"listen", agentCall},   {"accept", agentCall},
    {"write", agentCall},    {"send", agentCall},     {"read", agentCall},
    {"recv", agentCall},     {"readall", agentCall},  {"shutdown", agentCall},
    {"close", agentCall},    {"abort", agentCall},    {"setsockopt", agentCall},
    {"so_error", agentCall}, {"signal", agentCall},
};

}  // namespace

std::span<const HandlerRow> agentHandlers() { return kAgentHandlers; }

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
  return matchResult(r, s, ctx.opts.timeScale, waited);
}

}  // namespace tcpfault::scenario

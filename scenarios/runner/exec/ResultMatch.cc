#include "scenarios/runner/exec/ResultMatch.h"
#include "scenarios/runner/exec/ServerProfile.h"

#include <algorithm>

#include <fmt/format.h>

#include "netns/ErrnoName.h"

namespace tcpfault::scenario {

std::string quoteData(const std::string& data, size_t max) {
  std::string out = "\"";
  for (size_t i = 0; i < data.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(data[i]);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '"' || c == '\\') out += std::string("\\") + static_cast<char>(c);
    else if (c < 0x20 || c >= 0x7f) out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
  if (data.size() > max) out += fmt::format("...\" ({} bytes)", data.size());
  else out += "\"";
  return out;
}

std::string describeResult(const AgentResult& r, double waitedSeconds) {
  using O = AgentResult::Outcome;
  switch (r.outcome) {
    case O::Died: return r.status.describe() == "exit 0" ? "agent exited" : r.status.describe();
    case O::Timeout: return fmt::format("still blocked after {:.1f}s", waitedSeconds);
    case O::Cancelled: return "cancelled";
    case O::Reply: break;
  }
  const AgentReply& a = r.reply;
  if (a.blocked) return fmt::format("blocked for {:.3f}s (its timeout ran out)", static_cast<double>(a.elapsedNs) / 1e9);
  std::string s = a.ret < 0 ? fmt::format("-1 {}", errnoName(a.err)) : std::to_string(a.ret);
  if (a.ret > 0 && !a.data.empty()) s += " " + quoteData(a.data);
  if (a.ret < 0 && !a.data.empty()) s += " (" + a.data + ")";
  for (int sig : a.caught) s += " caught " + signalName(sig);
  s += fmt::format(" in {:.3f}s", static_cast<double>(a.elapsedNs) / 1e9);
  return s;
}

namespace {

std::string expectedText(const Step& step, const ReplySpec* reply) {
  std::string s = step.expect ? step.expect->text : "ok";
  if (step.expect && step.expect->reply) s = "$reply " + (reply ? reply->describe() : "(none)");
  if (step.within) s += fmt::format(" within {}s", *step.within);
  if (step.after) s += fmt::format(" after {}s", *step.after);
  return s;
}

bool valueMatches(const AgentReply& a, const Expectation& e, const ReplySpec* reply) {
  if (e.blocked)
    return a.blocked && (!e.blockedFor || static_cast<double>(a.elapsedNs) / 1e9 >= *e.blockedFor);
  if (a.blocked) return false;  // no result is no value, not even "ok"
  if (e.reply) return reply && a.ret > 0 && reply->matches(a.data);
  if (e.ok) return a.ret >= 0;
  if (e.data) return a.ret == static_cast<long long>(e.data->size()) && a.data == *e.data;
  if (e.err) return a.ret == -1 && a.err == *e.err;
  if (e.ret) return a.ret == *e.ret;
  return a.ret >= 0;  // only "caught SIG": any successful return
}

}  // namespace

StepOutcome matchResult(const AgentResult& r, const Step& step, double timeScale,
                        double waitedSeconds, const ReplySpec* reply) {
  std::string observed = describeResult(r, waitedSeconds);
  auto fail = [&] { return StepOutcome::fail(expectedText(step, reply), observed); };
  const Expectation* e = step.expect ? &*step.expect : nullptr;
  if (r.outcome == AgentResult::Outcome::Died) {
    bool want = e && e->killedBy && r.status.signaled() && r.status.termSignal() == *e->killedBy;
    return want ? StepOutcome::pass(observed) : fail();
  }
  if (r.outcome != AgentResult::Outcome::Reply) return fail();
  const AgentReply& a = r.reply;
  if (e && e->killedBy) return fail();
  if (e ? !valueMatches(a, *e, reply) : a.ret < 0) return fail();
  // Signals: the caught set must be exactly what the expectation names (none by default),
  // so a signal that must not come is checked on every step.
  std::vector<int> named;
  if (e && e->caught) named.push_back(*e->caught);
  if (a.caught != named) return fail();
  double took = static_cast<double>(a.elapsedNs) / 1e9;
  if (step.within && took > *step.within * timeScale) return fail();
  if (step.after && took < *step.after) return fail();
  return StepOutcome::pass(observed);
}

}  // namespace tcpfault::scenario

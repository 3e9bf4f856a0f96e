// expect wire SRC > DST FLAGS [len N] [count [>=|<=] N] [no] [for DUR] [since MARK]: packets the
// router saw, counted in a window that starts at the previous action (the last step that
// is not an `expect`), at a `mark`, or at the start of the run; bounded by `within`.
#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "scenarios/runner/exec/StepHandlers.h"
#include "scenarios/runner/lang/IcmpKind.h"

namespace tcpfault::scenario {
namespace {

bool segmentMatches(const report::Segment& seg, const std::string& src, const std::string& dst,
                    const std::string& flags, const Arg* len) {
  if (seg.src != src || seg.dst != dst) return false;
  // `len N`: exactly N payload bytes (`len 0`: a window probe or a pure ACK).
  if (len && (seg.icmp || static_cast<long long>(seg.len) != len->number)) return false;
  if (flags.starts_with("icmp")) {
    auto family = seg.icmp6 ? report::IcmpFamily::V6 : report::IcmpFamily::V4;
    return seg.icmp && icmpMatches(flags, family, seg.icmpType, seg.icmpCode);
  }
  if (seg.icmp) return false;
  return std::all_of(flags.begin(), flags.end(),
                     [&](char f) { return seg.flags.find(f) != std::string::npos; });
}

std::string describeSegment(const report::Segment& s) {
  return fmt::format("{}>{} {}{}", s.src, s.dst, s.icmp ? s.icmpText : s.flags,
                     s.len ? fmt::format(" len {}", s.len) : "");
}

constexpr double kSettleSeconds = 0.2;

struct Count {
  long long n = 1;
  char cmp = '>';  // '>' at least, '<' at most, '=' exactly; no `count`: at least one
  bool holds(long long seen) const { return cmp == '>' ? seen >= n : cmp == '<' ? seen <= n : seen == n; }
  std::string text() const { return cmp == '=' ? std::to_string(n) : fmt::format("{}= {}", cmp, n); }
};

// [count [>=|<=] N] | no
Count countOf(const Step& s) {
  if (flag(s, "no")) return {0, '='};
  const Arg* c = option(s, "count");
  if (!c) return {};
  if (c->text == ">=" || c->text == "<=") return {option(s, c->text)->number, c->text[0]};
  if (c->text == "=") return {option(s, "=")->number, '='};
  return {c->number, '='};
}

// Where the window starts (seconds since t0): `since MARK`, or the previous action.
double windowStart(RunContext& ctx, const Step& s, std::string& name) {
  const Arg* since = option(s, "since");
  if (!since) {
    name = fmt::format("the previous action ({:.3f}s)", ctx.actionAt);
    return ctx.actionAt;
  }
  name = "mark " + since->text;
  if (since->text == "start") return -1;
  auto it = ctx.marks.find(since->text);
  return it == ctx.marks.end() ? -1 : it->second.at;
}

long long countIn(const std::vector<report::Segment>& segs, double from, const Step& s) {
  const Arg* len = option(s, "len");
  return std::count_if(segs.begin(), segs.end(), [&](const report::Segment& seg) {
    return seg.t >= from &&
           segmentMatches(seg, s.args[0].text, s.args[1].text, s.args[2].text, len);
  });
}

std::string observed(const std::vector<report::Segment>& segs, double from, long long n,
                     const std::string& window) {
  std::string obs = fmt::format("{} since {}; window:", n, window);
  int shown = 0, all = 0;
  for (const auto& seg : segs) {
    if (seg.t < from) continue;
    if (++all <= 14) obs += fmt::format(" {:.3f} {};", seg.t, describeSegment(seg)), ++shown;
  }
  if (all == 0) obs += " empty";
  else if (all > shown) obs += fmt::format(" ... ({} in all)", all);
  return obs;
}

}  // namespace

StepOutcome expectWire(RunContext& ctx, const Step& s) {
  if (!ctx.capture) return StepOutcome::fail("a capture", "capture disabled (--no-capture)");
  Count want = countOf(s);
  std::string window;
  double from = windowStart(ctx, s, window);
  const Arg* len = option(s, "len");
  std::string expected = fmt::format("{} of {} > {} {}{} since {}", want.text(), s.args[0].text,
                                     s.args[1].text, s.args[2].text,
                                     len ? fmt::format(" len {}", len->number) : "", window);
  // Counts only grow: wait until the window holds N (or more: fail at once), to the bound.
  // An upper bound holds from the start: it is judged after the settle time below.
  auto bound = ctx.deadline(s.within ? *s.within : kDefaultExpectSeconds);
  auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(bound - Clock::now());
  if (want.cmp != '<')
    ctx.capture->waitFor([&](const auto& segs) { return countIn(segs, from, s) >= want.n; }, timeout);
  auto segs = ctx.capture->segments();
  long long n = countIn(segs, from, s);
  if (!want.holds(n))
    return StepOutcome::fail(expected, observed(segs, from, n, window));
  // `for DUR`: the count must still hold when DUR is over (an exact count or none: nothing
  // more came). An exact count or none holds at least kSettleSeconds: a packet the action
  // caused is on the wire within it, so "no FIN" is not judged before the FIN could come.
  const Arg* hold = option(s, "for");
  double holdSeconds = hold ? hold->seconds : want.cmp == '>' ? 0 : kSettleSeconds;
  if (holdSeconds <= 0) return StepOutcome::pass(fmt::format("{} since {}", n, window));
  auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(holdSeconds));
  while (Clock::now() < until) {
    ctx.checkCancelled();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  segs = ctx.capture->segments();
  n = countIn(segs, from, s);
  if (!want.holds(n))
    return StepOutcome::fail(fmt::format("{} for {}s", expected, holdSeconds),
                             observed(segs, from, n, window));
  return StepOutcome::pass(fmt::format("{} since {} for {}s", n, window, holdSeconds));
}

}  // namespace tcpfault::scenario

#include "scenarios/runner/exec/WireDirectives.h"

#include <cstdlib>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "scenarios/runner/lang/Grammar.h"
#include "scenarios/runner/lang/SlotName.h"
#include "scenarios/runner/lang/WireSyntax.h"

namespace tcpfault::scenario {
namespace {

namespace w = netns::wire;

// The slots each handler reads, checked against the rows of the verbs it serves.
template <VerbWord... Verbs>
using WireSlot = SlotIn<Context::Directive, Verbs...>;
using WireBetween =
    WireSlot<"drop", "loss", "delay", "reorder", "duplicate", "corrupt", "rate", "inject">;
using WireMatching = WireSlot<"drop", "loss", "delay", "reorder", "duplicate", "corrupt">;
using WirePicking = WireSlot<"drop", "delay", "reorder", "duplicate", "corrupt">;

const std::string& wireSrc(const Step& s) { return slotArg(s, WireBetween("SRC"))->text; }
const std::string& wireDst(const Step& s) { return slotArg(s, WireBetween("DST"))->text; }

w::Direction direction(RunContext& ctx, const Step& s) {
  return w::Direction::between(ctx.topo, wireSrc(s), wireDst(s));
}

std::string label(const Step& s) { return fmt::format("{} > {}", wireSrc(s), wireDst(s)); }

// MATCH when written: "data" or flags that must be set ("S" also matches SYN-ACK).
w::Match matchOf(const Step& s, w::Match fallback) {
  const Arg* m = slotArg(s, WireMatching("MATCH"));
  if (!m) return fallback;
  return m->text == "data" ? w::Match::data() : w::Match::flags(m->text);
}

w::Selector selectorOf(RunContext& ctx, const Step& s, w::Match fallback) {
  const Arg* count = slotArg(s, WirePicking("count"));
  const Arg* nth = slotArg(s, WirePicking("nth"));
  return w::Selector{direction(ctx, s), matchOf(s, fallback),
                     count ? std::optional<uint64_t>(count->number) : std::nullopt,
                     nth ? static_cast<uint64_t>(std::max(1LL, nth->number)) : 1};
}

template <typename Impairment>
StepOutcome added(RunContext& ctx, const Impairment& x, std::string what) {
  ctx.wireRules.push_back(ctx.wire().add(x));
  return StepOutcome::pass(std::move(what));
}

w::Duration duration(const Arg* a) {
  return std::chrono::duration_cast<w::Duration>(std::chrono::duration<double>(a ? a->seconds : 0));
}

w::SeqExpr seqExpr(const Arg* a) {
  if (!a) return {};
  auto word = parseSeqWord(a->text);
  w::SeqExpr e;
  switch (word->base) {
    case SeqWord::Base::RcvNxt: e.base = w::SeqBase::RcvNxt; break;
    case SeqWord::Base::SndUna: e.base = w::SeqBase::SndUna; break;
    case SeqWord::Base::OutOfWindow: e.base = w::SeqBase::OutOfWindow; break;
    case SeqWord::Base::Raw:
      e.base = w::SeqBase::Raw;
      e.raw = static_cast<uint32_t>(word->offset);
      return e;
  }
  e.offset = word->offset;
  return e;
}

// Track both directions of every pair an inject names (trait kTracks).
void trackInjectFlows(RunContext& ctx) {
  std::set<std::pair<std::string, std::string>> tracked;
  for (const Step& s : ctx.sc.steps) {
    const VerbSpec* spec = findVerb(s);
    if (!spec || !(spec->traits & kTracks)) continue;
    if (!tracked.insert(std::minmax(wireSrc(s), wireDst(s))).second) continue;
    w::Direction dir = direction(ctx, s);
    ctx.wireRules.push_back(ctx.wire().add(w::Track{dir}));
    ctx.wireRules.push_back(ctx.wire().add(w::Track{dir.reversed()}));
  }
}

}  // namespace

StepOutcome wireDrop(RunContext& ctx, const Step& s) {
  return added(ctx, w::Drop{selectorOf(ctx, s, w::Match::tcp())}, "dropping " + label(s));
}

StepOutcome wireLoss(RunContext& ctx, const Step& s) {
  double percent = parsePercentWord(slotArg(s, WireSlot<"loss">("PERCENT"))->text).value_or(0);
  const Arg* seed = slotArg(s, WireSlot<"loss">("seed"));
  w::Loss loss{direction(ctx, s), matchOf(s, w::Match::tcp()), percent,
               seed ? std::optional<uint64_t>(seed->number) : std::nullopt};
  return added(ctx, loss, fmt::format("{}% loss {}", percent, label(s)));
}

StepOutcome wireDelay(RunContext& ctx, const Step& s) {
  using DelaySlot = WireSlot<"delay">;
  w::Delay d{selectorOf(ctx, s, w::Match::tcp()), duration(slotArg(s, DelaySlot("DUR"))),
             duration(slotArg(s, DelaySlot("jitter")))};
  return added(ctx, d, "delaying " + label(s));
}

StepOutcome wireReorder(RunContext& ctx, const Step& s) {
  return added(ctx, w::Reorder{selectorOf(ctx, s, w::Match::data())}, "reordering " + label(s));
}

StepOutcome wireDuplicate(RunContext& ctx, const Step& s) {
  return added(ctx, w::Duplicate{selectorOf(ctx, s, w::Match::data())}, "duplicating " + label(s));
}

StepOutcome wireCorrupt(RunContext& ctx, const Step& s) {
  return added(ctx, w::Corrupt{selectorOf(ctx, s, w::Match::data())}, "corrupting " + label(s));
}

StepOutcome wireRate(RunContext& ctx, const Step& s) {
  uint64_t bps = parseRateWord(slotArg(s, WireSlot<"rate">("RATE"))->text);
  return added(ctx, w::Rate{direction(ctx, s), bps}, fmt::format("{} bit/s {}", bps, label(s)));
}

// mtu HOST N [blackhole]: the router's link toward HOST.
StepOutcome wireMtu(RunContext& ctx, const Step& s) {
  auto mtu = static_cast<unsigned>(slotArg(s, WireSlot<"mtu">("N"))->number);
  if (mtu < 68 || mtu > 65535) return StepOutcome::fail("an MTU in 68..65535", std::to_string(mtu));
  bool hole = flag(s, "blackhole");
  w::Mtu m{ctx.topo.routerIfname(s.host), mtu, hole};
  return added(ctx, m, fmt::format("MTU {} toward {}{}", mtu, s.host, hole ? ", ICMP dropped" : ""));
}

StepOutcome wireInject(RunContext& ctx, const Step& s) {
  using InjectSlot = WireSlot<"inject">;
  const Arg* data = slotArg(s, InjectSlot("data"));
  const std::string& flags = slotArg(s, InjectSlot("FLAGS"))->text;
  w::Inject x{direction(ctx, s), w::parseFlags(flags), seqExpr(slotArg(s, InjectSlot("seq"))),
              seqExpr(slotArg(s, InjectSlot("ack"))), data ? data->text : std::string()};
  try {
    w::InjectResult r = ctx.wire().inject(x);
    return StepOutcome::pass(fmt::format("{} {} > {} seq {} ack {}", flags, r.from, r.to, r.seq, r.ack));
  } catch (const std::runtime_error& e) {
    return StepOutcome::fail("a tracked connection " + label(s), e.what());
  }
}

// Every wire impairment goes; what they did stays in the tally. Tracking for inject is
// not an impairment: it is set up again (from the next segment on).
StepOutcome wireClear(RunContext& ctx, const Step&) {
  if (!ctx.hasWire()) return StepOutcome::pass("nothing on the wire");
  ctx.wireCleared = ctx.wireTally();
  ctx.wireRules.clear();
  ctx.wire().clear();
  trackInjectFlows(ctx);
  return StepOutcome::pass("wire cleared");
}

StepOutcome markStep(RunContext& ctx, const Step& s) {
  ctx.marks[s.args.at(0).text] = ctx.markNow();
  return StepOutcome::pass("marked");
}

void prepareRun(RunContext& ctx) {
  trackInjectFlows(ctx);
  for (const Step& s : ctx.sc.steps) {
    const VerbSpec* spec = findVerb(s);
    if (spec && (spec->traits & kBaseline)) {
      ctx.marks[""] = ctx.markNow();
      return;
    }
  }
}

}  // namespace tcpfault::scenario

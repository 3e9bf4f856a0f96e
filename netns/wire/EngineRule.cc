#include "netns/wire/EngineRule.h"

#include <net/if.h>

#include <stdexcept>

#include "netns/Host.h"

namespace tcpfault::netns::wire {
namespace {

template <class... F>
struct Visit : F... {
  using F::operator()...;
};

Selector selectorOf(const EngineAction& a) {
  return std::visit(Visit{[](const Loss& l) { return Selector{l.dir, l.match, {}, 1}; },
                          [](const Track& t) { return Selector{t.dir, t.match, {}, 1}; },
                          [](const auto& x) { return x.sel; }},
                    a);
}

int ifindex(const std::string& name) {
  int i = static_cast<int>(::if_nametoindex(name.c_str()));
  if (i == 0) throw std::invalid_argument("wire: no router interface " + name);
  return i;
}

}  // namespace

EngineRule::EngineRule(const EngineAction& action, int netnsFd)
    : action_(action), sel_(selectorOf(action)) {
  NetnsGuard in(netnsFd);
  inIf_ = ifindex(sel_.dir.inIf);
  outIf_ = ifindex(sel_.dir.outIf);
  std::visit(Visit{[&](const Loss& l) { rng_.seed(l.seed.value_or(1)); },
                   [&](const Delay& x) { rng_.seed(x.seed); },
                   [&](const Corrupt& x) { rng_.seed(x.seed); },
                   [&](const Reorder& x) { maxHoldNs = x.maxHold.count(); },
                   [](const auto&) {}},
             action_);
}

bool EngineRule::matches(const PacketView& v) const {
  const Match& m = sel_.match;
  // Unparsed, or a fragment past the first (no transport header): only a rule that looks
  // at no transport field can tell it matches.
  if (!v.ok || v.laterFragment)
    return (m.protocol == 0 || (v.ok && m.protocol == v.protocol)) && !m.flagsMask && !m.srcPort &&
           !m.dstPort && !m.payloadBound();
  if (m.protocol && v.protocol != m.protocol) return false;
  if (m.flagsMask && (v.protocol != IPPROTO_TCP || (v.tcpFlags & m.flagsMask) != m.flagsValue))
    return false;
  if (m.srcPort && v.src.port != *m.srcPort) return false;
  if (m.dstPort && v.dst.port != *m.dstPort) return false;
  if (m.minPayload && v.payloadLen < *m.minPayload) return false;
  if (m.maxPayload && v.payloadLen > *m.maxPayload) return false;
  return true;
}

void EngineRule::apply(const PacketView& v, int inIf, int outIf, Decision& d) {
  if (inIf != inIf_ || outIf != outIf_ || !matches(v)) return;
  ++stats.matched;
  ++seen_;
  if (seen_ < sel_.nth || (sel_.count && applied_ >= *sel_.count)) return;
  act(d);
}

void EngineRule::act(Decision& d) {
  std::visit(
      Visit{[&](const Drop&) { d.drop = true, ++applied_, ++stats.dropped; },
            [&](const Loss& l) {
              if (std::uniform_real_distribution<double>(0, 100)(rng_) < l.percent)
                d.drop = true, ++applied_, ++stats.dropped;
            },
            [&](const Delay& x) {
              int64_t ns = x.delay.count();
              if (x.jitter.count() > 0)
                ns += std::uniform_int_distribution<int64_t>(-x.jitter.count(),
                                                             x.jitter.count())(rng_);
              d.delayNs = std::max(d.delayNs, static_cast<uint64_t>(std::max<int64_t>(ns, 0)));
              ++applied_, ++stats.delayed;
            },
            [&](const Reorder&) {
              if (heldId) {  // this packet overtakes the held one
                d.releaseAfter.push_back(*heldId);
                heldId.reset();
                ++applied_, ++stats.reordered;
              } else if (!d.hold) {
                d.hold = this;
              }
            },
            [&](const Duplicate& x) { d.copies += x.copies, ++applied_, ++stats.duplicated; },
            [&](const Corrupt& x) {
              d.corruptBytes += x.bytes, d.fixChecksum = x.fixChecksum, d.rng = &rng_;
              ++applied_, ++stats.corrupted;
            },
            [&](const Track&) { ++stats.passed; }},
      action_);
}

bool EngineRule::gsoSafe() const {
  if (std::holds_alternative<Track>(action_)) return true;
  if (const auto* x = std::get_if<Delay>(&action_)) return x->sel.everyPacket() && !x->jitter.count();
  return false;
}

void corruptPayload(std::vector<uint8_t>& pkt, const PacketView& v, const Decision& d) {
  if (v.payloadLen == 0 || !d.rng) return;  // nothing to flip: headers stay intact
  std::uniform_int_distribution<size_t> pos(0, v.payloadLen - 1);
  for (unsigned i = 0; i < d.corruptBytes; ++i) pkt[v.payloadOffset + pos(*d.rng)] ^= 0xff;
  if (d.fixChecksum) fixTransportChecksum(pkt, v);
}

}  // namespace tcpfault::netns::wire

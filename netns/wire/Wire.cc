#include "netns/wire/Wire.h"

#include <netinet/in.h>

#include <cmath>
#include <stdexcept>

#include "netns/Topology.h"
#include "netns/wire/Nft.h"
#include "netns/wire/RuleText.h"
#include "netns/wire/Shaper.h"

namespace tcpfault::netns::wire {
namespace {

constexpr int64_t kOutOfWindow = int64_t{1} << 30;

uint32_t evalSeq(const SeqExpr& e, const StreamState& s) {
  int64_t base = 0;
  switch (e.base) {
    case SeqBase::RcvNxt: base = s.next; break;
    case SeqBase::SndUna: base = s.acked ? s.una : s.next; break;
    case SeqBase::OutOfWindow: base = int64_t{s.next} + kOutOfWindow; break;
    case SeqBase::Raw: base = e.raw; break;
  }
  return static_cast<uint32_t>(static_cast<uint64_t>(base + e.offset));
}

}  // namespace

Wire::Wire(Topology& t, WireOptions opts) : topo_(t), router_(t.router()), opts_(opts) {}

Wire::~Wire() {
  try {
    clear();
  } catch (...) {  // the router's namespace takes what is left when the topology goes
  }
}

Nft& Wire::nft() {
  if (!nft_) nft_ = std::make_unique<Nft>(router_.netnsFd());
  return *nft_;
}

RuleId Wire::addKernel(const std::vector<std::string>& bodies, const char* chain, Effect e) {
  RuleId id = next_++;
  for (const auto& b : bodies) nft().addRule(chain, b, std::to_string(id), /*front=*/true);
  entries_[id] = Entry{Kind::KernelRule, e, {}, 0};
  return id;
}

RuleId Wire::addEngine(const EngineAction& a, const Selector& sel) {
  if (!engine_)
    engine_ = std::make_unique<Engine>(router_.netnsFd(), Nft::kQueueNum, opts_.realtimeEngine,
                                       opts_.queueMaxLen);
  RuleId id = next_++;
  try {
    engine_->add(id, a);
    nft().ensureQueueRule();
    nft().addRule("wire_fwd", queueJump(sel), std::to_string(id));
  } catch (...) {
    // Undo, and leave no idle engine whatever fails meanwhile: the error worth reporting
    // is the first one, rethrown here.
    try {
      engine_->remove(id);
      dropEngineIfIdle();
    } catch (...) {
    }
    if (engine_ && engine_->empty()) stopEngine();
    throw;
  }
  entries_[id] = Entry{Kind::EngineRule, Effect::None, {}, 0};
  return id;
}

void Wire::dropEngineIfIdle() {
  if (!engine_ || !engine_->empty()) return;
  if (nft_) nft_->removeQueueRule();
  stopEngine();
}

void Wire::stopEngine() {
  if (!engine_) return;
  retiredLosses_ += engine_->losses();
  engine_.reset();
}

EngineLosses Wire::engineLosses() {
  std::lock_guard lk(mu_);
  EngineLosses out = retiredLosses_;
  if (engine_) out += engine_->losses();
  return out;
}

RuleId Wire::add(const Drop& x) {
  std::lock_guard lk(mu_);
  if (x.sel.everyPacket() && !x.sel.match.payloadBound())
    return addKernel({ruleText(x.sel.dir, x.sel.match) + " counter drop"}, "wire_fwd",
                     Effect::Drop);
  return addEngine(x, x.sel);
}

RuleId Wire::add(const Loss& x) {
  std::lock_guard lk(mu_);
  if (x.percent < 0 || x.percent > 100) throw std::invalid_argument("wire loss: 0..100 %");
  if (x.seed || x.match.payloadBound()) return addEngine(x, Selector{x.dir, x.match, {}, 1});
  auto n = static_cast<long>(std::lround(x.percent * 100));  // in 1/10000
  std::string roll = n >= 10000 ? "" : " numgen random mod 10000 < " + std::to_string(n);
  return addKernel({ruleText(x.dir, x.match) + roll + " counter drop"}, "wire_fwd",
                   Effect::Drop);
}

RuleId Wire::add(const Delay& x) {
  std::lock_guard lk(mu_);
  return addEngine(x, x.sel);
}
RuleId Wire::add(const Reorder& x) {
  std::lock_guard lk(mu_);
  return addEngine(x, x.sel);
}
RuleId Wire::add(const Corrupt& x) {
  std::lock_guard lk(mu_);
  return addEngine(x, x.sel);
}
RuleId Wire::add(const Track& x) {
  std::lock_guard lk(mu_);
  return addEngine(x, Selector{x.dir, x.match, {}, 1});
}

RuleId Wire::add(const Duplicate& x) {
  std::lock_guard lk(mu_);
  if (x.copies == 1 && x.sel.everyPacket() && !x.sel.match.payloadBound()) {
    std::string m = ruleText(x.sel.dir, x.sel.match);
    std::string dev = " device \"" + x.sel.dir.outIf + "\"";
    RuleId id = addKernel({m + " counter dup to ip daddr" + dev}, "ip wire_dup", Effect::Duplicate);
    nft().addRule("ip6 wire_dup", m + " counter dup to ip6 daddr" + dev, std::to_string(id), true);
    return id;
  }
  return addEngine(x, x.sel);
}

RuleId Wire::add(const Rate& x) {
  std::lock_guard lk(mu_);
  setRate(router_, x.dir.outIf, x.bitsPerSecond, x.burstBytes);
  RuleId id = next_++;
  entries_[id] = Entry{Kind::Rate, Effect::None, x.dir.outIf, 0};
  return id;
}

RuleId Wire::add(const Mtu& x) {
  std::lock_guard lk(mu_);
  RuleId id = next_++;
  if (x.blackHole)
    for (const char* b : {"icmp type destination-unreachable icmp code frag-needed counter drop",
                          "icmpv6 type packet-too-big counter drop"})
      nft().addRule("wire_out", b, std::to_string(id), true);
  unsigned old = setMtu(router_, x.routerIf, x.mtu);
  entries_[id] = Entry{Kind::Mtu, Effect::Drop, x.routerIf, old};
  return id;
}

void Wire::removeLocked(RuleId id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Entry e = it->second;
  entries_.erase(it);
  switch (e.kind) {
    case Kind::EngineRule:
      if (engine_) engine_->remove(id);
      [[fallthrough]];
    case Kind::KernelRule:
      if (nft_) nft_->removeRules(std::to_string(id));
      if (e.kind == Kind::EngineRule) dropEngineIfIdle();
      break;
    case Kind::Rate: clearRate(router_, e.ifname); break;
    case Kind::Mtu:
      setMtu(router_, e.ifname, e.oldMtu);
      if (nft_) nft_->removeRules(std::to_string(id));
      break;
  }
}

void Wire::remove(RuleId id) {
  std::lock_guard lk(mu_);
  removeLocked(id);
  if (entries_.empty()) nft_.reset();  // not even an empty hooked chain stays
}

void Wire::clear() {
  std::lock_guard lk(mu_);
  // Newest first, so stacked MTU changes unwind to the original value.
  while (!entries_.empty()) removeLocked(entries_.rbegin()->first);
  stopEngine();
  nft_.reset();  // deletes the table: no rule of ours is left
}

Stats Wire::stats(RuleId id) {
  std::lock_guard lk(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return {};
  if (it->second.kind == Kind::EngineRule) return engine_ ? engine_->stats(id) : Stats{};
  Stats s;
  if (!nft_) return s;
  auto c = nft_->counters()[std::to_string(id)];
  s.matched = c.packets;
  if (it->second.effect == Effect::Drop) s.dropped = c.packets;
  if (it->second.effect == Effect::Duplicate) s.duplicated = c.packets;
  return s;
}

uint64_t Wire::kernelMatched(RuleId id) {
  std::lock_guard lk(mu_);
  return nft_ ? nft_->counters()[std::to_string(id)].packets : 0;
}

EngineTotals Wire::engineTotals() {
  std::lock_guard lk(mu_);
  return engine_ ? engine_->totals() : EngineTotals{};
}

std::vector<uint32_t> Wire::releaseLatenessUs() {
  std::lock_guard lk(mu_);
  return engine_ ? engine_->releaseLatenessUs() : std::vector<uint32_t>{};
}

bool Wire::engineRunning() {
  std::lock_guard lk(mu_);
  return engine_ != nullptr;
}

bool Wire::queueRuleInstalled() {
  std::lock_guard lk(mu_);
  Nft probe(router_.netnsFd(), /*create=*/false);
  if (!probe.tableExists()) return false;
  return probe.query(std::string("list chain inet ") + Nft::kTable + " wire_fwd").find("jump wire_q") !=
         std::string::npos;
}

bool Wire::anythingInstalled() {
  std::lock_guard lk(mu_);
  Nft probe(router_.netnsFd(), /*create=*/false);
  if (probe.tableExists()) return true;
  for (const auto& name : topo_.hostNames())
    if (hasTbf(router_, topo_.routerIfname(name))) return true;
  return false;
}

InjectResult Wire::inject(const Inject& x) {
  std::lock_guard lk(mu_);
  if (!engine_) throw std::runtime_error("wire inject: no engine tracks " + x.dir.label());
  auto f = engine_->flow(x.dir, x.dstPort);
  if (!f) throw std::runtime_error("wire inject: no tracked TCP connection " + x.dir.label());
  const StreamState& s = f->first;
  InjectResult r{evalSeq(x.seq, s), (x.flags & kAck) ? evalSeq(x.ack, f->second) : 0,
                 s.from.str(), s.to.str()};
  engine_->sendRaw(buildTcpSegment(s.from, s.to, r.seq, r.ack, x.flags,
                                   x.window.value_or(s.window), x.data));
  ++injected_;
  return r;
}

}  // namespace tcpfault::netns::wire

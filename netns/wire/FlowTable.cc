#include "netns/wire/FlowTable.h"

namespace tcpfault::netns::wire {
namespace {

// Serial-number arithmetic (RFC 1982): a is after b.
bool after(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b) > 0; }

}  // namespace

void FlowTable::observe(const PacketView& v, int inIf, int outIf) {
  if (!v.ok || v.protocol != IPPROTO_TCP || v.fragment) return;  // a fragment's seq span is partial
  bool forward = v.src < v.dst;
  auto key = forward ? std::make_pair(v.src, v.dst) : std::make_pair(v.dst, v.src);
  FlowState& f = flows_[key];
  if (v.tcpFlags & 0x04) {  // the connection is gone; a new one may reuse the ports
    flows_.erase(key);
    return;
  }
  StreamState& s = forward ? f.a : f.b;
  StreamState& r = forward ? f.b : f.a;
  f.lastUpdate = ++tick_;
  s.from = v.src;
  s.to = v.dst;
  s.inIfindex = inIf;
  s.outIfindex = outIf;
  uint32_t end = v.seq + static_cast<uint32_t>(v.payloadLen) + ((v.tcpFlags & 0x02) ? 1 : 0) +
                 ((v.tcpFlags & 0x01) ? 1 : 0);
  if (v.tcpFlags & 0x02) s.wscale = v.wscale;
  if (!s.seen || after(end, s.next)) s.next = end;
  s.seen = true;
  s.window = v.window;
  if ((v.tcpFlags & 0x10) && (!r.acked || after(v.ack, r.una))) {
    r.una = v.ack;
    r.acked = true;
  }
}

std::optional<std::pair<StreamState, StreamState>> FlowTable::find(
    int inIf, int outIf, std::optional<uint16_t> dstPort) const {
  const FlowState* best = nullptr;
  bool bestIsA = true;
  for (const auto& [key, f] : flows_) {
    for (bool isA : {true, false}) {
      const StreamState& s = isA ? f.a : f.b;
      if (!s.seen || s.inIfindex != inIf || s.outIfindex != outIf) continue;
      if (dstPort && s.to.port != *dstPort) continue;
      if (!best || f.lastUpdate > best->lastUpdate) {
        best = &f;
        bestIsA = isA;
      }
    }
  }
  if (!best) return std::nullopt;
  return bestIsA ? std::make_pair(best->a, best->b) : std::make_pair(best->b, best->a);
}

}  // namespace tcpfault::netns::wire

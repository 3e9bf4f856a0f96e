// FlowTable: the sequence space of each live TCP connection, learnt from the packets the
// engine lets pass. Per stream (one direction of a connection): the next sequence number
// the receiver expects (highest seq+len seen, SYN/FIN count one), the highest ACK the
// receiver sent for it, the sender's last window and scale. inject() places segments
// relative to these. Threads: guarded by the engine's mutex.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "netns/wire/Packet.h"

namespace tcpfault::netns::wire {

struct StreamState {
  Endpoint from, to;
  int inIfindex = 0, outIfindex = 0;  // the router interfaces it crossed
  bool seen = false;
  uint32_t next = 0;      // receiver's rcv_nxt, as far as the wire shows
  bool acked = false;
  uint32_t una = 0;       // highest ACK the receiver sent: sender's snd_una
  uint16_t window = 0;    // sender's last advertised window (unscaled)
  int wscale = -1;
};

struct FlowState {
  StreamState a, b;  // a: from the lower endpoint
  uint64_t lastUpdate = 0;
};

class FlowTable {
 public:
  void observe(const PacketView& v, int inIf, int outIf);
  // The most recently active flow with a stream crossing inIf > outIf (and to dstPort if
  // given): (that stream, the reverse stream).
  std::optional<std::pair<StreamState, StreamState>> find(int inIf, int outIf,
                                                          std::optional<uint16_t> dstPort) const;
  size_t size() const { return flows_.size(); }

 private:
  std::map<std::pair<Endpoint, Endpoint>, FlowState> flows_;
  uint64_t tick_ = 0;
};

}  // namespace tcpfault::netns::wire

// EngineRule: one impairment as the verdict engine applies it -- its selector resolved to
// interface indexes, its own counters and seeded random source -- and the Decision that
// the rules of one packet build together. Threads: the engine's mutex guards both.
#pragma once

#include <optional>
#include <random>
#include <vector>

#include "netns/wire/Engine.h"
#include "netns/wire/Packet.h"

namespace tcpfault::netns::wire {

class EngineRule;

struct Decision {
  bool drop = false;
  uint64_t delayNs = 0;
  unsigned copies = 0;
  unsigned corruptBytes = 0;
  bool fixChecksum = false;
  std::mt19937_64* rng = nullptr;  // the corrupting rule's
  EngineRule* hold = nullptr;      // a reorder rule keeping this packet
  std::vector<uint32_t> releaseAfter;  // held packets this one overtakes
};

class EngineRule {
 public:
  EngineRule(const EngineAction& action, int routerNetnsFd);
  // Counts the packet if it matches and, within nth/count, adds this rule's effect to d.
  void apply(const PacketView& v, int inIf, int outIf, Decision& d);
  bool gsoSafe() const;  // correct on GSO super-packets (one verdict, many segments)
  bool isDelay() const { return std::holds_alternative<Delay>(action_); }
  std::optional<uint32_t> heldPacket() const { return heldId; }

  Stats stats;
  std::optional<uint32_t> heldId;  // reorder: the packet waiting for a successor
  int64_t maxHoldNs = 0;

 private:
  bool matches(const PacketView& v) const;
  void act(Decision& d);

  EngineAction action_;
  Selector sel_;  // the action's (Loss/Track get a synthesised one)
  int inIf_ = 0, outIf_ = 0;
  uint64_t seen_ = 0, applied_ = 0;
  std::mt19937_64 rng_;
};

// Flips d.corruptBytes payload bytes (positions from d.rng); fixes the checksum if asked.
void corruptPayload(std::vector<uint8_t>& pkt, const PacketView& v, const Decision& d);

}  // namespace tcpfault::netns::wire

// Engine: the NFQUEUE verdict engine of the router. A thread of its own, started inside
// the router's namespace, reads queued packets (libnetfilter_queue), applies the rules in
// order and answers each packet from a timer queue (timerfd + epoll): a held packet never
// delays another. Packets that pass feed the FlowTable (sequence tracking for inject).
//
// Threads: public methods may be called from any thread; state is guarded by one mutex
// that the engine thread holds while it handles a batch. Destruction accepts every held
// packet, then stops the thread and unbinds the queue.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "netns/wire/FlowTable.h"
#include "netns/wire/Impairment.h"

namespace tcpfault::netns::wire {

using RuleId = uint64_t;
// The impairments the engine carries (Loss only when seeded; Drop/Duplicate when counted).
using EngineAction = std::variant<Drop, Loss, Delay, Reorder, Duplicate, Corrupt, Track>;

struct EngineTotals {
  uint64_t queued = 0;    // packets handed over by the kernel
  uint64_t verdicts = 0;  // verdicts given (accept or drop)
  uint64_t held = 0;      // waiting for a timer or a successor right now
  uint64_t rawSent = 0;   // duplicates and injected segments sent
  uint64_t modifiedLost = 0;  // edited (corrupted) packets the raw socket refused to send: 0 unless broken
};

class Engine {
 public:
  // realtime: the engine thread runs SCHED_FIFO (priority 10) instead of nice -10.
  Engine(int routerNetnsFd, uint16_t queueNum, bool realtime = false);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void add(RuleId id, const EngineAction& action);
  void remove(RuleId id);  // packets it holds are released at once
  bool empty();
  Stats stats(RuleId id);
  EngineTotals totals();
  // How late the timer released delayed packets, in microseconds (the last 64 Ki).
  std::vector<uint32_t> releaseLatenessUs();
  // Sequence state of the most recent flow crossing dir (see FlowTable::find).
  std::optional<std::pair<StreamState, StreamState>> flow(const Direction& dir,
                                                          std::optional<uint16_t> dstPort);
  // Sends a complete IP packet from the router (raw socket, header included).
  void sendRaw(const std::vector<uint8_t>& pkt);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tcpfault::netns::wire

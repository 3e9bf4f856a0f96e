// Engine: the NFQUEUE verdict engine of the router. A thread of its own, started inside
// the router's namespace, reads queued packets (libnetfilter_queue), applies the rules in
// order and answers each packet from a timer queue (timerfd + epoll): a held packet never
// delays another. Packets that pass feed the FlowTable (sequence tracking for inject).
// The queue binding is an NfQueue, the deadlines a TimerQueue, the copies a RawSender:
// each tested alone; the Engine wires them to the rules and the thread.
//
// Threads: public methods may be called from any thread; state is guarded by one mutex
// that the engine thread holds while it handles a batch. Destruction accepts every held
// packet, then stops the thread and unbinds the queue. An exception in the engine thread
// stops the thread (not the process) and is reported by losses().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
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

// Packets the engine lost without a rule asking: any of these makes a run's wire record
// a lie by omission (a segment that vanished), so the runner reports them as its own error.
struct EngineLosses {
  uint64_t queueFull = 0;      // the kernel's queue_dropped: the queue held its maximum
  uint64_t notDelivered = 0;   // queue_user_dropped: the netlink socket's buffer was full
  uint64_t verdictFailed = 0;  // nfq_set_verdict refused (the packet stays queued, then dropped)
  std::string failure;         // the engine thread stopped on an exception: what it said
  uint64_t packets() const { return queueFull + notDelivered + verdictFailed; }
  bool any() const { return packets() || !failure.empty(); }
  EngineLosses& operator+=(const EngineLosses& o);
  std::string describe() const;  // "3 packets lost (queue full: 3)", "engine thread failed: ..."
};

class Engine {
 public:
  // realtime: the engine thread runs SCHED_FIFO (priority 10) instead of nice -10.
  // queueMaxLen: packets the kernel queues for the engine (held ones included) before it
  // drops (EngineLosses::queueFull).
  Engine(int routerNetnsFd, uint16_t queueNum, bool realtime = false, uint32_t queueMaxLen = 100000);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void add(RuleId id, const EngineAction& action);
  void remove(RuleId id);  // packets it holds are released at once
  bool empty();
  Stats stats(RuleId id);
  EngineTotals totals();
  // The kernel's counters of this queue (/proc/net/netfilter/nfnetlink_queue in the
  // router) and the engine's own: read when asked, at the end of every run.
  EngineLosses losses();
  // How late the timer released delayed packets, in microseconds (the last 64 Ki).
  std::vector<uint32_t> releaseLatenessUs();
  // Sequence state of the most recent flow crossing dir (see FlowTable::find).
  std::optional<std::pair<StreamState, StreamState>> flow(const Direction& dir,
                                                          std::optional<uint16_t> dstPort);
  // Sends a complete IP packet from the router (raw socket, header included).
  void sendRaw(const std::vector<uint8_t>& pkt);
  // Runs fn on the engine thread as its loop runs a packet handler: what it throws stops
  // the thread (tests use it to stand for a handler that fails).
  void postForTest(std::function<void()> fn);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tcpfault::netns::wire

// Wire: the router of a Topology as a programmable wire. Each add() returns an id for
// stats() and remove(); clear() removes everything; destruction does too, and the router's
// namespace takes whatever is left with it.
//
// Kernel rules (zero userspace cost, in table "inet tcpfault_wire" of the router):
//   Drop/Loss/Duplicate of every matching packet with no payload-length bound,
//   Rate (tbf), Mtu (+ black hole rule).
// Engine (NFQUEUE, only while such a rule exists): Drop/Duplicate with count or nth or a
// payload bound, seeded Loss, Delay (+jitter), Reorder, Corrupt, Track; Inject uses the
// sequence space that Track (or any engine rule on TCP) learnt.
//
// Threads: methods may be called from any thread, one at a time (a mutex serialises them).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "netns/wire/Engine.h"
#include "netns/wire/Impairment.h"
#include "netns/wire/Inject.h"

namespace tcpfault::netns {
class Topology;
class Host;
}  // namespace tcpfault::netns

namespace tcpfault::netns::wire {

class Nft;

struct WireOptions {
  // Run the engine thread SCHED_FIFO: delays stay within ~1 ms (p99) on a loaded machine,
  // at the price of a real-time thread (the kernel's RT throttling still bounds it).
  bool realtimeEngine = false;
  // Packets the kernel queues for the engine, held ones included, before it drops them.
  uint32_t queueMaxLen = 100000;
};

class Wire {
 public:
  explicit Wire(Topology& t, WireOptions opts = {});
  ~Wire();
  Wire(const Wire&) = delete;
  Wire& operator=(const Wire&) = delete;

  RuleId add(const Drop& x);
  RuleId add(const Loss& x);
  RuleId add(const Delay& x);
  RuleId add(const Reorder& x);
  RuleId add(const Duplicate& x);
  RuleId add(const Corrupt& x);
  RuleId add(const Track& x);
  RuleId add(const Rate& x);
  RuleId add(const Mtu& x);
  void remove(RuleId id);
  void clear();  // every impairment gone; MTUs restored; no queue rule, no tbf

  Stats stats(RuleId id);
  // Packets the kernel rule(s) of id counted (for an engine rule: handed to the queue).
  uint64_t kernelMatched(RuleId id);
  EngineTotals engineTotals();  // zero when no engine runs
  // What every engine of this Wire lost without a rule asking (stopped engines included):
  // the runner checks it at the end of each run.
  EngineLosses engineLosses();
  std::vector<uint32_t> releaseLatenessUs();  // see Engine; empty when no engine runs
  bool engineRunning();
  bool queueRuleInstalled();    // a jump to the NFQUEUE chain exists
  bool anythingInstalled();     // a table of ours or a tbf on a router link (MTU: see clear)

  // Crafts and sends a segment (see Inject.h). Throws std::runtime_error if the engine
  // has tracked no connection in that direction.
  InjectResult inject(const Inject& x);
  uint64_t injected() const { return injected_; }

 private:
  enum class Kind { KernelRule, EngineRule, Rate, Mtu };
  enum class Effect { None, Drop, Duplicate };  // what a kernel rule's counter counts
  struct Entry {
    Kind kind;
    Effect effect;
    std::string ifname;  // Rate/Mtu
    unsigned oldMtu = 0;
  };
  Nft& nft();  // the table, created on first use
  RuleId addKernel(const std::vector<std::string>& bodies, const char* chain, Effect e);
  RuleId addEngine(const EngineAction& a, const Selector& sel);
  void removeLocked(RuleId id);
  void dropEngineIfIdle();
  void stopEngine();  // keeps its losses in retiredLosses_

  Topology& topo_;
  Host& router_;
  WireOptions opts_;
  std::mutex mu_;
  std::unique_ptr<Nft> nft_;
  std::unique_ptr<Engine> engine_;
  EngineLosses retiredLosses_;
  std::map<RuleId, Entry> entries_;
  RuleId next_ = 1;
  uint64_t injected_ = 0;
};

}  // namespace tcpfault::netns::wire

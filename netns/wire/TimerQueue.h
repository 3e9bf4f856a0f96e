// The engine's deadlines for held packets: earliest first, first scheduled first among
// equal deadlines (a reorder's held packet leaves right after the successor it follows).
// No clock and no fd here: the engine arms its timerfd from next() and pops what is due.
// A binary heap on a vector, and popDue's result in a reused vector: no allocation per
// packet once the engine is warm (a node per packet in a std::set grew the ASan stress
// test's resident memory past its bound).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace tcpfault::netns::wire {

class TimerQueue {
 public:
  struct Due {
    uint32_t id;  // the packet
    uint64_t at;  // its deadline (ns, CLOCK_MONOTONIC)
  };

  void schedule(uint32_t id, uint64_t at);
  // The earliest deadline; nullopt when nothing is scheduled.
  std::optional<uint64_t> next() const;
  // Removes and returns every entry due at `now`, in deadline then scheduling order; the
  // vector is the queue's own, valid until the next popDue.
  const std::vector<Due>& popDue(uint64_t now);
  // Removes every entry of packet `id`; how many there were.
  size_t cancel(uint32_t id);
  void clear();
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    uint64_t at;
    uint64_t order;  // FIFO among equal deadlines
    uint32_t id;
    // The heap's order: std::push_heap keeps the greatest on top, so "greater" is "due
    // later".
    bool operator<(const Entry& o) const { return at != o.at ? at > o.at : order > o.order; }
  };
  std::vector<Entry> entries_;  // a heap: the earliest at the front
  std::vector<Due> due_;
  uint64_t order_ = 0;
};

}  // namespace tcpfault::netns::wire

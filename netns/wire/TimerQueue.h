// The engine's deadlines for held packets: earliest first, first scheduled first among
// equal deadlines (a reorder's held packet leaves right after the successor it follows).
// No clock and no fd here: the engine arms its timerfd from next() and pops what is due.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
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
  // Removes and returns every entry due at `now`, in deadline then scheduling order.
  std::vector<Due> popDue(uint64_t now);
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
    bool operator<(const Entry& o) const { return at != o.at ? at < o.at : order < o.order; }
  };
  std::set<Entry> entries_;
  uint64_t order_ = 0;
};

}  // namespace tcpfault::netns::wire
